// A model density source over a whole corpus (issue 6: batching, streaming, cache, cancel,
// per-corpus normalisation), and the commands built on it: `maskscope-cli density` on a model
// source and on a blend, `train --density model:surprisal --density-model`, `gpu-check`, `sources`.
//
// Tolerances: a batch pads records to its longest and masks the padded keys out of attention; the
// real positions then see the same keys, but the matmuls sum in another order, so raw NLL, entropy
// and attention agree with the one-record call to float32 rounding: 1e-4 x max(1, |value|) (observed
// ~1e-6). After min-max normalisation differences scale by 1 / range; the ranges here are > 0.05,
// so 5e-3 bounds them.
#include "core/content_hash.h"
#include "core/corpus_reader.h"
#include "core/error.h"
#include "core/density_source.h"
#include "core/tokenizer.h"
#include "gpu/checkpoint.h"
#include "gpu/density_corpus.h"
#include "gpu/density_model.h"
#include "gpu/model_config.h"
#include "gpu/optimizer_state.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace maskscope;

namespace {

const std::string kDemoCorpus = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl";
const std::string kDemoTokenizer = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model";

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run cli(const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral(MASKSCOPE_CLI), args);
    if (!process.waitForFinished(240000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

std::string writeTinyCheckpoint(const std::string& folder, std::uint64_t seed) {
    const Tokenizer tokenizer = Tokenizer::load(kDemoTokenizer);
    ModelConfig config;
    config.hiddenSize = 32;
    config.numLayers = 2;
    config.numHeads = 4;
    config.intermediateSize = 48;
    config.maxPositionEmbeddings = 512;
    config = withTokenizerVocabulary(config, tokenizer.vocabSize(), tokenizer.maskId());
    DiffusionTransformer model(config, seed);
    auto optimizer = makeAdamW(model, {1e-2, 0.9, 0.95, 1e-8, 0.0});
    TrainerState state;
    state.step = 1;
    return writeCheckpoint(folder, model, *optimizer, state, kDemoTokenizer);
}

double relative(double a, double b) { return std::abs(a - b) / std::max(1.0, std::abs(b)); }

struct Collected {
    std::vector<TokenizedRecord> records;
    std::vector<std::vector<float>> density;
    std::string bytes;  // every value printed exactly, for byte comparisons
};

CorpusDensitySink collect(Collected& into) {
    return [&into](const TokenizedRecord& record, const std::vector<float>& density) {
        into.records.push_back(record);
        into.density.push_back(density);
        char text[32];
        into.bytes += record.record.id + ":";
        for (const float value : density) {
            std::snprintf(text, sizeof text, "%a,", static_cast<double>(value));
            into.bytes += text;
        }
        into.bytes += "\n";
    };
}

std::vector<std::string> filesIn(const std::string& folder) {
    std::vector<std::string> names;
    std::error_code error;
    if (!std::filesystem::is_directory(folder, error)) return names;
    for (const auto& entry : std::filesystem::directory_iterator(folder)) names.push_back(entry.path().filename().string());
    return names;
}

QList<QJsonObject> readLines(const QString& path) {
    QFile file(path);
    QList<QJsonObject> objects;
    if (!file.open(QIODevice::ReadOnly)) return objects;
    for (const QByteArray& line : file.readAll().trimmed().split('\n')) objects.push_back(QJsonDocument::fromJson(line).object());
    return objects;
}

}  // namespace

class DensityCorpusTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void batchesMatchOneRecordCalls_data();
    void batchesMatchOneRecordCalls();
    void logitsRowsMatchFullLogits();
    void recordNormalisationMatchesTheSource();
    void corpusNormalisationMatchesReference();
    void secondRunIsACacheHitWithIdenticalBytes();
    void otherKOrCheckpointMisses();
    void cancelStopsEarlyAndLeavesNoCacheEntry();
    void truncatedCacheFileIsNamed();
    void similarLengthsShareBatches();
    void cliDensityCorpusNormalisationAndCache();
    void cliBlendWithModelSource();
    void cliRefusesCorpusNormalisationForRules();
    void cliTrainWithModelDensityRunsTwoSteps();
    void cliGpuCheckReportsDeviceOrItsAbsence();
    void cliSourcesAlignDescriptions();

private:
    std::string path(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)).toStdString(); }
    CorpusDensityReport score(const ModelDensityScorer& scorer, CorpusDensityOptions options, Collected& into,
                              const CorpusDensityProgressFn& progress = {}) const {
        const Corpus corpus = Corpus::open(m_corpus, CorpusFormat::Auto);
        return scoreCorpus(scorer, corpus, *m_tokenizer, options, collect(into), progress);
    }
    ModelDensityOptions modelOptions(int k, const std::string& checkpoint = {}) const {
        ModelDensityOptions options;
        options.checkpoint = checkpoint.empty() ? m_checkpoint : checkpoint;
        options.tokenizer = kDemoTokenizer;
        options.k = k;
        return options;
    }

    QTemporaryDir m_dir;
    std::string m_corpus;       // 14 demo records and one bad line, in the temporary folder
    std::string m_checkpoint;   // seed 7
    std::string m_other;        // seed 8
    std::unique_ptr<Tokenizer> m_tokenizer;
    std::unique_ptr<ModelDensityScorer> m_scorer;  // k = 3
};

