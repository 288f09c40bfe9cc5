// Runs for the run monitor (core/run_catalog.h): a MaskScope run directory written with the
// project's own writers (MetricsLogWriter, TensorBoardWriter), a TensorBoard log directory written
// by the independent tests/reference/tensorboard_events.py, a bare JSONL file; discovery, tailing
// of growing files, replaced metrics files, resumed (repeated) steps, status and the table figures.
#include "core/error.h"
#include "core/metrics_log.h"
#include "core/run_catalog.h"
#include "core/tensorboard_events.h"

#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <bit>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <sys/wait.h>
#include <unistd.h>

using namespace maskscope;
namespace fs = std::filesystem;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kPython = "/usr/bin/python3";

void writeText(const fs::path& path, const std::string& text, bool append = false) {
    std::ofstream out(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
    out << text;
}

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// A run.json as `maskscope-cli train` writes it, cut to the fields the catalog reads.
std::string manifestJson(int steps) {
    return R"({"format": "maskscope-run", "version": 1, "created": "2024-06-05T10:00:00Z",
  "config": {"preset": "tiny", "steps": )" +
           std::to_string(steps) + R"(,
    "masking": {"density": "rules-code", "mode": "complementary", "weighting": "binary", "w": 0.5,
                "t_min": 0.2, "t_max": 0.8, "processed": 1}}})";
}

MetricsRow trainRow(std::int64_t step, double loss) {
    MetricsRow row;
    row.step = step;
    row.values = {{"loss", loss}, {"loss_hub", loss + 0.5}, {"tokens", 1000.0 * static_cast<double>(step)},
                  {"tokens_per_s", 5000.0 + static_cast<double>(step)}};
    row.wallTime = 1717171700.0 + static_cast<double>(step);
    return row;
}

MetricsRow evalRow(std::int64_t step, double loss) {
    MetricsRow row;
    row.step = step;
    row.eval = true;
    row.values = {{"loss", loss}, {"tokens", 77.0}};  // tokens of the held-out set, not an x value
    row.wallTime = 1717171700.5 + static_cast<double>(step);
    return row;
}

bool sameBits(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

double reprNumber(const QJsonValue& value) {
    const std::string text = value.toString().toStdString();
    if (text == "nan") return kNaN;
    if (text == "inf") return std::numeric_limits<double>::infinity();
    if (text == "-inf") return -std::numeric_limits<double>::infinity();
    double parsed = 0.0;
    std::from_chars(text.data(), text.data() + text.size(), parsed);
    return parsed;
}

// Series by tag from the reference script's output lines.
std::map<std::string, ScalarSeries> seriesFromReference(const QByteArray& output) {
    std::map<std::string, ScalarSeries> series;
    for (const QByteArray& line : output.split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        ScalarSeries& s = series[object.value(QStringLiteral("tag")).toString().toStdString()];
        s.steps.push_back(object.value(QStringLiteral("step")).toInteger());
        s.wallTimes.push_back(reprNumber(object.value(QStringLiteral("wall_time"))));
        s.values.push_back(reprNumber(object.value(QStringLiteral("value"))));
    }
    return series;
}

std::string compareSeries(const ScalarSeries& actual, const ScalarSeries& expected) {
    if (actual.steps != expected.steps) return "steps differ";
    for (std::size_t i = 0; i < actual.size(); ++i) {
        if (!sameBits(actual.values[i], expected.values[i])) return "value " + std::to_string(i) + " differs";
        if (!sameBits(actual.wallTimes[i], expected.wallTimes[i])) return "wall time " + std::to_string(i) + " differs";
    }
    return {};
}

}  // namespace

class TestRunCatalog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void maskScopeRunDirectory() {
        QTemporaryDir temp;
        const fs::path dir = fs::path(temp.path().toStdString()) / "run-a";
        fs::create_directories(dir);
        writeText(dir / "run.json", manifestJson(6));
        MetricsLogWriter metrics((dir / "metrics.jsonl").string());
        TensorBoardWriter events(dir.string());
        for (int step = 1; step <= 3; ++step) {
            metrics.append(trainRow(step, 4.0 - step));
            events.addScalar("train/loss", step, 99.0, 1717171700.0 + step);  // duplicates metrics: skipped
        }
        metrics.append(evalRow(2, 3.5));
        events.addScalar("probe/attention_to_hubs", 2, 0.25, 1717171702.0);
        events.flush();

