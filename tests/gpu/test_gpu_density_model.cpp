// Model-based density sources (issue 6, sections 1 and 3) on a tiny checkpoint trained for a few
// steps in the test's temporary directory: the strided sweep scores every response token exactly
// once; surprisal and entropy equal a plain LibTorch log_softmax + gather on the same masked
// inputs; attention equals a direct computation from captured attention; scores lie in [0,1]
// with prompt tokens at 0 and are deterministic; `maskscope-cli density --model` writes one
// object per record, and bad checkpoints or a foreign tokenizer are named with exit code 1.
#include "core/density_source.h"
#include "core/error.h"
#include "core/corpus_reader.h"
#include "core/tokenizer.h"
#include "gpu/checkpoint.h"
#include "gpu/density_model.h"
#include "gpu/model_config.h"
#include "gpu/optimizer_state.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>
#include <fstream>

using namespace maskscope;

namespace {

const std::string kDemoCorpus = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl";
const std::string kDemoTokenizer = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model";

struct Run {
    int exitCode = -1;
    QString err;
};

Run cli(const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral(MASKSCOPE_CLI), args);
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardError())};
}

bool inUnitRange(const std::vector<float>& scores, std::size_t prompt) {
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (i < prompt && scores[i] != 0.0f) return false;
        if (!(scores[i] >= 0.0f && scores[i] <= 1.0f)) return false;
    }
    return true;
}

}  // namespace

class DensityModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void planScoresEveryTokenOnce_data();
    void planScoresEveryTokenOnce();
    void optionsNameTheirFlags();
    void surprisalAndEntropyMatchPlainLibTorch_data();
    void surprisalAndEntropyMatchPlainLibTorch();
    void sourcesGiveUnitScoresDeterministically();
    void kOneAndKFourDifferButBothValid();
    void attentionMatchesCapturedAttention();
    void cliDensityWritesOneObjectPerRecord();
    void cliModelSourcesWorkInHubsAndMask();
    void badInputIsNamed_data();
    void badInputIsNamed();

private:
    DensityContext context(const std::map<std::string, std::string>& extra = {}) const;
    ModelDensityOptions options(int k, double t = 0.0) const;

    QTemporaryDir m_dir;
    std::string m_checkpoint;
    std::vector<TokenizedRecord> m_records;
};

void DensityModelTest::initTestCase() {
    at::set_num_threads(1);
    QVERIFY(m_dir.isValid());
    const Tokenizer tokenizer = Tokenizer::load(kDemoTokenizer);
    const Corpus corpus = Corpus::open(kDemoCorpus, CorpusFormat::Auto);
    for (std::uint64_t i = 0; i < corpus.entryCount() && m_records.size() < 6; ++i) {
        const Corpus::Entry entry = corpus.read(i);
        if (entry.record) m_records.push_back(tokenizer.tokenize(*entry.record));
    }
    QCOMPARE(m_records.size(), std::size_t(6));

    ModelConfig config;
    config.hiddenSize = 32;
    config.numLayers = 2;
    config.numHeads = 4;
    config.intermediateSize = 48;
    config.maxPositionEmbeddings = 512;
    config = withTokenizerVocabulary(config, tokenizer.vocabSize(), tokenizer.maskId());
    DiffusionTransformer model(config, 7);
    auto optimizer = makeAdamW(model, {1e-2, 0.9, 0.95, 1e-8, 0.0});
    // Eight steps of the masked objective on the first records, so that predictions are not uniform.
    for (int step = 0; step < 8; ++step) {
        optimizer->zero_grad();
        torch::Tensor loss = torch::zeros({});
        for (const auto& record : m_records) {
            std::vector<std::int64_t> ids;
            for (const auto& token : record.tokens) ids.push_back(token.id);
            const auto clean = torch::tensor(ids).unsqueeze(0);  // [1, L]
            auto noisy = clean.clone();
            for (std::size_t i = record.promptTokens; i < ids.size(); i += 3) noisy[0][static_cast<std::int64_t>(i)] = config.maskTokenId;
            const auto logits = model->forward(noisy).logits;  // [1, L, V]
            loss = loss + torch::nn::functional::cross_entropy(logits[0], clean[0]);
        }
        loss.backward();
        optimizer->step();
    }
    TrainerState state;
    state.step = 8;
    m_checkpoint = writeCheckpoint(m_dir.filePath(QStringLiteral("run/checkpoints")).toStdString(), model, *optimizer,
                                   state, kDemoTokenizer);
    registerModelDensitySources();
}