void DensityCorpusTest::initTestCase() {
    at::set_num_threads(1);
    QVERIFY(m_dir.isValid());
    m_corpus = path("corpus.jsonl");
    std::ifstream in(kDemoCorpus);
    std::ofstream out(m_corpus);
    std::string line;
    for (int n = 0; n < 14 && std::getline(in, line); ++n) {
        out << line << "\n";
        if (n == 5) out << "{\"id\": \"broken\"\n";  // a bad line: skipped and reported
    }
    out.close();
    m_tokenizer = std::make_unique<Tokenizer>(Tokenizer::load(kDemoTokenizer));
    m_checkpoint = writeTinyCheckpoint(path("run/checkpoints"), 7);
    m_other = writeTinyCheckpoint(path("other/checkpoints"), 8);
    m_scorer = std::make_unique<ModelDensityScorer>(modelOptions(3));
    registerModelDensitySources();
}

void DensityCorpusTest::batchesMatchOneRecordCalls_data() {
    QTest::addColumn<int>("kind");
    QTest::newRow("surprisal") << static_cast<int>(ModelDensityKind::Surprisal);
    QTest::newRow("entropy") << static_cast<int>(ModelDensityKind::Entropy);
    QTest::newRow("attention") << static_cast<int>(ModelDensityKind::Attention);
}

void DensityCorpusTest::batchesMatchOneRecordCalls() {
    QFETCH(int, kind);
    const auto which = static_cast<ModelDensityKind>(kind);
    const Corpus corpus = Corpus::open(m_corpus, CorpusFormat::Auto);
    std::vector<TokenizedRecord> records;
    for (std::uint64_t i = 0; i < corpus.entryCount(); ++i)
        if (const auto entry = corpus.read(i); entry.record) records.push_back(m_tokenizer->tokenize(*entry.record));
    std::vector<const TokenizedRecord*> all;
    std::size_t shortest = std::numeric_limits<std::size_t>::max(), longest = 0;
    for (const auto& record : records) {
        all.push_back(&record);
        shortest = std::min(shortest, record.size());
        longest = std::max(longest, record.size());
    }
    QVERIFY2(shortest + 10 < longest, "the batch must pad");
    const auto batched = rawModelScores(*m_scorer, which, all);
    double worst = 0.0;
    bool anyNonZero = false;
    for (std::size_t j = 0; j < records.size(); ++j) {
        const auto alone = rawModelScores(*m_scorer, which, {&records[j]}).front();
        QCOMPARE(batched[j].size(), alone.size());
        for (std::size_t i = 0; i < alone.size(); ++i) {
            worst = std::max(worst, relative(batched[j][i], alone[i]));
            anyNonZero = anyNonZero || alone[i] != 0.0f;
        }
    }
    QVERIFY(anyNonZero);
    QVERIFY2(worst <= 1e-4, qPrintable(QStringLiteral("max relative difference %1").arg(worst)));
}

