#include "ui/attention_panel.h"

#include "ui/chart_export.h"
#include "ui/chart_style.h"
#include "ui/view_colors.h"

#include "core/error.h"

#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QFileSystemWatcher>
#include <QtGui/QKeyEvent>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSlider>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>

namespace maskscope::ui {
namespace {

constexpr int kThumbnailSide = 96;   // thumbnails are rendered at most this many pixels a side
constexpr int kRefreshDelayMs = 400;

QString probesFolder(const QString& runDirectory) {
    return QDir(runDirectory).filePath(QString::fromLatin1(kAttentionProbeDir));
}

}  // namespace

AttentionPanel::AttentionPanel(QWidget* parent) : QWidget(parent) {
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("maskscope-attention"));
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(kRefreshDelayMs);
    connect(&m_refreshTimer, &QTimer::timeout, this, &AttentionPanel::refresh);
    m_watcher = new QFileSystemWatcher(this);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_refreshTimer.start(); });

    m_pages = new QStackedWidget(this);
    m_message = new QLabel(m_pages);
    m_message->setAlignment(Qt::AlignCenter);
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setMargin(24);
    m_pages->addWidget(m_message);

    auto* content = new QWidget(m_pages);
    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);

    // Step slider.
    auto* stepRow = new QHBoxLayout;
    auto* stepTitle = new QLabel(tr("Training step:"), content);
    m_slider = new QSlider(Qt::Horizontal, content);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setPageStep(1);
    m_slider->setAccessibleName(tr("Probe step"));
    m_slider->setToolTip(tr("Scrub through the training steps at which the attention was probed"));
    stepTitle->setBuddy(m_slider);
    m_stepLabel = new QLabel(content);
    m_stepLabel->setMinimumWidth(fontMetrics().horizontalAdvance(tr("step %1 (%2 of %3)").arg(999999).arg(999).arg(999)));
    stepRow->addWidget(stepTitle);
    stepRow->addWidget(m_slider, 1);
    stepRow->addWidget(m_stepLabel);
    contentLayout->addLayout(stepRow);
    connect(m_slider, &QSlider::valueChanged, this, &AttentionPanel::onSliderMoved);

    m_info = new QLabel(content);
    m_info->setWordWrap(true);
    m_info->setTextFormat(Qt::PlainText);
    m_info->setTextInteractionFlags(Qt::TextSelectableByMouse);
    contentLayout->addWidget(m_info);
    m_error = new QLabel(content);
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    contentLayout->addWidget(m_error);

    auto* splitter = new QSplitter(Qt::Vertical, content);
    splitter->setChildrenCollapsible(false);
    contentLayout->addWidget(splitter, 1);

    // Grid page and heatmap page.
    m_views = new QStackedWidget(splitter);
    auto* gridPage = new QWidget(m_views);
    auto* gridLayout = new QVBoxLayout(gridPage);
    gridLayout->setContentsMargins(0, 0, 0, 0);
    m_gridCaption = new QLabel(gridPage);
    m_gridCaption->setWordWrap(true);
    gridLayout->addWidget(m_gridCaption);
    m_gridScroll = new QScrollArea(gridPage);
    m_grid = new AttentionThumbnailGrid;
    m_gridScroll->setWidget(m_grid);
    m_gridScroll->setWidgetResizable(false);
    m_gridScroll->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_gridScroll->viewport()->installEventFilter(this);
    gridLayout->addWidget(m_gridScroll, 1);
    m_views->addWidget(gridPage);
    connect(m_grid, &AttentionThumbnailGrid::headActivated, this, &AttentionPanel::showHeatmap);

    auto* heatPage = new QWidget(m_views);
    auto* heatLayout = new QVBoxLayout(heatPage);
    heatLayout->setContentsMargins(0, 0, 0, 0);
    auto* heatBar = new QHBoxLayout;
    m_back = new QToolButton(heatPage);
    m_back->setText(tr("\u2190 All heads"));
    m_back->setToolTip(tr("Back to the grid of every layer and head (Esc)"));
    m_back->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_heatTitle = new QLabel(heatPage);
    QFont titleFont = m_heatTitle->font();
    titleFont.setBold(true);
    m_heatTitle->setFont(titleFont);
    auto* zoomOut = new QToolButton(heatPage);
    zoomOut->setText(QStringLiteral("\u2212"));
    zoomOut->setToolTip(tr("Zoom out (Ctrl+wheel)"));
    auto* zoomIn = new QToolButton(heatPage);
    zoomIn->setText(QStringLiteral("+"));
    zoomIn->setToolTip(tr("Zoom in (Ctrl+wheel)"));
    auto* fit = new QToolButton(heatPage);
    fit->setText(tr("Fit"));
    fit->setToolTip(tr("Fit the heatmap into the view"));
    heatBar->addWidget(m_back);
    heatBar->addWidget(m_heatTitle, 1);
    heatBar->addWidget(zoomOut);
    heatBar->addWidget(zoomIn);
    heatBar->addWidget(fit);
    heatLayout->addLayout(heatBar);
    m_heatScroll = new QScrollArea(heatPage);
    m_heatmap = new AttentionHeatmap;
    m_heatScroll->setWidget(m_heatmap);
    m_heatScroll->setWidgetResizable(true);
    heatLayout->addWidget(m_heatScroll, 1);
    m_views->addWidget(heatPage);
    connect(m_back, &QToolButton::clicked, this, &AttentionPanel::showGrid);
    connect(zoomIn, &QToolButton::clicked, m_heatmap, &AttentionHeatmap::zoomIn);
    connect(zoomOut, &QToolButton::clicked, m_heatmap, &AttentionHeatmap::zoomOut);
    connect(fit, &QToolButton::clicked, m_heatmap, &AttentionHeatmap::setFitMode);

    // Attention to hubs over steps.
    auto* chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->setLocalizeNumbers(true);
    chart->legend()->hide();
    chart->setTitle(tr("Attention of masked positions to hub tokens"));
    m_hubSeries = new QLineSeries(chart);
    m_hubSeries->setName(tr("attention to hubs"));
    m_hubSeries->setPointsVisible(true);
    m_cursor = new QLineSeries(chart);
    m_marker = new QScatterSeries(chart);
    m_marker->setMarkerSize(11.0);
    m_x = new QValueAxis(chart);
    m_x->setTitleText(tr("Training step"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_y = new QValueAxis(chart);
    m_y->setTitleText(tr("Mass on hubs"));
    m_y->setLabelFormat(QStringLiteral("%.2f"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QXYSeries* series : {static_cast<QXYSeries*>(m_hubSeries), static_cast<QXYSeries*>(m_cursor),
                              static_cast<QXYSeries*>(m_marker)}) {
        chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    }
    m_chartView = new QChartView(chart, splitter);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(220);
    m_chartView->setToolTip(tr("Mean over layers, heads and masked query positions of the attention mass on hub "
                               "tokens, from each probe. Click a point to show that step."));
    installChartExportMenu(*m_chartView, QStringLiteral("attention-to-hubs"));
    connect(m_hubSeries, &QLineSeries::clicked, this, [this](const QPointF& point) {
        int best = -1;
        double distance = 0.0;
        for (int i = 0; i < m_steps.size(); ++i) {
            const double d = std::abs(double(m_steps[i].step) - point.x());
            if (best < 0 || d < distance) {
                best = i;
                distance = d;
            }
        }
        if (best >= 0) m_slider->setValue(best);
    });
    splitter->addWidget(m_views);
    splitter->addWidget(m_chartView);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({600, 240});

    m_pages->addWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_pages);

    applyChartPalette();
    setRunDirectory({});
}

AttentionPanel::~AttentionPanel() {
    m_waiting.reset();
    m_listWaiting = false;
    m_pool.clear();
    m_pool.waitForDone();
}

// --- the worker's computations ---

AttentionPanel::LoadedStep AttentionPanel::loadStep(const QString& path, int thumbnailSide) {
    auto probe = std::make_shared<const AttentionProbe>(readAttentionProbe(path.toStdString()));
    LoadedStep out;
    out.scale = attentionScale(*probe);
    out.thumbnails.reserve(qsizetype(probe->layers) * probe->heads);
    for (int layer = 0; layer < probe->layers; ++layer)
        for (int head = 0; head < probe->heads; ++head)
            out.thumbnails << attentionImage(*probe, layer, head, out.scale, thumbnailSide);
    out.probe = std::move(probe);
    return out;
}

QVector<AttentionPanel::StepEntry> AttentionPanel::listSteps(const QString& runDirectory) {
    QVector<StepEntry> out;
    if (runDirectory.isEmpty()) return out;
    for (const auto& file : listAttentionProbes(runDirectory.toStdString())) {
        StepEntry entry;
        entry.step = file.step;
        entry.path = QString::fromStdString(file.path);
        try {
            const auto summary = readAttentionProbeSummary(file.path);
            entry.attentionToHubs = summary.attentionToHubs;
        } catch (const std::exception& error) {
            entry.error = QString::fromStdString(error.what());
        }
        out << entry;
    }
    return out;
}

// --- requests ---

void AttentionPanel::setRunDirectory(const QString& runDirectory) {
    m_runDirectory = runDirectory;
    m_steps.clear();
    m_shown = {};
    m_waiting.reset();
    ++m_loadGeneration;  // a load that runs now is stale
    m_grid->clear();
    m_heatmap->clear();
    m_heatLayer = m_heatHead = -1;
    m_views->setCurrentIndex(0);
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, 0);
    }
    updateChart();
    updateWatcher();
    if (runDirectory.isEmpty()) {
        ++m_listGeneration;
        m_listWaiting = false;
        showMessage(tr("No run selected. Choose a run to see the attention probes it recorded."));
        setBusy(isBusy());
        return;
    }
    showMessage(tr("Reading the attention probes of %1\u2026").arg(QDir::toNativeSeparators(runDirectory)));
    requestList();
}

