// The run monitor of the desktop app (issue "Training runs from the app", monitoring half): the
// runs table (QAbstractItemModelTester), a MaskScope run directory written here with NaN and inf
// rows and tailed while rows are appended, TensorBoard directories written by the independent
// tests/reference/tensorboard_events.py and by core's writer opened as directories, the chart
// adapter's data (min and max of every pixel column of a spiky 1 M-point series kept, non-finite
// points marked), the smoothing slider against core's smoothDebiasedEma, the filter and the
// pinned baseline, and the list of runs kept across a new RunMonitor (QSettings).
//
// Set MASKSCOPE_SCREENSHOT_DIR to also save screenshots of the runs panel and the chart panel.
#include "ui/qt_series_chart.h"
#include "ui/run_chart_panel.h"
#include "ui/run_monitor.h"
#include "ui/run_table_model.h"
#include "ui/runs_panel.h"
#include "ui/series_chart.h"

#include "core/metrics_log.h"
#include "core/series_downsampling.h"
#include "core/series_smoothing.h"
#include "core/tensorboard_events.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QSettings>
#include <QtCore/QSortFilterProxyModel>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QSlider>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>

#include <bit>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <random>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
const char* const kPython = "/usr/bin/python3";

bool sameBits(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void writeText(const QString& path, const std::string& text, bool append = false) {
    std::ofstream out(QFile::encodeName(path).toStdString(), std::ios::binary | (append ? std::ios::app : std::ios::trunc));
    out << text;
}

// A run.json as `maskscope-cli train` writes it, cut to the fields the monitor reads.
std::string manifestJson(int steps) {
    return R"({"format": "maskscope-run", "version": 1, "created": "2024-06-05T10:00:00Z",
  "config": {"preset": "tiny", "steps": )" +
           std::to_string(steps) + R"(,
    "masking": {"density": "rules-code", "mode": "complementary", "weighting": "binary", "w": 0.5,
                "t_min": 0.2, "t_max": 0.8, "processed": 1}}})";
}

// The trainer's row for `step`; `loss` may be NaN or inf.
std::string trainLine(std::int64_t step, double loss, double hubOffset = 0.5) {
    MetricsRow row;
    row.step = step;
    row.values = {{"loss", loss},
                  {"loss_hub", loss + hubOffset},
                  {"loss_nonhub", loss - 0.25},
                  {"loss_logical", loss + 0.1},
                  {"loss_syntactic", loss - 0.1},
                  {"lr", 3e-4 * std::min(1.0, static_cast<double>(step) / 4.0)},
                  {"grad_norm", 1.0 + 0.1 * static_cast<double>(step % 5)},
                  {"tokens", 4096.0 * static_cast<double>(step)},
                  {"tokens_per_s", 20000.0 + 10.0 * static_cast<double>(step)}};
    row.wallTime = 1717171700.0 + 2.0 * static_cast<double>(step);
    return formatMetricsLine(row) + "\n";
}

std::string evalLine(std::int64_t step, double loss) {
    MetricsRow row;
    row.step = step;
    row.eval = true;
    row.values = {{"loss", loss}};
    row.wallTime = 1717171701.0 + 2.0 * static_cast<double>(step);
    return formatMetricsLine(row) + "\n";
}

// A MaskScope run directory: run.json and metrics.jsonl with `losses` at steps 1, 2, ...
QString makeRun(const QString& parent, const QString& name, const std::vector<double>& losses, int steps = 10) {
    QDir(parent).mkpath(name);
    const QString dir = QDir(parent).filePath(name);
    writeText(dir + QStringLiteral("/run.json"), manifestJson(steps));
    std::string text;
    for (std::size_t i = 0; i < losses.size(); ++i) {
        text += trainLine(static_cast<std::int64_t>(i + 1), losses[i]);
        if ((i + 1) % 2 == 0) text += evalLine(static_cast<std::int64_t>(i + 1), losses[i] + 0.3);
    }
    writeText(dir + QStringLiteral("/metrics.jsonl"), text);
    return QDir::cleanPath(dir);
}

RunMonitor::Options testOptions(const QString& group = {}) {
    RunMonitor::Options options;
    options.intervalMs = 40;
    options.settingsGroup = group;
    return options;
}

// Waits until `path` has a snapshot read by the worker that satisfies `ready`.
template <typename Predicate>
bool waitForRun(const RunMonitor& monitor, const QString& path, Predicate ready, int timeoutMs = 10000) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        const RunSnapshotHandle run = monitor.snapshot(path);
        if (run && run->refreshed && ready(*run)) return true;
        QTest::qWait(10);
    }
    return false;
}

