#include "ui/statistics_panel.h"

#include "ui/calibration_chart.h"
#include "ui/chart_export.h"
#include "ui/histogram_chart.h"
#include "ui/inspection_context.h"

#include <QtCore/QLocale>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTabWidget>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace maskscope::ui {

namespace {

QString number(double value, int decimals = 3) { return QLocale().toString(value, 'f', decimals); }

}  // namespace

StatisticsPanel::StatisticsPanel(InspectionContext& context, QWidget* parent)
    : QWidget(parent), m_context(context), m_service(new StatisticsService(this)) {
    setObjectName(QStringLiteral("statisticsPanel"));
    m_density = new HistogramChart(tr("density"), tr("tokens"), QStringLiteral("density-histogram"), this);
    m_density->setObjectName(QStringLiteral("densityHistogram"));
    m_hubFraction = new HistogramChart(tr("hub fraction of the record"), tr("records"),
                                       QStringLiteral("hub-fraction-histogram"), this);
    m_hubFraction->setObjectName(QStringLiteral("hubFractionHistogram"));
    m_calibration = new CalibrationChart(this);

    auto* calibrationPage = new QWidget(this);
    m_flags = new QLabel(calibrationPage);
    m_flags->setObjectName(QStringLiteral("calibrationFlags"));
    m_flags->setWordWrap(true);
    auto* calibrationLayout = new QVBoxLayout(calibrationPage);
    calibrationLayout->setContentsMargins(0, 0, 0, 0);
    calibrationLayout->setSpacing(2);
    calibrationLayout->addWidget(m_calibration, 1);
    calibrationLayout->addWidget(m_flags);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("statisticsTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(calibrationPage, tr("Calibration"));
    m_tabs->addTab(m_density, tr("Density"));
    m_tabs->addTab(m_hubFraction, tr("Hub Fraction"));
    m_tabs->setTabToolTip(0, tr("Masking probability p against density under the current policy"));
    m_tabs->setTabToolTip(1, tr("Density of every response token"));
    m_tabs->setTabToolTip(2, tr("Share of hub tokens per record"));

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("statisticsSummary"));
    m_summary->setWordWrap(true);
    m_computeAll = new QPushButton(tr("Compute All"), this);
    m_computeAll->setToolTip(tr("Use every record of the corpus, not only the first %L1").arg(StatisticsService::kDefaultLimit));
    m_computeAll->hide();
    connect(m_computeAll, &QPushButton::clicked, this, [this]() { recompute(true); });
    m_export = new QToolButton(this);
    m_export->setText(tr("Export"));
    m_export->setToolTip(tr("Export the chart shown as PNG or SVG (also on right-click)"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("Export Chart\u2026"), this, &StatisticsPanel::exportCurrent);
    m_export->setMenu(exportMenu);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(12);
    m_progress->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop computing the statistics"));
    m_cancel->hide();
    connect(m_cancel, &QToolButton::clicked, this, [this]() {
        m_service->cancel();
        m_summary->setText(tr("Cancelled; the charts show the previous result."));
    });

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_progress);
    bar->addWidget(m_cancel);
    bar->addWidget(m_computeAll);
    bar->addWidget(m_export);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(3);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bar);

    connect(m_service, &StatisticsService::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
    });
    connect(m_service, &StatisticsService::progress, this, [this](quint64 done, quint64 total) {
        if (total > 0) m_progress->setValue(int(1000.0 * double(done) / double(total)));
    });
    connect(m_service, &StatisticsService::finished, this, &StatisticsPanel::showResult);
    connect(m_service, &StatisticsService::failed, this, [this](const QString& message) {
        m_pending = false;
        m_summary->setText(message);
    });

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kRecomputeDelayMs);
    connect(&m_debounce, &QTimer::timeout, this, [this]() { recompute(m_all); });
    auto schedule = [this]() {
        m_pending = true;
        m_debounce.start();
    };
    connect(&context, &InspectionContext::corpusChanged, this, [this, schedule]() {
        m_all = false;
        schedule();
    });
    connect(&context, &InspectionContext::tokenizerChanged, this, schedule);
    connect(&context, &InspectionContext::settingsChanged, this, schedule);
    // Annotations matter only to the annotations density source.
    connect(&context, &InspectionContext::annotationsChanged, this, [this, schedule]() {
        if (m_context.settings().densitySource == "annotations") schedule();
    });
    schedule();
}

