// Training data and batches: the masks in a batch are the core sampler's (the Inspector's, i.e.
// what `maskscope-cli mask` shows) for the same seed, record and step; record order, the eval
// split, the split over ranks and micro-batches; padding that changes nothing; and the errors for
// empty corpora and records longer than the context.
#include "core/error.h"
#include "core/inspection.h"
#include "core/tokenizer.h"
#include "gpu/batch_builder.h"
#include "gpu/model.h"
#include "gpu/training_data.h"
#include "gpu/training_objective.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <fstream>
#include <set>

using namespace maskscope;

namespace {

const std::string kDemoCorpus = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl";
const std::string kDemoTokenizer = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model";

InspectionSettings maskingSettings(MaskMode mode) {
    InspectionSettings settings;
    settings.densitySource = "rules:code";
    settings.policy.mode = mode;
    settings.policy.w = 2.0;
    settings.policy.tMin = 0.3;
    settings.policy.tMax = 0.8;
    settings.policy.seed = 5;
    settings.policy.processed = 0.7;  // some records are masked uniformly
    return settings;
}

TrainingDataOptions dataOptions(const std::string& corpus, const InspectionSettings& masking, std::size_t context = 256) {
    TrainingDataOptions options;
    options.corpus = corpus;
    options.masking = masking;
    options.context = context;
    options.evalFraction = 0.1;
    options.seed = masking.policy.seed;
    return options;
}

std::vector<std::uint8_t> row(const torch::Tensor& tensor, std::int64_t r, std::size_t length) {
    const auto values = tensor[r].narrow(0, 0, static_cast<std::int64_t>(length)).to(torch::kUInt8).contiguous();
    const auto* begin = values.data_ptr<std::uint8_t>();
    return {begin, begin + length};
}

ModelConfig smallModel(std::int64_t vocab, std::int64_t maskId) {
    ModelConfig config;
    config.vocabSize = vocab;
    config.hiddenSize = 32;
    config.numLayers = 2;
    config.numHeads = 4;
    config.intermediateSize = 48;
    config.maxPositionEmbeddings = 256;
    config.maskTokenId = maskId;
    config.blockSize = 8;
    return config;
}

void writeLines(const QString& path, const QStringList& lines) {
    std::ofstream out(path.toStdString(), std::ios::binary);
    for (const QString& line : lines) out << line.toStdString() << "\n";
}

template <typename Exception>
QString messageOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Exception& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

}  // namespace

class BatchBuilderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void masksAreTheInspectorsMasks_data();
    void masksAreTheInspectorsMasks();
    void complementaryPairSupervisesEveryTokenOnce();
    void recordOrderIsAKeyedPermutation();
    void evalSplitDependsOnTheIdAlone();
    void ranksAndMicroBatchesSplitTheSameStep();
    void paddingIsInvisible_data();
    void paddingIsInvisible();
    void longRecordsAreAnErrorOrTruncated();
    void emptyAndUnusableCorporaAreErrors();

private:
    std::unique_ptr<Tokenizer> m_tokenizer;
    QTemporaryDir m_dir;
};

void BatchBuilderTest::initTestCase() {
    at::set_num_threads(1);
    QVERIFY(m_dir.isValid());
    m_tokenizer = std::make_unique<Tokenizer>(Tokenizer::load(kDemoTokenizer));
}

void BatchBuilderTest::masksAreTheInspectorsMasks_data() {
    QTest::addColumn<int>("mode");
    QTest::newRow("complementary") << static_cast<int>(MaskMode::Complementary);
    QTest::newRow("reweighted") << static_cast<int>(MaskMode::Reweighted);
    QTest::newRow("hard") << static_cast<int>(MaskMode::Hard);
}