void AttentionPanel::refresh() {
    if (m_runDirectory.isEmpty()) return;
    updateWatcher();
    requestList();
}

void AttentionPanel::requestList() {
    ++m_listGeneration;
    m_listWaiting = true;
    if (!m_running) startNext();
    setBusy(isBusy());
}

void AttentionPanel::requestLoad(int index) {
    if (index < 0 || index >= m_steps.size()) return;
    m_waiting = LoadJob{++m_loadGeneration, m_steps[index].step, m_steps[index].path};
    if (!m_running) startNext();
    setBusy(isBusy());
}

void AttentionPanel::startNext() {
    if (m_listWaiting) {
        m_listWaiting = false;
        m_running = true;
        const quint64 generation = m_listGeneration;
        const QString directory = m_runDirectory;
        m_pool.start([this, generation, directory] {
            QVector<StepEntry> steps = listSteps(directory);
            QMetaObject::invokeMethod(
                this, [this, generation, steps = std::move(steps)] { onListed(generation, steps); }, Qt::QueuedConnection);
        });
        return;
    }
    if (!m_waiting) return;
    const LoadJob job = *m_waiting;
    m_waiting.reset();
    m_running = true;
    m_pool.start([this, job] {
        LoadedStep loaded;
        QString error;
        try {
            loaded = loadStep(job.path, kThumbnailSide);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, job, loaded = std::move(loaded), error] { onLoaded(job.generation, job.step, loaded, error); },
            Qt::QueuedConnection);
    });
}

