// Block diffusion (method.md section 5): the [x_t | x_0] attention mask written out by hand for
// small cases, the positions, and the property that makes the construction right: the logits of
// noisy block j equal those of block-by-block generation, i.e. a block-causal pass over the clean
// blocks before j followed by the noisy block j, and they depend on nothing else.
#include "core/error.h"
#include "gpu/block_diffusion.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

using namespace maskscope;
using torch::indexing::Slice;

namespace {

ModelConfig testConfig() {
    ModelConfig config;
    config.vocabSize = 29;
    config.hiddenSize = 16;
    config.numLayers = 2;
    config.numHeads = 2;
    config.intermediateSize = 32;
    config.maxPositionEmbeddings = 32;
    config.maskTokenId = 28;
    config.blockSize = 3;
    return config;
}

torch::Tensor maskFromRows(const std::vector<std::string>& rows) {
    const auto size = static_cast<std::int64_t>(rows.size());
    auto mask = torch::zeros({size, size}, torch::kBool);
    for (std::int64_t q = 0; q < size; ++q)
        for (std::int64_t k = 0; k < size; ++k) mask.index_put_({q, k}, rows[q][k] == '1');
    return mask;
}

double maxDifference(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

// bool [n, n]: block(k) <= block(q), the mask of block-by-block generation with a cache.
torch::Tensor blockCausal(std::int64_t length, std::int64_t blockSize) {
    const auto block = torch::arange(length).div(blockSize, "floor");
    return block.unsqueeze(0) <= block.unsqueeze(1);
}

}  // namespace

class BlockDiffusionTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }
    void maskFourTokensBlocksOfTwo();
    void maskPartialLastBlock();
    void maskSingleBlock();
    void positionsRepeat();
    void inputConcatenates();
    void logitsMatchBlockByBlockGeneration();
    void logitsIgnoreLaterCleanAndOtherNoisyBlocks();
    void capturedAttentionRespectsMask();
    void invalidArgumentsThrow();
};

void BlockDiffusionTest::maskFourTokensBlocksOfTwo() {
    // Rows are queries, columns keys; the first 4 are x_t, the last 4 x_0; blocks {0,1}, {2,3}.
    const auto expected = maskFromRows({
        "11000000",  // noisy block 0: itself only (no earlier clean block)
        "11000000",
        "00111100",  // noisy block 1: itself and clean block 0
        "00111100",
        "00001100",  // clean block 0: itself
        "00001100",
        "00001111",  // clean block 1: clean blocks 0 and 1
        "00001111",
    });
    QVERIFY(torch::equal(blockDiffusionAttentionMask(4, 2), expected));
}

void BlockDiffusionTest::maskPartialLastBlock() {
    // L = 5, blocks {0,1}, {2,3}, {4}.
    const auto expected = maskFromRows({
        "1100000000",
        "1100000000",
        "0011011000",
        "0011011000",
        "0000111110",  // noisy block 2 (one token): itself and clean blocks 0, 1
        "0000011000",
        "0000011000",
        "0000011110",
        "0000011110",
        "0000011111",
    });
    QVERIFY(torch::equal(blockDiffusionAttentionMask(5, 2), expected));
}

void BlockDiffusionTest::maskSingleBlock() {
    // Block size >= L: one block; x_t is plain bidirectional diffusion, x_0 is never seen by it.
    const auto expected = maskFromRows({"111000", "111000", "111000", "000111", "000111", "000111"});
    QVERIFY(torch::equal(blockDiffusionAttentionMask(3, 32), expected));
    QVERIFY(torch::equal(blockDiffusionAttentionMask(3, 3), expected));
}

void BlockDiffusionTest::positionsRepeat() {
    QVERIFY(torch::equal(blockDiffusionPositionIds(4), torch::tensor({0, 1, 2, 3, 0, 1, 2, 3}, torch::kInt64)));
}

void BlockDiffusionTest::inputConcatenates() {
    const auto noisy = torch::tensor({{1, 9, 3}}, torch::kInt64);
    const auto clean = torch::tensor({{1, 2, 3}}, torch::kInt64);
    QVERIFY(torch::equal(blockDiffusionInput(noisy, clean), torch::tensor({{1, 9, 3, 1, 2, 3}}, torch::kInt64)));
}