void BatchBuilderTest::masksAreTheInspectorsMasks() {
    QFETCH(int, mode);
    const InspectionSettings settings = maskingSettings(static_cast<MaskMode>(mode));
    const DensityContext context;
    const TrainingData data = TrainingData::load(dataOptions(kDemoCorpus, settings), *m_tokenizer, context);
    const std::int64_t maskId = m_tokenizer->maskId();
    const BatchBuilder builder(data, settings.policy, maskId, /*recordsPerStep=*/8, /*gradAccum=*/2);
    const Inspector inspector(*m_tokenizer, settings, context);
    const Corpus corpus = Corpus::open(kDemoCorpus);

    std::size_t compared = 0;
    for (const std::uint64_t step : {1ull, 2ull, 17ull}) {
        const StepBatch batch = builder.build(step);
        QCOMPARE(batch.micro.size(), std::size_t{2});
        for (const MicroBatch& micro : batch.micro) {
            QCOMPARE(micro.records, std::int64_t{4});
            QCOMPARE(micro.maskStep, static_cast<std::uint32_t>(step));
            for (std::int64_t i = 0; i < micro.records; ++i) {
                const TrainingRecord& record = data.records()[micro.recordIndices[static_cast<std::size_t>(i)]];
                const RecordInspection expected = inspector.inspect(corpus.record(record.line - 1), static_cast<std::uint32_t>(step));
                const std::size_t length = record.length();
                QCOMPARE(expected.tokens.size(), length);
                QCOMPARE(row(micro.masked, i, length), expected.masks.logical);
                QCOMPARE(row(micro.masked, micro.records + i, length), expected.masks.syntactic);
                QCOMPARE(row(micro.hub, i, length), expected.hubs.indicator);
                QCOMPARE(row(micro.response, micro.records + i, length), expected.maskable);
                for (std::size_t j = 0; j < length; ++j) {
                    QCOMPARE(micro.clean[i][static_cast<std::int64_t>(j)].item<std::int64_t>(),
                             static_cast<std::int64_t>(expected.tokens.tokens[j].id));
                    const bool masked = expected.masks.logical[j] != 0;
                    QCOMPARE(micro.noisy[i][static_cast<std::int64_t>(j)].item<std::int64_t>(),
                             masked ? maskId : static_cast<std::int64_t>(expected.tokens.tokens[j].id));
                }
                const bool independent = expected.masks.processed && mode == static_cast<int>(MaskMode::Reweighted);
                QCOMPARE(micro.ratio[i].item<float>(), static_cast<float>(expected.masks.t));
                QCOMPARE(micro.ratio[micro.records + i].item<float>(),
                         static_cast<float>(independent ? expected.masks.t : 1.0 - expected.masks.t));
                ++compared;
            }
        }
    }
    QCOMPARE(compared, std::size_t{24});
}

void BatchBuilderTest::complementaryPairSupervisesEveryTokenOnce() {
    const InspectionSettings settings = maskingSettings(MaskMode::Complementary);
    const TrainingData data = TrainingData::load(dataOptions(kDemoCorpus, settings), *m_tokenizer, {});
    const BatchBuilder builder(data, settings.policy, m_tokenizer->maskId(), 6, 1);
    const MicroBatch micro = builder.build(3).micro.front();
    const auto logical = micro.masked.narrow(0, 0, micro.records);                // [r, L]
    const auto syntactic = micro.masked.narrow(0, micro.records, micro.records);  // [r, L]
    const auto response = micro.response.narrow(0, 0, micro.records);
    QVERIFY(torch::equal(logical ^ syntactic, response));  // exactly one of the pair masks each response token
    QVERIFY(!(logical & syntactic).any().item<bool>());
    QVERIFY(!(micro.masked & ~micro.response).any().item<bool>());  // prompts are never masked
}

