// `maskscope-cli train` driven as a user would: a run from the command line; the masks it trained
// on are the masks `maskscope-cli mask --step k` prints for the same flags; SIGTERM and SIGINT stop
// it cleanly after a checkpoint; kill -9 in the middle of a checkpoint write (deterministically,
// through train_kill_child, and at random moments) leaves the previous checkpoint loadable and
// the run resumable; --config repeats a run; bad input gives exit code 1 or 2 and a message that
// names the file and the problem.
#include "core/metrics_log.h"
#include "gpu/checkpoint.h"
#include "gpu/model_config.h"
#include "gpu/run_directory.h"
#include "core/train_config.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>

#include <signal.h>

using namespace maskscope;
namespace fs = std::filesystem;

namespace {

const QString kCli = QStringLiteral(MASKSCOPE_CLI);
const QString kCorpus = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl");
const QString kTokenizer = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model");

struct Run {
    int exitCode = -1;
    bool crashed = false;
    QString out;
    QString err;
};

Run runProgram(const QString& program, const QStringList& args, int timeoutMs = 120000) {
    QProcess process;
    process.start(program, args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitCode(), process.exitStatus() == QProcess::CrashExit,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

Run cli(const QStringList& args) { return runProgram(kCli, args); }

// The masking flags both `train` and `mask` take.
QStringList maskingFlags(const QStringList& extra = {}) {
    return QStringList{QStringLiteral("--corpus"), kCorpus, QStringLiteral("--tokenizer"), kTokenizer,
                       QStringLiteral("--density"), QStringLiteral("rules:code"), QStringLiteral("--w"),
                       QStringLiteral("2"), QStringLiteral("--t-range"), QStringLiteral("0.3,0.8"),
                       QStringLiteral("--mode"), QStringLiteral("complementary"), QStringLiteral("--seed"),
                       QStringLiteral("5")} +
           extra;
}

QStringList trainArgs(const QString& out, const QStringList& extra = {}) {
    return QStringList{QStringLiteral("train")} + maskingFlags() +
           QStringList{QStringLiteral("--preset"), QStringLiteral("tiny"), QStringLiteral("--out"), out} + extra;
}

// `mask` refuses --t together with --t-range: drops the default --t-range when --t is given.
QStringList withFixedT(QStringList args) {
    if (!args.contains(QStringLiteral("--t"))) return args;
    const qsizetype at = args.indexOf(QStringLiteral("--t-range"));
    args.remove(at, 2);
    return args;
}

QList<QJsonObject> readJsonLines(const QString& path) {
    QFile file(path);
    QList<QJsonObject> out;
    if (!file.open(QIODevice::ReadOnly)) return out;
    for (const QByteArray& line : file.readAll().split('\n'))
        if (!line.isEmpty()) out.push_back(QJsonDocument::fromJson(line).object());
    return out;
}

std::vector<std::int64_t> trainSteps(const QString& runDir) {
    std::vector<std::int64_t> steps;
    const QString metrics = runDir + QStringLiteral("/metrics.jsonl");
    if (!QFile::exists(metrics)) return steps;  // not written yet
    for (const MetricsRow& row : readMetricsLog(metrics.toStdString()).rows)
        if (!row.eval) steps.push_back(row.step);
    return steps;
}

// Waits until `condition` holds (polling), at most `timeoutMs`.
bool waitFor(const std::function<bool()>& condition, int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs) return false;
        QThread::msleep(20);
    }
    return true;
}

void writeModelConfigFile(const QString& path, std::int64_t context, std::int64_t vocab, std::int64_t maskId) {
    ModelConfig config = modelPreset("tiny");
    config.maxPositionEmbeddings = context;
    config.vocabSize = vocab;
    config.maskTokenId = maskId;
    writeModelConfig(path.toStdString(), config);
}

}  // namespace

class TrainCliTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void trainsAndReportsProgress();
    void trainedMasksAreTheMaskCommandsMasks_data();
    void trainedMasksAreTheMaskCommandsMasks();
    void tenStepsPlusTenAreTwenty();
    void signalStopsAfterACheckpoint_data();
    void signalStopsAfterACheckpoint();
    void killDuringCheckpointWriteKeepsThePrevious_data();
    void killDuringCheckpointWriteKeepsThePrevious();
    void killAtRandomMomentsKeepsALoadableCheckpoint();
    void configFileRepeatsARun();
    void badInputIsNamed_data();
    void badInputIsNamed();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
    std::int64_t m_maskId = 0;
    std::int64_t m_vocab = 0;
};

void TrainCliTest::initTestCase() {
    QVERIFY(m_dir.isValid());
    // The demo tokenizer's vocabulary, for model configs that must (or must not) fit it.
    const Run run = cli(QStringList{QStringLiteral("train")} + maskingFlags() +
                        QStringList{QStringLiteral("--steps"), QStringLiteral("1"), QStringLiteral("--batch"),
                                    QStringLiteral("2"), QStringLiteral("--out"), path(QStringLiteral("probe-vocab"))});
    QCOMPARE(run.exitCode, 0);
    const RunManifest manifest = readRunManifest(path(QStringLiteral("probe-vocab")).toStdString());
    m_maskId = manifest.model.maskTokenId;
    m_vocab = manifest.model.vocabSize;
}

void TrainCliTest::trainsAndReportsProgress() {
    const QString out = path(QStringLiteral("plain"));
    const Run run = cli(trainArgs(out, {QStringLiteral("--steps"), QStringLiteral("4"), QStringLiteral("--batch"),
                                        QStringLiteral("4"), QStringLiteral("--log-every"), QStringLiteral("2")}));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("step  2/4  loss ")) && run.err.contains(QStringLiteral("step  4/4  loss ")),
             qPrintable(run.err));
    QVERIFY2(!run.err.contains(QStringLiteral("step  3/4")), qPrintable(run.err));
    QVERIFY(run.err.contains(QStringLiteral("eval  4/4  loss ")));
    QVERIFY(run.out.contains(QStringLiteral("trained 4 steps")));
    QCOMPARE(trainSteps(out), (std::vector<std::int64_t>{1, 2, 3, 4}));
    QVERIFY(fs::exists((out + QStringLiteral("/checkpoints/step_4/model.safetensors")).toStdString()));

    // Continuing a finished run to more steps.
    const Run more = cli({QStringLiteral("train"), QStringLiteral("--resume"), out, QStringLiteral("--steps"),
                          QStringLiteral("6")});
    QVERIFY2(more.exitCode == 0, qPrintable(more.err));
    QCOMPARE(trainSteps(out), (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6}));
    const Run nothing = cli({QStringLiteral("train"), QStringLiteral("--resume"), out});
    QCOMPARE(nothing.exitCode, 0);
    QVERIFY(nothing.out.contains(QStringLiteral("nothing to do")));
}

void TrainCliTest::trainedMasksAreTheMaskCommandsMasks_data() {
    QTest::addColumn<QStringList>("flags");
    QTest::newRow("defaults") << QStringList{};
    QTest::newRow("processed, top hubs") << QStringList{QStringLiteral("--processed"), QStringLiteral("0.5"),
                                                        QStringLiteral("--hub-top"), QStringLiteral("0.3")};
    QTest::newRow("soft, fixed t") << QStringList{QStringLiteral("--weighting"), QStringLiteral("soft"),
                                                  QStringLiteral("--t"), QStringLiteral("0.6")};
}

