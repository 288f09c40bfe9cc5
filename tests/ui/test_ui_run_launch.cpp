// Training runs from the app, against the real maskscope-cli: the launch dialog is prefilled from
// the inspection and validates as it is edited; a run launched from it trains in a process of its
// own and its metrics arrive; a failing run reports its exit code and the tail of its stderr; a
// run keeps going when the app that started it crashes, and a new launcher re-attaches to it from
// its directory alone, stops it after a checkpoint and resumes it where it stopped.
#include "ui_test_support.h"

#include "ui/inspection_context.h"
#include "ui/run_launch_dialog.h"
#include "ui/run_launcher.h"

#include "core/metrics_log.h"
#include "core/run_catalog.h"
#include "core/train_config.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>

#include <csignal>
#include <cstdio>
#include <memory>

#include <unistd.h>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

const QString kCli = QStringLiteral(MASKSCOPE_CLI);

template <typename T>
T* child(QWidget& parent, const char* name) {
    T* widget = parent.findChild<T*>(QLatin1String(name));
    if (!widget) qFatal("no widget named %s", name);
    return widget;
}

// Steps of the training rows of a run's metrics.jsonl so far (empty while there is none).
QList<std::int64_t> trainSteps(const QString& runDir) {
    QList<std::int64_t> steps;
    try {
        for (const MetricsRow& row : readMetricsLog((runDir + QStringLiteral("/metrics.jsonl")).toStdString()).rows)
            if (!row.eval) steps << row.step;
    } catch (const std::exception&) {
    }
    return steps;
}

QString describe(const TrainerStatus& status) {
    return status.summary() + QLatin1Char('\n') + status.stderrTail.join(QLatin1Char('\n'));
}

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// A configuration on the demo corpus that trains the tiny model a step at a time on one thread.
TrainConfig tinyConfig(const QString& out, std::uint64_t steps) {
    TrainConfig config;
    config.corpus = test::demoCorpusPath().toStdString();
    config.tokenizer = test::demoTokenizerPath().toStdString();
    config.preset = "tiny";
    config.steps = steps;
    config.batch = 2;
    config.threads = 1;
    config.evalFraction = 0.0;
    config.out = out.toStdString();
    return config;
}

// The session id of a process (field 6 of /proc/PID/stat), -1 when unknown.
long sessionOf(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly)) return -1;
    const QByteArray stat = file.readAll();
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    return fields.size() > 3 ? fields[3].toLong() : -1;  // state ppid pgrp session
}

// The child mode of this binary: an app that launches a long run, says so and waits to be killed.
constexpr const char* kChildVariable = "MASKSCOPE_TEST_LAUNCH_CHILD";

int runChild(const QString& out) {
    RunLauncher launcher(kCli);
    const QString error = launcher.launch(tinyConfig(out, 100000));
    if (!error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 2;
    }
    std::printf("LAUNCHED %lld\n", static_cast<long long>(launcher.status(out).pid));
    std::fflush(stdout);
    return QApplication::exec();  // until killed
}

}  // namespace

class TestUiRunLaunch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void dialogIsPrefilledFromTheInspection();
    void dialogValidatesAsItIsEdited();
    void launchFromTheDialogAndSeeMetrics();
    void cloneAndEditARun();
    void failedRunShowsExitCodeAndStderr();
    void reattachStopAndResume();
    void stopNeverSignalsAnotherProcess();
    void killEndsARunAtOnce();
    void cleanupTestCase();

private:
    std::unique_ptr<InspectionContext> demoContext();

    QTemporaryDir m_dir;
    QString m_finishedRun;  // the run of launchFromTheDialogAndSeeMetrics
    QStringList m_started;  // run directories whose trainers must not outlive the suite
};

void TestUiRunLaunch::initTestCase() {
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFileInfo(kCli).isExecutable(), qPrintable(kCli));
    qunsetenv("MASKSCOPE_CLI");
}

