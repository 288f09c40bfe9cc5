#include "ui/run_chart_panel.h"

#include "ui/run_monitor.h"

#include "core/series_smoothing.h"

#include <QtCore/QFileInfo>
#include <QtCore/QSet>
#include <QtCore/QTimer>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSlider>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace maskscope::ui {

namespace {

constexpr double kRawAlpha = 0.28;      // the raw series behind a smoothed one
// One pixel: Qt draws such lines on its fast path; wider ones go through its general stroker,
// which costs several times as much per redraw of a few thousand points (bench_chart_redraw).
constexpr double kLineWidth = 1.0;
constexpr double kBaselineWidth = 2.2;

// The series of `key`, or for "train/x" a plain "x" (TensorBoard runs of other tools).
const RunSeriesSnapshot* findSeries(const RunSnapshot& run, const std::string& key) {
    if (const RunSeriesSnapshot* series = run.find(key)) return series;
    const std::string prefix = "train/";
    if (key.rfind(prefix, 0) == 0) return run.find(key.substr(prefix.size()));
    return nullptr;
}

}  // namespace

std::vector<RunChartPanel::MetricSeries> RunChartPanel::metricSeries(Metric metric) {
    switch (metric) {
    case Metric::Loss: return {{"train/loss", {}, ChartLineStyle::Solid}};
    case Metric::LossHubVsNonHub:
        return {{"train/loss_hub", tr("hub"), ChartLineStyle::Solid}, {"train/loss_nonhub", tr("non-hub"), ChartLineStyle::Dashed}};
    case Metric::LossLogicalVsSyntactic:
        return {{"train/loss_logical", tr("logical"), ChartLineStyle::Solid},
                {"train/loss_syntactic", tr("syntactic"), ChartLineStyle::Dashed}};
    case Metric::LearningRate: return {{"train/lr", {}, ChartLineStyle::Solid}};
    case Metric::GradNorm: return {{"train/grad_norm", {}, ChartLineStyle::Solid}};
    case Metric::TokensPerSecond: return {{"train/tokens_per_s", {}, ChartLineStyle::Solid}};
    case Metric::EvalLoss: return {{"eval/loss", {}, ChartLineStyle::Solid}};
    case Metric::AttentionToHubs: return {{"probe/attention_to_hubs", {}, ChartLineStyle::Solid}};
    }
    return {};
}

QString RunChartPanel::metricName(Metric metric) {
    switch (metric) {
    case Metric::Loss: return tr("Training loss");
    case Metric::LossHubVsNonHub: return tr("Loss: hub vs non-hub tokens");
    case Metric::LossLogicalVsSyntactic: return tr("Loss: logical vs syntactic samples");
    case Metric::LearningRate: return tr("Learning rate");
    case Metric::GradNorm: return tr("Gradient norm");
    case Metric::TokensPerSecond: return tr("Tokens per second");
    case Metric::EvalLoss: return tr("Eval loss");
    case Metric::AttentionToHubs: return tr("Attention to hubs (probe)");
    }
    return {};
}