// The head applied to chosen rows only equals the same rows of the full logits.
void DensityCorpusTest::logitsRowsMatchFullLogits() {
    LoadedCheckpoint loaded = loadCheckpoint(m_checkpoint, torch::kCPU);
    const c10::InferenceMode inference;
    const auto ids = torch::randint(0, loaded.config.vocabSize, {3, 17}, torch::kInt64);  // [B, L]
    const auto full = loaded.model->forward(ids).logits.reshape({3 * 17, -1});         // [B * L, V]
    const auto rows = torch::tensor(std::vector<std::int64_t>{0, 5, 16, 17, 40, 50});  // [R]
    ForwardOptions options;
    options.logitsRows = rows;
    const auto picked = loaded.model->forward(ids, options).logits;  // [R, V]
    QCOMPARE(picked.dim(), std::int64_t(2));
    QCOMPARE(picked.size(0), std::int64_t(6));
    QVERIFY(torch::allclose(picked, full.index_select(0, rows), 1e-5, 1e-6));
}

void DensityCorpusTest::recordNormalisationMatchesTheSource() {
    Collected got;
    CorpusDensityOptions options;
    options.useCache = false;
    options.batchTokens = 600;
    const CorpusDensityReport report = score(*m_scorer, options, got);
    QCOMPARE(report.records, std::uint64_t(14));
    QCOMPARE(report.bad.size(), std::size_t(1));
    QCOMPARE(report.bad.front().line, std::uint64_t(7));
    DensityContext context;
    context.params = {{"checkpoint", m_checkpoint}, {"tokenizer", kDemoTokenizer}, {"k", "3"}};
    const auto source = DensityRegistry::instance().create("model:surprisal", context);
    for (std::size_t j = 0; j < got.records.size(); ++j) {
        const auto expected = source->score(got.records[j]);
        QCOMPARE(got.density[j].size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) QVERIFY(std::abs(got.density[j][i] - expected[i]) <= 5e-3);
    }
}

// Reference: raw NLL per record (one-record calls), min and max over every response token of the
// corpus, (x - min) / (max - min).
void DensityCorpusTest::corpusNormalisationMatchesReference() {
    Collected got;
    CorpusDensityOptions options;
    options.useCache = false;
    options.normalisation = CorpusNormalisation::Corpus;
    const CorpusDensityReport report = score(*m_scorer, options, got);
    std::vector<std::vector<float>> raw;
    double lowest = INFINITY, highest = -INFINITY;
    for (const auto& record : got.records) {
        raw.push_back(rawModelScores(*m_scorer, ModelDensityKind::Surprisal, {&record}).front());
        for (std::size_t i = record.promptTokens; i < record.size(); ++i) {
            lowest = std::min<double>(lowest, raw.back()[i]);
            highest = std::max<double>(highest, raw.back()[i]);
        }
    }
    QVERIFY(highest - lowest > 0.05);
    QVERIFY(relative(report.lowest, lowest) <= 1e-4 && relative(report.highest, highest) <= 1e-4);
    bool sawZero = false, sawOne = false, recordWithoutOne = false;
    for (std::size_t j = 0; j < raw.size(); ++j) {
        float recordMax = 0.0f;
        for (std::size_t i = 0; i < raw[j].size(); ++i) {
            const double expected = i < got.records[j].promptTokens ? 0.0 : (raw[j][i] - lowest) / (highest - lowest);
            QVERIFY2(std::abs(got.density[j][i] - expected) <= 5e-3,
                     qPrintable(QStringLiteral("record %1 token %2: %3 vs %4").arg(j).arg(i).arg(got.density[j][i]).arg(expected)));
            if (i >= got.records[j].promptTokens) {
                sawZero = sawZero || got.density[j][i] == 0.0f;
                sawOne = sawOne || got.density[j][i] == 1.0f;
                recordMax = std::max(recordMax, got.density[j][i]);
            }
        }
        recordWithoutOne = recordWithoutOne || recordMax < 0.999f;
    }
    QVERIFY(sawZero && sawOne);
    QVERIFY2(recordWithoutOne, "per corpus, not every record reaches 1 (unlike per record)");
}