void AttentionPanel::onListed(quint64 generation, const QVector<StepEntry>& steps) {
    m_running = false;
    if (generation != m_listGeneration) {  // the run directory changed or a newer listing waits
        startNext();
        setBusy(isBusy());
        return;
    }
    const std::optional<quint64> previous = selectedStep();
    const bool followNewest = !previous || m_slider->value() == m_slider->maximum();
    m_steps = steps;
    updateChart();
    Q_EMIT stepsListed(int(m_steps.size()));
    if (m_steps.isEmpty()) {
        m_shown = {};
        m_grid->clear();
        m_heatmap->clear();
        showMessage(tr("This run has no attention probes yet.\n\nStart training with --probe-every N to record the "
                       "attention of a probe record every N steps; the probes appear here while the run trains."));
        startNext();
        setBusy(isBusy());
        return;
    }
    showContent();
    int index = int(m_steps.size()) - 1;
    if (!followNewest) {
        for (int i = 0; i < m_steps.size(); ++i)
            if (m_steps[i].step <= *previous) index = i;
        if (m_steps.front().step > *previous) index = 0;
    }
    {
        const QSignalBlocker block(m_slider);
        m_slider->setRange(0, int(m_steps.size()) - 1);
        m_slider->setValue(index);
    }
    updateStepLabel();
    updateMarker();
    // Load unless that very step is already shown (a refresh that only added steps).
    if (!m_shown.probe || m_shownStep != m_steps[index].step || m_shown.probe->path != m_steps[index].path.toStdString())
        requestLoad(index);
    else
        startNext();
    setBusy(isBusy());
}