void TestUiRunLaunch::cleanupTestCase() {
    RunLauncher launcher(kCli);
    for (const QString& dir : m_started)
        if (readTrainerStatus(dir, 0).running()) launcher.kill(dir);
}

std::unique_ptr<InspectionContext> TestUiRunLaunch::demoContext() {
    auto context = std::make_unique<InspectionContext>();
    context->setCorpus(test::openCorpus(test::demoCorpusPath()));
    context->setTokenizer(test::loadDemoTokenizer());
    InspectionSettings settings = defaultInspectionSettings();
    settings.hubs.rule = HubOptions::Rule::TopFraction;
    settings.hubs.value = 0.25;
    settings.hubs.maxGap = 2;
    settings.policy.mode = MaskMode::Reweighted;
    settings.policy.w = 3.5;
    settings.policy.tMin = 0.2;
    settings.policy.tMax = 0.7;
    settings.policy.processed = 0.5;
    settings.policy.seed = 11;
    settings.blockSize = 16;
    const QString problem = context->setSettings(settings);
    if (!problem.isEmpty()) qFatal("bad settings: %s", qPrintable(problem));
    return context;
}

void TestUiRunLaunch::dialogIsPrefilledFromTheInspection() {
    const auto context = demoContext();
    RunLaunchDialog dialog(*context, m_dir.filePath(QStringLiteral("runs")));
    const TrainConfig config = dialog.config();
    QCOMPARE(QString::fromStdString(config.corpus), test::demoCorpusPath());
    QCOMPARE(QString::fromStdString(config.tokenizer), test::demoTokenizerPath());
    QCOMPARE(config.masking.densitySource, context->settings().densitySource);
    QVERIFY(config.masking.hubs.rule == HubOptions::Rule::TopFraction);
    QCOMPARE(config.masking.hubs.value, 0.25);
    QCOMPARE(config.masking.hubs.maxGap, std::size_t{2});
    QVERIFY(config.masking.policy.mode == MaskMode::Reweighted);
    QCOMPARE(config.masking.policy.w, 3.5);
    QCOMPARE(config.masking.policy.tMin, 0.2);
    QCOMPARE(config.masking.policy.tMax, 0.7);
    QCOMPARE(config.masking.policy.processed, 0.5);
    QCOMPARE(config.masking.policy.seed, 11u);
    QCOMPARE(config.blockSize, std::int64_t{16});
    // Model, optimisation and outputs start at the trainer's defaults; the run directory is new.
    const TrainConfig defaults;
    QCOMPARE(config.preset, defaults.preset);
    QCOMPARE(config.steps, defaults.steps);
    QCOMPARE(config.batch, defaults.batch);
    QCOMPARE(config.lr, defaults.lr);
    QCOMPARE(config.device, std::string("cpu"));
    const QFileInfo out(QString::fromStdString(config.out));
    QCOMPARE(out.absolutePath(), m_dir.filePath(QStringLiteral("runs")));
    QVERIFY2(out.fileName().startsWith(QStringLiteral("demo-tiny-")), qPrintable(out.fileName()));
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    QVERIFY(child<QPushButton>(dialog, "launchButton")->isEnabled());
    // Every field names its flag.
    for (const char* name : {"corpus", "tokenizer", "density", "w", "steps", "batch", "lr", "device", "threads",
                             "runDirectory"})
        QVERIFY2(child<QWidget>(dialog, name)->toolTip().contains(QStringLiteral("--")), name);
}

