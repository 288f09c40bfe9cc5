// Data parallelism (gpu/distributed.h): the torchrun environment is validated; two ranks in one
// process (threads) sum gradients, statistics and flags correctly over Gloo; and, driven as a user
// would, two `maskscope-cli train` processes on 127.0.0.1 (RANK 0 and 1, WORLD_SIZE 2) follow the
// loss curve of one process with the same global batch and end with the same weights, within the
// tolerance stated at twoRanksMatchOneProcess. A lonely rank times out with a clear message, and a
// rank that dies makes the other fail instead of hanging. Children are killed on any failure.
#include "core/error.h"
#include "core/metrics_log.h"
#include "gpu/distributed.h"
#include "gpu/gradient_sync.h"
#include "gpu/safetensors.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QTemporaryDir>
#include <QtCore/QThread>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <map>
#include <memory>
#include <thread>

using namespace maskscope;

namespace {

const QString kCli = QStringLiteral(MASKSCOPE_CLI);
const QString kCorpus = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl");
const QString kTokenizer = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model");

// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
std::uint16_t freePort() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

EnvironmentLookup lookupIn(const std::map<std::string, std::string>& variables) {
    return [variables](const std::string& name) -> std::optional<std::string> {
        const auto it = variables.find(name);
        if (it == variables.end()) return std::nullopt;
        return it->second;
    };
}

DistributedEnvironment localEnvironment(int rank, std::uint16_t port, int timeoutSeconds = 30) {
    DistributedEnvironment env;
    env.rank = rank;
    env.worldSize = 2;
    env.localRank = rank;
    env.masterAddr = "127.0.0.1";
    env.masterPort = port;
    env.timeout = std::chrono::milliseconds(timeoutSeconds * 1000);
    return env;
}

// Runs `body(sync)` for ranks 0 and 1 on two threads; returns the error messages (empty: none).
QStringList onTwoRanks(const std::function<void(DataParallelGroup&)>& body) {
    const std::uint16_t port = freePort();
    QStringList errors;
    std::mutex mutex;
    const auto rankMain = [&](int rank) {
        try {
            DataParallelGroup group(localEnvironment(rank, port), "cpu");
            body(group);
        } catch (const std::exception& error) {
            const std::lock_guard<std::mutex> lock(mutex);
            errors << QStringLiteral("rank %1: %2").arg(rank).arg(QString::fromUtf8(error.what()));
        }
    };
    std::thread zero(rankMain, 0), one(rankMain, 1);
    zero.join();
    one.join();
    return errors;
}

// Child processes killed when the test leaves (a failed QVERIFY included).
class Children {
public:
    ~Children() {
        for (auto& process : m_processes) {
            if (process->state() != QProcess::NotRunning) {
                process->kill();
                process->waitForFinished(5000);
            }
        }
    }
    QProcess& start(const QStringList& args, const std::map<QString, QString>& env) {
        auto process = std::make_unique<QProcess>();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"})
            environment.remove(QString::fromLatin1(name));
        for (const auto& [name, value] : env) environment.insert(name, value);
        process->setProcessEnvironment(environment);
        process->start(kCli, args);
        m_processes.push_back(std::move(process));
        return *m_processes.back();
    }

private:
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

std::map<QString, QString> rankEnv(int rank, std::uint16_t port, int timeoutSeconds = 60) {
    return {{QStringLiteral("RANK"), QString::number(rank)},
            {QStringLiteral("LOCAL_RANK"), QString::number(rank)},
            {QStringLiteral("WORLD_SIZE"), QStringLiteral("2")},
            {QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1")},
            {QStringLiteral("MASTER_PORT"), QString::number(port)},
            {QStringLiteral("MASKSCOPE_DIST_TIMEOUT"), QString::number(timeoutSeconds)}};
}

QStringList trainArgs(const QString& out, const QStringList& extra = {}) {
    return QStringList{QStringLiteral("train"),   QStringLiteral("--corpus"), kCorpus,
                       QStringLiteral("--tokenizer"), kTokenizer,            QStringLiteral("--density"),
                       QStringLiteral("rules:code"),  QStringLiteral("--w"), QStringLiteral("2"),
                       QStringLiteral("--seed"),      QStringLiteral("11"),  QStringLiteral("--preset"),
                       QStringLiteral("tiny"),        QStringLiteral("--threads"), QStringLiteral("1"),
                       QStringLiteral("--blas-threads"), QStringLiteral("1"), QStringLiteral("--out"),
                       out} +
           extra;
}

std::vector<MetricsRow> metricsRows(const QString& runDir) {
    const QString path = runDir + QStringLiteral("/metrics.jsonl");
    if (!QFile::exists(path)) return {};
    return readMetricsLog(path.toStdString()).rows;
}

double relativeDifference(double a, double b) {
    if (std::isnan(a) && std::isnan(b)) return 0.0;
    return std::abs(a - b) / std::max({std::abs(a), std::abs(b), 1e-12});
}

}  // namespace

class DistributedTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        torch::set_num_threads(1);
        QVERIFY(m_dir.isValid());
    }
    void environmentIsValidated_data();
    void environmentIsValidated();
    void twoRanksSumInOneProcess();
    void twoRanksMatchOneProcess();
    void inconsistentEnvironmentIsAUsageError();
    void lonelyRankTimesOut();
    void deadRankStopsTheOther();

private:
    QTemporaryDir m_dir;
};