void TrainCliTest::trainedMasksAreTheMaskCommandsMasks() {
    QFETCH(QStringList, flags);
    const QString out = path(QStringLiteral("masks-%1").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
    const QStringList args = trainArgs(out, {QStringLiteral("--steps"), QStringLiteral("3"), QStringLiteral("--batch"),
                                       QStringLiteral("6"), QStringLiteral("--grad-accum"), QStringLiteral("2"),
                                       QStringLiteral("--dump-masks"), QStringLiteral("2"), QStringLiteral("--dump-masks"),
                                       QStringLiteral("3")});
    const Run run = cli(withFixedT(args + flags));
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));

    for (const int step : {2, 3}) {
        const QList<QJsonObject> trained = readJsonLines(out + QStringLiteral("/masks/step_%1.jsonl").arg(step));
        QCOMPARE(trained.size(), 6);
        const QString shown = path(QStringLiteral("shown-%1.jsonl").arg(step));
        const Run mask = cli(withFixedT(QStringList{QStringLiteral("mask")} + maskingFlags() + flags +
                                        QStringList{QStringLiteral("--step"), QString::number(step),
                                                    QStringLiteral("--out"), shown}));
        QVERIFY2(mask.exitCode == 0, qPrintable(mask.err));
        QHash<QString, QJsonObject> byId;
        for (const QJsonObject& object : readJsonLines(shown)) byId.insert(object[QStringLiteral("id")].toString(), object);
        for (const QJsonObject& record : trained) {
            const QString id = record[QStringLiteral("id")].toString();
            QVERIFY2(byId.contains(id), qPrintable(id));
            const QJsonObject& expected = byId[id];
            QCOMPARE(record[QStringLiteral("step")].toInt(), step);
            QCOMPARE(record[QStringLiteral("logical")].toArray(), expected[QStringLiteral("logical")].toArray());
            QCOMPARE(record[QStringLiteral("syntactic")].toArray(), expected[QStringLiteral("syntactic")].toArray());
            QCOMPARE(static_cast<float>(record[QStringLiteral("ratio_logical")].toDouble()),
                     std::max(static_cast<float>(expected[QStringLiteral("t")].toDouble()), 1e-3f));
        }
    }
}

// `train --steps 10` then `train --resume --steps 20` gives, bit for bit, the losses of
// `train --steps 20` (one thread; the default warm-up covers the first 10 steps, so both runs share
// their learning rates; see README "Training").
void TrainCliTest::tenStepsPlusTenAreTwenty() {
    const QStringList common{QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--eval-fraction"),
                             QStringLiteral("0")};
    const QString straight = path(QStringLiteral("twenty"));
    const QString split = path(QStringLiteral("ten-plus-ten"));
    QCOMPARE(cli(trainArgs(straight, common + QStringList{QStringLiteral("--steps"), QStringLiteral("20")})).exitCode, 0);
    QCOMPARE(cli(trainArgs(split, common + QStringList{QStringLiteral("--steps"), QStringLiteral("10")})).exitCode, 0);
    QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--resume"), split, QStringLiteral("--steps"), QStringLiteral("20")})
                 .exitCode,
             0);
    const auto rows = [](const QString& runDir) {
        std::vector<MetricsRow> out;
        for (const MetricsRow& row : readMetricsLog((runDir + QStringLiteral("/metrics.jsonl")).toStdString()).rows)
            if (!row.eval) out.push_back(row);
        return out;
    };
    const std::vector<MetricsRow> a = rows(straight), b = rows(split);
    QCOMPARE(a.size(), std::size_t{20});
    QCOMPARE(b.size(), std::size_t{20});
    for (std::size_t i = 0; i < 20; ++i)
        for (const char* key : {"loss", "grad_norm", "lr", "loss_hub", "loss_syntactic"})
            QVERIFY2(a[i].values.at(key) == b[i].values.at(key) ||
                         (std::isnan(a[i].values.at(key)) && std::isnan(b[i].values.at(key))),  // no hub was masked
                     qPrintable(QStringLiteral("step %1 %2: %3 vs %4").arg(i + 1).arg(QLatin1String(key))
                                    .arg(a[i].values.at(key), 0, 'g', 17).arg(b[i].values.at(key), 0, 'g', 17)));
}

void TrainCliTest::signalStopsAfterACheckpoint_data() {
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << SIGTERM;
    QTest::newRow("SIGINT") << SIGINT;
}