RunChartPanel::RunChartPanel(RunMonitor& monitor, QWidget* parent) : QWidget(parent), m_monitor(monitor) {
    setObjectName(QStringLiteral("runChartPanel"));
    m_chart = createSeriesChart(this);
    m_chart->setExportName(QStringLiteral("training-loss"));

    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("runMetric"));
    for (const Metric metric : {Metric::Loss, Metric::LossHubVsNonHub, Metric::LossLogicalVsSyntactic, Metric::LearningRate,
                                Metric::GradNorm, Metric::TokensPerSecond, Metric::EvalLoss, Metric::AttentionToHubs})
        m_metric->addItem(metricName(metric), static_cast<int>(metric));
    m_axis = new QComboBox(this);
    m_axis->setObjectName(QStringLiteral("runXAxis"));
    m_axis->addItem(tr("Step"), static_cast<int>(SeriesAxis::Step));
    m_axis->addItem(tr("Tokens"), static_cast<int>(SeriesAxis::Tokens));
    m_axis->addItem(tr("Relative time"), static_cast<int>(SeriesAxis::RelativeTime));
    m_axis->addItem(tr("Wall time"), static_cast<int>(SeriesAxis::WallTime));
    m_log = new QCheckBox(tr("Log scale"), this);
    m_smoothing = new QSlider(Qt::Horizontal, this);
    m_smoothing->setObjectName(QStringLiteral("runSmoothing"));
    m_smoothing->setRange(0, kSmoothingSteps - 1);
    m_smoothing->setValue(static_cast<int>(std::lround(kDefaultSmoothing * kSmoothingSteps)));
    m_smoothing->setMinimumWidth(120);
    m_smoothing->setToolTip(tr("TensorBoard's smoothing: a debiased exponential moving average with this weight"));
    m_smoothingValue = new QLabel(this);
    m_smoothingValue->setMinimumWidth(m_smoothingValue->fontMetrics().horizontalAdvance(QStringLiteral("0.000")) + 4);
    auto* exportButton = new QPushButton(tr("Export\u2026"), this);
    exportButton->setToolTip(tr("Save the chart as a PNG image or an SVG drawing"));

    auto* controls = new QHBoxLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    auto* metricLabel = new QLabel(tr("&Metric:"), this);
    metricLabel->setBuddy(m_metric);
    auto* axisLabel = new QLabel(tr("&X axis:"), this);
    axisLabel->setBuddy(m_axis);
    auto* smoothingLabel = new QLabel(tr("&Smoothing:"), this);
    smoothingLabel->setBuddy(m_smoothing);
    controls->addWidget(metricLabel);
    controls->addWidget(m_metric);
    controls->addSpacing(8);
    controls->addWidget(axisLabel);
    controls->addWidget(m_axis);
    controls->addSpacing(8);
    controls->addWidget(m_log);
    controls->addSpacing(8);
    controls->addWidget(smoothingLabel);
    controls->addWidget(m_smoothing, 1);
    controls->addWidget(m_smoothingValue);
    controls->addStretch();
    controls->addWidget(exportButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(controls);
    layout->addWidget(m_chart->widget(), 1);

    connect(m_metric, &QComboBox::currentIndexChanged, this, &RunChartPanel::rebuild);
    connect(m_axis, &QComboBox::currentIndexChanged, this, [this]() {
        m_chart->resetZoom();
        rebuild();
    });
    connect(m_log, &QCheckBox::toggled, this, &RunChartPanel::rebuild);
    connect(m_smoothing, &QSlider::valueChanged, this, [this]() {
        updateSmoothingLabel();
        rebuild();
    });
    connect(exportButton, &QPushButton::clicked, this, &RunChartPanel::chooseExportFile);
    connect(&monitor, &RunMonitor::runUpdated, this, [this](const QString& path) {
        if (m_runs.contains(path)) scheduleRebuild();
    });
    connect(&monitor, &RunMonitor::runRemoved, this, [this](const QString& path) {
        if (m_runs.removeAll(path) > 0) scheduleRebuild();
    });
    connect(&monitor, &RunMonitor::baselineChanged, this, &RunChartPanel::scheduleRebuild);
    updateSmoothingLabel();
    rebuild();
}

RunChartPanel::~RunChartPanel() = default;

void RunChartPanel::setVisibleRuns(const QStringList& paths) {
    if (paths == m_runs) return;
    m_runs = paths;
    rebuild();
}

void RunChartPanel::setMetric(Metric metric) { m_metric->setCurrentIndex(m_metric->findData(static_cast<int>(metric))); }
RunChartPanel::Metric RunChartPanel::metric() const { return static_cast<Metric>(m_metric->currentData().toInt()); }
void RunChartPanel::setXAxis(SeriesAxis axis) { m_axis->setCurrentIndex(m_axis->findData(static_cast<int>(axis))); }
SeriesAxis RunChartPanel::xAxis() const { return static_cast<SeriesAxis>(m_axis->currentData().toInt()); }
void RunChartPanel::setLogScale(bool on) { m_log->setChecked(on); }
bool RunChartPanel::logScale() const { return m_log->isChecked(); }

void RunChartPanel::setSmoothing(double weight) {
    m_smoothing->setValue(std::clamp(static_cast<int>(std::lround(weight * kSmoothingSteps)), 0, kSmoothingSteps - 1));
}

double RunChartPanel::smoothing() const { return static_cast<double>(m_smoothing->value()) / kSmoothingSteps; }

void RunChartPanel::updateSmoothingLabel() { m_smoothingValue->setText(QString::number(smoothing(), 'f', 3)); }

void RunChartPanel::scheduleRebuild() {
    if (m_rebuildPending) return;
    m_rebuildPending = true;
    QTimer::singleShot(0, this, [this]() {
        if (m_rebuildPending) rebuild();
    });
}

ChartValues RunChartPanel::smoothedValues(const QString& id, const ChartValues& values, double weight) {
    Cached& cached = m_smoothed[id];
    if (cached.input != values || cached.parameter != weight || !cached.output) {
        cached.input = values;
        cached.parameter = weight;
        cached.output = std::make_shared<const std::vector<double>>(smoothDebiasedEma(*values, weight));
    }
    return cached.output;
}

ChartValues RunChartPanel::scaledValues(const QString& id, const ChartValues& values, double divisor) {
    if (divisor == 1.0) return values;
    Cached& cached = m_scaled[id];
    if (cached.input != values || cached.parameter != divisor || !cached.output) {
        auto scaled = std::make_shared<std::vector<double>>(*values);
        for (double& x : *scaled) x /= divisor;
        cached.input = values;
        cached.parameter = divisor;
        cached.output = std::move(scaled);
    }
    return cached.output;
}