bool StatisticsPanel::isSettled() const { return !m_pending && !m_debounce.isActive() && !m_service->isBusy(); }

void StatisticsPanel::recompute(bool all) {
    m_debounce.stop();
    m_all = all;
    if (!m_context.corpus() || !m_context.tokenizer()) {
        m_service->cancel();
        m_pending = false;
        m_result = {};
        m_density->setHistogram({});
        m_hubFraction->setHistogram({});
        m_calibration->setCalibration({});
        m_summary->setText(tr("Open a corpus and a tokenizer to see corpus statistics."));
        m_flags->clear();
        m_computeAll->hide();
        return;
    }
    StatisticsService::Request request;
    request.corpus = m_context.corpus();
    request.tokenizer = m_context.tokenizer();
    request.annotations = m_context.annotations();
    request.settings = m_context.settings();
    request.limit = all ? 0 : StatisticsService::kDefaultLimit;
    m_pending = true;
    m_progress->setValue(0);
    m_summary->setText(tr("Computing\u2026"));
    m_service->request(std::move(request));
}

void StatisticsPanel::showResult(const StatisticsService::Result& result) {
    m_pending = false;
    m_result = result;
    const CorpusStatistics& statistics = *result.statistics;
    m_density->setHistogram(statistics.densityHistogram());
    m_hubFraction->setHistogram(statistics.hubFractionHistogram());
    const std::vector<CalibrationBin> bins = statistics.calibration();
    m_calibration->setCalibration(bins);
    m_computeAll->setVisible(result.limited());

    const CorpusTotals totals = statistics.totals();
    QString summary = result.limited()
                          ? tr("First %L1 of %L2 records").arg(result.entriesRead).arg(result.entries)
                          : tr("%L1 records").arg(totals.records);
    summary += tr(" \u00b7 %L1 response tokens \u00b7 hub fraction %2 \u00b7 mean density %3 \u00b7 %4 steps each")
                   .arg(totals.responseTokens)
                   .arg(totals.hubFraction ? number(*totals.hubFraction) : QStringLiteral("\u2014"))
                   .arg(totals.meanDensity ? number(*totals.meanDensity) : QStringLiteral("\u2014"))
                   .arg(StatisticsService::kDefaultSteps);
    if (result.skipped > 0) summary += tr(" \u00b7 %L1 skipped: %2").arg(result.skipped).arg(result.firstProblem);
    m_summary->setText(summary);
    m_summary->setToolTip(summary);

    // Flags are heuristics (thresholds in CorpusStatisticsOptions); say what each one means.
    const CorpusStatisticsOptions& options = statistics.options();
    QStringList flags;
    for (const CalibrationBin& bin : bins) {
        const QString range = tr("density %1\u2013%2").arg(number(bin.lower, 2), number(bin.upper, 2));
        const QString ratio = bin.ratio ? number(*bin.ratio, 2) : QStringLiteral("\u2014");
        if (bin.maskedTooMuch)
            flags << tr("%1 masked too much: p / uniform = %2 (limit %3) or p = 1 in %4% of draws (limit %5%)")
                         .arg(range, ratio, number(options.maxRatio, 2))
                         .arg(number(100.0 * bin.saturatedShare, 0), number(100.0 * options.maxSaturatedShare, 0));
        if (bin.maskedTooLittle)
            flags << tr("%1 masked too little for dense tokens: p / uniform = %2 (below %3)")
                         .arg(range, ratio, number(options.minDenseRatio, 2));
    }
    m_flags->setText(flags.isEmpty()
                         ? tr("No bin flagged. Flags are heuristics: dense tokens masked hardly more than uniform, or "
                              "masked with near certainty (the hard-masking regime).")
                         : tr("Flagged (heuristics): %1").arg(flags.join(QStringLiteral("; "))));
}

QString StatisticsPanel::summaryText() const { return m_summary->text(); }

QString StatisticsPanel::flagText() const { return m_flags->text(); }

void StatisticsPanel::exportCurrent() {
    QWidget* page = m_tabs->currentWidget();
    if (page == m_density) exportChartDialog(*m_density, this, QStringLiteral("density-histogram"));
    else if (page == m_hubFraction) exportChartDialog(*m_hubFraction, this, QStringLiteral("hub-fraction-histogram"));
    else exportChartDialog(*m_calibration, this, QStringLiteral("calibration"));
}

}  // namespace maskscope::ui
