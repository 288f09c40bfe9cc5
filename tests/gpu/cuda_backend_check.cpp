// The CUDA backend against the CPU backend for the same weights and inputs (ggml's test-backend-ops
// habit): initialisation, logits (fused attention on CUDA with LibTorch >= 2, explicit softmax on
// the CPU), captured attention, block diffusion, loss and every parameter's gradient, and weight
// files written from device tensors. Plain C++ without Qt so that it also builds on GPU machines
// that have LibTorch but no Qt. Exit codes: 0 pass, 1 fail, 77 no CUDA device (ctest: skipped).
//
// Tolerance: normalised error (max |cuda - cpu| / max |cpu|) <= 1e-4 in float32. Both sides round
// differently (cuBLAS and the fused kernels use other summation orders than the CPU) but neither
// uses TF32, which LibTorch leaves off for matmuls by default: observed errors are ~1e-6.
//
// With --benchmark it also times training steps (forward + backward, block diffusion) of the
// `base` preset and prints tokens per second.
#include "gpu/block_diffusion.h"
#include "gpu/diffusion_loss.h"
#include "gpu/model.h"
#include "gpu/safetensors.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>

using namespace maskscope;

namespace {

constexpr double kTolerance = 1e-4;
int g_failures = 0;

double normalisedError(const torch::Tensor& actual, const torch::Tensor& expected) {
    const auto a = actual.detach().to(torch::kCPU, torch::kFloat64);
    const auto e = expected.detach().to(torch::kCPU, torch::kFloat64);
    return (a - e).abs().max().item<double>() / std::max(e.abs().max().item<double>(), 1e-30);
}

void check(const std::string& name, bool passed, const std::string& detail = {}) {
    std::printf("%-4s %-52s %s\n", passed ? "ok" : "FAIL", name.c_str(), detail.c_str());
    if (!passed) ++g_failures;
}

void compare(const std::string& name, const torch::Tensor& cuda, const torch::Tensor& cpu, double tolerance = kTolerance) {
    const double error = normalisedError(cuda, cpu);
    char detail[64];
    std::snprintf(detail, sizeof detail, "normalised error %.3g", error);
    check(name, cuda.sizes().equals(cpu.sizes()) && error <= tolerance, detail);
}

ModelConfig checkConfig() {
    ModelConfig config;
    config.vocabSize = 257;
    config.hiddenSize = 128;
    config.numLayers = 3;
    config.numHeads = 4;
    config.intermediateSize = 344;
    config.maxPositionEmbeddings = 256;
    config.maskTokenId = 256;
    config.blockSize = 32;
    return config;
}

void benchmark(const torch::Device device) {
    ModelConfig config = withTokenizerVocabulary(modelPreset("base"), 32000, 32000);
    for (const auto dtype : {torch::kFloat32, torch::kBFloat16}) {
        DiffusionTransformer model(config, 1);
        model->to(device, dtype);
        const std::int64_t batch = 8, length = 512;
        const auto clean = torch::randint(0, 32000, {batch, length}, torch::TensorOptions().dtype(torch::kInt64).device(device));
        const auto masked = torch::rand({batch, length}, torch::TensorOptions().device(device)) < 0.5;
        const auto noisy = torch::where(masked, torch::full({}, config.maskTokenId, clean.options()), clean);
        torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(1e-4));
        const auto step = [&] {
            optimizer.zero_grad();
            const auto logits = blockDiffusionForward(model, noisy, clean, config.blockSize).logits;
            diffusionLoss({logits, clean, masked, {}, {}, {}}, LossWeighting::MaskedMean).loss.backward();
            optimizer.step();
        };
        step();
        torch::cuda::synchronize();
        const int steps = 5;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < steps; ++i) step();
        torch::cuda::synchronize();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / steps;
        std::printf("bench base (%.1fM params) %s, B=%lld L=%lld block diffusion: %.3f s/step, %.0f tokens/s\n",
                    config.parameterCount() / 1e6, c10::toString(dtype), static_cast<long long>(batch),
                    static_cast<long long>(length), seconds, batch * length / seconds);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (!torch::cuda::is_available()) {
        std::puts("no CUDA device: CUDA backend check skipped");
        return 77;
    }
    at::set_num_threads(1);
    const torch::Device cuda(torch::kCUDA, 0);
    const ModelConfig config = checkConfig();

    // Initialisation: the same parameters whether drawn before or after moving to the device.
    DiffusionTransformer cpuModel(config, 5);
    DiffusionTransformer cudaModel(config, 6);
    cudaModel->to(cuda);
    cudaModel->resetParameters(5);
    {
        bool identical = true;
        const auto reference = cpuModel->named_parameters();
        for (const auto& item : cudaModel->named_parameters())
            identical = identical && torch::equal(item.value().cpu(), reference[item.key()]);
        check("initialisation identical on CUDA and CPU", identical);
    }
    // Larger weights so that attention is peaked and every parameter matters.
    {
        torch::manual_seed(11);
        torch::NoGradGuard noGrad;
        for (auto& item : cpuModel->named_parameters())
            if (item.key().find("norm") == std::string::npos)
                item.value().copy_(torch::randn_like(item.value()) / std::sqrt(static_cast<double>(item.value().size(1))));
        const auto source = cpuModel->named_parameters();
        for (auto& item : cudaModel->named_parameters()) item.value().copy_(source[item.key()]);
    }