void DensityCorpusTest::secondRunIsACacheHitWithIdenticalBytes() {
    CorpusDensityOptions options;
    options.normalisation = CorpusNormalisation::Corpus;
    const std::string folder = m_corpus + ".maskscope-density";
    std::filesystem::remove_all(folder);
    Collected first, second, fresh;
    const CorpusDensityReport miss = score(*m_scorer, options, first);
    QVERIFY(!miss.cacheHit);
    QVERIFY(miss.batches > 0);
    QVERIFY(std::filesystem::is_regular_file(miss.cacheFile));
    QCOMPARE(std::filesystem::path(miss.cacheFile).parent_path().string(), folder);
    QCOMPARE(filesIn(folder).size(), std::size_t(1));  // no temporary file left beside it
    const CorpusDensityReport hit = score(*m_scorer, options, second);
    QVERIFY(hit.cacheHit);
    QCOMPARE(hit.batches, std::uint64_t(0));
    QCOMPARE(hit.cacheFile, miss.cacheFile);
    QCOMPARE(second.bytes, first.bytes);
    options.useCache = false;
    score(*m_scorer, options, fresh);
    QCOMPARE(fresh.bytes, first.bytes);
}

void DensityCorpusTest::otherKOrCheckpointMisses() {
    const Corpus corpus = Corpus::open(m_corpus, CorpusFormat::Auto);
    const CorpusDensityOptions options;
    const std::string base = densityCachePath(*m_scorer, corpus, *m_tokenizer, options);
    QCOMPARE(densityCachePath(*m_scorer, corpus, *m_tokenizer, options), base);
    const ModelDensityScorer otherK(modelOptions(2));
    const ModelDensityScorer otherCheckpoint(modelOptions(3, m_other));
    CorpusDensityOptions entropy;
    entropy.kind = ModelDensityKind::Entropy;
    CorpusDensityOptions limited;
    limited.limit = 5;
    QVERIFY(densityCachePath(otherK, corpus, *m_tokenizer, options) != base);
    QVERIFY(densityCachePath(otherCheckpoint, corpus, *m_tokenizer, options) != base);
    QVERIFY(densityCachePath(*m_scorer, corpus, *m_tokenizer, entropy) != base);
    QVERIFY(densityCachePath(*m_scorer, corpus, *m_tokenizer, limited) != base);
    // The normalisation is applied after the cache: it does not key it.
    CorpusDensityOptions none;
    none.normalisation = CorpusNormalisation::None;
    QCOMPARE(densityCachePath(*m_scorer, corpus, *m_tokenizer, none), base);
    // A miss runs the model again and writes its own file.
    Collected got;
    CorpusDensityOptions cached;
    cached.cacheDirectory = path("k-cache");
    QVERIFY(!score(otherK, cached, got).cacheHit);
    QVERIFY(score(otherK, cached, got).cacheHit);
    QVERIFY(!score(otherCheckpoint, cached, got).cacheHit);
    QCOMPARE(filesIn(path("k-cache")).size(), std::size_t(2));
}

void DensityCorpusTest::cancelStopsEarlyAndLeavesNoCacheEntry() {
    CorpusDensityOptions options;
    options.cacheDirectory = path("cancel-cache");
    options.batchTokens = 1;  // one record per batch: a progress call after every record
    Collected got;
    int calls = 0;
    const CorpusDensityReport report = score(*m_scorer, options, got, [&](const CorpusDensityProgress& progress) {
        ++calls;
        if (progress.done != static_cast<std::uint64_t>(calls)) return true;  // checked below
        return calls < 3;
    });
    QVERIFY(report.cancelled);
    QCOMPARE(calls, 3);
    QCOMPARE(report.batches, std::uint64_t(3));
    QVERIFY(got.records.empty());
    QVERIFY(filesIn(path("cancel-cache")).empty());
    // The next run scores everything and is not fooled by the cancelled one.
    Collected full;
    std::vector<std::uint64_t> done;
    const CorpusDensityReport complete = score(*m_scorer, options, full, [&](const CorpusDensityProgress& progress) {
        done.push_back(progress.done);
        return progress.total == 15;  // 15 entries, one of them bad
    });
    QVERIFY(!complete.cancelled && !complete.cacheHit);
    QCOMPARE(full.records.size(), std::size_t(14));
    QCOMPARE(done.size(), std::size_t(14));
    QCOMPARE(done.back(), std::uint64_t(14));
}

