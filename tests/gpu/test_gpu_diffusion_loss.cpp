// The masked diffusion loss against values computed by hand (double precision, std::exp/std::log):
// both weightings, the response-length normaliser, the hub/non-hub sums, the gradient, the empty
// case, and UsageError on inconsistent inputs.
#include "core/error.h"
#include "gpu/diffusion_loss.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>

using namespace maskscope;

namespace {

constexpr std::int64_t kBatch = 2, kLength = 3, kVocab = 4;

// Row (b, i) of the logits: [i + b, 0, 0.5, -1].
double logit(std::int64_t b, std::int64_t i, std::int64_t v) {
    const double row[kVocab] = {static_cast<double>(i + b), 0.0, 0.5, -1.0};
    return row[v];
}

torch::Tensor makeLogits() {
    auto logits = torch::empty({kBatch, kLength, kVocab});  // [B, L, V]
    for (std::int64_t b = 0; b < kBatch; ++b)
        for (std::int64_t i = 0; i < kLength; ++i)
            for (std::int64_t v = 0; v < kVocab; ++v) logits.index_put_({b, i, v}, logit(b, i, v));
    return logits;
}

const std::int64_t kTargets[kBatch][kLength] = {{0, 2, 1}, {3, 0, 2}};

// -log softmax(row)[target], computed directly.
double crossEntropy(std::int64_t b, std::int64_t i) {
    double sum = 0.0;
    for (std::int64_t v = 0; v < kVocab; ++v) sum += std::exp(logit(b, i, v));
    return std::log(sum) - logit(b, i, kTargets[b][i]);
}

torch::Tensor boolMatrix(std::initializer_list<std::initializer_list<int>> rows) {
    std::vector<std::int64_t> values;
    for (const auto& row : rows) values.insert(values.end(), row.begin(), row.end());
    return torch::tensor(values).view({static_cast<std::int64_t>(rows.size()), -1}).to(torch::kBool);
}

DiffusionLossInput makeInput() {
    DiffusionLossInput input;
    input.logits = makeLogits();
    input.targets = torch::tensor({kTargets[0][0], kTargets[0][1], kTargets[0][2], kTargets[1][0], kTargets[1][1],
                                   kTargets[1][2]}).view({kBatch, kLength});
    input.masked = boolMatrix({{1, 0, 1}, {0, 1, 1}});
    input.maskRatio = torch::tensor({0.5f, 0.25f});
    input.responseMask = boolMatrix({{1, 1, 1}, {0, 1, 1}});  // |R| = 3 and 2
    input.hub = boolMatrix({{1, 0, 0}, {0, 0, 1}});
    return input;
}

// float32 loss vs a double hand value: a few float roundings of O(1) numbers.
constexpr double kTolerance = 1e-6;

}  // namespace

class DiffusionLossTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }
    void elboWeightsByInverseRatioAndResponseLength();
    void elboWithoutResponseMaskUsesSequenceLength();
    void maskedMeanAveragesMaskedTokens();
    void unmaskedPositionsDoNotMatter();
    void hubStrata();
    void strataWithoutHubTensor();
    void gradientOfMaskedMean();
    void noMaskedTokenGivesZeroLoss();
    void lowPrecisionLogitsAreComputedInFloat32();
    void inconsistentInputsThrow();
    void weightingNames();
};

void DiffusionLossTest::elboWeightsByInverseRatioAndResponseLength() {
    const auto result = diffusionLoss(makeInput(), LossWeighting::Elbo);
    const double expected = 0.5 * ((crossEntropy(0, 0) + crossEntropy(0, 2)) / (0.5 * 3) +
                                   (crossEntropy(1, 1) + crossEntropy(1, 2)) / (0.25 * 2));
    QVERIFY(std::abs(result.loss.item<double>() - expected) < kTolerance);
    QCOMPARE(result.loss.dim(), 0);
    QCOMPARE(result.maskedCount.item<std::int64_t>(), std::int64_t{4});
}

void DiffusionLossTest::elboWithoutResponseMaskUsesSequenceLength() {
    auto input = makeInput();
    input.responseMask = torch::Tensor();
    const double expected = 0.5 * ((crossEntropy(0, 0) + crossEntropy(0, 2)) / (0.5 * 3) +
                                   (crossEntropy(1, 1) + crossEntropy(1, 2)) / (0.25 * 3));
    QVERIFY(std::abs(diffusionLoss(input, LossWeighting::Elbo).loss.item<double>() - expected) < kTolerance);
}

void DiffusionLossTest::maskedMeanAveragesMaskedTokens() {
    auto input = makeInput();
    input.maskRatio = torch::Tensor();  // not needed by this weighting
    const double expected = (crossEntropy(0, 0) + crossEntropy(0, 2) + crossEntropy(1, 1) + crossEntropy(1, 2)) / 4.0;
    QVERIFY(std::abs(diffusionLoss(input, LossWeighting::MaskedMean).loss.item<double>() - expected) < kTolerance);
}

void DiffusionLossTest::unmaskedPositionsDoNotMatter() {
    auto input = makeInput();
    const double before = diffusionLoss(input, LossWeighting::Elbo).loss.item<double>();
    input.logits.index_put_({0, 1}, torch::tensor({9.0f, -9.0f, 3.0f, 1.0f}));  // (0, 1) is not masked
    QCOMPARE(diffusionLoss(input, LossWeighting::Elbo).loss.item<double>(), before);
}