void DistributedTest::environmentIsValidated_data() {
    QTest::addColumn<QStringList>("variables");  // NAME=value
    QTest::addColumn<QString>("error");          // empty: valid; "-": valid and single-process
    QTest::newRow("unset") << QStringList{} << QStringLiteral("-");
    QTest::newRow("world 1") << QStringList{QStringLiteral("WORLD_SIZE=1"), QStringLiteral("RANK=0")} << QStringLiteral("-");
    QTest::newRow("complete") << QStringList{QStringLiteral("WORLD_SIZE=2"), QStringLiteral("RANK=1"),
                                             QStringLiteral("MASTER_ADDR=127.0.0.1"), QStringLiteral("MASTER_PORT=29500")}
                              << QString();
    QTest::newRow("no master addr") << QStringList{QStringLiteral("WORLD_SIZE=2"), QStringLiteral("RANK=0"),
                                                   QStringLiteral("MASTER_PORT=29500")}
                                    << QStringLiteral("MASTER_ADDR is not set");
    QTest::newRow("no master port") << QStringList{QStringLiteral("WORLD_SIZE=2"), QStringLiteral("RANK=0"),
                                                   QStringLiteral("MASTER_ADDR=127.0.0.1")}
                                    << QStringLiteral("MASTER_PORT is not set");
    QTest::newRow("rank too high") << QStringList{QStringLiteral("WORLD_SIZE=2"), QStringLiteral("RANK=2"),
                                                  QStringLiteral("MASTER_ADDR=127.0.0.1"), QStringLiteral("MASTER_PORT=1")}
                                   << QStringLiteral("RANK=2 is not below WORLD_SIZE=2");
    QTest::newRow("no rank") << QStringList{QStringLiteral("WORLD_SIZE=2"), QStringLiteral("MASTER_ADDR=h"),
                                            QStringLiteral("MASTER_PORT=1")}
                             << QStringLiteral("RANK is not set");
    QTest::newRow("rank without world") << QStringList{QStringLiteral("RANK=1")} << QStringLiteral("WORLD_SIZE is not");
    QTest::newRow("bad world") << QStringList{QStringLiteral("WORLD_SIZE=two")} << QStringLiteral("WORLD_SIZE='two'");
    QTest::newRow("bad port") << QStringList{QStringLiteral("WORLD_SIZE=2"), QStringLiteral("RANK=0"),
                                             QStringLiteral("MASTER_ADDR=h"), QStringLiteral("MASTER_PORT=70000")}
                              << QStringLiteral("MASTER_PORT='70000'");
    QTest::newRow("bad timeout") << QStringList{QStringLiteral("WORLD_SIZE=2"), QStringLiteral("RANK=0"),
                                                QStringLiteral("MASTER_ADDR=h"), QStringLiteral("MASTER_PORT=1"),
                                                QStringLiteral("MASKSCOPE_DIST_TIMEOUT=0")}
                                 << QStringLiteral("MASKSCOPE_DIST_TIMEOUT");
}

void DistributedTest::environmentIsValidated() {
    QFETCH(QStringList, variables);
    QFETCH(QString, error);
    std::map<std::string, std::string> map;
    for (const QString& variable : variables) {
        const qsizetype at = variable.indexOf(QLatin1Char('='));
        map[variable.left(at).toStdString()] = variable.mid(at + 1).toStdString();
    }
    try {
        const auto env = readDistributedEnvironment(lookupIn(map));
        QVERIFY2(error.isEmpty() || error == QStringLiteral("-"), qPrintable(QStringLiteral("no error, expected ") + error));
        QCOMPARE(env.has_value(), error.isEmpty());
        if (env) {
            QCOMPARE(env->rank, 1);
            QCOMPARE(env->worldSize, 2);
            QCOMPARE(env->localRank, 1);  // LOCAL_RANK defaults to RANK
            QCOMPARE(env->masterPort, std::uint16_t{29500});
            QCOMPARE(deviceForRank("cuda", *env), std::string("cuda:1"));
            QCOMPARE(deviceForRank("cpu", *env), std::string("cpu"));
        }
    } catch (const UsageError& e) {
        QVERIFY2(!error.isEmpty() && error != QStringLiteral("-") && QString::fromUtf8(e.what()).contains(error),
                 e.what());
    }
}