DensityContext DensityModelTest::context(const std::map<std::string, std::string>& extra) const {
    DensityContext out;
    out.params = {{"checkpoint", m_checkpoint}, {"tokenizer", kDemoTokenizer}};
    for (const auto& [key, value] : extra) out.params[key] = value;
    return out;
}

ModelDensityOptions DensityModelTest::options(int k, double t) const {
    ModelDensityOptions out;
    out.checkpoint = m_checkpoint;
    out.tokenizer = kDemoTokenizer;
    out.k = k;
    out.t = t;
    return out;
}

void DensityModelTest::planScoresEveryTokenOnce_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("t");
    QTest::newRow("k=1") << 1 << 0.0;
    QTest::newRow("k=4") << 4 << 0.0;
    QTest::newRow("k=7 t=0.3") << 7 << 0.3;
    QTest::newRow("k past the response") << 100000 << 0.5;
}

void DensityModelTest::planScoresEveryTokenOnce() {
    QFETCH(int, k);
    QFETCH(double, t);
    std::size_t context = 0, contextCandidates = 0;
    for (const auto& record : m_records) {
        const SweepPlan plan = planSweep(record, k, t, 3);
        const std::size_t prompt = record.promptTokens;
        const std::size_t response = record.size() - prompt;
        QCOMPARE(plan.passes, std::min<std::size_t>(static_cast<std::size_t>(k), response));
        for (std::size_t i = 0; i < record.size(); ++i) {
            // Scored exactly once: in the pass of its stride, where it is masked.
            if (i < prompt) {
                QCOMPARE(plan.scoredIn[i], -1);
            } else {
                QCOMPARE(plan.scoredIn[i], static_cast<std::int32_t>((i - prompt) % static_cast<std::size_t>(k)));
                QCOMPARE(plan.masked[static_cast<std::size_t>(plan.scoredIn[i]) * plan.length + i], std::uint8_t(1));
            }
            for (std::size_t pass = 0; pass < plan.passes; ++pass) {
                const bool masked = plan.masked[pass * plan.length + i] != 0;
                if (i < prompt) QVERIFY2(!masked, "a prompt token is masked");
                else if (static_cast<std::int32_t>(pass) != plan.scoredIn[i]) {
                    ++contextCandidates;
                    context += masked ? 1 : 0;
                }
            }
        }
        // Keyed, hence deterministic; another seed draws other context masks.
        QCOMPARE(planSweep(record, k, t, 3).masked, plan.masked);
        if (t > 0.0 && contextCandidates > 0 && plan.passes > 1) QVERIFY(planSweep(record, k, t, 4).masked != plan.masked);
    }
    if (t == 0.0) QCOMPARE(context, std::size_t(0));
    else QVERIFY(std::abs(static_cast<double>(context) / static_cast<double>(contextCandidates) - t) < 0.05);
}

void DensityModelTest::optionsNameTheirFlags() {
    const auto message = [](const std::map<std::string, std::string>& params) {
        try {
            modelDensityOptions(params);
        } catch (const UsageError& e) {
            return QString::fromUtf8(e.what());
        }
        return QString();
    };
    QVERIFY(message({}).contains(QStringLiteral("--model")));
    QVERIFY(message({{"checkpoint", "x"}, {"k", "0"}}).contains(QStringLiteral("--k")));
    QVERIFY(message({{"checkpoint", "x"}, {"k", "2x"}}).contains(QStringLiteral("--k")));
    QVERIFY(message({{"checkpoint", "x"}, {"t", "1"}}).contains(QStringLiteral("--model-t")));
    QVERIFY(message({{"checkpoint", "x"}, {"device", "tpu"}}).contains(QStringLiteral("--device")));
    QVERIFY(message({{"checkpoint", "x"}, {"normalise", "corpus"}}).contains(QStringLiteral("--model-normalise")));
    QVERIFY(message({{"checkpoint", "x"}, {"layers", "0,,1"}}).contains(QStringLiteral("--model-layers")));
    const ModelDensityOptions parsed =
        modelDensityOptions({{"checkpoint", "x"}, {"k", "3"}, {"t", "0.25"}, {"layers", "1,0"}, {"normalise", "none"}});
    QCOMPARE(parsed.k, 3);
    QCOMPARE(parsed.t, 0.25);
    QCOMPARE(parsed.layers, (std::vector<int>{1, 0}));
    QVERIFY(parsed.normalisation == DensityNormalisation::None);
}