void AttentionPanel::onLoaded(quint64 generation, quint64 step, const LoadedStep& loaded, const QString& error) {
    m_running = false;
    const bool current = generation == m_loadGeneration;
    startNext();
    setBusy(isBusy());
    if (!current) return;  // a newer request replaced this one
    if (!error.isEmpty()) {
        m_error->setText(tr("Cannot show step %1: %2").arg(step).arg(error));
        m_error->show();
        m_shown = {};
        m_grid->clear();
        m_heatmap->clear();
        m_info->clear();
        m_gridCaption->clear();
        Q_EMIT stepFailed(step, error);
        return;
    }
    m_error->hide();
    m_shown = loaded;
    m_shownStep = step;
    m_grid->setThumbnails(loaded.probe->layers, loaded.probe->heads, loaded.thumbnails, loaded.scale);
    fitThumbnails();
    m_gridCaption->setText(
        tr("Rows: layers, columns: heads. Each thumbnail shows queries (rows) against keys (columns), coloured from 0 "
           "to %1, the largest weight of this step. Click a thumbnail to enlarge it.")
            .arg(QString::number(double(loaded.scale), 'g', 3)));
    updateInfo();
    if (m_heatLayer >= 0) {
        if (m_heatLayer < loaded.probe->layers && m_heatHead < loaded.probe->heads) showHeatmap(m_heatLayer, m_heatHead);
        else showGrid();
    }
    Q_EMIT stepShown(step);
}

void AttentionPanel::onSliderMoved(int index) {
    updateStepLabel();
    updateMarker();
    requestLoad(index);
}

// --- views ---

std::optional<quint64> AttentionPanel::selectedStep() const {
    if (m_steps.isEmpty()) return std::nullopt;
    const int index = std::clamp(m_slider->value(), 0, int(m_steps.size()) - 1);
    return m_steps[index].step;
}

bool AttentionPanel::isHeatmapShown() const { return m_views->currentIndex() == 1; }

QString AttentionPanel::message() const {
    if (m_pages->currentIndex() == 0) return m_message->text();
    return m_error->isHidden() ? QString() : m_error->text();
}

void AttentionPanel::showHeatmap(int layer, int head) {
    if (!m_shown.probe || layer < 0 || layer >= m_shown.probe->layers || head < 0 || head >= m_shown.probe->heads) return;
    m_heatLayer = layer;
    m_heatHead = head;
    m_heatmap->setProbe(m_shown.probe, layer, head);
    m_heatTitle->setText(tr("Layer %1, head %2 at step %3").arg(layer).arg(head).arg(m_shownStep));
    m_views->setCurrentIndex(1);
}

void AttentionPanel::showGrid() {
    m_heatLayer = m_heatHead = -1;
    m_views->setCurrentIndex(0);
    m_grid->setFocus();
}

void AttentionPanel::fitThumbnails() {
    m_grid->setThumbnailSize(m_grid->thumbnailSizeFor(m_gridScroll->viewport()->size()));
}

bool AttentionPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_gridScroll->viewport() && event->type() == QEvent::Resize) fitThumbnails();
    return QWidget::eventFilter(watched, event);
}

void AttentionPanel::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_Escape && isHeatmapShown()) {
        showGrid();
        return;
    }
    QWidget::keyPressEvent(event);
}

void AttentionPanel::showMessage(const QString& message) {
    m_message->setText(message);
    m_pages->setCurrentIndex(0);
}

void AttentionPanel::showContent() { m_pages->setCurrentIndex(1); }

void AttentionPanel::updateStepLabel() {
    const auto step = selectedStep();
    m_stepLabel->setText(step ? tr("step %1 (%2 of %3)").arg(*step).arg(m_slider->value() + 1).arg(m_steps.size())
                              : QString());
}

