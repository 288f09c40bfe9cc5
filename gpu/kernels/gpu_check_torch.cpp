#include "gpu_check_torch.h"

#include "gpu_check_suite.h"

#include <cstdio>

#if defined(MASKSCOPE_TORCH_CUDA_GLUE)
#include "gpu/kernels/kernels_torch.h"
#include "gpu/kernels/mask_batch.h"
#include "gpu/kernels/synthetic_inputs.h"

#include <torch/torch.h>

#include <algorithm>
#include <string>
#endif

namespace maskscope::kernels {

#if defined(MASKSCOPE_TORCH_CUDA_GLUE)
namespace {
constexpr double kTolerance = 1e-4;
}  // namespace

// The surprisal sweep's inner step: logits of the masked positions of one pass, [rows, V] in the
// model's bfloat16, reduced to NLL and entropy per position; the fused kernel through the glue
// against plain LibTorch (log_softmax in float32 + gather, and + entropy).
void torchGpuChecks(bool quick) {
    std::puts("\n== LibTorch glue on CUDA tensors, and the surprisal-sweep step vs plain LibTorch");
    torch::NoGradGuard noGrad;
    const auto cuda = torch::Device(torch::kCUDA, 0);
    torch::manual_seed(3);
    {
        const auto logits = (torch::randn({4, 300, 50257}, cuda) * 3).to(torch::kBFloat16);
        auto targets = torch::randint(0, 50257, {4, 300}, torch::TensorOptions().dtype(torch::kInt64).device(cuda));
        targets.index_put_({0, 0}, -100);
        const auto fused = fusedNllEntropy(logits, targets);
        const auto logp = torch::log_softmax(logits.to(torch::kFloat64), -1);
        const auto nll = torch::where(targets < 0, torch::zeros({}, logp.options()),
                                      -logp.gather(-1, targets.clamp_min(0).unsqueeze(-1)).squeeze(-1));
        const auto entropy = -(logp.exp() * logp).sum(-1);
        const double error = std::max(((fused.nll.to(torch::kFloat64) - nll).abs() / nll.abs().clamp_min(1)).max().item<double>(),
                                      ((fused.entropy.to(torch::kFloat64) - entropy).abs() / entropy.abs().clamp_min(1)).max().item<double>());
        char detail[64];
        std::snprintf(detail, sizeof detail, "max error %.2e", error);
        gpuCheckResult(error <= kTolerance, "fusedNllEntropy(cuda bf16 [4, 300, 50257]) vs torch f64", detail);
    }
    {
        const auto named = synthetic::policies()[6];  // reweighted: both streams
        const auto batch = synthetic::makeBatch(500, 1024, 8, named.policy.processed);
        const auto i64 = torch::TensorOptions().dtype(torch::kInt64);
        const auto u8 = torch::TensorOptions().dtype(torch::kUInt8);
        MaskBatchTensors cpu{torch::tensor(batch.offsets, i64),
                             torch::from_blob(const_cast<std::uint8_t*>(batch.maskable.data()), {batch.tokens()}, u8).clone(),
                             torch::from_blob(const_cast<std::uint8_t*>(batch.hub.data()), {batch.tokens()}, u8).clone(),
                             torch::from_blob(const_cast<std::uint64_t*>(batch.keys.data()), {batch.records()}, i64).clone(),
                             torch::from_blob(const_cast<std::uint8_t*>(batch.processed.data()), {batch.records()}, u8).clone(),
                             {}, {}, {}};
        MaskBatchTensors onDevice{cpu.offsets.to(cuda), cpu.maskable.to(cuda), cpu.hub.to(cuda), cpu.recordKeys.to(cuda),
                                  cpu.processed.to(cuda), {}, {}, {}};
        const auto a = sampleMasks(named.policy, named.step, cpu);
        const auto b = sampleMasks(named.policy, named.step, onDevice);
        const bool same = torch::equal(a.t, b.t.cpu()) && torch::equal(a.p, b.p.cpu()) && torch::equal(a.pSecond, b.pSecond.cpu()) &&
                          torch::equal(a.logical, b.logical.cpu()) && torch::equal(a.syntactic, b.syntactic.cpu());
        gpuCheckResult(same, "sampleMasks(cuda tensors) == sampleMasks(cpu tensors)", named.name);
    }

    const std::int64_t records = quick ? 8 : 16, length = 2048, passes = 4, vocab = 50257;
    const std::int64_t rows = records * length / passes;  // masked positions of one pass
    const auto logits = (torch::randn({rows, vocab}, cuda) * 3).to(torch::kBFloat16);
    const auto targets = torch::randint(0, vocab, {rows}, torch::TensorOptions().dtype(torch::kInt64).device(cuda));
    std::printf("one pass of a k=%lld sweep over %lld records x %lld tokens: logits [%lld, %lld] bf16 (%.2f GB)\n",
                static_cast<long long>(passes), static_cast<long long>(records), static_cast<long long>(length),
                static_cast<long long>(rows), static_cast<long long>(vocab), logits.numel() * 2 / 1e9);
    const auto report = [&](const char* name, double ms) {
        std::printf("%-52s %9.3f ms %14.3e tokens/s\n", name, ms, rows / (ms * 1e-3));
    };
    const double fusedMs = gpuMilliseconds([&] { fusedNllEntropy(logits, targets); }, 2, 10);
    report("fused kernel (NLL + entropy)", fusedMs);
    const double nllMs = gpuMilliseconds(
        [&] { torch::log_softmax(logits.to(torch::kFloat32), -1).gather(1, targets.unsqueeze(1)); }, 2, 10);
    report("LibTorch log_softmax(f32) + gather (NLL only)", nllMs);
    const double bothMs = gpuMilliseconds(
        [&] {
            const auto logp = torch::log_softmax(logits.to(torch::kFloat32), -1);
            logp.gather(1, targets.unsqueeze(1));
            (logp.exp() * logp).sum(-1);
        },
        2, 10);
    report("LibTorch log_softmax(f32) + gather + entropy", bothMs);
    std::printf("fused vs LibTorch: %.1fx (NLL only), %.1fx (NLL + entropy)\n", nllMs / fusedMs, bothMs / fusedMs);
}
#else
void torchGpuChecks(bool) {
    std::puts("\nLibTorch baseline and glue: skipped (built without a CUDA LibTorch)");
}
#endif

}  // namespace maskscope::kernels