// Two ranks on two threads of this process: gradients of two dtypes and an undefined one are
// summed in place, statistics too; anyRank is a logical or; the parameter check and broadcast work.
void DistributedTest::twoRanksSumInOneProcess() {
    std::vector<torch::Tensor> results[2];
    torch::Tensor statistics[2];
    bool any[2] = {false, false}, none[2] = {true, true};
    bool mismatchCaught[2] = {false, false};
    const QStringList errors = onTwoRanks([&](DataParallelGroup& group) {
        const int r = group.rank();
        if (group.worldSize() != 2 || group.backend() != "gloo") throw std::runtime_error("wrong world size or backend");
        const std::shared_ptr<GradientSync> sync = group.gradientSync();
        if (sync->rank() != r || sync->worldSize() != 2) throw std::runtime_error("the hook disagrees with its group");
        std::vector<torch::Tensor> gradients{
            torch::full({2, 3}, 1.0f + r), torch::Tensor(),
            torch::arange(4, torch::kFloat64) * (r + 1), torch::full({5}, 0.5f * (r + 1)).t()};
        sync->synchronise(gradients);
        results[r] = gradients;
        statistics[r] = torch::tensor({1.0 + r, 10.0 * r}, torch::kFloat64);
        sync->sumStatistics(statistics[r]);
        any[r] = group.anyRank(r == 1);
        none[r] = group.anyRank(false);
        // Identical parameters pass; then rank 1 changes one value and both ranks learn of it.
        std::vector<torch::Tensor> parameters{torch::arange(6, torch::kFloat32).reshape({2, 3}), torch::ones({4})};
        group.requireIdenticalParameters(parameters);
        if (r == 1) parameters[0][1][2] = 42.0f;
        try {
            group.requireIdenticalParameters(parameters);
        } catch (const std::runtime_error& e) {
            mismatchCaught[r] = QString::fromUtf8(e.what()).contains(QStringLiteral("parameters differ"));
        }
        group.broadcastParameters(parameters);
        group.requireIdenticalParameters(parameters);
        if (r == 1 && parameters[0][1][2].item<float>() != 5.0f) throw std::runtime_error("broadcast did not copy");
        // Gradient lists that disagree between ranks are refused (on both ranks).
        std::vector<torch::Tensor> uneven{r == 0 ? torch::ones({2}) : torch::Tensor()};
        try {
            sync->synchronise(uneven);
            throw std::runtime_error("uneven gradient lists were accepted");
        } catch (const std::runtime_error& e) {
            if (!QString::fromUtf8(e.what()).contains(QStringLiteral("gradient 0 exists on 1 of 2 ranks"))) throw;
        }
    });
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join(QLatin1Char('\n'))));
    for (int r = 0; r < 2; ++r) {
        QVERIFY(torch::equal(results[r][0], torch::full({2, 3}, 3.0f)));
        QVERIFY(!results[r][1].defined());
        QVERIFY(torch::equal(results[r][2], torch::arange(4, torch::kFloat64) * 3));
        QVERIFY(torch::allclose(results[r][3], torch::full({5}, 1.5f)));
        QVERIFY(torch::equal(statistics[r], torch::tensor({3.0, 10.0}, torch::kFloat64)));
        QVERIFY(any[r]);
        QVERIFY(!none[r]);
        QVERIFY(mismatchCaught[r]);
    }
}

