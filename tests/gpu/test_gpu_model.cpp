// The diffusion transformer's own contract: attention capture (shapes, rows that are probability
// distributions, no effect on the logits), masks and positions, the logits-prefix option,
// deterministic initialisation, and UsageError on malformed inputs.
#include "core/error.h"
#include "gpu/model.h"

#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>

using namespace maskscope;

namespace {

ModelConfig testConfig() {
    ModelConfig config;
    config.vocabSize = 33;
    config.hiddenSize = 24;
    config.numLayers = 3;
    config.numHeads = 3;
    config.intermediateSize = 40;
    config.maxPositionEmbeddings = 16;
    config.maskTokenId = 32;
    config.blockSize = 4;
    return config;
}

torch::Tensor randomIds(std::int64_t batch, std::int64_t length, std::uint64_t seed = 11) {
    torch::manual_seed(seed);
    return torch::randint(0, 33, {batch, length}, torch::kInt64);  // [B, L]
}

double maxDifference(const torch::Tensor& a, const torch::Tensor& b) { return (a - b).abs().max().item<double>(); }

// Weights of unit gain (instead of the 0.02 initialisation, under which attention is nearly
// uniform), so that positions and masks change the logits visibly.
void useLargeWeights(DiffusionTransformer& model) {
    torch::manual_seed(77);
    torch::NoGradGuard noGrad;
    for (auto& item : model->named_parameters())
        if (item.key().find("norm") == std::string::npos)
            item.value().copy_(torch::randn_like(item.value()) / std::sqrt(static_cast<double>(item.value().size(1))));
}

}  // namespace

class ModelTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { at::set_num_threads(1); }
    void parameterNamesAndCount();
    void logitsShape();
    void attentionCaptureShapes();
    void attentionRowsSumToOne();
    void captureDoesNotChangeLogits();
    void maskedKeysGetZeroWeight();
    void boolAndAdditiveMasksAgree();
    void batchedMaskMatchesPerSample();
    void explicitPositionsMatchDefault();
    void logitsPrefixMatchesFullLogits();
    void initialisationIsDeterministic();
    void initialisationStatistics();
    void malformedInputsThrowUsageError();
};

void ModelTest::parameterNamesAndCount() {
    const ModelConfig config = testConfig();
    DiffusionTransformer model(config);
    const auto parameters = model->named_parameters();
    for (const char* name : {"embed_tokens.weight", "layers.0.attn_norm.weight", "layers.2.attn.q_proj.weight",
                             "layers.1.attn.o_proj.weight", "layers.0.mlp_norm.weight", "layers.2.mlp.gate_proj.weight",
                             "layers.2.mlp.up_proj.weight", "layers.2.mlp.down_proj.weight", "final_norm.weight",
                             "lm_head.weight"})
        QVERIFY2(parameters.contains(name), name);
    std::int64_t total = 0;
    for (const auto& parameter : model->parameters()) total += parameter.numel();
    QCOMPARE(total, config.parameterCount());
    QVERIFY(parameters["lm_head.weight"].data_ptr() != parameters["embed_tokens.weight"].data_ptr());  // untied
}

void ModelTest::logitsShape() {
    DiffusionTransformer model(testConfig());
    torch::NoGradGuard noGrad;
    const auto output = model->forward(randomIds(2, 7));
    QVERIFY(output.logits.sizes().equals({2, 7, 33}));
    QVERIFY(output.attentions.empty());
    QVERIFY(torch::isfinite(output.logits).all().item<bool>());
}

void ModelTest::attentionCaptureShapes() {
    DiffusionTransformer model(testConfig());
    torch::NoGradGuard noGrad;
    ForwardOptions options;
    options.captureAttention = true;
    const auto output = model->forward(randomIds(2, 9), options);
    QCOMPARE(output.attentions.size(), std::size_t{3});
    for (const auto& weights : output.attentions) {
        QVERIFY(weights.sizes().equals({2, 3, 9, 9}));  // [B, H, L, L]
        QVERIFY(!weights.requires_grad());
    }
}