void AttentionPanel::updateInfo() {
    const AttentionProbe* probe = m_shown.probe.get();
    if (probe == nullptr) {
        m_info->clear();
        return;
    }
    qsizetype hubs = 0, masked = 0;
    for (const auto flag : probe->hub) hubs += flag;
    for (const auto flag : probe->masked) masked += flag;
    QString text = tr("Probe record %1: %2 tokens, %3 hub tokens, %4 masked; %5 layers \u00d7 %6 heads.")
                       .arg(QString::fromStdString(probe->recordId))
                       .arg(probe->tokenCount())
                       .arg(hubs)
                       .arg(masked)
                       .arg(probe->layers)
                       .arg(probe->heads);
    if (probe->isBlock())
        text += QLatin1Char(' ') +
                tr("Block diffusion (block size %1): queries and keys run over [x_t | x_0].").arg(probe->blockSize);
    if (std::isfinite(probe->attentionToHubs))
        text += QLatin1Char(' ') + tr("Attention to hubs: %1.").arg(QString::number(probe->attentionToHubs, 'f', 4));
    m_info->setText(text);
}

void AttentionPanel::updateChart() {
    QList<QPointF> points;
    double largest = 0.0;
    for (const auto& entry : m_steps)
        if (std::isfinite(entry.attentionToHubs)) {
            points << QPointF(double(entry.step), entry.attentionToHubs);
            largest = std::max(largest, entry.attentionToHubs);
        }
    m_hubSeries->replace(points);
    // Whole steps on the x axis: a "nice" tick interval of at least 1, anchored at 0.
    double first = m_steps.isEmpty() ? 0.0 : double(m_steps.front().step);
    double last = m_steps.isEmpty() ? 1.0 : double(m_steps.back().step);
    if (last <= first) {
        first = std::max(0.0, first - 1.0);
        last = first + 2.0;
    }
    const double raw = (last - first) / 5.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double interval = magnitude;
    for (const double factor : {1.0, 2.0, 5.0, 10.0})
        if (factor * magnitude >= raw) {
            interval = factor * magnitude;
            break;
        }
    m_x->setTickType(QValueAxis::TicksDynamic);
    m_x->setTickAnchor(0.0);
    m_x->setTickInterval(std::max(1.0, interval));
    m_x->setRange(first, last);
    m_y->setRange(0.0, largest > 0.0 ? std::min(1.0, largest * 1.15) : 1.0);
    m_y->applyNiceNumbers();
    updateMarker();
}

void AttentionPanel::updateMarker() {
    const auto step = selectedStep();
    m_marker->clear();
    m_cursor->clear();
    if (!step) return;
    const double x = double(*step);
    m_cursor->append(x, m_y->min());
    m_cursor->append(x, m_y->max());
    const double value = m_steps[std::clamp(m_slider->value(), 0, int(m_steps.size()) - 1)].attentionToHubs;
    if (std::isfinite(value)) m_marker->append(x, value);
}

void AttentionPanel::updateWatcher() {
    const QStringList watched = m_watcher->directories();
    if (!watched.isEmpty()) m_watcher->removePaths(watched);
    if (m_runDirectory.isEmpty()) return;
    QStringList paths;
    if (QFileInfo(m_runDirectory).isDir()) paths << m_runDirectory;
    const QString probes = probesFolder(m_runDirectory);
    if (QFileInfo(probes).isDir()) paths << probes;
    if (!paths.isEmpty()) m_watcher->addPaths(paths);
}

void AttentionPanel::applyChartPalette() {
    const QPalette& pal = palette();
    QChart* chart = m_chartView->chart();
    ui::applyChartPalette(*chart, {m_x, m_y}, pal);
    const QColor hub = hubOutlineColor(pal);
    m_hubSeries->setPen(QPen(hub, 2.0));
    m_hubSeries->setColor(hub);
    QColor cursor = pal.color(QPalette::Text);
    cursor.setAlpha(120);
    m_cursor->setPen(QPen(cursor, 1.0, Qt::DashLine));
    m_marker->setColor(pal.color(QPalette::Highlight));
    m_marker->setBorderColor(pal.color(QPalette::Base));
    m_error->setStyleSheet(QStringLiteral("color: %1;").arg(errorTextColor(pal).name()));
}

void AttentionPanel::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyChartPalette();
    QWidget::changeEvent(event);
}

void AttentionPanel::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

}  // namespace maskscope::ui