void TrainCliTest::signalStopsAfterACheckpoint() {
    QFETCH(int, signal);
    const QString out = path(QStringLiteral("signal-%1").arg(signal));
    QProcess process;
    process.start(kCli, trainArgs(out, {QStringLiteral("--steps"), QStringLiteral("100000"), QStringLiteral("--batch"),
                                        QStringLiteral("2"), QStringLiteral("--eval-fraction"), QStringLiteral("0")}));
    QVERIFY(process.waitForStarted());
    QVERIFY2(waitFor([&] { return trainSteps(out).size() >= 3; }, 60000), "the run made no progress");
    ::kill(static_cast<pid_t>(process.processId()), signal);
    QVERIFY(process.waitForFinished(60000));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 128 + signal);
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("stopped by %1").arg(QLatin1String(signal == SIGTERM ? "SIGTERM" : "SIGINT"))),
             qPrintable(err));

    const std::vector<std::int64_t> steps = trainSteps(out);
    const auto last = static_cast<std::uint64_t>(steps.back());
    const auto latest = latestCheckpoint((out + QStringLiteral("/checkpoints")).toStdString());
    QVERIFY(latest.has_value());
    QCOMPARE(loadCheckpoint(*latest).state.step, last);  // the checkpoint holds the last step run

    const Run resumed = cli({QStringLiteral("train"), QStringLiteral("--resume"), out, QStringLiteral("--steps"),
                             QString::number(last + 2)});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    const std::vector<std::int64_t> after = trainSteps(out);
    QCOMPARE(after.size(), static_cast<std::size_t>(last + 2));
    QCOMPARE(after.back(), static_cast<std::int64_t>(last + 2));
}

void TrainCliTest::killDuringCheckpointWriteKeepsThePrevious_data() {
    QTest::addColumn<QString>("stage");
    for (const char* stage : {kCheckpointConfigFile, kCheckpointWeightsFile, kCheckpointOptimizerFile,
                              kCheckpointTokenizerFile, kCheckpointStateFile, "synced"})
        QTest::newRow(stage) << QString::fromLatin1(stage);
}

void TrainCliTest::killDuringCheckpointWriteKeepsThePrevious() {
    QFETCH(QString, stage);
    const QString out = path(QStringLiteral("killed-") + stage);
    const Run child = runProgram(QStringLiteral(TRAIN_KILL_CHILD), {out, stage, QStringLiteral("2")});
    QVERIFY2(child.crashed, qPrintable(QStringLiteral("the child did not die: exit %1, %2").arg(child.exitCode).arg(child.err)));

    const std::string checkpoints = (out + QStringLiteral("/checkpoints")).toStdString();
    const auto all = listCheckpoints(checkpoints);
    QCOMPARE(all.size(), std::size_t{1});
    QCOMPARE(loadCheckpoint(all.front().second).state.step, std::uint64_t{1});
    QVERIFY(QDir(QString::fromStdString(checkpoints)).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot).size() == 2);

    const Run resumed = cli({QStringLiteral("train"), QStringLiteral("--resume"), out, QStringLiteral("--steps"),
                             QStringLiteral("3")});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QCOMPARE(loadCheckpoint(*latestCheckpoint(checkpoints)).state.step, std::uint64_t{3});
    for (const QString& name : QDir(QString::fromStdString(checkpoints)).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
        QVERIFY2(name.startsWith(QStringLiteral("step_")), qPrintable(name));  // leftovers were removed
}

void TrainCliTest::killAtRandomMomentsKeepsALoadableCheckpoint() {
    QRandomGenerator random(20240611);
    const QString out = path(QStringLiteral("random-kills"));
    const QStringList common{QStringLiteral("--checkpoint-every"), QStringLiteral("1"), QStringLiteral("--keep-checkpoints"),
                             QStringLiteral("2"), QStringLiteral("--steps"), QStringLiteral("100000")};
    for (int trial = 0; trial < 4; ++trial) {
        QProcess process;
        process.start(kCli, trial == 0 ? trainArgs(out, common + QStringList{QStringLiteral("--batch"), QStringLiteral("2"),
                                                                             QStringLiteral("--eval-fraction"), QStringLiteral("0")})
                                       : QStringList{QStringLiteral("train"), QStringLiteral("--resume"), out} + common);
        QVERIFY(process.waitForStarted());
        const std::string checkpoints = (out + QStringLiteral("/checkpoints")).toStdString();
        const std::uint64_t before = trial == 0 ? 0 : loadCheckpoint(*latestCheckpoint(checkpoints)).state.step;
        QVERIFY2(waitFor([&] { return listCheckpoints(checkpoints).size() >= 1 && listCheckpoints(checkpoints).back().first > before; }, 60000),
                 "no new checkpoint");
        QThread::msleep(random.bounded(50, 600));
        ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
        QVERIFY(process.waitForFinished(10000));
        const auto latest = latestCheckpoint(checkpoints);
        QVERIFY(latest.has_value());
        const LoadedCheckpoint loaded = loadCheckpoint(*latest);
        QVERIFY(loaded.state.step > before);
        qInfo("trial %d: killed after step %llu was checkpointed", trial, static_cast<unsigned long long>(loaded.state.step));
    }
}

