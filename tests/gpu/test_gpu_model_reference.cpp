// The engine against the independent Python reference (tests/reference/diffusion_reference.py):
// logits, both loss weightings, the hub/non-hub sums, the gradients of every parameter, the
// block-diffusion mask and the block-diffusion logits and gradients, for one tiny model and batch.
//
// The C++ side writes weights (safetensors), config.json and inputs; the reference, run with
// /usr/bin/python3 and Debian's python3-torch, recomputes everything from the definitions in
// float64 and writes expected.safetensors. Comparing float32 results with float64 ones measures
// the engine's own error instead of the difference between two float32 rounding orders.
//
// Tolerances (normalised error = max |cpp - ref| / max |ref| over a tensor):
//   logits            1e-5   float32 has a unit roundoff of 6e-8; a forward pass of this depth
//                            (2 layers, reductions over <= 48 terms, softmax, RMSNorm) accumulates
//                            a few hundred roundings along the longest path: 1.0e-6 observed
//                            (OpenBLAS, one thread). 1e-5 leaves a 10x margin for other BLAS
//                            kernels and still catches any wrong formula (a wrong RoPE pair,
//                            scale or norm moves the logits by > 1e-2).
//   losses, sums      1e-5   relative; one more log-sum-exp on top: 2e-7 observed.
//   gradients         3e-5   backward roughly doubles the path length: up to 3e-6 observed
//                            (layers.1.attn_norm); 10x margin. Normalising by the tensor's
//                            largest entry keeps tiny entries from inflating the error.
//   block mask        exact  it is boolean.
//
// Without a Python that can import torch the suite skips with a message; set
// MASKSCOPE_REQUIRE_REFERENCE=1 (as CI does) to make that a failure instead.
#include "core/error.h"
#include "gpu/block_diffusion.h"
#include "gpu/diffusion_loss.h"
#include "gpu/model.h"
#include "gpu/model_config.h"
#include "gpu/safetensors.h"

#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cmath>

using namespace maskscope;

namespace {

constexpr double kLogitsTolerance = 1e-5;
constexpr double kLossTolerance = 1e-5;
constexpr double kGradientTolerance = 3e-5;

QString pythonProgram() {
    const QByteArray fromEnvironment = qgetenv("MASKSCOPE_PYTHON");
    return fromEnvironment.isEmpty() ? QStringLiteral(MASKSCOPE_PYTHON) : QString::fromLocal8Bit(fromEnvironment);
}

ModelConfig tinyConfig() {
    ModelConfig config;
    config.vocabSize = 61;
    config.hiddenSize = 32;
    config.numLayers = 2;
    config.numHeads = 4;
    config.intermediateSize = 48;
    config.maxPositionEmbeddings = 64;
    config.ropeTheta = 10000.0;
    config.rmsNormEps = 1e-5;
    config.maskTokenId = 60;
    config.blockSize = 4;  // L = 10 gives blocks of 4, 4 and a partial block of 2
    return config;
}

// Weights far from the 0.02 initialisation, so that attention is peaked, SiLU is non-linear and
// every parameter moves the logits visibly: a comparison at init would pass with a wrong model.
void randomiseWeights(DiffusionTransformer& model) {
    torch::manual_seed(20240607);
    torch::NoGradGuard noGrad;
    for (auto& item : model->named_parameters()) {
        auto& parameter = item.value();
        if (item.key().find("norm") != std::string::npos) {
            parameter.copy_(1.0 + 0.3 * torch::randn_like(parameter));
        } else if (item.key() == "embed_tokens.weight") {
            parameter.copy_(torch::randn_like(parameter));
        } else {
            parameter.copy_(torch::randn_like(parameter) * (1.5 / std::sqrt(static_cast<double>(parameter.size(1)))));
        }
    }
}

double normalisedError(const torch::Tensor& actual, const torch::Tensor& expected) {
    const auto a = actual.detach().to(torch::kFloat64);
    const auto e = expected.detach().to(torch::kFloat64);
    const double scale = std::max(e.abs().max().item<double>(), 1e-30);
    return (a - e).abs().max().item<double>() / scale;
}

QByteArray describeError(const std::string& name, double error, double tolerance) {
    return QByteArray::fromStdString(name + ": normalised error " + std::to_string(error) + " exceeds " +
                                     std::to_string(tolerance));
}

}  // namespace

class ModelReferenceTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void logitsMatch();
    void lossesMatch();
    void hubStrataMatch();
    void gradientsMatch();
    void blockDiffusionMaskMatches();
    void blockDiffusionLogitsMatch();
    void blockDiffusionGradientsMatch();