void TestUiRunLaunch::dialogValidatesAsItIsEdited() {
    const auto context = demoContext();
    RunLaunchDialog dialog(*context, m_dir.filePath(QStringLiteral("runs")));
    auto* launch = child<QPushButton>(dialog, "launchButton");
    auto* problem = child<QLabel>(dialog, "launchProblem");
    const auto expectProblem = [&](const char* fragment) {
        QVERIFY2(dialog.problem().contains(QLatin1String(fragment)), qPrintable(dialog.problem()));
        QVERIFY(!launch->isEnabled());
        QCOMPARE(problem->text(), dialog.problem());
        QVERIFY(!problem->isHidden());
    };
    const auto expectValid = [&]() {
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        QVERIFY(launch->isEnabled());
        QVERIFY(problem->isHidden());
    };

    child<QSpinBox>(dialog, "batch")->setValue(6);
    child<QSpinBox>(dialog, "gradAccum")->setValue(4);
    expectProblem("--grad-accum");
    child<QSpinBox>(dialog, "batch")->setValue(8);
    expectValid();

    child<QLineEdit>(dialog, "lr")->setText(QStringLiteral("fast"));
    expectProblem("--lr");
    child<QLineEdit>(dialog, "lr")->setText(QStringLiteral("3e-4"));
    expectValid();
    QCOMPARE(dialog.config().lr, 3e-4);

    child<QDoubleSpinBox>(dialog, "tMin")->setValue(0.9);
    expectProblem("t");
    child<QDoubleSpinBox>(dialog, "tMin")->setValue(0.2);
    expectValid();

    child<QLineEdit>(dialog, "corpus")->setText(m_dir.filePath(QStringLiteral("no-such-corpus.jsonl")));
    expectProblem("no-such-corpus.jsonl");
    child<QLineEdit>(dialog, "corpus")->setText(test::demoCorpusPath());
    expectValid();

    // The run directory must be new or empty.
    QDir(m_dir.path()).mkpath(QStringLiteral("occupied"));
    QFile stray(m_dir.filePath(QStringLiteral("occupied/notes.txt")));
    QVERIFY(stray.open(QIODevice::WriteOnly));
    stray.close();
    child<QLineEdit>(dialog, "runDirectory")->setText(m_dir.filePath(QStringLiteral("occupied")));
    expectProblem("not empty");
    QDir(m_dir.path()).mkpath(QStringLiteral("empty"));
    child<QLineEdit>(dialog, "runDirectory")->setText(m_dir.filePath(QStringLiteral("empty")));
    expectValid();
    child<QLineEdit>(dialog, "runDirectory")->clear();
    expectProblem("run directory");
    child<QLineEdit>(dialog, "runDirectory")->setText(m_dir.filePath(QStringLiteral("fresh")));
    expectValid();

    // CUDA is offered only where the app says it is available.
    auto* device = child<QComboBox>(dialog, "device");
    QCOMPARE(device->count(), 1);
    QCOMPARE(device->currentData().toString(), QStringLiteral("cpu"));
    dialog.setCudaAvailable(true);
    QCOMPARE(device->findData(QStringLiteral("cuda")), 1);
    device->setCurrentIndex(1);
    QCOMPARE(dialog.config().device, std::string("cuda"));
    expectValid();
    dialog.setCudaAvailable(false);  // a cloned CUDA run on a machine without one
    expectProblem("cuda");

    // Nothing was launched.
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("fresh"))));
}