void DensityModelTest::surprisalAndEntropyMatchPlainLibTorch_data() {
    QTest::addColumn<int>("k");
    QTest::addColumn<double>("t");
    QTest::newRow("k=1") << 1 << 0.0;
    QTest::newRow("k=4") << 4 << 0.0;
    QTest::newRow("k=3 t=0.4") << 3 << 0.4;
}

// The scorer's raw NLL and entropy against log_softmax + gather on inputs built here: the strided
// masks directly from the definition (t = 0) or from the plan (t > 0, the plan is checked above).
void DensityModelTest::surprisalAndEntropyMatchPlainLibTorch() {
    QFETCH(int, k);
    QFETCH(double, t);
    const ModelDensityScorer scorer(options(k, t));
    LoadedCheckpoint loaded = loadCheckpoint(m_checkpoint);
    const torch::NoGradGuard noGrad;
    for (const auto& record : m_records) {
        const SweepScores scores = scorer.sweep(record);
        const SweepPlan plan = planSweep(record, k, t, 0);
        const std::size_t prompt = record.promptTokens;
        std::vector<std::int64_t> ids;
        for (const auto& token : record.tokens) ids.push_back(token.id);
        const auto length = static_cast<std::int64_t>(ids.size());
        for (std::size_t i = 0; i < prompt; ++i) {
            QCOMPARE(scores.nll[i], 0.0f);
            QCOMPARE(scores.entropy[i], 0.0f);
        }
        for (std::size_t pass = 0; pass < scores.passes; ++pass) {
            auto input = torch::tensor(ids).unsqueeze(0);  // [1, L]
            for (std::size_t i = prompt; i < ids.size(); ++i) {
                const bool masked = t == 0.0 ? (i - prompt) % static_cast<std::size_t>(k) == pass
                                             : plan.masked[pass * plan.length + i] != 0;
                if (masked) input[0][static_cast<std::int64_t>(i)] = loaded.config.maskTokenId;
            }
            const auto logProbabilities = torch::log_softmax(loaded.model->forward(input).logits[0], -1);  // [L, V]
            const auto nll = -logProbabilities.gather(1, torch::tensor(ids).unsqueeze(1)).squeeze(1);        // [L]
            const auto entropy = -(logProbabilities.exp() * logProbabilities).sum(-1);                     // [L]
            for (std::int64_t i = static_cast<std::int64_t>(prompt); i < length; ++i) {
                if ((static_cast<std::size_t>(i) - prompt) % static_cast<std::size_t>(k) != pass) continue;
                QVERIFY2(std::abs(scores.nll[static_cast<std::size_t>(i)] - nll[i].item<float>()) <= 1e-5,
                         qPrintable(QStringLiteral("NLL of token %1 of %2").arg(i).arg(QString::fromStdString(record.record.id))));
                QVERIFY(std::abs(scores.entropy[static_cast<std::size_t>(i)] - entropy[i].item<float>()) <= 1e-5);
            }
        }
    }
}

void DensityModelTest::sourcesGiveUnitScoresDeterministically() {
    for (const char* name : {"model:surprisal", "model:entropy", "model:attention"}) {
        for (const char* normalise : {"record", "none"}) {
            const auto source = DensityRegistry::instance().create(name, context({{"normalise", normalise}}));
            QCOMPARE(QString::fromStdString(source->name()), QString::fromLatin1(name));
            for (const auto& record : m_records) {
                const std::vector<float> scores = source->score(record);
                QCOMPARE(scores.size(), record.size());
                QVERIFY2(inUnitRange(scores, record.promptTokens), name);
                QCOMPARE(source->score(record), scores);
                if (std::string(normalise) == "record") {
                    const auto [lowest, highest] = std::minmax_element(scores.begin() + static_cast<std::ptrdiff_t>(record.promptTokens), scores.end());
                    QCOMPARE(*lowest, 0.0f);
                    QCOMPARE(*highest, 1.0f);
                }
            }
        }
    }
    // Per-record min-max: one response token, or all equal, is the documented degenerate case.
    QCOMPARE(normalisePerRecord({5.0f, 2.0f, 2.0f}, 1), (std::vector<float>{0.0f, 0.0f, 0.0f}));
    QCOMPARE(normalisePerRecord({5.0f, 1.0f, 3.0f, 2.0f}, 1), (std::vector<float>{0.0f, 0.0f, 1.0f, 0.5f}));
}