        const std::optional<RunLocation> location = classifyRunPath(dir.string());
        QVERIFY(location.has_value());
        QCOMPARE(location->kind, RunKind::MaskScope);
        Run run(*location);
        bool changed = false;
        QVERIFY(run.refresh(&changed).empty());
        QVERIFY(changed);
        QCOMPARE(run.name(), std::string("run-a"));
        QCOMPARE(run.manifest().targetSteps, std::optional<std::int64_t>(6));
        QCOMPARE(run.manifest().preset, std::string("tiny"));
        QCOMPARE(run.manifest().policy,
                 std::string("complementary binary w=0.5 t=0.2-0.8 processed=1 density=rules-code"));
        QCOMPARE(run.keys(), (std::vector<std::string>{"eval/loss", "eval/tokens", "probe/attention_to_hubs",
                                                       "train/loss", "train/loss_hub", "train/tokens",
                                                       "train/tokens_per_s"}));
        const ScalarSeries* loss = run.series("train/loss");
        QVERIFY(loss != nullptr);
        QCOMPARE(loss->steps, (std::vector<std::int64_t>{1, 2, 3}));
        QCOMPARE(loss->values, (std::vector<double>{3.0, 2.0, 1.0}));
        QCOMPARE(run.series("probe/attention_to_hubs")->values, std::vector<double>{0.25});

        // x axes: the eval point at step 2 sits at the training tokens of step 2, not its own.
        QCOMPARE(run.xValues("eval/loss", SeriesAxis::Tokens), std::vector<double>{2000.0});
        QCOMPARE(run.xValues("train/loss", SeriesAxis::Step), (std::vector<double>{1, 2, 3}));
        QCOMPARE(run.xValues("train/loss", SeriesAxis::RelativeTime), (std::vector<double>{0, 1, 2}));
        QVERIFY(run.xValues("missing", SeriesAxis::Step).empty());

        RunSummary summary = run.summary();
        QCOMPARE(summary.step, std::optional<std::int64_t>(3));
        QCOMPARE(summary.lastLoss, std::optional<double>(1.0));
        QCOMPARE(summary.minLoss, std::optional<double>(1.0));
        QCOMPARE(summary.tokens, std::optional<double>(3000.0));
        QCOMPARE(summary.tokensPerSecond, std::optional<double>(5003.0));

        // Just written: running; quiet for longer than the window: stopped short of 6 steps.
        QCOMPARE(run.status(run.lastModified() + 1.0), RunStatus::Running);
        QCOMPARE(run.status(run.lastModified() + 3600.0), RunStatus::Stopped);

        // Nothing new: nothing changes.
        QVERIFY(run.refresh(&changed).empty());
        QVERIFY(!changed);