void TestUiRunLaunch::launchFromTheDialogAndSeeMetrics() {
    const auto context = demoContext();
    RunLauncher launcher(kCli);
    launcher.setPollInterval(50);
    QSignalSpy started(&launcher, &RunLauncher::trainerStarted);
    QSignalSpy ended(&launcher, &RunLauncher::trainerEnded);

    RunLaunchDialog dialog(*context, m_dir.filePath(QStringLiteral("runs")));
    dialog.setLauncher(&launcher);
    dialog.show();
    const QString out = m_dir.filePath(QStringLiteral("runs/from-dialog"));
    auto* preset = child<QComboBox>(dialog, "preset");
    preset->setCurrentIndex(preset->findData(QStringLiteral("tiny")));
    child<QSpinBox>(dialog, "steps")->setValue(4);
    child<QSpinBox>(dialog, "batch")->setValue(2);
    child<QSpinBox>(dialog, "threads")->setValue(1);
    child<QDoubleSpinBox>(dialog, "evalFraction")->setValue(0.1);
    child<QLineEdit>(dialog, "runDirectory")->setText(out);
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
    const TrainConfig wanted = dialog.config();
    QTest::mouseClick(child<QPushButton>(dialog, "launchButton"), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.launchedRunDirectory(), out);
    m_started << out;
    QCOMPARE(started.count() + (readTrainerStatus(out, 0).state == TrainerState::Exited ? 1 : 0), 1);

    // The app's thread stays free: metrics arrive while the event loop runs.
    QTRY_VERIFY_WITH_TIMEOUT(!trainSteps(out).isEmpty(), 60000);
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    const auto status = ended.at(0).at(1).value<TrainerStatus>();
    QCOMPARE(ended.at(0).at(0).toString(), out);
    QVERIFY2(status.finished(), qPrintable(describe(status)));
    QCOMPARE(status.summary(), QStringLiteral("finished"));
    QCOMPARE(trainSteps(out), (QList<std::int64_t>{1, 2, 3, 4}));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/trainer.pid")));
    QVERIFY(launcher.watchedRuns().isEmpty());

    // The trainer replaced the launch request with its manifest, made of the dialog's settings.
    const QJsonObject manifest = readJson(out + QStringLiteral("/run.json"));
    QCOMPARE(manifest.value(QLatin1String("format")).toString(), QStringLiteral("maskscope-run"));
    const TrainConfig trained = readTrainConfig((out + QStringLiteral("/run.json")).toStdString());
    QCOMPARE(trained.steps, std::uint64_t{4});
    QCOMPARE(trained.batch, std::int64_t{2});
    QCOMPARE(trained.masking.policy.w, wanted.masking.policy.w);
    QVERIFY(trained.masking.hubs.rule == wanted.masking.hubs.rule);
    QCOMPARE(trained.masking.policy.seed, wanted.masking.policy.seed);
    QVERIFY(latestCheckpointStep(out) == std::optional<std::uint64_t>(4));
    m_finishedRun = out;
}