void BlockDiffusionTest::logitsMatchBlockByBlockGeneration() {
    const ModelConfig config = testConfig();
    DiffusionTransformer model(config, 21);
    torch::NoGradGuard noGrad;
    torch::manual_seed(3);
    const std::int64_t length = 8, blockSize = 3;  // blocks of 3, 3, 2
    const auto clean = torch::randint(0, 28, {2, length}, torch::kInt64);                       // [B, L]
    const auto masked = torch::rand({2, length}) < 0.5;                                        // [B, L]
    const auto noisy = torch::where(masked, torch::full({}, config.maskTokenId, torch::kInt64), clean);
    const auto logits = blockDiffusionForward(model, noisy, clean, blockSize).logits;          // [B, L, V]
    QVERIFY(logits.sizes().equals({2, length, config.vocabSize}));

    for (std::int64_t begin = 0; begin < length; begin += blockSize) {
        const std::int64_t end = std::min(begin + blockSize, length);
        // Generation of this block: clean prefix, then the noisy block, block-causal, positions 0..end-1.
        const auto sequence = torch::cat({clean.index({Slice(), Slice(0, begin)}), noisy.index({Slice(), Slice(begin, end)})}, 1);
        ForwardOptions options;
        options.attentionMask = blockCausal(end, blockSize);
        const auto generated = model->forward(sequence, options).logits.index({Slice(), Slice(begin, end)});
        const double difference = maxDifference(logits.index({Slice(), Slice(begin, end)}), generated);
        QVERIFY2(difference < 1e-5, qPrintable(QStringLiteral("block at %1: max difference %2").arg(begin).arg(difference)));
    }
}

void BlockDiffusionTest::logitsIgnoreLaterCleanAndOtherNoisyBlocks() {
    const ModelConfig config = testConfig();
    DiffusionTransformer model(config, 22);
    torch::NoGradGuard noGrad;
    torch::manual_seed(4);
    const std::int64_t length = 9, blockSize = 3;
    const auto clean = torch::randint(0, 28, {1, length}, torch::kInt64);
    auto noisy = clean.clone();
    noisy.index_put_({0, Slice(3, 5)}, config.maskTokenId);
    const auto reference = blockDiffusionForward(model, noisy, clean, blockSize).logits;  // [1, L, V]
    const auto middle = Slice(3, 6);

    auto laterClean = clean.clone();
    laterClean.index_put_({0, Slice(3, 9)}, (laterClean.index({0, Slice(3, 9)}) + 5) % 28);  // clean blocks 1, 2
    auto otherNoisy = noisy.clone();
    otherNoisy.index_put_({0, Slice(0, 3)}, config.maskTokenId);                              // noisy blocks 0, 2
    otherNoisy.index_put_({0, Slice(6, 9)}, config.maskTokenId);
    const auto withLaterClean = blockDiffusionForward(model, noisy, laterClean, blockSize).logits;
    const auto withOtherNoisy = blockDiffusionForward(model, otherNoisy, clean, blockSize).logits;
    QVERIFY(maxDifference(reference.index({Slice(), middle}), withLaterClean.index({Slice(), middle})) < 1e-6);
    QVERIFY(maxDifference(reference.index({Slice(), middle}), withOtherNoisy.index({Slice(), middle})) < 1e-6);

    // Sensitivity: the earlier clean block does change them.
    auto earlierClean = clean.clone();
    earlierClean.index_put_({0, Slice(0, 3)}, (earlierClean.index({0, Slice(0, 3)}) + 5) % 28);
    const auto withEarlierClean = blockDiffusionForward(model, noisy, earlierClean, blockSize).logits;
    QVERIFY(maxDifference(reference.index({Slice(), middle}), withEarlierClean.index({Slice(), middle})) > 1e-4);
}

void BlockDiffusionTest::capturedAttentionRespectsMask() {
    DiffusionTransformer model(testConfig(), 23);
    torch::NoGradGuard noGrad;
    const auto ids = torch::randint(0, 28, {2, 7}, torch::kInt64);
    const auto output = blockDiffusionForward(model, ids, ids, 3, /*captureAttention=*/true);
    const auto forbidden = ~blockDiffusionAttentionMask(7, 3).view({1, 1, 14, 14});
    QCOMPARE(output.attentions.size(), std::size_t{2});
    for (const auto& weights : output.attentions) {
        QVERIFY(weights.sizes().equals({2, 2, 14, 14}));  // [B, H, 2L, 2L]
        QCOMPARE(weights.masked_select(forbidden).abs().max().item<float>(), 0.0f);
        QVERIFY(maxDifference(weights.sum(-1), torch::ones({2, 2, 14})) < 1e-5);
    }
}

void BlockDiffusionTest::invalidArgumentsThrow() {
    QVERIFY_THROWS_EXCEPTION(UsageError, blockDiffusionAttentionMask(0, 4));
    QVERIFY_THROWS_EXCEPTION(UsageError, blockDiffusionAttentionMask(4, 0));
    QVERIFY_THROWS_EXCEPTION(UsageError, blockDiffusionInput(torch::zeros({1, 3}, torch::kInt64), torch::zeros({1, 4}, torch::kInt64)));
    DiffusionTransformer model(testConfig());
    const auto tooLong = torch::zeros({1, 33}, torch::kInt64);  // context is 32
    QVERIFY_THROWS_EXCEPTION(UsageError, blockDiffusionForward(model, tooLong, tooLong, 3));
}

QTEST_APPLESS_MAIN(BlockDiffusionTest)
#include "test_gpu_block_diffusion.moc"