void TrainCliTest::configFileRepeatsARun() {
    const QString first = path(QStringLiteral("config-source"));
    QVERIFY(cli(trainArgs(first, {QStringLiteral("--steps"), QStringLiteral("2"), QStringLiteral("--batch"), QStringLiteral("2"),
                                  QStringLiteral("--layout"), QStringLiteral("block"), QStringLiteral("--block-size"),
                                  QStringLiteral("16"), QStringLiteral("--loss-weighting"), QStringLiteral("mean")}))
                .exitCode == 0);
    const QString second = path(QStringLiteral("config-copy"));
    const Run run = cli({QStringLiteral("train"), QStringLiteral("--config"), first + QStringLiteral("/run.json"),
                         QStringLiteral("--out"), second, QStringLiteral("--w"), QStringLiteral("3")});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    TrainConfig a = readRunManifest(first.toStdString()).config;
    TrainConfig b = readRunManifest(second.toStdString()).config;
    QCOMPARE(b.masking.policy.w, 3.0);  // the flag overrides the file
    QVERIFY(b.layout == TrainLayout::Block);
    QCOMPARE(b.blockSize, std::int64_t{16});
    b.masking.policy.w = a.masking.policy.w;
    b.out = a.out;
    QCOMPARE(QString::fromStdString(trainConfigToJson(b)), QString::fromStdString(trainConfigToJson(a)));
    // The same configuration trains the same losses.
    const Run again = cli({QStringLiteral("train"), QStringLiteral("--config"), first + QStringLiteral("/run.json"),
                           QStringLiteral("--out"), path(QStringLiteral("config-again"))});
    QCOMPARE(again.exitCode, 0);
    const auto lossesOf = [](const QString& runDir) {
        std::vector<double> losses;
        for (const MetricsRow& row : readMetricsLog((runDir + QStringLiteral("/metrics.jsonl")).toStdString()).rows)
            if (!row.eval) losses.push_back(row.values.at("loss"));
        return losses;
    };
    QCOMPARE(lossesOf(path(QStringLiteral("config-again"))), lossesOf(first));
}

void TrainCliTest::badInputIsNamed_data() {
    QTest::addColumn<QString>("problem");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("empty corpus") << "empty" << 1 << QStringList{QStringLiteral("empty.jsonl")};
    QTest::newRow("record too long") << "long" << 1
                                     << QStringList{QStringLiteral("demo.jsonl:"), QStringLiteral("record '"),
                                                    QStringLiteral("context of 24 positions"), QStringLiteral("--truncate")};
    QTest::newRow("tokenizer does not fit") << "vocab" << 1
                                            << QStringList{QStringLiteral("demo.model"), QStringLiteral("pieces and mask id"),
                                                           QStringLiteral("vocab_size 500")};
    QTest::newRow("missing tokenizer") << "no-tokenizer" << 1 << QStringList{QStringLiteral("nothing.model")};
    QTest::newRow("batch split") << "batch" << 2 << QStringList{QStringLiteral("--batch 6 is not a multiple of --grad-accum 4")};
    QTest::newRow("unknown preset") << "preset" << 2 << QStringList{QStringLiteral("unknown model preset 'huge'")};
    QTest::newRow("run exists") << "exists" << 2 << QStringList{QStringLiteral("already holds a run")};
    QTest::newRow("resume changes w") << "resume-w" << 2 << QStringList{QStringLiteral("--w cannot be given with --resume")};
    QTest::newRow("resume no checkpoint") << "resume-empty" << 1 << QStringList{QStringLiteral("no checkpoint to resume from")};
    QTest::newRow("resume corrupt weights") << "resume-corrupt" << 1
                                            << QStringList{QStringLiteral("model.safetensors"), QStringLiteral("header length")};
    QTest::newRow("resume other model") << "resume-config" << 1
                                        << QStringList{QStringLiteral("config.json"), QStringLiteral("disagrees with the run's model")};
    QTest::newRow("config file broken") << "config" << 1 << QStringList{QStringLiteral("broken.json"), QStringLiteral("stepz")};
}

