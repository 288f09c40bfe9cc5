// Sampler throughput on one core: tokens per second of MaskSampler::drawInto (probabilities,
// Philox draws and the second sample) for records of typical SFT length, per mode.
// Target: at least 20 M tokens/s, so that batch construction never limits training.
//
//   bench_sampler [--seconds S] [--tokens N]
#include "core/mask_sampler.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

using namespace maskscope;

namespace {

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

struct Case {
    const char* name;
    MaskMode mode;
    Weighting weighting;
};

}  // namespace

int main(int argc, char** argv) {
    double seconds = 1.0;
    std::size_t tokens = 512;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--tokens")) tokens = std::strtoul(argv[i + 1], nullptr, 10);
    }
    const std::size_t prompt = tokens / 8;
    std::vector<std::uint8_t> maskable(tokens, 0), hub(tokens, 0);
    std::vector<float> density(tokens, 0.0f);
    for (std::size_t i = prompt; i < tokens; ++i) {
        maskable[i] = 1;
        hub[i] = (i * 7919) % 100 < 15;  // 15% hubs
        density[i] = hub[i] ? 0.9f : 0.1f;
    }
    std::vector<std::string> ids;
    for (int i = 0; i < 1024; ++i) ids.push_back("record-" + std::to_string(i));

    const Case cases[] = {
        {"complementary", MaskMode::Complementary, Weighting::Binary},
        {"reweighted", MaskMode::Reweighted, Weighting::Binary},
        {"hard", MaskMode::Hard, Weighting::Binary},
        {"uniform", MaskMode::Uniform, Weighting::Binary},
        {"complementary soft", MaskMode::Complementary, Weighting::Soft},
    };
    std::printf("sampler throughput, one thread, %zu tokens per record (%zu prompt), 15%% hubs\ncpu: %s\n\n", tokens,
                prompt, cpuModel().c_str());
    std::printf("| mode                | M tokens/s (median of 5) | min   | max   | target 20 |\n");
    std::printf("|---------------------|--------------------------|-------|-------|-----------|\n");
    for (const Case& c : cases) {
        MaskPolicy policy;
        policy.mode = c.mode;
        policy.weighting = c.weighting;
        policy.seed = 1;
        const MaskSampler sampler(policy);
        RecordMasks out;
        std::vector<double> rates;
        std::uint64_t checksum = 0;
        for (int rep = 0; rep < 5; ++rep) {
            const auto start = std::chrono::steady_clock::now();
            std::uint64_t done = 0;
            double elapsed = 0;
            for (std::uint32_t step = 0; elapsed < seconds / 5; ++step) {
                for (int r = 0; r < 64; ++r) {
                    sampler.drawInto(ids[(step * 64 + r) % ids.size()], step, maskable, hub, density, out);
                    checksum += out.logical[tokens - 1];
                    done += tokens;
                }
                elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            }
            rates.push_back(double(done) / elapsed / 1e6);
        }
        std::sort(rates.begin(), rates.end());
        std::printf("| %-19s | %24.1f | %5.1f | %5.1f | %-9s |\n", c.name, rates[2], rates.front(), rates.back(),
                    rates[2] >= 20.0 ? "met" : "MISSED");
        if (checksum == 0xFFFFFFFFFFFFFFFFull) std::printf("(checksum)\n");  // keeps the draws observable
    }
    return 0;
}