        // The run goes on, with a diverged step: NaN is kept, and the minimum stays finite.
        metrics.append(trainRow(4, kNaN));
        metrics.append(trainRow(5, 0.5));
        metrics.append(trainRow(6, 0.75));
        run.refresh(&changed);
        QVERIFY(changed);
        QCOMPARE(run.series("train/loss")->size(), std::size_t{6});
        QVERIFY(std::isnan(run.series("train/loss")->values[3]));
        summary = run.summary();
        QCOMPARE(summary.minLoss, std::optional<double>(0.5));
        QCOMPARE(summary.lastLoss, std::optional<double>(0.75));
        QCOMPARE(run.status(run.lastModified() + 3600.0), RunStatus::Finished);
    }

    void tailsAnUnfinishedLine() {
        QTemporaryDir temp;
        const fs::path file = fs::path(temp.path().toStdString()) / "other.jsonl";
        writeText(file, formatMetricsLine(trainRow(1, 2.0)) + "\n");
        const std::string second = formatMetricsLine(trainRow(2, 1.5)) + "\n";
        writeText(file, second.substr(0, 20), true);
        const std::optional<RunLocation> location = classifyRunPath(file.string());
        QVERIFY(location.has_value());
        QCOMPARE(location->kind, RunKind::MetricsJsonl);
        Run run(*location);
        run.refresh();
        QCOMPARE(run.name(), std::string("other.jsonl"));
        QCOMPARE(run.series("train/loss")->size(), std::size_t{1});
        writeText(file, second.substr(20), true);
        run.refresh();
        QCOMPARE(run.series("train/loss")->values, (std::vector<double>{2.0, 1.5}));
        // A JSONL file of another tool has no step count: idle when quiet.
        QCOMPARE(run.status(run.lastModified() + 3600.0), RunStatus::Idle);
    }

    void rereadsAReplacedMetricsFile() {
        // A resumed run rewrites metrics.jsonl without the steps it repeats (atomic rename), then
        // appends the repeated steps anew.
        QTemporaryDir temp;
        const fs::path dir(temp.path().toStdString());
        writeText(dir / "run.json", manifestJson(10));
        {
            MetricsLogWriter metrics((dir / "metrics.jsonl").string());
            for (int step = 1; step <= 5; ++step) metrics.append(trainRow(step, 10.0 - step));
        }
        Run run(RunLocation{dir.string(), RunKind::MaskScope});
        run.refresh();
        QCOMPARE(run.series("train/loss")->size(), std::size_t{5});

        std::string kept;
        for (int step = 1; step <= 3; ++step) kept += formatMetricsLine(trainRow(step, 10.0 - step)) + "\n";
        writeText(dir / "metrics.jsonl.tmp", kept);
        fs::rename(dir / "metrics.jsonl.tmp", dir / "metrics.jsonl");
        {
            MetricsLogWriter metrics((dir / "metrics.jsonl").string());
            metrics.append(trainRow(4, 0.125));
        }
        bool changed = false;
        run.refresh(&changed);
        QVERIFY(changed);
        QCOMPARE(run.series("train/loss")->steps, (std::vector<std::int64_t>{1, 2, 3, 4}));
        QCOMPARE(run.series("train/loss")->values.back(), 0.125);

        // Shortened in place (not renamed): read again from the start as well.
        writeText(dir / "metrics.jsonl", formatMetricsLine(trainRow(1, 7.0)) + "\n");
        run.refresh();
        QCOMPARE(run.series("train/loss")->values, std::vector<double>{7.0});
    }

    void repeatedStepsReplaceOrphans() {
        // A TensorBoard run resumed from step 2: the second event file repeats steps 3 and 4.
        QTemporaryDir temp;
        const fs::path dir(temp.path().toStdString());
        {
            TensorBoardWriter first(dir.string());
            for (int step = 1; step <= 5; ++step) first.addScalar("loss", step, step, 100.0 + step);
        }
        writeText(dir / "events.out.tfevents.9999999999.host.1.other", "");  // a later, empty session
        Run run(RunLocation{dir.string(), RunKind::TensorBoard});
        run.refresh();
        QCOMPARE(run.series("loss")->steps, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
        fs::remove(dir / "events.out.tfevents.9999999999.host.1.other");
        TensorBoardWriter second(dir.string());
        second.addScalar("loss", 3, 30.0, 200.0);
        second.addScalar("loss", 4, 40.0, 201.0);
        second.flush();
        run.refresh();
        QCOMPARE(run.series("loss")->steps, (std::vector<std::int64_t>{1, 2, 3, 4}));
        QCOMPARE(run.series("loss")->values, (std::vector<double>{1, 2, 30, 40}));
        QCOMPARE(run.lossKey(), std::string("loss"));
        QCOMPARE(run.summary().lastLoss, std::optional<double>(40.0));
    }

    void readsTheIndependentTensorBoardFixture() {
        if (!QFileInfo::exists(QString::fromLatin1(kPython)))
            QSKIP("/usr/bin/python3 is missing: tests/reference/tensorboard_events.py cannot run");
        QTemporaryDir temp;
        const fs::path dir = fs::path(temp.path().toStdString()) / "tb" / "reference-run";
        fs::create_directories(dir);
        const fs::path complete = fs::path(temp.path().toStdString()) / "complete.tfevents";
        QProcess process;
        process.start(QString::fromLatin1(kPython),
                      {QStringLiteral(MASKSCOPE_SOURCE_DIR "/tests/reference/tensorboard_events.py"),
                       QStringLiteral("write"), QString::fromStdString(complete.string())});
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const std::map<std::string, ScalarSeries> expected = seriesFromReference(process.readAllStandardOutput());
        QVERIFY(expected.count("train/loss"));

        // The file grows in two pieces, the first ending inside a record.
        const std::string bytes = readBytes(complete);
        const fs::path eventFile = dir / "events.out.tfevents.1700000000.reference";
        writeText(eventFile, bytes.substr(0, bytes.size() / 2));
        const std::vector<RunLocation> found = discoverRuns(temp.path().toStdString());
        QCOMPARE(found.size(), std::size_t{1});
        QCOMPARE(found[0], (RunLocation{dir.string(), RunKind::TensorBoard}));
        Run run(found[0]);
        QVERIFY(run.refresh().empty());
        const std::size_t partial = run.allSeries().size();
        QVERIFY(partial < expected.size());
        writeText(eventFile, bytes.substr(bytes.size() / 2), true);
        QVERIFY(run.refresh().empty());

        QCOMPARE(run.allSeries().size(), expected.size());
        for (const auto& [tag, series] : expected) {
            const ScalarSeries* actual = run.series(tag);
            QVERIFY2(actual != nullptr, tag.c_str());
            const std::string difference = compareSeries(*actual, series);
            QVERIFY2(difference.empty(), (tag + ": " + difference).c_str());
        }
        QCOMPARE(run.lossKey(), std::string("train/loss"));
        QCOMPARE(run.summary().step, std::optional<std::int64_t>(40));
    }

    void reportsACorruptRecordOnce() {
        QTemporaryDir temp;
        const fs::path dir(temp.path().toStdString());
        std::string path;
        {
            TensorBoardWriter writer(dir.string());
            writer.addScalar("loss", 1, 1.0, 1.0);
            writer.flush();
            path = writer.path();
        }
        writeText(path, std::string(40, '\x7f'), true);
        Run run(RunLocation{dir.string(), RunKind::TensorBoard});
        const std::vector<RunWarning> warnings = run.refresh();
        QCOMPARE(warnings.size(), std::size_t{1});
        QCOMPARE(warnings[0].file, path);
        QCOMPARE(run.series("loss")->size(), std::size_t{1});
        QVERIFY(run.refresh().empty());
    }

    void discoversRuns() {
        QTemporaryDir temp;
        const fs::path root(temp.path().toStdString());
        fs::create_directories(root / "maskscope" / "checkpoints" / "step_10");
        writeText(root / "maskscope" / "run.json", manifestJson(10));
        // Event files inside a MaskScope run's subdirectories are not runs of their own.
        TensorBoardWriter hidden((root / "maskscope" / "checkpoints" / "step_10").string());
        TensorBoardWriter nested((root / "group" / "tb-run").string());
        TensorBoardWriter secret((root / ".cache" / "tb-run").string());
        fs::create_directories(root / "jsonl-run");
        writeText(root / "jsonl-run" / "metrics.jsonl", formatMetricsLine(trainRow(1, 1.0)) + "\n");
        fs::create_directories(root / "empty");

        const std::vector<RunLocation> found = discoverRuns(root.string());
        QCOMPARE(found, (std::vector<RunLocation>{{(root / "group" / "tb-run").string(), RunKind::TensorBoard},
                                                  {(root / "jsonl-run" / "metrics.jsonl").string(), RunKind::MetricsJsonl},
                                                  {(root / "maskscope").string(), RunKind::MaskScope}}));
        QCOMPARE(Run(found[1]).name(), std::string("jsonl-run"));
        // A run named directly is found as itself.
        QCOMPARE(discoverRuns((root / "maskscope").string()).size(), std::size_t{1});
        QCOMPARE(discoverRuns(root.string(), 1).size(), std::size_t{2});  // group/tb-run is two levels down
        QVERIFY(!classifyRunPath((root / "empty").string()));
        QVERIFY_THROWS_EXCEPTION(InputError, discoverRuns((root / "missing").string()));
    }

    void pidFileMarksALiveTrainer() {
        QTemporaryDir temp;
        const fs::path dir(temp.path().toStdString());
        writeText(dir / "run.json", manifestJson(10));
        Run run(RunLocation{dir.string(), RunKind::MaskScope});
        run.refresh();
        const double later = run.lastModified() + 3600.0;
        QCOMPARE(run.status(later), RunStatus::Empty);
        writeText(dir / Run::kPidFile, std::to_string(::getpid()) + "\n");
        QCOMPARE(run.status(later), RunStatus::Running);
        // A process that has ended: the number of a child that was reaped.
        const pid_t child = ::fork();
        if (child == 0) ::_exit(0);
        int childStatus = 0;
        ::waitpid(child, &childStatus, 0);
        writeText(dir / Run::kPidFile, std::to_string(child));
        QCOMPARE(run.status(later), RunStatus::Empty);
        writeText(dir / Run::kPidFile, "not a number");
        QCOMPARE(run.status(later), RunStatus::Empty);
        // The run directory removed under the monitor.
        fs::remove_all(dir);
        QVERIFY_THROWS_EXCEPTION(InputError, run.refresh());
    }
};

QTEST_APPLESS_MAIN(TestRunCatalog)
#include "test_run_catalog.moc"