void TestUiRunLaunch::cloneAndEditARun() {
    // A launch request (a run that never got to train) and a finished run's manifest both clone.
    const QString requested = m_dir.filePath(QStringLiteral("requested"));
    QVERIFY(QDir().mkpath(requested));
    TrainConfig original = tinyConfig(requested, 123);
    original.masking.policy.w = 4.0;
    original.gradClip = 0.5;  // no field in the dialog: kept
    original.lr = 2.5e-4;
    QFile file(requested + QStringLiteral("/run.json"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(launchRequestJson(original, QDateTime::currentDateTimeUtc())));
    file.close();

    QString error;
    auto dialog = RunLaunchDialog::fromRun(requested, &error);
    QVERIFY2(dialog, qPrintable(error));
    TrainConfig clone = dialog->config();
    QCOMPARE(QString::fromStdString(clone.out), requested + QStringLiteral("-clone"));
    QCOMPARE(clone.steps, std::uint64_t{123});
    QCOMPARE(clone.masking.policy.w, 4.0);
    QCOMPARE(clone.gradClip, 0.5);
    QCOMPARE(clone.lr, 2.5e-4);
    clone.out = original.out;
    QCOMPARE(trainConfigToJson(clone), trainConfigToJson(original));
    child<QSpinBox>(*dialog, "steps")->setValue(50);  // edit
    QCOMPARE(dialog->config().steps, std::uint64_t{50});
    QVERIFY2(dialog->problem().isEmpty(), qPrintable(dialog->problem()));

    if (!m_finishedRun.isEmpty()) {
        auto again = RunLaunchDialog::fromRun(m_finishedRun, &error);
        QVERIFY2(again, qPrintable(error));
        QCOMPARE(again->config().steps, std::uint64_t{4});
        QCOMPARE(again->config().preset, std::string("tiny"));
        QCOMPARE(QString::fromStdString(again->config().out), m_finishedRun + QStringLiteral("-clone"));
    }
    QVERIFY(!RunLaunchDialog::fromRun(m_dir.filePath(QStringLiteral("nothing-here")), &error));
    QVERIFY(error.contains(QStringLiteral("run.json")));
}

void TestUiRunLaunch::failedRunShowsExitCodeAndStderr() {
    RunLauncher launcher(kCli);
    launcher.setPollInterval(50);
    QSignalSpy ended(&launcher, &RunLauncher::trainerEnded);
    const QString out = m_dir.filePath(QStringLiteral("failing"));
    TrainConfig config = tinyConfig(out, 3);
    config.corpus = m_dir.filePath(QStringLiteral("vanished-corpus.jsonl")).toStdString();
    QCOMPARE(launcher.launch(config), QString());  // the trainer finds out, not the launcher
    m_started << out;
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    const auto status = ended.at(0).at(1).value<TrainerStatus>();
    QVERIFY(status.state == TrainerState::Exited);
    QCOMPARE(status.exitCode.value_or(-1), 1);
    QVERIFY(status.failed());
    QVERIFY2(status.stderrTail.join(QLatin1Char('\n')).contains(QStringLiteral("vanished-corpus.jsonl")),
             qPrintable(status.stderrTail.join(QLatin1Char('\n'))));
    QVERIFY2(status.summary().startsWith(QStringLiteral("failed (exit code 1): ")), qPrintable(status.summary()));
    QVERIFY(status.summary().contains(QStringLiteral("vanished-corpus.jsonl")));
    QVERIFY(status.ended.isValid());
    // Read again from the directory alone (the runs table does so).
    const TrainerStatus again = readTrainerStatus(out);
    QVERIFY(again.exitCode == status.exitCode);
    QCOMPARE(again.stderrTail, status.stderrTail);
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/trainer.pid")));
    // It never trained: nothing to resume, and its run.json is still the launch request.
    QCOMPARE(readJson(out + QStringLiteral("/run.json")).value(QLatin1String("format")).toString(),
             QStringLiteral("maskscope-launch"));
    QVERIFY(launcher.resume(out, 10).contains(QStringLiteral("never started")));

    // A configuration the launcher can reject itself never starts anything.
    TrainConfig bad = tinyConfig(m_dir.filePath(QStringLiteral("bad")), 3);
    bad.batch = 3;
    bad.gradAccum = 2;
    QVERIFY(launcher.launch(bad).contains(QStringLiteral("--grad-accum")));
    QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("bad"))));
    RunLauncher nowhere(m_dir.filePath(QStringLiteral("no-cli")));
    QVERIFY(nowhere.launch(tinyConfig(m_dir.filePath(QStringLiteral("bad")), 3)).contains(QStringLiteral("not found")));
}