void BatchBuilderTest::recordOrderIsAKeyedPermutation() {
    InspectionSettings settings = maskingSettings(MaskMode::Complementary);
    const TrainingData data = TrainingData::load(dataOptions(kDemoCorpus, settings), *m_tokenizer, {});
    const std::size_t n = data.trainIndices().size();
    const auto order0 = data.epochOrder(0);
    const auto order1 = data.epochOrder(1);
    QCOMPARE(std::set<std::uint32_t>(order0.begin(), order0.end()),
             std::set<std::uint32_t>(data.trainIndices().begin(), data.trainIndices().end()));
    QCOMPARE(order0.size(), n);
    QVERIFY(order0 != order1);                   // every epoch has its own order
    QVERIFY(order0 != data.trainIndices());      // and it is shuffled
    for (std::size_t i = 0; i < n; ++i) {
        QCOMPARE(data.trainRecordAt(i), order0[i]);
        QCOMPARE(data.trainRecordAt(n + i), order1[i]);
    }
    // Same seed, same order; another seed, another order.
    const TrainingData again = TrainingData::load(dataOptions(kDemoCorpus, settings), *m_tokenizer, {});
    QCOMPARE(again.epochOrder(0), order0);
    settings.policy.seed = 6;
    const TrainingData other = TrainingData::load(dataOptions(kDemoCorpus, settings), *m_tokenizer, {});
    QVERIFY(other.epochOrder(0) != order0);
    // Steps take consecutive stretches of the stream.
    const BatchBuilder builder(data, settings.policy, m_tokenizer->maskId(), 5, 1);
    const auto step3 = builder.stepRecords(3);
    for (std::size_t i = 0; i < step3.size(); ++i) QCOMPARE(step3[i], data.trainRecordAt(10 + i));
}

void BatchBuilderTest::evalSplitDependsOnTheIdAlone() {
    const InspectionSettings settings = maskingSettings(MaskMode::Complementary);
    const TrainingData data = TrainingData::load(dataOptions(kDemoCorpus, settings), *m_tokenizer, {});
    const std::size_t held = data.evalIndices().size();
    QVERIFY2(held >= 20 && held <= 60, qPrintable(QString::number(held)));  // ~10% of 400
    for (const std::uint32_t index : data.evalIndices()) QVERIFY(isEvalRecord(data.records()[index].id, 0.1));
    for (const std::uint32_t index : data.trainIndices()) QVERIFY(!isEvalRecord(data.records()[index].id, 0.1));
    QVERIFY(!isEvalRecord("anything", 0.0));
    // A larger fraction holds out a superset.
    for (const std::uint32_t index : data.evalIndices()) QVERIFY(isEvalRecord(data.records()[index].id, 0.2));
}

void BatchBuilderTest::ranksAndMicroBatchesSplitTheSameStep() {
    const InspectionSettings settings = maskingSettings(MaskMode::Complementary);
    const TrainingData data = TrainingData::load(dataOptions(kDemoCorpus, settings), *m_tokenizer, {});
    const BatchBuilder whole(data, settings.policy, m_tokenizer->maskId(), 8, 1);
    const BatchBuilder split(data, settings.policy, m_tokenizer->maskId(), 8, 2);
    const StepBatch reference = whole.build(4);
    std::vector<std::uint32_t> records;
    std::int64_t masked = 0;
    for (int rank = 0; rank < 2; ++rank) {
        const StepBatch share = split.build(4, rank, 2);
        QCOMPARE(share.micro.size(), std::size_t{2});
        QCOMPARE(share.globalMaskedTokens, reference.globalMaskedTokens);
        QCOMPARE(share.globalTokens, reference.globalTokens);
        for (const MicroBatch& micro : share.micro) {
            QCOMPARE(micro.records, std::int64_t{2});
            records.insert(records.end(), micro.recordIndices.begin(), micro.recordIndices.end());
            masked += micro.maskedTokens;
        }
    }
    QCOMPARE(records, reference.micro.front().recordIndices);
    QCOMPARE(masked, reference.globalMaskedTokens);
    QVERIFY(messageOf<UsageError>([&] { split.build(4, 0, 3); }).contains(QStringLiteral("multiple of ranks")));
}

void BatchBuilderTest::paddingIsInvisible_data() {
    QTest::addColumn<int>("layout");
    QTest::newRow("full") << static_cast<int>(TrainLayout::Full);
    QTest::newRow("block") << static_cast<int>(TrainLayout::Block);
}