// 2 ranks x 2 records against 1 process x 4 records per step, 10 steps.
//
// Tolerance: the two runs compute the same step in a different float32 order: each rank packs and
// multiplies only its own samples (BLAS blocks differ with the row count), sums its share's
// gradients, and Gloo then adds the two shares; one process sums all at once. Each step's
// gradients therefore differ by a few float32 ulps (~1e-7 relative), and AdamW turns that into
// parameter differences of the order of lr x 1e-7 relative per step, which do not grow noticeably
// over 10 steps. Losses (float64 sums of float32 terms) must agree to 1e-5 relative, ~50x what was
// measured (1.7e-7), and grad norms to 1e-4 (2.1e-7 measured). Weights: the difference of each
// tensor must be below 5e-5 of its norm (3.0e-6 measured); single elements may move more, because
// AdamW divides by sqrt(v): an element whose gradient is at rounding-noise level gets an update of
// up to lr (3e-3) whose sign follows the noise, so the largest element difference (9e-6 measured)
// is bounded by 1e-4. A wrong reduction (a missing share, an average instead of a sum, shifted
// buffers) is off by 1e-2 or more after one step.
void DistributedTest::twoRanksMatchOneProcess() {
    QElapsedTimer timer;
    timer.start();
    const QStringList common{QStringLiteral("--steps"), QStringLiteral("10"), QStringLiteral("--batch"),
                             QStringLiteral("4"), QStringLiteral("--warmup"), QStringLiteral("3"),
                             QStringLiteral("--lr"), QStringLiteral("3e-3")};
    const QString single = m_dir.filePath(QStringLiteral("single"));
    const QString parallel = m_dir.filePath(QStringLiteral("parallel"));
    const std::uint16_t port = freePort();
    QVERIFY(port != 0);

    Children children;
    QProcess& one = children.start(trainArgs(single, common), {});
    QProcess& rank0 = children.start(trainArgs(parallel, common), rankEnv(0, port));
    QProcess& rank1 = children.start(trainArgs(parallel, common), rankEnv(1, port));
    QStringList errs;
    for (QProcess* process : {&one, &rank0, &rank1}) {
        QVERIFY2(process->waitForFinished(120000), "a training process did not finish in 120 s");
        errs << QString::fromUtf8(process->readAllStandardError());
        QVERIFY2(process->exitStatus() == QProcess::NormalExit && process->exitCode() == 0, qPrintable(errs.back()));
    }
    const QString err0 = errs[1];
    QVERIFY2(err0.contains(QStringLiteral("data parallel over 2 ranks (gloo)")), qPrintable(err0));
    QVERIFY(QString::fromUtf8(rank0.readAllStandardOutput()).contains(QStringLiteral("trained 10 steps")));
    QVERIFY(QString::fromUtf8(rank1.readAllStandardOutput()).isEmpty());  // rank 0 reports

    const std::vector<MetricsRow> a = metricsRows(single), b = metricsRows(parallel);
    QCOMPARE(b.size(), a.size());
    QVERIFY(a.size() >= 10);
    double worstLoss = 0.0, worstGrad = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i].step, a[i].step);
        QCOMPARE(b[i].eval, a[i].eval);
        QCOMPARE(b[i].values.at("tokens"), a[i].values.at("tokens"));
        QCOMPARE(b[i].values.at("mask_ratio"), a[i].values.at("mask_ratio"));
        for (const char* key : {"loss", "loss_logical", "loss_syntactic", "loss_hub", "loss_nonhub"}) {
            const double d = relativeDifference(a[i].values.at(key), b[i].values.at(key));
            worstLoss = std::max(worstLoss, d);
            QVERIFY2(d <= 1e-5, qPrintable(QStringLiteral("step %1%2 %3: %4 vs %5").arg(a[i].step)
                                               .arg(QLatin1String(a[i].eval ? " (eval)" : "")).arg(QLatin1String(key))
                                               .arg(a[i].values.at(key), 0, 'g', 17).arg(b[i].values.at(key), 0, 'g', 17)));
        }
        if (!a[i].eval) worstGrad = std::max(worstGrad, relativeDifference(a[i].values.at("grad_norm"), b[i].values.at("grad_norm")));
    }
    QVERIFY2(worstGrad <= 1e-4, qPrintable(QString::number(worstGrad)));
    QVERIFY(a.back().values.at("loss") < a.front().values.at("loss") || a.back().eval);

    const auto weightsA = readSafetensors((single + QStringLiteral("/checkpoints/step_10/model.safetensors")).toStdString());
    const auto weightsB = readSafetensors((parallel + QStringLiteral("/checkpoints/step_10/model.safetensors")).toStdString());
    QCOMPARE(weightsB.tensors.size(), weightsA.tensors.size());
    double worstWeight = 0.0, worstTensor = 0.0;
    for (const NamedTensor& tensor : weightsA.tensors) {
        const torch::Tensor* other = weightsB.find(tensor.name);
        QVERIFY2(other != nullptr, tensor.name.c_str());
        const torch::Tensor difference = tensor.tensor.to(torch::kFloat64) - other->to(torch::kFloat64);
        worstWeight = std::max(worstWeight, difference.abs().max().item<double>());
        worstTensor = std::max(worstTensor, (difference.norm() / tensor.tensor.to(torch::kFloat64).norm()).item<double>());
    }
    QVERIFY2(worstTensor <= 5e-5 && worstWeight <= 1e-4,
             qPrintable(QStringLiteral("%1 relative, %2 absolute").arg(worstTensor).arg(worstWeight)));
    qInfo("1 process vs 2 ranks over %zu rows: losses differ by at most %.3g relative, grad norms %.3g relative, "
          "final weights %.3g relative (tensor norms), %.3g absolute (%.1f s)",
          a.size(), worstLoss, worstGrad, worstTensor, worstWeight, timer.elapsed() / 1000.0);
}