bool waitForRun(const RunMonitor& monitor, const QString& path) {
    return waitForRun(monitor, path, [](const RunSnapshot&) { return true; });
}

QString cell(const QAbstractItemModel& model, int row, int column) { return model.index(row, column).data().toString(); }

double reprNumber(const QJsonValue& value) {
    const std::string text = value.toString().toStdString();
    if (text == "nan") return kNaN;
    if (text == "inf") return kInf;
    if (text == "-inf") return -kInf;
    double parsed = 0.0;
    std::from_chars(text.data(), text.data() + text.size(), parsed);
    return parsed;
}

}  // namespace

class TestUiRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("MaskScopeTest"));
        QCoreApplication::setApplicationName(QStringLiteral("test_ui_runs"));
        QVERIFY(m_settings.isValid());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QSettings().clear();
    }

    void tableModelTester() {
        QTemporaryDir temp;
        const QString a = makeRun(temp.path(), QStringLiteral("run-a"), {3.0, 2.5, 2.0});
        const QString b = makeRun(temp.path(), QStringLiteral("run-b"), {4.0, kNaN});
        RunMonitor monitor(testOptions());
        RunTableModel model(monitor);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        monitor.addRun(a);
        monitor.open(b);
        QTRY_COMPARE(model.rowCount(), 2);
        QVERIFY(waitForRun(monitor, a));
        QVERIFY(waitForRun(monitor, b));
        QCOMPARE(model.columnCount(), int(RunTableModel::ColumnCount));
        for (int column = 0; column < model.columnCount(); ++column)
            QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
        writeText(b + QStringLiteral("/metrics.jsonl"), trainLine(3, 1.5), true);
        QVERIFY(waitForRun(monitor, b, [](const RunSnapshot& run) { return run.summary.step == 3; }));
        model.setNote(a, QStringLiteral("stopped by SIGTERM"));
        QVERIFY(model.setData(model.index(0, RunTableModel::Color), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!model.isShown(a));
        monitor.setBaseline(b);
        monitor.remove(a);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.pathAt(0), b);
        QVERIFY(model.index(0, 0).data(RunTableModel::BaselineRole).toBool());
    }

    void maskScopeRunSummaryAndTailing() {
        QTemporaryDir temp;
        const QString dir = makeRun(temp.path(), QStringLiteral("density-run"), {3.5, 3.0, kNaN, 2.25}, 10);
        RunMonitor monitor(testOptions());
        RunsPanel panel(monitor);
        QSignalSpy opened(&monitor, &RunMonitor::opened);
        panel.openRunDirectory(dir);
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.front().at(1).toStringList(), QStringList{dir});
        QVERIFY(waitForRun(monitor, dir));
        const QAbstractItemModel& table = *panel.filterModel();
        QCOMPARE(table.rowCount(), 1);
        QCOMPARE(panel.currentRun(), dir);  // the opened run becomes current
        QCOMPARE(cell(table, 0, RunTableModel::Name), QStringLiteral("density-run"));
        QCOMPARE(cell(table, 0, RunTableModel::Step), QStringLiteral("4 / 10"));
        QCOMPARE(cell(table, 0, RunTableModel::LastLoss), QStringLiteral("2.25"));
        QCOMPARE(cell(table, 0, RunTableModel::MinLoss), QStringLiteral("2.25"));
        QCOMPARE(cell(table, 0, RunTableModel::Tokens), RunTableModel::compactNumber(4 * 4096.0));
        QCOMPARE(cell(table, 0, RunTableModel::TokensPerSecond), RunTableModel::compactNumber(20040.0));
        QCOMPARE(cell(table, 0, RunTableModel::Policy),
                 QStringLiteral("complementary binary w=0.5 t=0.2-0.8 processed=1 density=rules-code"));
        QCOMPARE(cell(table, 0, RunTableModel::Status), RunTableModel::statusText(RunStatus::Running));  // just written
        const RunSnapshotHandle run = monitor.snapshot(dir);
        const RunSeriesSnapshot* loss = run->find("train/loss");
        QVERIFY(loss != nullptr);
        QCOMPARE(loss->size(), std::size_t(4));
        QVERIFY(std::isnan((*loss->y)[2]));  // kept, not dropped
        QCOMPARE((*loss->xOn(SeriesAxis::Tokens))[3], 4 * 4096.0);
        QCOMPARE((*loss->xOn(SeriesAxis::RelativeTime))[1], 2.0);
        QVERIFY(run->find("eval/loss") != nullptr);

        // Tailing: rows appended by a "trainer" appear in the table without any action.
        writeText(dir + QStringLiteral("/metrics.jsonl"), trainLine(5, 1.75) + trainLine(6, kInf), true);
        QTRY_COMPARE_WITH_TIMEOUT(cell(table, 0, RunTableModel::Step), QStringLiteral("6 / 10"), 10000);
        QCOMPARE(cell(table, 0, RunTableModel::LastLoss), QStringLiteral("inf"));
        QCOMPARE(cell(table, 0, RunTableModel::MinLoss), QStringLiteral("1.75"));
        QCOMPARE(monitor.snapshot(dir)->find("train/loss")->size(), std::size_t(6));

        // A malformed line is a warning, the rest is still read.
        writeText(dir + QStringLiteral("/metrics.jsonl"), "{not json\n" + trainLine(7, 1.5), true);
        QVERIFY(waitForRun(monitor, dir, [](const RunSnapshot& r) { return r.summary.step == 7 && !r.warnings.isEmpty(); }));
        QVERIFY(table.index(0, RunTableModel::Status).data(Qt::ToolTipRole).toString().contains(QStringLiteral("metrics.jsonl:9")));

        // A run whose trainer is gone past the active window: stopped (short of its 10 steps).
        RunMonitor::Options quiet = testOptions();
        quiet.runOptions.activeWindowSeconds = 0.0;
        RunMonitor later(quiet);
        later.addRun(dir);
        QVERIFY(waitForRun(later, dir));
        QCOMPARE(later.snapshot(dir)->status, RunStatus::Stopped);
    }

    void tensorBoardDirectoriesFromBothWriters() {
        if (!QFileInfo::exists(QString::fromLatin1(kPython))) QSKIP("python3 is not installed");
        QTemporaryDir temp;
        QDir root(temp.path());
        root.mkpath(QStringLiteral("logs/python-writer"));
        root.mkpath(QStringLiteral("logs/core-writer"));
        const QString pythonDir = QDir::cleanPath(root.filePath(QStringLiteral("logs/python-writer")));
        const QString coreDir = QDir::cleanPath(root.filePath(QStringLiteral("logs/core-writer")));
        QProcess python;
        python.start(QString::fromLatin1(kPython),
                     {QStringLiteral(MASKSCOPE_SOURCE_DIR "/tests/reference/tensorboard_events.py"), QStringLiteral("write"),
                      pythonDir + QStringLiteral("/events.out.tfevents.1700000000.reference.1")});
        QVERIFY(python.waitForFinished(20000));
        QCOMPARE(python.exitCode(), 0);
        // The same scalars through core's writer (floats, as every PyTorch run stores them).
        std::map<std::string, ScalarSeries> expected;
        {
            TensorBoardWriter writer(coreDir.toStdString());
            for (const QByteArray& line : python.readAllStandardOutput().split('\n')) {
                if (line.trimmed().isEmpty()) continue;
                const QJsonObject object = QJsonDocument::fromJson(line).object();
                const std::string tag = object.value(QStringLiteral("tag")).toString().toStdString();
                const auto step = static_cast<std::int64_t>(object.value(QStringLiteral("step")).toInteger());
                const double wall = reprNumber(object.value(QStringLiteral("wall_time")));
                const double value = reprNumber(object.value(QStringLiteral("value")));
                writer.addScalar(tag, step, value, wall);
                ScalarSeries& series = expected[tag];
                series.steps.push_back(step);
                series.wallTimes.push_back(wall);
                series.values.push_back(value);
            }
            writer.flush();
        }

        RunMonitor monitor(testOptions());
        QSignalSpy opened(&monitor, &RunMonitor::opened);
        monitor.open(root.filePath(QStringLiteral("logs")));  // a directory of runs
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.front().at(1).toStringList(), (QStringList{coreDir, pythonDir}));
        QVERIFY(waitForRun(monitor, pythonDir));
        QVERIFY(waitForRun(monitor, coreDir));
        const RunSnapshotHandle fromPython = monitor.snapshot(pythonDir);
        const RunSnapshotHandle fromCore = monitor.snapshot(coreDir);
        QCOMPARE(fromPython->kind, RunKind::TensorBoard);
        QCOMPARE(fromCore->kind, RunKind::TensorBoard);
        QCOMPARE(fromPython->series->size(), expected.size());
        QCOMPARE(fromCore->series->size(), expected.size());
        for (const auto& [tag, want] : expected) {
            const RunSeriesSnapshot* a = fromPython->find(tag);
            const RunSeriesSnapshot* b = fromCore->find(tag);
            QVERIFY2(a != nullptr && b != nullptr, tag.c_str());
            QCOMPARE(a->size(), want.size());
            QCOMPARE(b->size(), want.size());
            for (std::size_t i = 0; i < want.size(); ++i) {
                QCOMPARE((*a->xOn(SeriesAxis::Step))[i], static_cast<double>(want.steps[i]));
                QCOMPARE((*b->xOn(SeriesAxis::Step))[i], static_cast<double>(want.steps[i]));
                QVERIFY(sameBits((*a->xOn(SeriesAxis::WallTime))[i], (*b->xOn(SeriesAxis::WallTime))[i]));
                QVERIFY2(sameBits((*a->y)[i], want.values[i]), tag.c_str());
                // core's writer stores floats: equal wherever the reference stored a float too.
                QVERIFY2(sameBits((*b->y)[i], static_cast<double>(static_cast<float>(want.values[i]))), tag.c_str());
            }
        }
        QCOMPARE(fromPython->summary.step, std::optional<std::int64_t>(40));
        QCOMPARE(fromCore->summary.lastLoss, std::optional<double>(1.0));

        // Both in the chart: the loss lines are the same.
        RunChartPanel chart(monitor);
        chart.setSmoothing(0.0);
        chart.setVisibleRuns({pythonDir, coreDir});
        QCOMPARE(chart.lines().size(), std::size_t(2));
        QCOMPARE(*chart.lines()[0].y, *chart.lines()[1].y);
    }

    void chartKeepsColumnExtremesAndMarksNonFinite() {
        // A spiky 1 M-point series: noise, rare spikes up and down, a few non-finite values.
        const std::size_t n = 1000000;
        auto x = std::make_shared<std::vector<double>>(n);
        auto y = std::make_shared<std::vector<double>>(n);
        std::mt19937_64 random(7);
        std::normal_distribution<double> noise(0.0, 0.1);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (std::size_t i = 0; i < n; ++i) {
            (*x)[i] = static_cast<double>(i);
            (*y)[i] = 3.0 * std::exp(-static_cast<double>(i) / 3e5) + 1.0 + noise(random);
            if (unit(random) < 2e-5) (*y)[i] += unit(random) < 0.5 ? 25.0 : -5.0;
        }
        const std::vector<std::size_t> nanAt = {1000, 400000, 700001};
        const std::vector<std::size_t> infAt = {250000, 900000};
        const std::size_t negInfAt = 600000;
        for (const std::size_t i : nanAt) (*y)[i] = kNaN;
        for (const std::size_t i : infAt) (*y)[i] = kInf;
        (*y)[negInfAt] = -kInf;

        QtSeriesChart chart;
        chart.resize(1000, 600);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        ChartLine line;
        line.name = QStringLiteral("spiky");
        line.color = RunMonitor::paletteColor(0);
        line.x = x;
        line.y = y;
        chart.setLines({line});
        QTRY_VERIFY(chart.plotColumns() > 500);
        chart.redraw();

        const auto check = [&](double low, double high) {
            const std::vector<DrawnLine> drawn = chart.drawnLines();
            QCOMPARE(drawn.size(), std::size_t(1));
            const std::size_t columns = chart.plotColumns();
            QCOMPARE(chart.xMin(), low);
            QCOMPARE(chart.xMax(), high);
            QVERIFY(drawn[0].points.size() <= 3 * columns + 2);
            // Every column's lowest and highest finite point is among the drawn points.
            const ColumnMapping columnOf(low, high, columns);
            std::vector<double> lowest(columns, kInf), highest(columns, -kInf);
            for (std::size_t i = 0; i < n; ++i) {
                const double xi = (*x)[i], yi = (*y)[i];
                if (xi < low || xi > high || !std::isfinite(yi)) continue;
                const std::size_t c = columnOf(xi);
                lowest[c] = std::min(lowest[c], yi);
                highest[c] = std::max(highest[c], yi);
            }
            std::vector<double> drawnLow(columns, kInf), drawnHigh(columns, -kInf);
            for (const DrawnLine::Point& p : drawn[0].points) {
                if (p.x < low || p.x > high) continue;
                const std::size_t c = columnOf(p.x);
                drawnLow[c] = std::min(drawnLow[c], p.y);
                drawnHigh[c] = std::max(drawnHigh[c], p.y);
            }
            for (std::size_t c = 0; c < columns; ++c) {
                QVERIFY2(sameBits(drawnLow[c], lowest[c]), qPrintable(QStringLiteral("column %1 min").arg(c)));
                QVERIFY2(sameBits(drawnHigh[c], highest[c]), qPrintable(QStringLiteral("column %1 max").arg(c)));
            }
        };
        check(0.0, static_cast<double>(n - 1));
        const std::vector<DrawnLine> full = chart.drawnLines();
        QCOMPARE(full[0].nanCount, nanAt.size());
        QCOMPARE(full[0].positiveInfinityCount, infAt.size());
        QCOMPARE(full[0].negativeInfinityCount, std::size_t(1));
        QCOMPARE(full[0].markers.size(), nanAt.size() + infAt.size() + 1);  // far apart: one marker each
        for (const DrawnLine::Marker& marker : full[0].markers) {
            const auto index = static_cast<std::size_t>(marker.x);
            QCOMPARE(marker.count, std::size_t(1));
            switch (marker.kind) {
            case MarkerKind::NaN: QVERIFY(std::count(nanAt.begin(), nanAt.end(), index) == 1); break;
            case MarkerKind::PositiveInfinity: QVERIFY(std::count(infAt.begin(), infAt.end(), index) == 1); break;
            case MarkerKind::NegativeInfinity: QCOMPARE(index, negInfAt); break;
            case MarkerKind::NonPositive: QFAIL("no log axis"); break;
            }
        }

        // Zoomed: reduced again for the new range, spikes still kept.
        chart.zoomX(350000.0, 450000.0);
        check(350000.0, 450000.0);
        QCOMPARE(chart.drawnLines()[0].nanCount, std::size_t(1));
        chart.resetZoom();
        QVERIFY(!chart.isZoomed());

        // A log axis has no place for values <= 0: they are marked, not dropped.
        chart.setLogY(true);
        chart.redraw();
        const std::size_t nonPositive = static_cast<std::size_t>(
            std::count_if(y->begin(), y->end(), [](double v) { return std::isfinite(v) && v <= 0.0; }));
        QVERIFY(nonPositive > 0);
        QCOMPARE(chart.drawnLines()[0].nonPositiveCount, nonPositive);
        const std::vector<DrawnLine> logDrawn = chart.drawnLines();
        for (const DrawnLine::Point& p : logDrawn[0].points) QVERIFY(p.y > 0.0);

        // Export through the adapter.
        QTemporaryDir temp;
        QCOMPARE(chart.exportTo(temp.filePath(QStringLiteral("chart.png"))), QString());
        QCOMPARE(chart.exportTo(temp.filePath(QStringLiteral("chart.svg"))), QString());
        QVERIFY(QFileInfo(temp.filePath(QStringLiteral("chart.svg"))).size() > 0);
    }

    void runChartMarksNonFiniteRows() {
        QTemporaryDir temp;
        const QString dir = makeRun(temp.path(), QStringLiteral("diverging"), {3.0, kNaN, 2.5, kInf, 2.0, -kInf, 1.8, kNaN});
        RunMonitor monitor(testOptions());
        monitor.addRun(dir);
        QVERIFY(waitForRun(monitor, dir, [](const RunSnapshot& r) { return r.summary.step == 8; }));
        RunChartPanel panel(monitor);
        panel.resize(900, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setVisibleRuns({dir});
        panel.setSmoothing(0.0);
        const std::vector<DrawnLine> drawn = panel.chart().drawnLines();
        QCOMPARE(drawn.size(), std::size_t(1));
        QCOMPARE(drawn[0].nanCount, std::size_t(2));
        QCOMPARE(drawn[0].positiveInfinityCount, std::size_t(1));
        QCOMPARE(drawn[0].negativeInfinityCount, std::size_t(1));
        QCOMPARE(drawn[0].markers.size(), std::size_t(4));
        QCOMPARE(drawn[0].points.size(), std::size_t(4));  // the finite points
        // Smoothed, the markers stay on the smoothed line (non-finite values pass through the EMA)
        // and the faint raw line marks nothing twice.
        panel.setSmoothing(0.6);
        const std::vector<DrawnLine> smoothed = panel.chart().drawnLines();
        QCOMPARE(smoothed.size(), std::size_t(2));
        QCOMPARE(smoothed[0].markers.size(), std::size_t(0));
        QCOMPARE(smoothed[1].nanCount + smoothed[1].positiveInfinityCount + smoothed[1].negativeInfinityCount, std::size_t(4));
        // The stratified metric: hub and non-hub lines of the run.
        panel.setMetric(RunChartPanel::Metric::LossHubVsNonHub);
        QCOMPARE(panel.lines().size(), std::size_t(4));
        QCOMPARE(panel.lines()[3].style, ChartLineStyle::Dashed);
        QVERIFY(panel.lines()[3].name.contains(QStringLiteral("non-hub")));
        // Tokens on the x axis: the run's token counts.
        panel.setXAxis(SeriesAxis::Tokens);
        QCOMPARE(panel.lines()[2].x->back(), 8 * 4096.0);
        panel.setXAxis(SeriesAxis::WallTime);
        QCOMPARE(panel.lines()[2].x->front(), 1717171702.0);
        QCOMPARE(panel.chart().xMin(), 1717171702.0);
    }

    void smoothingSliderMatchesCore() {
        QTemporaryDir temp;
        std::vector<double> losses;
        std::mt19937_64 random(3);
        std::normal_distribution<double> noise(0.0, 0.2);
        for (int i = 0; i < 500; ++i) losses.push_back(3.0 * std::exp(-i / 150.0) + 1.0 + noise(random));
        losses[100] = kNaN;
        losses[200] = kInf;
        const QString dir = makeRun(temp.path(), QStringLiteral("smooth"), losses, 500);
        RunMonitor monitor(testOptions());
        monitor.addRun(dir);
        QVERIFY(waitForRun(monitor, dir, [](const RunSnapshot& r) { return r.summary.step == 500; }));
        RunChartPanel panel(monitor);
        panel.setVisibleRuns({dir});
        QCOMPARE(panel.smoothing(), RunChartPanel::kDefaultSmoothing);
        auto* slider = panel.findChild<QSlider*>(QStringLiteral("runSmoothing"));
        QVERIFY(slider != nullptr);
        const std::vector<double>& raw = *monitor.snapshot(dir)->find("train/loss")->y;
        for (const int value : {600, 850, 999, 1}) {
            slider->setValue(value);
            const double weight = value / 1000.0;
            QCOMPARE(panel.smoothing(), weight);
            QCOMPARE(panel.lines().size(), std::size_t(2));
            const ChartLine& faint = panel.lines()[0];
            const ChartLine& smooth = panel.lines()[1];
            QVERIFY(!faint.inLegend);
            QVERIFY(faint.color.alpha() < 255);
            QCOMPARE(faint.y->size(), raw.size());  // the raw series, drawn faintly behind
            for (std::size_t i = 0; i < raw.size(); ++i) QVERIFY(sameBits((*faint.y)[i], raw[i]));
            const std::vector<double> want = smoothDebiasedEma(raw, weight);
            QCOMPARE(smooth.y->size(), want.size());
            for (std::size_t i = 0; i < want.size(); ++i) QVERIFY(sameBits((*smooth.y)[i], want[i]));
        }
        slider->setValue(0);
        QCOMPARE(panel.lines().size(), std::size_t(1));
        QCOMPARE(panel.lines()[0].y.get(), &raw);  // unsmoothed: the snapshot's own values
    }

    void filterAndBaseline() {
        QTemporaryDir temp;
        const QString alpha1 = makeRun(temp.path(), QStringLiteral("alpha-1"), {3.0, 2.0});
        const QString alpha2 = makeRun(temp.path(), QStringLiteral("alpha-2"), {3.0, 2.5});
        const QString beta = makeRun(temp.path(), QStringLiteral("beta"), {3.0, 1.5});
        RunMonitor monitor(testOptions());
        RunsPanel panel(monitor);
        RunChartPanel chart(monitor);
        connect(&panel, &RunsPanel::visibleRunsChanged, &chart, &RunChartPanel::setVisibleRuns);
        QSignalSpy opened(&monitor, &RunMonitor::opened);
        panel.openRunDirectory(temp.path());
        QTRY_COMPARE(opened.count(), 1);
        for (const QString& path : {alpha1, alpha2, beta}) QVERIFY(waitForRun(monitor, path));
        QCOMPARE(panel.visibleRuns(), (QStringList{alpha1, alpha2, beta}));
        QCOMPARE(chart.visibleRuns(), panel.visibleRuns());
        // Distinct colours from the palette.
        QCOMPARE(monitor.color(alpha1), RunMonitor::paletteColor(0));
        QCOMPARE(monitor.color(alpha2), RunMonitor::paletteColor(1));
        QCOMPARE(monitor.color(beta), RunMonitor::paletteColor(2));

        QSortFilterProxyModel& table = *panel.filterModel();
        panel.setFilterText(QStringLiteral("ALPHA"));
        QCOMPARE(table.rowCount(), 2);
        QCOMPARE(panel.visibleRuns(), (QStringList{alpha1, alpha2}));
        QCOMPARE(chart.lines().size(), std::size_t(4));  // raw + smoothed per run
        panel.setFilterText(QStringLiteral("-2$"));
        QCOMPARE(panel.visibleRuns(), QStringList{alpha2});
        panel.setFilterText(QStringLiteral("alpha-("));  // not a regular expression: plain text
        QCOMPARE(table.rowCount(), 0);
        panel.setFilterText(QStringLiteral("alpha"));

        // Pin beta: it stays listed through the filter, first in either sort order, drawn on top.
        panel.setFilterText(QString());
        panel.setCurrentRun(beta);
        QCOMPARE(panel.currentRun(), beta);
        panel.toggleBaseline();
        QCOMPARE(monitor.baseline(), beta);
        panel.setFilterText(QStringLiteral("alpha"));
        QCOMPARE(table.rowCount(), 3);
        QCOMPARE(table.index(0, 0).data(RunTableModel::PathRole).toString(), beta);
        QVERIFY(cell(table, 0, RunTableModel::Name).contains(QStringLiteral("baseline")));
        panel.tableView()->sortByColumn(RunTableModel::MinLoss, Qt::DescendingOrder);
        QCOMPARE(table.index(0, 0).data(RunTableModel::PathRole).toString(), beta);
        QCOMPARE(table.index(1, 0).data(RunTableModel::PathRole).toString(), alpha2);
        panel.tableView()->sortByColumn(RunTableModel::MinLoss, Qt::AscendingOrder);
        QCOMPARE(table.index(0, 0).data(RunTableModel::PathRole).toString(), beta);
        QCOMPARE(table.index(1, 0).data(RunTableModel::PathRole).toString(), alpha1);
        QTRY_VERIFY(chart.lines().size() == 6);
        chart.rebuild();
        const ChartLine& top = chart.lines().back();
        QVERIFY(top.name.contains(QStringLiteral("beta")));
        QVERIFY(top.width > chart.lines()[3].width);
        QVERIFY(table.index(1, RunTableModel::MinLoss).data(Qt::ToolTipRole).toString().contains(QStringLiteral("baseline")));

        // Unchecking a run takes it out of the chart.
        QVERIFY(table.setData(table.index(1, RunTableModel::Color), Qt::Unchecked, Qt::CheckStateRole));
        QCOMPARE(panel.visibleRuns().size(), 2);
        QTRY_COMPARE(chart.lines().size(), std::size_t(4));
        // Unpinning.
        panel.toggleBaseline();
        QCOMPARE(monitor.baseline(), QString());
    }

    void actionsSignalsAndNotes() {
        QTemporaryDir temp;
        const QString dir = makeRun(temp.path(), QStringLiteral("stopped-run"), {3.0, 2.0});
        RunMonitor::Options options = testOptions();
        options.runOptions.activeWindowSeconds = 0.0;
        RunMonitor monitor(options);
        RunsPanel panel(monitor);
        monitor.addRun(dir);
        QVERIFY(waitForRun(monitor, dir));
        panel.setCurrentRun(dir);
        const auto action = [&](const QString& text) -> QAction* {
            for (QAction* a : panel.findChildren<QAction*>())
                if (a->text() == text) return a;
            return nullptr;
        };
        QAction* stop = action(RunsPanel::tr("Stop"));
        QAction* resume = action(RunsPanel::tr("Resume\u2026"));
        QAction* clone = action(RunsPanel::tr("Clone and Edit\u2026"));
        QAction* newRun = action(RunsPanel::tr("New Run\u2026"));
        QVERIFY(stop && resume && clone && newRun);
        QTRY_VERIFY(resume->isEnabled());  // stopped short of its steps
        QVERIFY(!stop->isEnabled());
        QSignalSpy resumed(&panel, &RunsPanel::resumeRequested);
        QSignalSpy cloned(&panel, &RunsPanel::cloneRequested);
        QSignalSpy created(&panel, &RunsPanel::newRunRequested);
        resume->trigger();
        clone->trigger();
        newRun->trigger();
        QCOMPARE(resumed.count(), 1);
        QCOMPARE(resumed.front().front().toString(), dir);
        QCOMPARE(cloned.front().front().toString(), dir);
        QCOMPARE(created.count(), 1);

        // The launcher's exit information replaces the status text while the run is not running.
        const QAbstractItemModel& table = *panel.filterModel();
        QCOMPARE(cell(table, 0, RunTableModel::Status), RunTableModel::statusText(RunStatus::Stopped));
        panel.setRunNote(dir, QStringLiteral("failed (exit code 1): cannot open corpus"));
        QCOMPARE(cell(table, 0, RunTableModel::Status), QStringLiteral("failed (exit code 1): cannot open corpus"));
        panel.setRunNote(dir, QString());
        QCOMPARE(cell(table, 0, RunTableModel::Status), RunTableModel::statusText(RunStatus::Stopped));

        // A directory without runs: a message, no run.
        QSignalSpy failed(&monitor, &RunMonitor::openFailed);
        QDir(temp.path()).mkpath(QStringLiteral("empty"));
        panel.openRunDirectory(temp.filePath(QStringLiteral("empty")));
        QTRY_VERIFY(!failed.isEmpty());
        QTRY_VERIFY(!panel.message().isEmpty());

        // Remove from list.
        panel.setCurrentRun(dir);
        QSignalSpy current(&panel, &RunsPanel::currentRunChanged);
        panel.removeCurrentRun();
        QVERIFY(!monitor.contains(dir));
        QCOMPARE(table.rowCount(), monitor.runs().size());
    }

    void runListPersists() {
        QTemporaryDir temp;
        const QString a = makeRun(temp.path(), QStringLiteral("kept-a"), {3.0, 2.0});
        const QString b = makeRun(temp.path(), QStringLiteral("kept-b"), {3.0, 2.5, 2.25});
        const QString c = makeRun(temp.path(), QStringLiteral("dropped"), {3.0});
        const QString group = QStringLiteral("runMonitorPersistTest");
        QSettings().remove(group);
        int colorB = -1;
        {
            RunMonitor monitor(testOptions(group));
            monitor.addRun(c);
            monitor.addRun(a);
            monitor.open(b);
            QTRY_VERIFY(monitor.contains(b));
            monitor.remove(c);  // b keeps its colour (2), a its own (1)
            monitor.setBaseline(b);
            colorB = monitor.colorIndex(b);
        }
        RunMonitor again(testOptions(group));
        QCOMPARE(again.runs(), (QStringList{a, b}));
        QCOMPARE(again.baseline(), b);
        QCOMPARE(again.colorIndex(b), colorB);
        QCOMPARE(again.colorIndex(a), 1);
        QVERIFY(waitForRun(again, b, [](const RunSnapshot& r) { return r.summary.step == 3; }));
        // A tracked run whose directory went away stays listed, with the reason.
        QVERIFY(QDir(a).removeRecursively());
        QVERIFY(waitForRun(again, a, [](const RunSnapshot& r) { return !r.error.isEmpty(); }));
        RunTableModel model(again);
        QVERIFY(cell(model, 0, RunTableModel::Status).contains(QStringLiteral("gone")));
        // Without a settings group nothing is stored.
        RunMonitor scratch(testOptions());
        QVERIFY(scratch.runs().isEmpty());
    }

    void screenshots() {
        const QString out = qEnvironmentVariable("MASKSCOPE_SCREENSHOT_DIR");
        if (out.isEmpty()) QSKIP("set MASKSCOPE_SCREENSHOT_DIR to save screenshots");
        QTemporaryDir temp;
        std::vector<double> a, b;
        std::mt19937_64 random(11);
        std::normal_distribution<double> noise(0.0, 0.12);
        for (int i = 0; i < 3000; ++i) {
            a.push_back(4.0 * std::exp(-i / 700.0) + 1.3 + noise(random));
            b.push_back(4.2 * std::exp(-i / 500.0) + 1.1 + noise(random));
        }
        a[1500] += 6.0;
        b[2200] = kNaN;
        b[2600] = kInf;
        const QString runA = makeRun(temp.path(), QStringLiteral("uniform-baseline"), a, 5000);
        const QString runB = makeRun(temp.path(), QStringLiteral("density-rules-code"), b, 3000);
        RunMonitor monitor(testOptions());
        QSplitter window(Qt::Vertical);
        auto* runs = new RunsPanel(monitor, &window);
        auto* charts = new RunChartPanel(monitor, &window);
        connect(runs, &RunsPanel::visibleRunsChanged, charts, &RunChartPanel::setVisibleRuns);
        window.resize(1200, 820);
        window.setSizes({260, 560});
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        runs->openRunDirectory(temp.path());
        QTRY_COMPARE(monitor.runs().size(), 2);
        QVERIFY(waitForRun(monitor, runA));
        QVERIFY(waitForRun(monitor, runB));
        runs->setCurrentRun(runA);
        runs->toggleBaseline();
        runs->setRunNote(runB, QStringLiteral("stopped by SIGTERM (exit code 143)"));
        QTest::qWait(200);
        QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("runs_loss.png"))));
        charts->setMetric(RunChartPanel::Metric::LossHubVsNonHub);
        charts->setLogScale(true);
        QTest::qWait(100);
        QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("runs_hub_log.png"))));
        charts->setLogScale(false);
        charts->setMetric(RunChartPanel::Metric::TokensPerSecond);
        charts->setXAxis(SeriesAxis::Tokens);
        QTest::qWait(100);
        QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("runs_tokens_per_s.png"))));
        charts->setMetric(RunChartPanel::Metric::LearningRate);
        charts->setXAxis(SeriesAxis::WallTime);
        QTest::qWait(100);
        QVERIFY(window.grab().save(QDir(out).filePath(QStringLiteral("runs_lr_walltime.png"))));
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestUiRuns)
#include "test_ui_runs.moc"
