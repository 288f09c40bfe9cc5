// Training throughput of MaskScope against the python3-torch reference, in one run.
//
// Both train the same model (the tiny preset, the demo tokenizer's vocabulary, initialised from
// the same seed) on the same batches (the demo corpus, the default masking, B records = 2B rows
// per step) with the same objective, optimizer and schedule, at the same thread counts:
//   MaskScope   the real Trainer (gpu/trainer.h): batch construction, forward, backward, clipping,
//               AdamW; metrics and event files are written but not timed
//   reference   tests/reference/train_reference_bench.py: diffusion_reference.py's model in
//               float32 with torch.optim.AdamW, on the batches this program exports
// Reported: tokens/s (real tokens of all rows per second of training step; total over the timed
// steps and the median step), tokens per CPU-second of the process (robust against other load on
// the machine: time a process waits for a core is not counted), peak resident memory of each process, the share of the step spent
// building the batch (sampling + collation; target < 2%), and the largest difference between
// the two loss curves (they train the same thing, so it stays at float32 rounding level).
//
//   bench_train [--steps N] [--warmup W] [--batch B] [--threads T] [--blas-threads T]
//               [--layout full|block] [--no-pack] [--no-reference] [--python /usr/bin/python3] [--keep]
#include "core/error.h"
#include "core/tokenizer.h"
#include "gpu/batch_builder.h"
#include "gpu/model.h"
#include "gpu/model_config.h"
#include "gpu/safetensors.h"
#include "gpu/trainer.h"
#include "gpu/training_data.h"
#include "tests/reference/train_reference_export.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

using namespace maskscope;
namespace fs = std::filesystem;

namespace {

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

double peakRssMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

double processCpuSeconds() {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

struct Options {
    int steps = 30;
    int warmup = 3;
    int batch = 8;
    int threads = 1;
    int blasThreads = 1;
    std::string layout = "full";
    bool reference = true;
    bool keep = false;  // keep the exported batches, weights and the run directory
    bool pack = true;
    std::string python = "/usr/bin/python3";
};

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const auto value = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (flag == "--steps") options.steps = std::stoi(value());
        else if (flag == "--warmup") options.warmup = std::stoi(value());
        else if (flag == "--batch") options.batch = std::stoi(value());
        else if (flag == "--threads") options.threads = std::stoi(value());
        else if (flag == "--blas-threads") options.blasThreads = std::stoi(value());
        else if (flag == "--layout") options.layout = value();
        else if (flag == "--python") options.python = value();
        else if (flag == "--no-reference") options.reference = false;
        else if (flag == "--keep") options.keep = true;
        else if (flag == "--no-pack") options.pack = false;
        else throw UsageError("unknown flag " + flag + " (see the header of tests/bench/bench_train.cpp)");
    }
    options.warmup = std::max(options.warmup, 1);  // the first step's CPU time has no start mark
    if (options.layout != "full" && options.reference) {
        std::printf("(the reference script trains the full layout only: --layout %s runs MaskScope alone)\n",
                    options.layout.c_str());
        options.reference = false;
    }
    if (options.steps < 1 || options.batch < 1) throw UsageError("--steps and --batch must be at least 1");
    return options;
}

struct ReferenceResult {
    bool ran = false;
    double tokensPerSecond = 0.0;
    double medianTokensPerSecond = 0.0;
    double tokensPerCpuSecond = 0.0;
    double peakMiB = 0.0;
    std::vector<double> losses;
};