// A score file cut short (a disk that filled up behind our back, a copy interrupted) is never read
// as if it were complete: the error names it and says how to recover.
void DensityCorpusTest::truncatedCacheFileIsNamed() {
    CorpusDensityOptions options;
    options.cacheDirectory = path("truncated-cache");
    Collected first;
    const CorpusDensityReport report = score(*m_scorer, options, first);
    const auto size = std::filesystem::file_size(report.cacheFile);
    std::filesystem::resize_file(report.cacheFile, size - 12);
    Collected second;
    try {
        score(*m_scorer, options, second);
        QFAIL("no error for a truncated score file");
    } catch (const InputError& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(QString::fromStdString(report.cacheFile)), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("--no-cache")), qPrintable(message));
    }
    QVERIFY(second.records.empty());
}

void DensityCorpusTest::similarLengthsShareBatches() {
    CorpusDensityOptions options;
    options.useCache = false;
    options.batchTokens = 2000;
    Collected sorted;
    const CorpusDensityReport report = score(*m_scorer, options, sorted);
    QVERIFY(report.batches > 1 && report.batches < report.records);
    // In corpus order a batch pads every record to the longest of its neighbours; sorted by length
    // the padding is what is left.
    std::size_t unsortedPadded = 0, width = 0, rows = 0;
    for (const auto& record : sorted.records) {
        const std::size_t own = std::min<std::size_t>(3, record.size() - record.promptTokens);
        const std::size_t newWidth = std::max(width, record.size());
        if (rows > 0 && (rows + own) * newWidth > options.batchTokens) {
            unsortedPadded += rows * width;
            rows = 0;
            width = 0;
        }
        rows += own;
        width = std::max(width, record.size());
    }
    unsortedPadded += rows * width;
    QVERIFY2(report.paddedTokens < unsortedPadded,
             qPrintable(QStringLiteral("%1 vs %2").arg(report.paddedTokens).arg(unsortedPadded)));
    QVERIFY(report.paddedTokens >= report.scoredTokens);
}

void DensityCorpusTest::cliDensityCorpusNormalisationAndCache() {
    const QString corpus = m_dir.filePath(QStringLiteral("cli.jsonl"));
    QVERIFY(QFile::copy(QString::fromStdString(m_corpus), corpus));
    const QString out = m_dir.filePath(QStringLiteral("cli-density.jsonl"));
    const QStringList args{QStringLiteral("density"), QStringLiteral("--corpus"), corpus, QStringLiteral("--tokenizer"),
                           QString::fromStdString(kDemoTokenizer), QStringLiteral("--model"),
                           m_dir.filePath(QStringLiteral("run")), QStringLiteral("--source"),
                           QStringLiteral("model:surprisal"), QStringLiteral("--k"), QStringLiteral("3"),
                           QStringLiteral("--normalise"), QStringLiteral("corpus"), QStringLiteral("--out"), out};
    const Run first = cli(args);
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    QVERIFY2(first.err.contains(QStringLiteral("cached in")), qPrintable(first.err));
    QVERIFY2(first.err.contains(QStringLiteral("skipped 1 bad line")), qPrintable(first.err));
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray firstBytes = file.readAll();
    file.close();
    const Run second = cli(args);
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QVERIFY2(second.err.contains(QStringLiteral("from the cache")), qPrintable(second.err));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), firstBytes);
    file.close();

    // The same values as the library's corpus pass.
    Collected expected;
    CorpusDensityOptions options;
    options.useCache = false;
    options.normalisation = CorpusNormalisation::Corpus;
    score(*m_scorer, options, expected);
    const QList<QJsonObject> lines = readLines(out);
    QCOMPARE(static_cast<std::size_t>(lines.size()), expected.records.size());
    for (qsizetype n = 0; n < lines.size(); ++n) {
        QCOMPARE(lines[n][QStringLiteral("id")].toString().toStdString(), expected.records[n].record.id);
        const QJsonArray density = lines[n][QStringLiteral("density")].toArray();
        QCOMPARE(static_cast<std::size_t>(density.size()), expected.density[n].size());
        QCOMPARE(static_cast<std::size_t>(lines[n][QStringLiteral("tokens")].toArray().size()), expected.density[n].size());
        for (qsizetype i = 0; i < density.size(); ++i)
            QVERIFY(std::abs(density[i].toDouble() - expected.density[n][i]) < 1e-6);
    }
}