void ModelTest::attentionRowsSumToOne() {
    DiffusionTransformer model(testConfig(), 3);
    ForwardOptions options;
    options.captureAttention = true;
    const auto output = model->forward(randomIds(2, 9), options);
    for (const auto& weights : output.attentions) {
        // float32 softmax over 9 entries: the sum is 1 within a few ulp.
        QVERIFY(maxDifference(weights.sum(-1), torch::ones({2, 3, 9})) < 1e-5);
        QVERIFY(weights.min().item<float>() >= 0.0f);
    }
}

void ModelTest::captureDoesNotChangeLogits() {
    DiffusionTransformer model(testConfig(), 4);
    torch::NoGradGuard noGrad;
    const auto ids = randomIds(2, 8);
    ForwardOptions capture;
    capture.captureAttention = true;
    QVERIFY(torch::equal(model->forward(ids).logits, model->forward(ids, capture).logits));
}

void ModelTest::maskedKeysGetZeroWeight() {
    DiffusionTransformer model(testConfig(), 5);
    torch::NoGradGuard noGrad;
    // Each query sees itself and the keys before it (a causal mask, as an arbitrary example).
    const auto allowed = torch::ones({6, 6}, torch::kBool).tril();  // [L, L]
    ForwardOptions options;
    options.attentionMask = allowed;
    options.captureAttention = true;
    const auto output = model->forward(randomIds(2, 6), options);
    for (const auto& weights : output.attentions) {
        QCOMPARE(weights.masked_select(~allowed.view({1, 1, 6, 6})).abs().max().item<float>(), 0.0f);
        QVERIFY(maxDifference(weights.sum(-1), torch::ones({2, 3, 6})) < 1e-5);
    }
}

void ModelTest::boolAndAdditiveMasksAgree() {
    DiffusionTransformer model(testConfig(), 6);
    useLargeWeights(model);
    torch::NoGradGuard noGrad;
    const auto ids = randomIds(2, 6);
    const auto allowed = (torch::rand({6, 6}) < 0.6) | torch::eye(6, torch::kBool);  // [L, L], diagonal kept
    ForwardOptions boolMask;
    boolMask.attentionMask = allowed;
    ForwardOptions additive;
    additive.attentionMask = torch::zeros({6, 6}).masked_fill(~allowed, -std::numeric_limits<float>::infinity());
    QVERIFY(torch::equal(model->forward(ids, boolMask).logits, model->forward(ids, additive).logits));
    // The mask matters: without it the logits differ.
    QVERIFY(maxDifference(model->forward(ids).logits, model->forward(ids, boolMask).logits) > 1e-4);
}

void ModelTest::batchedMaskMatchesPerSample() {
    DiffusionTransformer model(testConfig(), 7);
    torch::NoGradGuard noGrad;
    const auto ids = randomIds(2, 5);
    const auto first = torch::ones({5, 5}, torch::kBool).tril();
    const auto second = torch::ones({5, 5}, torch::kBool).triu();
    ForwardOptions batched;
    batched.attentionMask = torch::stack({first, second}).unsqueeze(1);  // [B, 1, L, L]
    const auto together = model->forward(ids, batched).logits;
    ForwardOptions one;
    one.attentionMask = first;
    const auto alone0 = model->forward(ids.narrow(0, 0, 1), one).logits;
    one.attentionMask = second;
    const auto alone1 = model->forward(ids.narrow(0, 1, 1), one).logits;
    QVERIFY(maxDifference(together, torch::cat({alone0, alone1})) < 1e-5);
}

void ModelTest::explicitPositionsMatchDefault() {
    DiffusionTransformer model(testConfig(), 8);
    useLargeWeights(model);
    torch::NoGradGuard noGrad;
    const auto ids = randomIds(2, 7);
    ForwardOptions flat;
    flat.positionIds = torch::arange(7);
    ForwardOptions batched;
    batched.positionIds = torch::arange(7).expand({2, 7});
    const auto reference = model->forward(ids).logits;
    QVERIFY(torch::equal(reference, model->forward(ids, flat).logits));
    QVERIFY(torch::equal(reference, model->forward(ids, batched).logits));
    // RoPE encodes relative positions: shifting all of them changes nothing (up to rounding),
    // reversing them does.
    ForwardOptions shifted;
    shifted.positionIds = torch::arange(7) + 3;
    QVERIFY(maxDifference(reference, model->forward(ids, shifted).logits) < 1e-4);
    ForwardOptions reversed;
    reversed.positionIds = torch::arange(6, -1, -1);
    QVERIFY(maxDifference(reference, model->forward(ids, reversed).logits) > 1e-3);
}