// A padded batch, packed or one sample per row, gives every record the logits it gets alone, and
// the objective of the batch is the objective of its records.
void BatchBuilderTest::paddingIsInvisible() {
    QFETCH(int, layout);
    const InspectionSettings settings = maskingSettings(MaskMode::Complementary);
    const TrainingData data = TrainingData::load(dataOptions(kDemoCorpus, settings), *m_tokenizer, {});
    const BatchBuilder builder(data, settings.policy, m_tokenizer->maskId(), 4, 1);
    const ModelConfig config =
        smallModel(std::max(m_tokenizer->vocabSize(), m_tokenizer->maskId() + 1), m_tokenizer->maskId());
    DiffusionTransformer model(config, 3);
    torch::NoGradGuard noGrad;

    // The longest record and the two shortest: padded rows, and short samples that share a row.
    std::vector<std::uint32_t> byLength = data.trainIndices();
    std::stable_sort(byLength.begin(), byLength.end(), [&](std::uint32_t a, std::uint32_t b) {
        return data.records()[a].length() > data.records()[b].length();
    });
    const std::vector<std::uint32_t> records{byLength.front(), byLength[byLength.size() - 1], byLength[byLength.size() - 2]};
    const MicroBatch batch = builder.collate(records, 9);
    QVERIFY(batch.valid.defined());
    QVERIFY(!(batch.masked & ~batch.valid).any().item<bool>());
    QVERIFY(batch.packedSample.defined());  // these lengths pack into fewer rows than samples
    QVERIFY(batch.packedSample.size(0) < batch.rows());
    const BatchBuilder unpackedBuilder(data, settings.policy, m_tokenizer->maskId(), 4, 1, /*pack=*/false);
    const MicroBatch unpacked = unpackedBuilder.collate(records, 9);
    QVERIFY(!unpacked.packedSample.defined());

    ObjectiveSettings objective;
    objective.layout = static_cast<TrainLayout>(layout);
    objective.blockSize = 8;
    const auto logits = layoutForward(model, batch, objective).logits;  // [2r, L, V]
    QVERIFY(torch::isfinite(logits).all().item<bool>());
    const auto unpackedLogits = layoutForward(model, unpacked, objective).logits;
    QVERIFY(torch::allclose(logits.masked_select(batch.valid.unsqueeze(-1)),
                            unpackedLogits.masked_select(batch.valid.unsqueeze(-1)), 1e-4, 1e-5));
    double total = 0.0;
    for (std::size_t i = 0; i < records.size(); ++i) {
        const MicroBatch alone = builder.collate({records[i]}, 9);
        QVERIFY(!alone.valid.defined());
        const auto single = layoutForward(model, alone, objective).logits;  // [2, l, V]
        const std::int64_t length = alone.length();
        const auto r = static_cast<std::int64_t>(i);
        const auto padded = torch::stack({logits[r], logits[batch.records + r]}).narrow(1, 0, length);
        QVERIFY2(torch::allclose(padded, single, 1e-4, 1e-5),
                 qPrintable(QStringLiteral("record %1: max difference %2")
                                .arg(i)
                                .arg((padded - single).abs().max().item<double>())));
        total += microBatchObjective(model, alone, objective, 2, alone.maskedTokens).sums[ObjectiveSums::kLogicalSum].item<double>();
    }
    const double batched = microBatchObjective(model, batch, objective, batch.rows(), batch.maskedTokens)
                               .sums[ObjectiveSums::kLogicalSum]
                               .item<double>();
    QVERIFY(std::abs(batched - total) < 1e-3 * std::abs(total));
}

