// The Statistics dock: what it shows equals core CorpusStatistics computed on the same records
// with the same policy and steps, a settings change recomputes (the newest request wins, stale
// results are dropped), and every chart exports as a non-empty PNG and SVG.
#include "ui_test_support.h"

#include "ui/calibration_chart.h"
#include "ui/chart_export.h"
#include "ui/histogram_chart.h"
#include "ui/statistics_panel.h"

#include "core/density_source.h"
#include "core/inspection.h"

#include <QtCore/QFileInfo>
#include <QtCore/QTemporaryDir>
#include <QtGui/QImage>
#include <QtTest/QtTest>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

// The statistics computed directly with the core: Inspector and CorpusStatistics, steps 0..7.
CorpusStatistics expectedStatistics(const InspectionContext& context, std::uint64_t limit) {
    InspectionSettings settings = context.settings();
    settings.blockSize = 0;
    DensityContext densityContext;
    densityContext.annotations = context.annotations().get();
    const Inspector inspector(*context.tokenizer(), settings, densityContext);
    CorpusStatistics statistics;
    const std::uint64_t count = std::min<std::uint64_t>(limit, context.corpus()->entryCount());
    for (std::uint64_t entry = 0; entry < count; ++entry) {
        const Corpus::Entry parsed = context.corpus()->read(entry);
        if (!parsed.record) continue;
        RecordInspection inspection = inspector.analyse(*parsed.record);
        std::vector<RecordMasks> masks;
        for (std::uint32_t step = 0; step < StatisticsService::kDefaultSteps; ++step) {
            inspector.drawMasks(inspection, step);
            masks.push_back(inspection.masks);
        }
        statistics.add(inspection, masks);
    }
    return statistics;
}

bool waitSettled(const StatisticsPanel& panel, int timeoutMs = 60000) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (panel.isSettled() && panel.statistics()) return true;
        QTest::qWait(10);
    }
    return false;
}

}  // namespace

class TestUiStatistics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dockDataEqualsCore();
    void settingsChangeRecomputes();
    void chartsExportAsPngAndSvg();
};

void TestUiStatistics::dockDataEqualsCore() {
    InspectionContext context;
    StatisticsPanel panel(context);
    context.setCorpus(test::openCorpus(test::demoCorpusPath()));
    context.setTokenizer(test::loadDemoTokenizer());
    QVERIFY(waitSettled(panel));
    const CorpusStatistics expected = expectedStatistics(context, StatisticsService::kDefaultLimit);
    QVERIFY(expected.records() > 0);
    QVERIFY(*panel.statistics() == expected);
    QCOMPARE(panel.densityChart()->counts(), expected.densityHistogram().counts);
    QCOMPARE(panel.hubFractionChart()->counts(), expected.hubFractionHistogram().counts);
    QList<QPointF> mean;
    for (const CalibrationBin& bin : expected.calibration()) {
        if (bin.pairs > 0) mean.append(QPointF(0.5 * (bin.lower + bin.upper), bin.meanP));
    }
    QCOMPARE(panel.calibrationChart()->meanPoints(), mean);
    QVERIFY(!panel.flagText().isEmpty());
    QVERIFY(panel.result().complete);
}

void TestUiStatistics::settingsChangeRecomputes() {
    InspectionContext context;
    StatisticsPanel panel(context);
    context.setCorpus(test::openCorpus(test::demoCorpusPath()));
    context.setTokenizer(test::loadDemoTokenizer());
    QVERIFY(waitSettled(panel));
    // Two changes in a row: only the newest may be shown.
    InspectionSettings settings = context.settings();
    settings.policy.w = 5.0;
    QCOMPARE(context.setSettings(settings), QString());
    panel.recompute();
    settings.policy.w = 1.0;
    QCOMPARE(context.setSettings(settings), QString());
    QVERIFY(waitSettled(panel));
    QVERIFY(*panel.statistics() == expectedStatistics(context, StatisticsService::kDefaultLimit));
    // Hard-ish masking (w = 5) flags the dense bins as masked too much.
    settings.policy.w = 5.0;
    QCOMPARE(context.setSettings(settings), QString());
    QTest::qWait(StatisticsPanel::kRecomputeDelayMs + 50);
    QVERIFY(waitSettled(panel));
    QVERIFY(*panel.statistics() == expectedStatistics(context, StatisticsService::kDefaultLimit));
}

void TestUiStatistics::chartsExportAsPngAndSvg() {
    QTemporaryDir dir;
    InspectionContext context;
    StatisticsPanel panel(context);
    panel.resize(800, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    context.setCorpus(test::openCorpus(test::demoCorpusPath()));
    context.setTokenizer(test::loadDemoTokenizer());
    QVERIFY(waitSettled(panel));
    const std::pair<QChartView*, QString> charts[] = {{panel.densityChart(), QStringLiteral("density")},
                                                         {panel.hubFractionChart(), QStringLiteral("hubs")},
                                                         {panel.calibrationChart(), QStringLiteral("calibration")}};
    for (const auto& [view, name] : charts) {
        const QString png = dir.filePath(name + QStringLiteral(".png"));
        const QString svg = dir.filePath(name + QStringLiteral(".svg"));
        QCOMPARE(exportChart(*view, png), QString());
        QCOMPARE(exportChart(*view, svg), QString());
        QVERIFY(QFileInfo(png).size() > 0);
        QVERIFY(QFileInfo(svg).size() > 0);
        QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 50 && image.height() > 50);
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("<svg"));
    }
    QVERIFY(!exportChart(*panel.densityChart(), dir.filePath(QStringLiteral("missing/dir/x.png"))).isEmpty());
}

QTEST_MAIN(TestUiStatistics)
#include "test_ui_statistics.moc"