private:
    const torch::Tensor& expected(const std::string& name) const;
    std::map<std::string, torch::Tensor> gradients() const;
    void compare(const torch::Tensor& actual, const std::string& name, double tolerance) const;

    QTemporaryDir m_dir;
    ModelConfig m_config = tinyConfig();
    DiffusionTransformer m_model{nullptr};
    torch::Tensor m_clean, m_noisy, m_masked, m_ratio, m_response, m_hub;  // see makeInputs
    SafetensorsContents m_expected;
};

void ModelReferenceTest::initTestCase() {
    at::set_num_threads(1);  // one thread: deterministic reductions, no OpenMP/OpenBLAS contention
    QVERIFY(m_dir.isValid());

    QProcess probe;
    probe.start(pythonProgram(), {QStringLiteral("-c"), QStringLiteral("import torch")});
    const bool havePython = probe.waitForFinished(120000) && probe.exitStatus() == QProcess::NormalExit &&
                            probe.exitCode() == 0;
    if (!havePython) {
        const QByteArray reason = pythonProgram().toLocal8Bit() +
                                  " cannot import torch (install python3-torch); the comparison with "
                                  "tests/reference/diffusion_reference.py did not run";
        if (qEnvironmentVariableIntValue("MASKSCOPE_REQUIRE_REFERENCE") == 1) QFAIL(reason.constData());
        QSKIP(reason.constData());
    }

    m_model = DiffusionTransformer(m_config, /*seed=*/7);
    randomiseWeights(m_model);

    // B = 2, L = 10. Prompt positions (sample 0: 0-2, sample 1: 0-1) are never masked.
    const std::int64_t batch = 2;
    const std::int64_t length = 10;
    torch::manual_seed(99);
    m_clean = torch::randint(0, m_config.maskTokenId, {batch, length}, torch::kInt64);   // [B, L]
    m_response = torch::zeros({batch, length}, torch::kBool);                             // [B, L]
    m_response.index_put_({0, torch::indexing::Slice(3, length)}, true);
    m_response.index_put_({1, torch::indexing::Slice(2, length)}, true);
    m_masked = (torch::rand({batch, length}) < 0.5) & m_response;                         // [B, L]
    m_masked.index_put_({0, 4}, true);  // at least one masked token per sample
    m_masked.index_put_({1, 9}, true);
    m_hub = torch::rand({batch, length}) < 0.35;                                          // [B, L]
    m_hub.index_put_({0, 4}, true);     // at least one masked hub
    m_noisy = torch::where(m_masked, torch::full({}, m_config.maskTokenId, torch::kInt64), m_clean);  // [B, L]
    m_ratio = torch::tensor({0.4f, 0.7f});                                                // [B]

    const std::string dir = m_dir.path().toStdString();
    writeModelConfig(dir + "/config.json", m_config);
    saveModuleWeights(dir + "/weights.safetensors", *m_model);
    writeSafetensors(dir + "/inputs.safetensors", {{"clean", m_clean},
                                                    {"noisy", m_noisy},
                                                    {"masked", m_masked},
                                                    {"mask_ratio", m_ratio},
                                                    {"response", m_response},
                                                    {"hub", m_hub}});

    QProcess reference;
    reference.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("OPENBLAS_NUM_THREADS"), QStringLiteral("1"));
    environment.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
    reference.setProcessEnvironment(environment);
    const QString script = QStringLiteral(MASKSCOPE_SOURCE_DIR "/tests/reference/diffusion_reference.py");
    reference.start(pythonProgram(), {script, QStringLiteral("--config"), m_dir.filePath(QStringLiteral("config.json")),
                                      QStringLiteral("--weights"), m_dir.filePath(QStringLiteral("weights.safetensors")),
                                      QStringLiteral("--inputs"), m_dir.filePath(QStringLiteral("inputs.safetensors")),
                                      QStringLiteral("--output"), m_dir.filePath(QStringLiteral("expected.safetensors"))});
    QVERIFY2(reference.waitForFinished(300000), "the reference did not finish within 5 minutes");
    QVERIFY2(reference.exitStatus() == QProcess::NormalExit && reference.exitCode() == 0,
             reference.readAll().constData());
    m_expected = readSafetensors(dir + "/expected.safetensors");
}