void DensityCorpusTest::cliBlendWithModelSource() {
    const auto run = [&](const QString& density, const QString& name) {
        const QString out = m_dir.filePath(name);
        const Run result = cli({QStringLiteral("density"), QStringLiteral("--corpus"), QString::fromStdString(m_corpus),
                                QStringLiteral("--tokenizer"), QString::fromStdString(kDemoTokenizer),
                                QStringLiteral("--model"), QString::fromStdString(m_checkpoint), QStringLiteral("--k"),
                                QStringLiteral("3"), QStringLiteral("--density"), density, QStringLiteral("--no-cache"),
                                QStringLiteral("--limit"), QStringLiteral("6"), QStringLiteral("--out"), out});
        return std::make_pair(result, readLines(out));
    };
    const auto [blendRun, blend] = run(QStringLiteral("rules:code=1,model:surprisal=3"), QStringLiteral("blend.jsonl"));
    QVERIFY2(blendRun.exitCode == 0, qPrintable(blendRun.err));
    const auto [rulesRun, rules] = run(QStringLiteral("rules:code"), QStringLiteral("rules.jsonl"));
    const auto [modelRun, model] = run(QStringLiteral("model:surprisal"), QStringLiteral("model.jsonl"));
    QVERIFY(rulesRun.exitCode == 0 && modelRun.exitCode == 0);
    QCOMPARE(blend.size(), 6);
    bool differsFromBoth = false;
    for (qsizetype n = 0; n < blend.size(); ++n) {
        const QJsonArray b = blend[n][QStringLiteral("density")].toArray();
        const QJsonArray r = rules[n][QStringLiteral("density")].toArray();
        const QJsonArray m = model[n][QStringLiteral("density")].toArray();
        QCOMPARE(b.size(), r.size());
        for (qsizetype i = 0; i < b.size(); ++i) {
            const double expected = (1.0 * r[i].toDouble() + 3.0 * m[i].toDouble()) / 4.0;
            QVERIFY2(std::abs(b[i].toDouble() - expected) <= 5e-3,
                     qPrintable(QStringLiteral("%1 vs %2").arg(b[i].toDouble()).arg(expected)));
            QVERIFY(b[i].toDouble() >= 0.0 && b[i].toDouble() <= 1.0);
            differsFromBoth = differsFromBoth || (std::abs(b[i].toDouble() - r[i].toDouble()) > 0.01 &&
                                                  std::abs(b[i].toDouble() - m[i].toDouble()) > 0.01);
        }
    }
    QVERIFY(differsFromBoth);
    // The blend's model member works in hubs too.
    const Run hubs = cli({QStringLiteral("hubs"), QStringLiteral("--corpus"), QString::fromStdString(m_corpus),
                          QStringLiteral("--tokenizer"), QString::fromStdString(kDemoTokenizer), QStringLiteral("--model"),
                          QString::fromStdString(m_checkpoint), QStringLiteral("--density"),
                          QStringLiteral("rules:code=1,model:entropy=1"), QStringLiteral("--limit"), QStringLiteral("2"),
                          QStringLiteral("--out"), m_dir.filePath(QStringLiteral("blend-hubs.jsonl"))});
    QVERIFY2(hubs.exitCode == 0, qPrintable(hubs.err));
    // A bad weight is a usage error naming the spec.
    const auto [bad, none] = run(QStringLiteral("rules:code=-1,model:surprisal=1"), QStringLiteral("bad.jsonl"));
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(QStringLiteral("rules:code=-1,model:surprisal=1")), qPrintable(bad.err));
}

void DensityCorpusTest::cliRefusesCorpusNormalisationForRules() {
    const Run run = cli({QStringLiteral("density"), QStringLiteral("--corpus"), QString::fromStdString(m_corpus),
                         QStringLiteral("--tokenizer"), QString::fromStdString(kDemoTokenizer), QStringLiteral("--density"),
                         QStringLiteral("rules:code"), QStringLiteral("--normalise"), QStringLiteral("corpus"),
                         QStringLiteral("--out"), m_dir.filePath(QStringLiteral("refused.jsonl"))});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(QStringLiteral("--normalise corpus")), qPrintable(run.err));
}