void DiffusionLossTest::hubStrata() {
    for (const auto weighting : {LossWeighting::Elbo, LossWeighting::MaskedMean}) {
        const auto strata = diffusionLoss(makeInput(), weighting).strata;  // unweighted either way
        QVERIFY(std::abs(strata.hubSum.item<double>() - (crossEntropy(0, 0) + crossEntropy(1, 2))) < kTolerance);
        QVERIFY(std::abs(strata.nonHubSum.item<double>() - (crossEntropy(0, 2) + crossEntropy(1, 1))) < kTolerance);
        QCOMPARE(strata.hubCount.item<std::int64_t>(), std::int64_t{2});
        QCOMPARE(strata.nonHubCount.item<std::int64_t>(), std::int64_t{2});
        QVERIFY(!strata.hubSum.requires_grad());
    }
}

void DiffusionLossTest::strataWithoutHubTensor() {
    auto input = makeInput();
    input.hub = torch::Tensor();
    const auto strata = diffusionLoss(input, LossWeighting::MaskedMean).strata;
    QCOMPARE(strata.hubCount.item<std::int64_t>(), std::int64_t{0});
    QCOMPARE(strata.hubSum.item<double>(), 0.0);
    QCOMPARE(strata.nonHubCount.item<std::int64_t>(), std::int64_t{4});
}

void DiffusionLossTest::gradientOfMaskedMean() {
    // d/dlogits of mean CE: (softmax - onehot(target)) / N at masked positions, 0 elsewhere.
    auto input = makeInput();
    input.logits.requires_grad_(true);
    diffusionLoss(input, LossWeighting::MaskedMean).loss.backward();
    const auto grad = input.logits.grad();
    const auto masked = input.masked;
    for (std::int64_t b = 0; b < kBatch; ++b) {
        for (std::int64_t i = 0; i < kLength; ++i) {
            double sum = 0.0;
            for (std::int64_t v = 0; v < kVocab; ++v) sum += std::exp(logit(b, i, v));
            for (std::int64_t v = 0; v < kVocab; ++v) {
                const double expected = masked.index({b, i}).item<bool>()
                                            ? (std::exp(logit(b, i, v)) / sum - (v == kTargets[b][i] ? 1.0 : 0.0)) / 4.0
                                            : 0.0;
                QVERIFY(std::abs(grad.index({b, i, v}).item<double>() - expected) < kTolerance);
            }
        }
    }
}

void DiffusionLossTest::noMaskedTokenGivesZeroLoss() {
    for (const auto weighting : {LossWeighting::Elbo, LossWeighting::MaskedMean}) {
        auto input = makeInput();
        input.masked = torch::zeros({kBatch, kLength}, torch::kBool);
        input.logits.requires_grad_(true);
        const auto result = diffusionLoss(input, weighting);
        QCOMPARE(result.loss.item<double>(), 0.0);
        QCOMPARE(result.maskedCount.item<std::int64_t>(), std::int64_t{0});
        result.loss.backward();  // still a graph: a trainer can call backward unconditionally
        QCOMPARE(input.logits.grad().abs().sum().item<double>(), 0.0);
    }
}

void DiffusionLossTest::lowPrecisionLogitsAreComputedInFloat32() {
    auto input = makeInput();
    input.logits = input.logits.to(torch::kBFloat16);  // these small values are exact in bf16
    const auto result = diffusionLoss(input, LossWeighting::MaskedMean);
    QCOMPARE(result.loss.scalar_type(), torch::kFloat32);
    const double expected = (crossEntropy(0, 0) + crossEntropy(0, 2) + crossEntropy(1, 1) + crossEntropy(1, 2)) / 4.0;
    QVERIFY(std::abs(result.loss.item<double>() - expected) < kTolerance);
}

void DiffusionLossTest::inconsistentInputsThrow() {
    {
        auto input = makeInput();
        input.targets = input.targets.to(torch::kInt32);
        QVERIFY_THROWS_EXCEPTION(UsageError, diffusionLoss(input, LossWeighting::MaskedMean));
    }
    {
        auto input = makeInput();
        input.masked = input.masked.to(torch::kInt64);
        QVERIFY_THROWS_EXCEPTION(UsageError, diffusionLoss(input, LossWeighting::MaskedMean));
    }
    {
        auto input = makeInput();
        input.hub = torch::zeros({kBatch, kLength + 1}, torch::kBool);
        QVERIFY_THROWS_EXCEPTION(UsageError, diffusionLoss(input, LossWeighting::MaskedMean));
    }
    {
        auto input = makeInput();
        input.maskRatio = torch::Tensor();
        QVERIFY_THROWS_EXCEPTION(UsageError, diffusionLoss(input, LossWeighting::Elbo));
        input.maskRatio = torch::tensor({0.5f});
        QVERIFY_THROWS_EXCEPTION(UsageError, diffusionLoss(input, LossWeighting::Elbo));
    }
    {
        auto input = makeInput();
        input.logits = input.logits.view({kBatch * kLength, kVocab});
        QVERIFY_THROWS_EXCEPTION(UsageError, diffusionLoss(input, LossWeighting::MaskedMean));
    }
}

void DiffusionLossTest::weightingNames() {
    for (const auto weighting : {LossWeighting::Elbo, LossWeighting::MaskedMean})
        QVERIFY(parseLossWeighting(lossWeightingName(weighting)) == weighting);
    QCOMPARE(std::string(lossWeightingName(LossWeighting::MaskedMean)), std::string("masked_mean"));
    QVERIFY_THROWS_EXCEPTION(UsageError, parseLossWeighting("mean"));
}

QTEST_APPLESS_MAIN(DiffusionLossTest)
#include "test_gpu_diffusion_loss.moc"