void DensityModelTest::kOneAndKFourDifferButBothValid() {
    const auto one = DensityRegistry::instance().create("model:surprisal", context({{"k", "1"}}));
    const auto four = DensityRegistry::instance().create("model:surprisal", context({{"k", "4"}}));
    bool differ = false;
    for (const auto& record : m_records) {
        const auto a = one->score(record);
        const auto b = four->score(record);
        QVERIFY(inUnitRange(a, record.promptTokens));
        QVERIFY(inUnitRange(b, record.promptTokens));
        differ = differ || a != b;
    }
    QVERIFY(differ);
}

void DensityModelTest::attentionMatchesCapturedAttention() {
    LoadedCheckpoint loaded = loadCheckpoint(m_checkpoint);
    ModelDensityOptions secondLayer = options(4);
    secondLayer.layers = {1};
    const ModelDensityScorer all(options(4));
    const ModelDensityScorer second(secondLayer);
    const torch::NoGradGuard noGrad;
    for (const auto& record : m_records) {
        std::vector<std::int64_t> ids;
        for (const auto& token : record.tokens) ids.push_back(token.id);
        ForwardOptions forward;
        forward.captureAttention = true;
        const ModelOutput output = loaded.model->forward(torch::tensor(ids).unsqueeze(0), forward);
        const auto prompt = static_cast<std::int64_t>(record.promptTokens);
        const auto length = static_cast<std::int64_t>(ids.size());
        // received[key] = mean over heads and response queries of A[query, key]
        const auto layerMean = [&](std::size_t layer) {
            return output.attentions[layer][0].mean(0).slice(0, prompt, length).mean(0);  // [L]
        };
        const auto expectedAll = (layerMean(0) + layerMean(1)) / 2.0;
        const auto expectedSecond = layerMean(1);
        const auto gotAll = all.attentionReceived(record);
        const auto gotSecond = second.attentionReceived(record);
        for (std::int64_t i = 0; i < length; ++i) {
            const float wantAll = i < prompt ? 0.0f : expectedAll[i].item<float>();
            const float wantSecond = i < prompt ? 0.0f : expectedSecond[i].item<float>();
            QVERIFY(std::abs(gotAll[static_cast<std::size_t>(i)] - wantAll) <= 1e-6);
            QVERIFY(std::abs(gotSecond[static_cast<std::size_t>(i)] - wantSecond) <= 1e-6);
        }
    }
}