void RunChartPanel::rebuild() {
    m_rebuildPending = false;
    const Metric shown = metric();
    const SeriesAxis axis = xAxis();
    const double weight = smoothing();
    const QString baseline = m_monitor.baseline();
    const std::vector<MetricSeries> parts = metricSeries(shown);

    struct Found {
        QString path;
        RunSnapshotHandle run;
        const MetricSeries* part;
        const RunSeriesSnapshot* series;
    };
    std::vector<Found> found;
    double relativeEnd = 0.0;
    for (const QString& path : m_runs) {
        const RunSnapshotHandle run = m_monitor.snapshot(path);
        if (!run) continue;
        for (const MetricSeries& part : parts) {
            const RunSeriesSnapshot* series = findSeries(*run, part.key);
            if (series == nullptr || !series->xOn(axis) || !series->y) continue;
            found.push_back({path, run, &part, series});
            if (axis == SeriesAxis::RelativeTime)
                for (const double x : *series->xOn(axis))
                    if (std::isfinite(x)) relativeEnd = std::max(relativeEnd, x);
        }
    }

    // Time since the start in the unit that suits the longest run.
    double divisor = 1.0;
    QString xTitle;
    switch (axis) {
    case SeriesAxis::Step: xTitle = tr("step"); break;
    case SeriesAxis::Tokens: xTitle = tr("training tokens"); break;
    case SeriesAxis::WallTime: xTitle = tr("wall time"); break;
    case SeriesAxis::RelativeTime:
        if (relativeEnd > 2.0 * 3600.0) {
            divisor = 3600.0;
            xTitle = tr("time since start (hours)");
        } else if (relativeEnd > 120.0) {
            divisor = 60.0;
            xTitle = tr("time since start (minutes)");
        } else {
            xTitle = tr("time since start (seconds)");
        }
        break;
    }

    std::vector<ChartLine> raw;
    std::vector<ChartLine> main;
    std::vector<ChartLine> top;
    QSet<QString> used;
    for (const Found& item : found) {
        const QString id = item.path + QLatin1Char('\n') + QString::fromStdString(item.part->key);
        used.insert(id);
        const QColor color = m_monitor.color(item.path);
        const bool isBaseline = item.path == baseline;
        QString name = item.run->name;
        if (!item.part->label.isEmpty()) name = tr("%1 \u00b7 %2").arg(name, item.part->label);
        if (isBaseline) name = tr("%1 (baseline)").arg(name);
        const ChartValues x = scaledValues(id, item.series->xOn(axis), divisor);

        ChartLine line;
        line.name = name;
        line.color = color;
        line.x = x;
        line.style = item.part->style;
        line.width = isBaseline ? kBaselineWidth : kLineWidth;
        if (weight > 0.0) {
            ChartLine faint = line;
            QColor light = color;
            light.setAlphaF(static_cast<float>(kRawAlpha));
            faint.color = light;
            faint.y = item.series->y;
            faint.width = 1.0;
            faint.inLegend = false;
            faint.markNonFinite = false;
            raw.push_back(std::move(faint));
            line.y = smoothedValues(id, item.series->y, weight);
        } else {
            line.y = item.series->y;
        }
        (isBaseline ? top : main).push_back(std::move(line));
    }
    for (auto it = m_smoothed.begin(); it != m_smoothed.end();) it = used.contains(it.key()) ? std::next(it) : m_smoothed.erase(it);
    for (auto it = m_scaled.begin(); it != m_scaled.end();) it = used.contains(it.key()) ? std::next(it) : m_scaled.erase(it);

    m_lines.clear();
    m_lines.reserve(raw.size() + main.size() + top.size());
    for (auto* group : {&raw, &main, &top})
        for (ChartLine& line : *group) m_lines.push_back(std::move(line));

    m_chart->setAxisTitles(xTitle, metricName(shown));
    m_chart->setXFormat(axis == SeriesAxis::WallTime ? ChartXFormat::EpochSeconds : ChartXFormat::Number);
    m_chart->setLogY(m_log->isChecked());
    if (m_runs.isEmpty())
        m_chart->setPlaceholderText(tr("No run is shown: open a run directory, or check a run in the table."));
    else if (found.empty())
        m_chart->setPlaceholderText(tr("The shown runs have no \u201c%1\u201d series (yet).").arg(metricName(shown)));
    else
        m_chart->setPlaceholderText({});
    m_chart->setExportName(QString::fromStdString(parts.front().key).replace(QLatin1Char('/'), QLatin1Char('-')));
    m_chart->setLines(m_lines);
}

QString RunChartPanel::exportChart(const QString& path) { return m_chart->exportTo(path); }

void RunChartPanel::chooseExportFile() {
    QString selected;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Chart"),
                                                QString::fromStdString(metricSeries(metric()).front().key).replace(QLatin1Char('/'), QLatin1Char('-')) +
                                                    QStringLiteral(".png"),
                                                tr("PNG image (*.png);;SVG drawing (*.svg)"), &selected);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += selected.contains(QLatin1String("svg")) ? QStringLiteral(".svg") : QStringLiteral(".png");
    const QString error = exportChart(path);
    if (!error.isEmpty()) QMessageBox::warning(this, tr("Export Chart"), error);
}

}  // namespace maskscope::ui