void BatchBuilderTest::longRecordsAreAnErrorOrTruncated() {
    const QString corpus = m_dir.filePath(QStringLiteral("long.jsonl"));
    QString longText;
    for (int i = 0; i < 40; ++i) longText += QStringLiteral("x = x + %1\\n").arg(i);
    writeLines(corpus, {QStringLiteral("{\"id\": \"short-1\", \"prompt\": \"add\", \"response\": \"x = 1\"}"),
                        QStringLiteral("{\"id\": \"long-2\", \"prompt\": \"count\", \"response\": \"%1\"}").arg(longText)});
    InspectionSettings settings = maskingSettings(MaskMode::Complementary);
    TrainingDataOptions options = dataOptions(corpus.toStdString(), settings, 32);
    options.evalFraction = 0.0;
    const QString message = messageOf<InputError>([&] { TrainingData::load(options, *m_tokenizer, {}); });
    QVERIFY2(message.startsWith(corpus + QStringLiteral(":2: record 'long-2' has ")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("more than the model's context of 32 positions")) &&
                 message.contains(QStringLiteral("--truncate")),
             qPrintable(message));

    options.truncate = true;
    const TrainingData data = TrainingData::load(options, *m_tokenizer, {});
    QCOMPARE(data.report().truncated, std::uint64_t{1});
    const TrainingRecord& cut = data.records()[1];
    QCOMPARE(cut.length(), std::size_t{32});
    QVERIFY(cut.fullLength > 32);
    // The kept prefix carries the masks drawn on the whole record.
    const BatchBuilder builder(data, settings.policy, m_tokenizer->maskId(), 2, 1);
    const MicroBatch batch = builder.collate({1}, 4);
    const Inspector inspector(*m_tokenizer, settings, {});
    const RecordInspection whole = inspector.inspect(Corpus::open(corpus.toStdString()).record(1), 4);
    const std::vector<std::uint8_t> prefix(whole.masks.logical.begin(), whole.masks.logical.begin() + 32);
    QCOMPARE(row(batch.masked, 0, 32), prefix);
}

void BatchBuilderTest::emptyAndUnusableCorporaAreErrors() {
    const InspectionSettings settings = maskingSettings(MaskMode::Complementary);
    const QString empty = m_dir.filePath(QStringLiteral("empty.jsonl"));
    writeLines(empty, {});
    QString message = messageOf<InputError>([&] {
        TrainingData::load(dataOptions(empty.toStdString(), settings), *m_tokenizer, {});
    });
    QVERIFY2(message.startsWith(empty), qPrintable(message));

    const QString bad = m_dir.filePath(QStringLiteral("bad.jsonl"));
    writeLines(bad, {QStringLiteral("{\"prompt\": \"a\", \"response\": \"b\"}"), QStringLiteral("{not json")});
    TrainingDataOptions options = dataOptions(bad.toStdString(), settings);
    options.corpusFormat = "prompt-response";
    options.evalFraction = 0.0;
    const TrainingData data = TrainingData::load(options, *m_tokenizer, {});
    QCOMPARE(data.records().size(), std::size_t{1});
    QCOMPARE(data.report().badLines, std::uint64_t{1});
    QVERIFY(QString::fromStdString(data.report().firstBadLine).startsWith(bad + QStringLiteral(":2: ")));

    // A prompt that fills the whole context leaves nothing to train on, even with truncate.
    const QString promptOnly = m_dir.filePath(QStringLiteral("prompt-only.jsonl"));
    writeLines(promptOnly, {QStringLiteral("{\"prompt\": \"a long prompt that fills the whole context of the model\", "
                                           "\"response\": \"b\"}")});
    options = dataOptions(promptOnly.toStdString(), settings, 4);
    options.corpusFormat = "prompt-response";
    options.truncate = true;
    message = messageOf<InputError>([&] { TrainingData::load(options, *m_tokenizer, {}); });
    QVERIFY2(message.contains(QStringLiteral("no records to train on")) &&
                 message.contains(QStringLiteral("no response token lies within the context")),
             qPrintable(message));
}

QTEST_APPLESS_MAIN(BatchBuilderTest)
#include "test_gpu_batch_builder.moc"