void DensityCorpusTest::cliTrainWithModelDensityRunsTwoSteps() {
    const QString out = m_dir.filePath(QStringLiteral("train-model-density"));
    const Run run = cli({QStringLiteral("train"), QStringLiteral("--corpus"), QString::fromStdString(m_corpus),
                         QStringLiteral("--tokenizer"), QString::fromStdString(kDemoTokenizer), QStringLiteral("--density"),
                         QStringLiteral("model:surprisal"), QStringLiteral("--density-model"),
                         QString::fromStdString(m_checkpoint), QStringLiteral("--density-k"), QStringLiteral("2"),
                         QStringLiteral("--hub-top"), QStringLiteral("0.3"), QStringLiteral("--preset"),
                         QStringLiteral("tiny"), QStringLiteral("--steps"), QStringLiteral("2"), QStringLiteral("--batch"),
                         QStringLiteral("2"), QStringLiteral("--out"), out});
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("step  2/2")), qPrintable(run.err));
    QVERIFY(QFile::exists(out + QStringLiteral("/metrics.jsonl")));
    // run.json records the source's params, so that the run can be resumed without repeating them
    // and scores with the same checkpoint.
    QFile manifest(out + QStringLiteral("/run.json"));
    QVERIFY(manifest.open(QIODevice::ReadOnly));
    const QJsonObject params = QJsonDocument::fromJson(manifest.readAll())
                                   .object()
                                   .value(QStringLiteral("config"))
                                   .toObject()
                                   .value(QStringLiteral("density_params"))
                                   .toObject();
    QCOMPARE(params.value(QStringLiteral("checkpoint")).toString(),
             QString::fromStdString(std::filesystem::absolute(m_checkpoint).string()));
    QCOMPARE(params.value(QStringLiteral("k")).toString(), QStringLiteral("2"));
    const Run resumed = cli({QStringLiteral("train"), QStringLiteral("--resume"), out, QStringLiteral("--steps"),
                             QStringLiteral("3")});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
    QVERIFY2(resumed.err.contains(QStringLiteral("step  3/3")), qPrintable(resumed.err));
    // Without the checkpoint the source says what it needs.
    const Run missing = cli({QStringLiteral("train"), QStringLiteral("--corpus"), QString::fromStdString(m_corpus),
                             QStringLiteral("--tokenizer"), QString::fromStdString(kDemoTokenizer),
                             QStringLiteral("--density"), QStringLiteral("model:surprisal"), QStringLiteral("--steps"),
                             QStringLiteral("1"), QStringLiteral("--out"), out + QStringLiteral("-missing")});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(QStringLiteral("checkpoint")), qPrintable(missing.err));
}

void DensityCorpusTest::cliGpuCheckReportsDeviceOrItsAbsence() {
    const Run run = cli({QStringLiteral("gpu-check"), QStringLiteral("--quick")});
    QVERIFY2(run.exitCode == 0 || run.exitCode == 77, qPrintable(run.out + run.err));
    QVERIFY2(!run.out.contains(QStringLiteral("FAIL")), qPrintable(run.out));
    QVERIFY(run.out.contains(QStringLiteral("ok   cpu V=50257 bf16")));
    if (run.exitCode == 77) QVERIFY2(run.out.contains(QStringLiteral("no CUDA device is present")), qPrintable(run.out));
    else QVERIFY2(run.out.contains(QStringLiteral("PASS")), qPrintable(run.out));
}

void DensityCorpusTest::cliSourcesAlignDescriptions() {
    const Run run = cli({QStringLiteral("sources")});
    QCOMPARE(run.exitCode, 0);
    const QStringList lines = run.out.trimmed().split(QLatin1Char('\n'));
    QVERIFY(lines.size() >= 6);
    QVERIFY(run.out.contains(QStringLiteral("model:surprisal")));
    qsizetype column = -1;
    for (const QString& line : lines) {
        const qsizetype nameEnd = line.indexOf(QLatin1Char(' '));
        qsizetype start = nameEnd;
        while (start < line.size() && line[start] == QLatin1Char(' ')) ++start;
        QVERIFY2(start - nameEnd >= 2, qPrintable(line));
        if (column < 0) column = start;
        QVERIFY2(start == column, qPrintable(line));
    }
}

QTEST_MAIN(DensityCorpusTest)
#include "test_gpu_density_corpus.moc"