const torch::Tensor& ModelReferenceTest::expected(const std::string& name) const {
    const torch::Tensor* found = m_expected.find(name);
    if (found == nullptr) throw std::runtime_error("expected.safetensors lacks '" + name + "'");
    return *found;
}

std::map<std::string, torch::Tensor> ModelReferenceTest::gradients() const {
    std::map<std::string, torch::Tensor> out;
    for (const auto& item : m_model->named_parameters()) out[item.key()] = item.value().grad().clone();
    return out;
}

void ModelReferenceTest::compare(const torch::Tensor& actual, const std::string& name, double tolerance) const {
    const torch::Tensor& reference = expected(name);
    QVERIFY2(actual.sizes().equals(reference.sizes()), (name + ": shape differs").c_str());
    const double error = normalisedError(actual, reference);
    qInfo("%-45s normalised error %.3g", name.c_str(), error);
    QVERIFY2(error <= tolerance, describeError(name, error, tolerance).constData());
}

void ModelReferenceTest::logitsMatch() {
    torch::NoGradGuard noGrad;
    compare(m_model->forward(m_noisy).logits, "logits", kLogitsTolerance);
}

void ModelReferenceTest::lossesMatch() {
    torch::NoGradGuard noGrad;
    const auto logits = m_model->forward(m_noisy).logits;
    DiffusionLossInput input{logits, m_clean, m_masked, m_ratio, m_response, m_hub};
    compare(diffusionLoss(input, LossWeighting::Elbo).loss, "loss_elbo", kLossTolerance);
    compare(diffusionLoss(input, LossWeighting::MaskedMean).loss, "loss_mean", kLossTolerance);
}

void ModelReferenceTest::hubStrataMatch() {
    torch::NoGradGuard noGrad;
    const auto logits = m_model->forward(m_noisy).logits;
    const auto result = diffusionLoss({logits, m_clean, m_masked, m_ratio, m_response, m_hub}, LossWeighting::Elbo);
    compare(result.strata.hubSum, "hub_sum", kLossTolerance);
    compare(result.strata.nonHubSum, "nonhub_sum", kLossTolerance);
    QCOMPARE(result.strata.hubCount.item<std::int64_t>(), expected("hub_count").item<std::int64_t>());
    QCOMPARE(result.strata.nonHubCount.item<std::int64_t>(), expected("nonhub_count").item<std::int64_t>());
    QVERIFY(result.strata.hubCount.item<std::int64_t>() > 0);
    QVERIFY(result.strata.nonHubCount.item<std::int64_t>() > 0);
}

void ModelReferenceTest::gradientsMatch() {
    m_model->zero_grad();
    const auto logits = m_model->forward(m_noisy).logits;
    diffusionLoss({logits, m_clean, m_masked, m_ratio, m_response, m_hub}, LossWeighting::Elbo).loss.backward();
    const auto grads = gradients();
    QCOMPARE(grads.size(), static_cast<std::size_t>(9 * m_config.numLayers + 3));
    for (const auto& [name, grad] : grads) compare(grad, "grad_elbo." + name, kGradientTolerance);
}

void ModelReferenceTest::blockDiffusionMaskMatches() {
    const auto mask = blockDiffusionAttentionMask(m_noisy.size(1), m_config.blockSize);  // [2L, 2L]
    const auto& reference = expected("bd_mask");
    QVERIFY(mask.sizes().equals(reference.sizes()));
    QVERIFY(torch::equal(mask, reference));
}

void ModelReferenceTest::blockDiffusionLogitsMatch() {
    torch::NoGradGuard noGrad;
    const auto output = blockDiffusionForward(m_model, m_noisy, m_clean, m_config.blockSize);
    compare(output.logits, "bd_logits", kLogitsTolerance);
    const auto loss = diffusionLoss({output.logits, m_clean, m_masked, m_ratio, m_response, m_hub},
                                    LossWeighting::MaskedMean);
    compare(loss.loss, "bd_loss_mean", kLossTolerance);
}

void ModelReferenceTest::blockDiffusionGradientsMatch() {
    m_model->zero_grad();
    const auto logits = blockDiffusionForward(m_model, m_noisy, m_clean, m_config.blockSize).logits;
    diffusionLoss({logits, m_clean, m_masked, m_ratio, m_response, m_hub}, LossWeighting::MaskedMean).loss.backward();
    for (const auto& [name, grad] : gradients()) compare(grad, "grad_bd_mean." + name, kGradientTolerance);
}

QTEST_APPLESS_MAIN(ModelReferenceTest)
#include "test_gpu_model_reference.moc"