void ModelTest::logitsPrefixMatchesFullLogits() {
    DiffusionTransformer model(testConfig(), 9);
    torch::NoGradGuard noGrad;
    const auto ids = randomIds(2, 8);
    ForwardOptions prefix;
    prefix.logitsLength = 3;
    const auto part = model->forward(ids, prefix).logits;
    QVERIFY(part.sizes().equals({2, 3, 33}));
    QVERIFY(maxDifference(part, model->forward(ids).logits.narrow(1, 0, 3)) < 1e-6);
}

void ModelTest::initialisationIsDeterministic() {
    DiffusionTransformer a(testConfig(), 42);
    DiffusionTransformer b(testConfig(), 42);
    DiffusionTransformer c(testConfig(), 43);
    const auto pa = a->named_parameters();
    const auto pc = c->named_parameters();
    for (const auto& item : b->named_parameters()) {
        QVERIFY2(torch::equal(item.value(), pa[item.key()]), item.key().c_str());
        if (item.key().find("norm") == std::string::npos) QVERIFY(!torch::equal(item.value(), pc[item.key()]));
    }
    // The same stream after re-initialisation.
    c->resetParameters(42);
    for (const auto& item : c->named_parameters()) QVERIFY(torch::equal(item.value(), pa[item.key()]));
}

void ModelTest::initialisationStatistics() {
    ModelConfig config = testConfig();
    config.vocabSize = 4001;
    config.maskTokenId = 4000;
    DiffusionTransformer model(config, 1);
    const auto parameters = model->named_parameters();
    // 96k draws: the sample std of N(0, 0.02^2) is within 1% with overwhelming probability.
    const auto embedding = parameters["embed_tokens.weight"];
    QVERIFY(std::abs(embedding.std().item<double>() - 0.02) < 0.0002);
    QVERIFY(std::abs(embedding.mean().item<double>()) < 0.0002);
    const double residualStd = 0.02 / std::sqrt(2.0 * config.numLayers);
    const auto down = parameters["layers.0.mlp.down_proj.weight"];
    QVERIFY(std::abs(down.std().item<double>() - residualStd) < 0.05 * residualStd);
    QVERIFY(torch::equal(parameters["final_norm.weight"], torch::ones({config.hiddenSize})));
}

void ModelTest::malformedInputsThrowUsageError() {
    DiffusionTransformer model(testConfig());
    torch::NoGradGuard noGrad;
    QVERIFY_THROWS_EXCEPTION(UsageError, model->forward(torch::zeros({4}, torch::kInt64)));
    QVERIFY_THROWS_EXCEPTION(UsageError, model->forward(torch::zeros({1, 4}, torch::kInt32)));
    QVERIFY_THROWS_EXCEPTION(UsageError, model->forward(torch::zeros({1, 17}, torch::kInt64)));  // > context 16
    ForwardOptions badMask;
    badMask.attentionMask = torch::ones({3, 4}, torch::kBool);
    QVERIFY_THROWS_EXCEPTION(UsageError, model->forward(torch::zeros({1, 4}, torch::kInt64), badMask));
    ForwardOptions badPositions;
    badPositions.positionIds = torch::arange(5);
    QVERIFY_THROWS_EXCEPTION(UsageError, model->forward(torch::zeros({1, 4}, torch::kInt64), badPositions));
    ForwardOptions badPrefix;
    badPrefix.logitsLength = 5;
    QVERIFY_THROWS_EXCEPTION(UsageError, model->forward(torch::zeros({1, 4}, torch::kInt64), badPrefix));
    ModelConfig invalid = testConfig();
    invalid.numHeads = 5;
    QVERIFY_THROWS_EXCEPTION(InputError, DiffusionTransformer{invalid});
}

QTEST_APPLESS_MAIN(ModelTest)
#include "test_gpu_model.moc"