void TestUiRunLaunch::reattachStopAndResume() {
    // Another app (this binary in child mode) launches the run and crashes (SIGKILL).
    const QString out = m_dir.filePath(QStringLiteral("long"));
    QProcess app;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(kChildVariable), out);
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    app.setProcessEnvironment(environment);
    app.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(app.waitForStarted(10000));
    m_started << out;
    QByteArray line;
    QElapsedTimer clock;
    clock.start();
    while (!line.contains('\n') && clock.elapsed() < 60000) {
        if (!app.waitForReadyRead(1000) && app.state() != QProcess::Running) break;
        line += app.readAllStandardOutput();
    }
    QVERIFY2(line.startsWith("LAUNCHED "), qPrintable(QString::fromLocal8Bit(line + app.readAllStandardError())));
    const qint64 pid = line.mid(9).trimmed().toLongLong();
    QTRY_VERIFY_WITH_TIMEOUT(trainSteps(out).size() >= 2, 60000);
    app.kill();
    QVERIFY(app.waitForFinished(10000));
    QCOMPARE(app.exitStatus(), QProcess::CrashExit);

    // The trainer is in a session of its own: the app's terminal closing does not reach it.
    QVERIFY(sessionOf(pid) > 0);
    QVERIFY(sessionOf(pid) != ::getsid(0));

    RunLauncher second(kCli);
    second.setPollInterval(50);
    QSignalSpy ended(&second, &RunLauncher::trainerEnded);
    TrainerStatus status = second.status(out);
    QVERIFY(status.state == TrainerState::Running);
    QCOMPARE(status.pid, pid);
    QCOMPARE(status.summary(), QStringLiteral("running (process %1)").arg(pid));
    // The run catalog sees it running through the same pid file.
    Run run(RunLocation{out.toStdString(), RunKind::MaskScope});
    run.refresh();
    QVERIFY(run.status(QDateTime::currentSecsSinceEpoch() + 3600.0) == RunStatus::Running);
    const qsizetype seen = trainSteps(out).size();
    QTRY_VERIFY_WITH_TIMEOUT(trainSteps(out).size() > seen, 60000);

    // The app re-attaches to what is still running when it starts.
    const QString plain = m_dir.filePath(QStringLiteral("not-a-run"));
    QVERIFY(QDir().mkpath(plain));
    QCOMPARE(second.reattach({out, plain, m_finishedRun}), QStringList{out});
    QCOMPARE(second.watchedRuns(), QStringList{out});
    QCOMPARE(second.stop(out), QString());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    status = ended.at(0).at(1).value<TrainerStatus>();
    QVERIFY2(status.stopped(), qPrintable(status.summary()));
    QCOMPARE(status.exitCode.value_or(-1), 143);
    QCOMPARE(status.summary(), QStringLiteral("stopped by SIGTERM"));
    QVERIFY(!status.failed());
    QVERIFY2(status.stderrTail.join(QLatin1Char('\n')).contains(QStringLiteral("stopped by SIGTERM")),
             qPrintable(status.stderrTail.join(QLatin1Char('\n'))));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral("/trainer.pid")));

    // The checkpoint written on the stop holds the last step trained.
    const QList<std::int64_t> before = trainSteps(out);
    const auto last = static_cast<std::uint64_t>(before.last());
    QVERIFY(latestCheckpointStep(out) == std::optional<std::uint64_t>(last));
    QVERIFY(QFileInfo::exists(out + QStringLiteral("/checkpoints/step_%1").arg(last)));
    QVERIFY(second.stop(out).contains(QStringLiteral("no running trainer")));
    QVERIFY(second.resume(out, last).contains(QStringLiteral("step %1").arg(last)));

    // Resume to three more steps, asked as a user would be: the step numbers continue.
    QVERIFY(suggestedResumeSteps(out) == std::optional<std::uint64_t>(100000));  // the stopped run's target
    QTimer answer;
    int offered = 0;
    connect(&answer, &QTimer::timeout, this, [&]() {
        for (QWidget* window : QApplication::topLevelWidgets()) {
            auto* input = qobject_cast<QInputDialog*>(window);
            if (!input || !input->isVisible()) continue;
            answer.stop();
            offered = input->intValue();
            input->setIntValue(static_cast<int>(last + 3));
            input->accept();
        }
    });
    answer.start(20);
    const std::optional<std::uint64_t> steps = RunLaunchDialog::askResumeSteps(out);
    QCOMPARE(offered, 100000);
    QVERIFY(steps == std::optional<std::uint64_t>(last + 3));
    QCOMPARE(second.resume(out, *steps, {1, QString()}), QString());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 2, 60000);
    status = ended.at(1).at(1).value<TrainerStatus>();
    QVERIFY2(status.finished(), qPrintable(describe(status)));
    QList<std::int64_t> expected;
    for (std::int64_t step = 1; step <= static_cast<std::int64_t>(last) + 3; ++step) expected << step;
    QCOMPARE(trainSteps(out), expected);
    // The tail belongs to the newest session only.
    const QString tail = status.stderrTail.join(QLatin1Char('\n'));
    QVERIFY2(tail.contains(QStringLiteral("resuming")), qPrintable(tail));
    QVERIFY2(!tail.contains(QStringLiteral("stopped by SIGTERM")), qPrintable(tail));
    QCOMPARE(readTrainConfig((out + QStringLiteral("/run.json")).toStdString()).steps, last + 3);
    QVERIFY(suggestedResumeSteps(out) == std::optional<std::uint64_t>(2 * (last + 3)));  // extend a finished run
}