ReferenceResult runReference(const Options& options, const std::string& dir, const char* rope) {
    const std::string script = MASKSCOPE_SOURCE_DIR "/tests/reference/train_reference_bench.py";
    const std::string output = dir + "/reference-" + rope + ".json";
    const std::string command = "OPENBLAS_NUM_THREADS=" + std::to_string(options.blasThreads) +
                                " OMP_NUM_THREADS=" + std::to_string(options.threads) + " " + options.python + " " +
                                script + " --dir " + dir + " --steps " + std::to_string(options.steps) +
                                " --warmup-steps " + std::to_string(options.warmup) + " --threads " +
                                std::to_string(options.threads) + " --rope " + rope + " --output " + output;
    ReferenceResult result;
    if (std::system(command.c_str()) != 0) {
        std::fprintf(stderr, "bench_train: the reference failed: %s\n", command.c_str());
        return result;
    }
    std::ifstream in(output);
    const nlohmann::json json = nlohmann::json::parse(in);
    result.ran = true;
    result.tokensPerSecond = json["tokens_per_s"].get<double>();
    result.medianTokensPerSecond = json["median_step_tokens_per_s"].get<double>();
    result.tokensPerCpuSecond = json["tokens_per_cpu_s"].get<double>();
    result.peakMiB = json["peak_rss_kib"].get<double>() / 1024.0;
    result.losses = json["losses"].get<std::vector<double>>();
    return result;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse(argc, argv);
        char pattern[] = "/tmp/bench_train.XXXXXX";
        const char* made = ::mkdtemp(pattern);
        if (made == nullptr) throw InputError("/tmp", 0, "cannot create a temporary directory");
        const std::string dir = made;

        TrainConfig config;
        config.corpus = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl";
        config.tokenizer = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model";
        config.out = dir + "/run";
        config.preset = "tiny";
        config.steps = static_cast<std::uint64_t>(options.warmup + options.steps);
        config.batch = options.batch;
        config.evalFraction = 0.0;
        config.threads = options.threads;
        config.blasThreads = options.blasThreads;
        config.layout = parseTrainLayout(options.layout);
        config.pack = options.pack;
        config.masking.policy.seed = 1;
        config.decaySteps = std::max<std::uint64_t>(config.steps, config.warmup);
        if (options.reference) exportTrainingReference(config, dir);

        // Process CPU time between consecutive step reports: one whole step (and the logging of
        // the previous one, a few file appends).
        std::vector<StepReport> reports;
        std::vector<double> cpuAt;
        TrainerHooks hooks;
        hooks.onStep = [&](const StepReport& report) {
            if (report.eval) return;
            reports.push_back(report);
            cpuAt.push_back(processCpuSeconds());
        };
        Trainer::start(config, hooks).run();
        const double cppPeak = peakRssMiB();

        double tokens = 0.0, seconds = 0.0, batchSeconds = 0.0, cpuSeconds = 0.0;
        std::vector<double> perStep, losses;
        for (std::size_t i = 0; i < reports.size(); ++i) {
            losses.push_back(reports[i].values.at("loss"));
            if (i < static_cast<std::size_t>(options.warmup)) continue;
            const double stepTokens = reports[i].values.at("tokens") - (i > 0 ? reports[i - 1].values.at("tokens") : 0.0);
            tokens += stepTokens;
            seconds += reports[i].stepSeconds;
            batchSeconds += reports[i].batchSeconds;
            cpuSeconds += cpuAt[i] - cpuAt[i - 1];
            perStep.push_back(stepTokens / reports[i].stepSeconds);
        }
        const double cppRate = tokens / seconds;

        std::printf("bench_train: tiny preset, %s layout%s, %d records (%d samples) per step, %d timed steps after %d\n",
                    options.layout.c_str(), options.pack ? ", packed" : ", one sample per row", options.batch,
                    2 * options.batch, options.steps, options.warmup);
        std::printf("cpu: %s; torch %s; %d torch thread(s), %d OpenBLAS thread(s)\n\n", cpuModel().c_str(),
                    TORCH_VERSION, options.threads, options.blasThreads);
        std::printf("| implementation                          | tokens/s | tokens/s median step | tokens/CPU-s | ms/step | peak RSS MiB |\n");
        std::printf("|-----------------------------------------|----------|----------------------|--------------|---------|--------------|\n");
        std::printf("| MaskScope (C++, LibTorch)               | %8.0f | %20.0f | %12.0f | %7.1f | %12.0f |\n", cppRate,
                    median(perStep), tokens / cpuSeconds, 1000.0 * seconds / static_cast<double>(perStep.size()), cppPeak);
        ReferenceResult references[2];
        const char* ropes[2] = {"float64", "float32"};
        if (options.reference) {
            for (int i = 0; i < 2; ++i) {
                references[i] = runReference(options, dir, ropes[i]);
                if (!references[i].ran) continue;
                std::printf("| reference (python3-torch, %s RoPE) | %8.0f | %20.0f | %12.0f | %7.1f | %12.0f |\n",
                            ropes[i], references[i].tokensPerSecond, references[i].medianTokensPerSecond,
                            references[i].tokensPerCpuSecond,
                            1000.0 * tokens / references[i].tokensPerSecond / static_cast<double>(perStep.size()),
                            references[i].peakMiB);
            }
        }
        std::printf("\nbatch construction (sampling + collation): %.3f%% of the step (target < 2%%)\n",
                    100.0 * batchSeconds / seconds);
        for (int i = 0; i < 2; ++i) {
            if (!references[i].ran) continue;
            double largest = 0.0;
            for (std::size_t s = 0; s < std::min(losses.size(), references[i].losses.size()); ++s)
                largest = std::max(largest, std::abs(losses[s] - references[i].losses[s]) / std::abs(references[i].losses[s]));
            std::printf("speed-up over the reference (%s RoPE): %.2fx total, %.2fx median step, %.2fx per CPU-second "
                        "(target >= 1.3x); loss curves differ by at most %.2e (relative)\n",
                        ropes[i], cppRate / references[i].tokensPerSecond,
                        median(perStep) / references[i].medianTokensPerSecond,
                        tokens / cpuSeconds / references[i].tokensPerCpuSecond, largest);
        }
        if (options.keep) {
            std::printf("kept %s\n", dir.c_str());
        } else {
            std::error_code error;
            fs::remove_all(dir, error);
        }
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_train: %s\n", error.what());
        return 1;
    }
}