    torch::manual_seed(12);
    const std::int64_t batch = 3, length = 96;  // 3 blocks of 32
    const auto clean = torch::randint(0, 256, {batch, length}, torch::kInt64);
    const auto masked = torch::rand({batch, length}) < 0.5;
    const auto noisy = torch::where(masked, torch::full({}, config.maskTokenId, torch::kInt64), clean);
    const auto ratio = torch::tensor({0.3f, 0.5f, 0.8f});
    const auto hub = torch::rand({batch, length}) < 0.3;
    const auto onCuda = [&](const torch::Tensor& t) { return t.to(cuda); };

    {
        torch::NoGradGuard noGrad;
        compare("logits (fused attention where available)", cudaModel->forward(onCuda(noisy)).logits,
                cpuModel->forward(noisy).logits);
        ForwardOptions capture;
        capture.captureAttention = true;
        const auto cudaOut = cudaModel->forward(onCuda(noisy), capture);
        const auto cpuOut = cpuModel->forward(noisy, capture);
        compare("logits (explicit softmax, attention captured)", cudaOut.logits, cpuOut.logits);
        compare("captured attention, last layer", cudaOut.attentions.back(), cpuOut.attentions.back());
        compare("block diffusion logits", blockDiffusionForward(cudaModel, onCuda(noisy), onCuda(clean), 32).logits,
                blockDiffusionForward(cpuModel, noisy, clean, 32).logits);
    }

    for (const auto weighting : {LossWeighting::Elbo, LossWeighting::MaskedMean}) {
        const std::string name = lossWeightingName(weighting);
        cpuModel->zero_grad();
        cudaModel->zero_grad();
        const auto cpuLogits = blockDiffusionForward(cpuModel, noisy, clean, 32).logits;
        const auto cudaLogits = blockDiffusionForward(cudaModel, onCuda(noisy), onCuda(clean), 32).logits;
        const auto cpuLoss = diffusionLoss({cpuLogits, clean, masked, ratio, {}, hub}, weighting);
        const auto cudaLoss = diffusionLoss({cudaLogits, onCuda(clean), onCuda(masked), onCuda(ratio), {}, onCuda(hub)}, weighting);
        compare("loss " + name, cudaLoss.loss, cpuLoss.loss);
        compare("hub sum " + name, cudaLoss.strata.hubSum, cpuLoss.strata.hubSum);
        cpuLoss.loss.backward();
        cudaLoss.loss.backward();
        double worst = 0.0;
        std::string worstName;
        const auto cpuParameters = cpuModel->named_parameters();
        for (const auto& item : cudaModel->named_parameters()) {
            const double error = normalisedError(item.value().grad(), cpuParameters[item.key()].grad());
            if (error > worst) {
                worst = error;
                worstName = item.key();
            }
        }
        char detail[128];
        std::snprintf(detail, sizeof detail, "worst %.3g (%s)", worst, worstName.c_str());
        check("gradients of all parameters, " + name, worst <= kTolerance, detail);
    }

    {
        const auto path = (std::filesystem::temp_directory_path() / "maskscope_cuda_check.safetensors").string();
        saveModuleWeights(path, *cudaModel);
        DiffusionTransformer reloaded(config, 99);
        reloaded->to(cuda);
        loadModuleWeights(path, *reloaded);
        bool identical = true;
        const auto saved = cudaModel->named_parameters();
        for (const auto& item : reloaded->named_parameters())
            identical = identical && item.value().is_cuda() && torch::equal(item.value(), saved[item.key()]);
        check("weights saved from and loaded into CUDA", identical);
        std::filesystem::remove(path);
    }

    {
        torch::NoGradGuard noGrad;
        DiffusionTransformer halfModel(config, 5);
        halfModel->to(cuda);
        const auto source = cpuModel->named_parameters();
        for (auto& item : halfModel->named_parameters()) item.value().copy_(source[item.key()]);
        halfModel->to(torch::kBFloat16);
        // bfloat16 keeps 8 bits of mantissa: logits agree with float32 to a few percent.
        compare("bfloat16 logits vs float32", halfModel->forward(onCuda(noisy)).logits.to(torch::kFloat32),
                cpuModel->forward(noisy).logits, 5e-2);
    }

    if (argc > 1 && std::strcmp(argv[1], "--benchmark") == 0) benchmark(cuda);
    std::printf("%s: %d failure(s)\n", g_failures == 0 ? "PASS" : "FAIL", g_failures);
    return g_failures == 0 ? 0 : 1;
}