void TestUiRunLaunch::stopNeverSignalsAnotherProcess() {
    RunLauncher launcher(kCli);
    const QString dir = m_dir.filePath(QStringLiteral("stale"));
    QVERIFY(QDir().mkpath(dir));
    const auto writePid = [&](qint64 pid) {
        QFile file(dir + QStringLiteral("/trainer.pid"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray::number(pid) + '\n');
    };
    // A live process that is not this run's trainer (this test itself) is never signalled.
    writePid(QCoreApplication::applicationPid());
    QVERIFY(!isTrainerProcess(QCoreApplication::applicationPid(), dir));
    const QString refused = launcher.stop(dir);
    QVERIFY2(refused.contains(QStringLiteral("not this run's trainer")), qPrintable(refused));
    QVERIFY(launcher.kill(dir).contains(QStringLiteral("not this run's trainer")));

    // A pid file naming a dead process and no exit record: the trainer vanished. Seen twice a
    // second apart, the launcher records that and removes the pid file.
    QProcess gone;
    gone.start(QStringLiteral("/bin/true"));
    QVERIFY(gone.waitForStarted());
    const qint64 deadPid = gone.processId();
    QVERIFY(gone.waitForFinished());
    writePid(deadPid);
    TrainerStatus status = launcher.status(dir);
    QVERIFY(status.state == TrainerState::Vanished);
    QVERIFY(!status.recorded);
    QVERIFY(status.failed());
    QCOMPARE(status.summary(), QStringLiteral("ended without an exit record (killed?)"));
    QVERIFY(QFileInfo::exists(dir + QStringLiteral("/trainer.pid")));
    QTest::qWait(1100);
    status = launcher.status(dir);
    QVERIFY(status.state == TrainerState::Vanished);
    QVERIFY(status.recorded);
    QVERIFY(!QFileInfo::exists(dir + QStringLiteral("/trainer.pid")));
    QVERIFY(readJson(dir + QStringLiteral("/trainer.exit.json")).value(QLatin1String("vanished")).toBool());
    QCOMPARE(readTrainerStatus(dir).summary(), QStringLiteral("ended without an exit record (killed?)"));

    // Nothing at all: not started from the app.
    const QString plain = m_dir.filePath(QStringLiteral("plain"));
    QVERIFY(QDir().mkpath(plain));
    QVERIFY(readTrainerStatus(plain).state == TrainerState::None);
    QVERIFY(launcher.stop(plain).contains(QStringLiteral("no running trainer")));
}

void TestUiRunLaunch::killEndsARunAtOnce() {
    RunLauncher launcher(kCli);
    launcher.setPollInterval(50);
    QSignalSpy ended(&launcher, &RunLauncher::trainerEnded);
    const QString out = m_dir.filePath(QStringLiteral("killed"));
    QCOMPARE(launcher.launch(tinyConfig(out, 100000)), QString());
    m_started << out;
    QTRY_VERIFY_WITH_TIMEOUT(!trainSteps(out).isEmpty(), 60000);
    QCOMPARE(launcher.kill(out), QString());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 30000);
    const auto status = ended.at(0).at(1).value<TrainerStatus>();
    QCOMPARE(status.exitCode.value_or(-1), 128 + SIGKILL);
    QVERIFY(status.failed());
    QCOMPARE(status.summary(), QStringLiteral("killed by SIGKILL (exit code 137)"));
}

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildVariable)) return runChild(qEnvironmentVariable(kChildVariable));
    TestUiRunLaunch test;
    return QTest::qExec(&test, argc, argv);
}
#include "test_ui_run_launch.moc"
