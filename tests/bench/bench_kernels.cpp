// The fused NLL + entropy CPU path against plain LibTorch on the same logits, one thread each:
// log_softmax + gather (NLL only, what a surprisal sweep needs at least) and log_softmax + gather
// + entropy (the same outputs as the fused path). Prints ms per call, GB/s of logits read and
// rows (scored tokens) per second; the fused path must not be slower than LibTorch.
//
//   bench_kernels [--rows N] [--vocab V] [--repeats R]
#include "gpu/kernels/kernels_torch.h"
#include "gpu/kernels/nll_entropy.h"
#include "gpu/kernels/synthetic_inputs.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <fstream>
#include <string>

using namespace maskscope::kernels;

namespace {

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

double milliseconds(const std::function<void()>& work, int repeats) {
    work();  // warm-up
    const auto begin = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i) work();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count() / repeats;
}

}  // namespace

int main(int argc, char** argv) {
    std::int64_t rows = 1024, vocab = 32000;
    int repeats = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--rows")) rows = std::atoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--vocab")) vocab = std::atoll(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeats")) repeats = std::atoi(argv[i + 1]);
    }
    torch::set_num_threads(1);
    torch::NoGradGuard noGrad;
    std::printf("CPU: %s, torch %s, 1 thread, logits [%lld, %lld]\n", cpuModel().c_str(), TORCH_VERSION,
                static_cast<long long>(rows), static_cast<long long>(vocab));
    std::printf("%-8s %-44s %10s %8s %12s %8s\n", "dtype", "implementation", "ms", "GB/s", "rows/s", "vs fused");
    const auto targets = torch::randint(0, vocab, {rows}, torch::kInt64);
    for (const auto dtype : {torch::kFloat32, torch::kBFloat16}) {
        const auto logits = (torch::randn({rows, vocab}) * 3).to(dtype);
        const double bytes = static_cast<double>(logits.numel() * logits.element_size());
        const char* name = dtype == torch::kFloat32 ? "f32" : "bf16";
        const LogitsView view{logits.data_ptr(), dtype == torch::kFloat32 ? LogitsType::Float32 : LogitsType::BFloat16,
                              rows, vocab, 0};
        std::vector<float> nll(rows), entropy(rows);
        const double fused = milliseconds(
            [&] { nllEntropyCpu(view, targets.data_ptr<std::int64_t>(), nll.data(), entropy.data()); }, repeats);
        const double nllOnly = milliseconds(
            [&] { torch::log_softmax(logits.to(torch::kFloat32), 1).gather(1, targets.unsqueeze(1)); }, repeats);
        const double both = milliseconds(
            [&] {
                const auto logp = torch::log_softmax(logits.to(torch::kFloat32), 1);
                logp.gather(1, targets.unsqueeze(1));
                (logp.exp() * logp).sum(1);
            },
            repeats);
        const auto row = [&](const char* implementation, double ms) {
            std::printf("%-8s %-44s %10.2f %8.2f %12.0f %7.2fx\n", name, implementation, ms, bytes / (ms * 1e-3) / 1e9,
                        rows / (ms * 1e-3), ms / fused);
        };
        row("fused nllEntropyCpu (NLL + entropy)", fused);
        row("LibTorch log_softmax + gather (NLL)", nllOnly);
        row("LibTorch log_softmax + gather + entropy", both);
    }
    return 0;
}