void DensityModelTest::cliDensityWritesOneObjectPerRecord() {
    const QString out = m_dir.filePath(QStringLiteral("density.jsonl"));
    // The run directory stands for its latest checkpoint.
    const Run run = cli({QStringLiteral("density"), QStringLiteral("--corpus"), QString::fromStdString(kDemoCorpus),
                         QStringLiteral("--tokenizer"), QString::fromStdString(kDemoTokenizer), QStringLiteral("--model"),
                         m_dir.filePath(QStringLiteral("run")), QStringLiteral("--source"),
                         QStringLiteral("model:surprisal"), QStringLiteral("--k"), QStringLiteral("2"),
                         QStringLiteral("--device"), QStringLiteral("cpu"), QStringLiteral("--limit"),
                         QStringLiteral("4"), QStringLiteral("--no-cache"), QStringLiteral("--out"), out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 4);
    const auto source = DensityRegistry::instance().create("model:surprisal", context({{"k", "2"}}));
    for (qsizetype n = 0; n < lines.size(); ++n) {
        const QJsonObject object = QJsonDocument::fromJson(lines[n]).object();
        const TokenizedRecord& record = m_records[static_cast<std::size_t>(n)];
        QCOMPARE(object.value(QStringLiteral("id")).toString(), QString::fromStdString(record.record.id));
        const QJsonArray density = object.value(QStringLiteral("density")).toArray();
        QCOMPARE(object.value(QStringLiteral("tokens")).toArray().size(), density.size());
        QCOMPARE(density.size(), static_cast<qsizetype>(record.size()));
        const std::vector<float> expected = source->score(record);
        for (qsizetype i = 0; i < density.size(); ++i)
            QVERIFY(std::abs(density[i].toDouble() - expected[static_cast<std::size_t>(i)]) <= 1e-6);
    }
}

void DensityModelTest::cliModelSourcesWorkInHubsAndMask() {
    const QStringList common{QStringLiteral("--corpus"), QString::fromStdString(kDemoCorpus), QStringLiteral("--tokenizer"),
                             QString::fromStdString(kDemoTokenizer), QStringLiteral("--model"),
                             QString::fromStdString(m_checkpoint), QStringLiteral("--limit"), QStringLiteral("2")};
    const Run hubs = cli(QStringList{QStringLiteral("hubs"), QStringLiteral("--density"), QStringLiteral("model:entropy"),
                                     QStringLiteral("--hub-top"), QStringLiteral("0.2"), QStringLiteral("--out"),
                                     m_dir.filePath(QStringLiteral("hubs.jsonl"))} + common);
    QVERIFY2(hubs.exitCode == 0, qPrintable(hubs.err));
    const Run mask = cli(QStringList{QStringLiteral("mask"), QStringLiteral("--source"), QStringLiteral("model:attention"),
                                     QStringLiteral("--model-layers"), QStringLiteral("0"), QStringLiteral("--out"),
                                     m_dir.filePath(QStringLiteral("mask.jsonl"))} + common);
    QVERIFY2(mask.exitCode == 0, qPrintable(mask.err));
}

void DensityModelTest::badInputIsNamed_data() {
    QTest::addColumn<QString>("setup");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("no --model") << QStringLiteral("none") << 2 << QStringLiteral("--model");
    QTest::newRow("missing checkpoint") << QStringLiteral("missing") << 1 << QStringLiteral("no checkpoint directory");
    QTest::newRow("broken config") << QStringLiteral("broken") << 1 << QStringLiteral("config.json");
    QTest::newRow("foreign tokenizer") << QStringLiteral("tokenizer") << 1
                                       << QStringLiteral("is not the tokenizer of checkpoint");
    QTest::newRow("cuda on a CPU build") << QStringLiteral("cuda") << 2 << QStringLiteral("--device cuda");
}

void DensityModelTest::badInputIsNamed() {
    QFETCH(QString, setup);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    if (setup == QStringLiteral("cuda") && torch::cuda::is_available()) QSKIP("a CUDA device is visible");
    QString model = QString::fromStdString(m_checkpoint);
    QString tokenizer = QString::fromStdString(kDemoTokenizer);
    QString device = QStringLiteral("cpu");
    if (setup == QStringLiteral("missing")) model = m_dir.filePath(QStringLiteral("nowhere"));
    if (setup == QStringLiteral("broken")) {
        const QString broken = m_dir.filePath(QStringLiteral("broken"));
        QVERIFY(QDir().mkpath(broken));
        for (const char* name : {kCheckpointWeightsFile, kCheckpointStateFile, kCheckpointTokenizerFile})
            QVERIFY(QFile::copy(model + QLatin1Char('/') + QLatin1String(name), broken + QLatin1Char('/') + QLatin1String(name)));
        std::ofstream(broken.toStdString() + "/config.json") << "{\"hidden_size\": ";
        model = broken;
    }
    if (setup == QStringLiteral("tokenizer")) {
        tokenizer = m_dir.filePath(QStringLiteral("other.model"));
        if (!QFile::exists(tokenizer)) {
            std::vector<std::string> texts;
            const Corpus corpus = Corpus::open(kDemoCorpus);
            for (std::uint64_t i = 0; i < corpus.entryCount(); ++i)
                if (const Corpus::Entry entry = corpus.read(i); entry.record) {
                    texts.push_back(entry.record->prompt);
                    texts.push_back(entry.record->response);
                }
            TokenizerTrainOptions train;
            train.vocabSize = 400;
            trainTokenizer(texts, train, tokenizer.toStdString());
        }
    }
    if (setup == QStringLiteral("cuda")) device = QStringLiteral("cuda");
    QStringList args{QStringLiteral("density"), QStringLiteral("--corpus"), QString::fromStdString(kDemoCorpus),
                     QStringLiteral("--tokenizer"), tokenizer, QStringLiteral("--source"), QStringLiteral("model:surprisal"),
                     QStringLiteral("--device"), device, QStringLiteral("--limit"), QStringLiteral("1"),
                     QStringLiteral("--no-cache"), QStringLiteral("--out"), m_dir.filePath(QStringLiteral("bad.jsonl"))};
    if (setup != QStringLiteral("none")) args << QStringLiteral("--model") << model;
    const Run run = cli(args);
    QVERIFY2(run.exitCode == exitCode, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.err)));
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("bad.jsonl"))));
}

QTEST_GUILESS_MAIN(DensityModelTest)
#include "test_gpu_density_model.moc"