void DistributedTest::inconsistentEnvironmentIsAUsageError() {
    Children children;
    const QString out = m_dir.filePath(QStringLiteral("refused"));
    auto env = rankEnv(0, 1);
    env.erase(QStringLiteral("MASTER_ADDR"));
    QProcess& noAddress = children.start(trainArgs(out, {QStringLiteral("--steps"), QStringLiteral("1")}), env);
    QVERIFY(noAddress.waitForFinished(60000));
    QCOMPARE(noAddress.exitCode(), 2);
    QVERIFY(QString::fromUtf8(noAddress.readAllStandardError()).contains(QStringLiteral("MASTER_ADDR is not set")));

    QProcess& badRank = children.start(trainArgs(out, {QStringLiteral("--steps"), QStringLiteral("1")}), rankEnv(2, 1));
    QVERIFY(badRank.waitForFinished(60000));
    QCOMPARE(badRank.exitCode(), 2);
    QVERIFY(QString::fromUtf8(badRank.readAllStandardError()).contains(QStringLiteral("RANK=2 is not below WORLD_SIZE=2")));
    QVERIFY(!QFile::exists(out));
}

// Rank 0 alone: the rendezvous gives up after MASKSCOPE_DIST_TIMEOUT and says so.
void DistributedTest::lonelyRankTimesOut() {
    Children children;
    QElapsedTimer timer;
    timer.start();
    QProcess& alone = children.start(trainArgs(m_dir.filePath(QStringLiteral("alone")), {QStringLiteral("--steps"),
                                                                                        QStringLiteral("1")}),
                                     rankEnv(0, freePort(), 2));
    QVERIFY2(alone.waitForFinished(30000), "a lonely rank waited longer than 30 s with a 2 s timeout");
    const QString err = QString::fromUtf8(alone.readAllStandardError());
    QCOMPARE(alone.exitCode(), 1);
    QVERIFY2(err.contains(QStringLiteral("MASKSCOPE_DIST_TIMEOUT = 2 s")), qPrintable(err));
    qInfo("a lonely rank gave up after %.1f s: %s", timer.elapsed() / 1000.0, qPrintable(err.trimmed()));
}

// Rank 1 killed in the middle of a run: rank 0 fails with a message instead of waiting forever.
void DistributedTest::deadRankStopsTheOther() {
    Children children;
    const QString out = m_dir.filePath(QStringLiteral("dead"));
    const std::uint16_t port = freePort();
    const QStringList args = trainArgs(out, {QStringLiteral("--steps"), QStringLiteral("100000"), QStringLiteral("--batch"),
                                             QStringLiteral("2"), QStringLiteral("--eval-fraction"), QStringLiteral("0")});
    QProcess& rank0 = children.start(args, rankEnv(0, port, 20));
    QProcess& rank1 = children.start(args, rankEnv(1, port, 20));
    QVERIFY(rank0.waitForStarted() && rank1.waitForStarted());
    QElapsedTimer timer;
    timer.start();
    while (metricsRows(out).size() < 2) {
        if (timer.elapsed() > 60000 || rank0.state() != QProcess::Running) {
            rank0.waitForFinished(1000);
            QFAIL(qPrintable(QStringLiteral("the two ranks made no progress: ") +
                             QString::fromUtf8(rank0.readAllStandardError())));
        }
        QThread::msleep(50);
    }
    rank1.kill();
    QVERIFY2(rank0.waitForFinished(45000), "rank 0 kept waiting for a dead rank");
    QCOMPARE(rank0.exitCode(), 1);
    const QString err = QString::fromUtf8(rank0.readAllStandardError());
    QVERIFY2(err.contains(QStringLiteral("data parallel:")) && err.contains(QStringLiteral("rank 0 of 2")), qPrintable(err));
}

QTEST_GUILESS_MAIN(DistributedTest)
#include "test_gpu_distributed.moc"