void TrainCliTest::badInputIsNamed() {
    QFETCH(QString, problem);
    QFETCH(int, exitCode);
    QFETCH(QStringList, expected);
    const QString out = path(QStringLiteral("bad-") + problem);
    const QStringList quick{QStringLiteral("--steps"), QStringLiteral("1"), QStringLiteral("--batch"), QStringLiteral("2")};
    QStringList args = trainArgs(out, quick);
    const std::string checkpoint = (out + QStringLiteral("/checkpoints/step_1")).toStdString();
    const auto finishedRun = [&] { return cli(trainArgs(out, quick)).exitCode == 0; };
    if (problem == QLatin1String("empty")) {
        const QString empty = path(QStringLiteral("empty.jsonl"));
        QFile(empty).open(QIODevice::WriteOnly);
        args[args.indexOf(kCorpus)] = empty;
    } else if (problem == QLatin1String("long") || problem == QLatin1String("vocab")) {
        const QString config = path(problem + QStringLiteral("-config.json"));
        if (problem == QLatin1String("long")) writeModelConfigFile(config, 24, m_vocab, m_maskId);
        else writeModelConfigFile(config, 256, 500, 499);
        args += {QStringLiteral("--model-config"), config};
    } else if (problem == QLatin1String("no-tokenizer")) {
        args[args.indexOf(kTokenizer)] = path(QStringLiteral("nothing.model"));
    } else if (problem == QLatin1String("batch")) {
        args += {QStringLiteral("--batch"), QStringLiteral("6"), QStringLiteral("--grad-accum"), QStringLiteral("4")};
    } else if (problem == QLatin1String("preset")) {
        args += {QStringLiteral("--preset"), QStringLiteral("huge")};
    } else if (problem == QLatin1String("exists")) {
        QVERIFY(finishedRun());
    } else if (problem.startsWith(QLatin1String("resume"))) {
        QVERIFY(finishedRun());
        args = QStringList{QStringLiteral("train"), QStringLiteral("--resume"), out, QStringLiteral("--steps"), QStringLiteral("2")};
        if (problem == QLatin1String("resume-w")) args += {QStringLiteral("--w"), QStringLiteral("3")};
        if (problem == QLatin1String("resume-empty")) fs::remove_all(fs::path(checkpoint).parent_path());
        if (problem == QLatin1String("resume-corrupt")) {
            std::fstream weights(checkpoint + "/model.safetensors", std::ios::in | std::ios::out | std::ios::binary);
            weights.write("\xff\xff\xff\xff\xff\xff\xff\x0f", 8);
        }
        if (problem == QLatin1String("resume-config")) {
            ModelConfig other = readModelConfig(checkpoint + "/config.json");
            other.numLayers = 2;
            writeModelConfig(checkpoint + "/config.json", other);
        }
    } else if (problem == QLatin1String("config")) {
        const QString broken = path(QStringLiteral("broken.json"));
        std::ofstream(broken.toStdString()) << "{\"stepz\": 3}";
        args += {QStringLiteral("--config"), broken};
    }
    const Run run = cli(args);
    QVERIFY2(run.exitCode == exitCode, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    for (const QString& text : expected) QVERIFY2(run.err.contains(text), qPrintable(run.err));
    QVERIFY2(run.err.startsWith(QStringLiteral("maskscope-cli: ")), qPrintable(run.err));
}

QTEST_APPLESS_MAIN(TrainCliTest)
#include "test_gpu_train_cli.moc"
