// CPU benchmark of the model-based density sources (issue 6, section 5), in one run:
//   sweep      model:surprisal sweep tokens/s of MaskScope (gpu/density_model.h) against
//              tests/reference/surprisal_reference_bench.py (python3-torch, diffusion_reference.py's
//              model) on the same checkpoint and records, with the largest NLL difference; side by
//              side: the same sweep forming the full [P, L, V] logits (before
//              ForwardOptions::logitsRows), and the corpus pass (gpu/density_corpus.h: records of
//              similar length batched, --batch-tokens, no cache)
//   nll        the fused NLL + entropy CPU path against LibTorch's log_softmax + gather (+ entropy)
//              on logits of the sweep's shape [rows, V]
// The checkpoint is a randomly initialised model of the `tiny` preset with the demo tokenizer's
// vocabulary (weights do not change the cost), written to a temporary directory.
//
//   bench_density_model [--records N] [--k K] [--threads T] [--repeats R] [--python /usr/bin/python3]
//                       [--batch-tokens N] [--no-reference]
#include "core/corpus_reader.h"
#include "core/tokenizer.h"
#include "gpu/checkpoint.h"
#include "gpu/density_corpus.h"
#include "gpu/density_model.h"
#include "gpu/model.h"
#include "gpu/kernels/kernels_torch.h"
#include "gpu/model_config.h"
#include "gpu/optimizer_state.h"
#include "gpu/thread_settings.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include <unistd.h>

using namespace maskscope;

namespace {

struct Options {
    std::size_t records = 48;
    int k = 4;
    int threads = 2;
    int repeats = 20;
    std::string python = "/usr/bin/python3";
    bool reference = true;
    std::size_t batchTokens = 0;  // 0: the corpus pass's default for the device
};

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "bench_density_model: %s needs a value\n", flag.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (flag == "--records") options.records = std::stoul(value());
        else if (flag == "--k") options.k = std::stoi(value());
        else if (flag == "--threads") options.threads = std::stoi(value());
        else if (flag == "--repeats") options.repeats = std::stoi(value());
        else if (flag == "--python") options.python = value();
        else if (flag == "--no-reference") options.reference = false;
        else if (flag == "--batch-tokens") options.batchTokens = std::stoul(value());
        else {
            std::fprintf(stderr, "usage: bench_density_model [--records N] [--k K] [--threads T] [--repeats R] "
                                 "[--python PATH] [--batch-tokens N] [--no-reference]\n");
            std::exit(2);
        }
    }
    return options;
}

std::string cpuModel() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown";
}

double seconds(const std::function<void()>& work) {
    const auto begin = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    // As maskscope-cli does for model sources: torch threads as asked, OpenBLAS on one (with
    // OpenBLAS on every core as well, two threads ran the sweep ~4x slower on the 2-core machine).
    std::printf("threads: %s\n", applyThreadSettings({options.threads, 1}).c_str());
    const std::string source = MASKSCOPE_SOURCE_DIR;
    const std::string tokenizerPath = source + "/resources/demo/demo.model";
    const auto dir = std::filesystem::temp_directory_path() / ("bench_density_model." + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);

    // The checkpoint and the records.
    const Tokenizer tokenizer = Tokenizer::load(tokenizerPath);
    const ModelConfig config = withTokenizerVocabulary(modelPreset("tiny"), tokenizer.vocabSize(), tokenizer.maskId());
    DiffusionTransformer model(config, 1);
    auto optimizer = makeAdamW(model, {});
    const std::string checkpoint = writeCheckpoint((dir / "checkpoints").string(), model, *optimizer, TrainerState{},
                                                   tokenizerPath);
    const Corpus corpus = Corpus::open(source + "/resources/demo/demo.jsonl");
    std::vector<TokenizedRecord> records;
    nlohmann::json exported = nlohmann::json::array();
    std::size_t tokens = 0;
    for (std::uint64_t i = 0; i < corpus.entryCount() && records.size() < options.records; ++i) {
        const Corpus::Entry entry = corpus.read(i);
        if (!entry.record) continue;
        TokenizedRecord record = tokenizer.tokenize(*entry.record);
        if (record.size() > static_cast<std::size_t>(config.maxPositionEmbeddings) || record.size() == record.promptTokens)
            continue;
        std::vector<std::int32_t> ids;
        for (const auto& token : record.tokens) ids.push_back(token.id);
        exported.push_back({{"id", record.record.id}, {"prompt", record.promptTokens}, {"ids", ids}});
        tokens += record.size() - record.promptTokens;
        records.push_back(std::move(record));
    }
    std::ofstream(dir / "records.json") << exported.dump();

    std::printf("bench_density_model: %s, %d thread(s), LibTorch %s\n", cpuModel().c_str(), options.threads,
                TORCH_VERSION);
    std::printf("checkpoint: tiny preset (hidden %lld, %lld layers, vocab %lld); %zu demo records, %zu response "
                "tokens, k = %d\n\n",
                static_cast<long long>(config.hiddenSize), static_cast<long long>(config.numLayers),
                static_cast<long long>(config.vocabSize), records.size(), tokens, options.k);

    // 1. The sweep.
    ModelDensityOptions scorerOptions;
    scorerOptions.checkpoint = checkpoint;
    scorerOptions.k = options.k;
    const ModelDensityScorer scorer(scorerOptions);
    scorer.sweep(records.front());  // warm-up
    std::vector<std::vector<float>> ours;
    const double ourSeconds = seconds([&] {
        for (const auto& record : records) ours.push_back(scorer.sweep(record).nll);
    });
    const double ourRate = static_cast<double>(tokens) / ourSeconds;

    // The same sweep with the head applied to every position and the scored rows picked afterwards.
    LoadedCheckpoint loaded = loadCheckpoint(checkpoint, torch::kCPU);
    loaded.model->eval();
    const auto fullLogitsSweep = [&](const TokenizedRecord& record) {
        const c10::InferenceMode inference;
        const SweepPlan plan = planSweep(record, options.k, 0.0, 0);
        const auto passes = static_cast<std::int64_t>(plan.passes), length = static_cast<std::int64_t>(plan.length);
        std::vector<std::int64_t> ids, rows, targets;
        for (const auto& token : record.tokens) ids.push_back(token.id);
        auto input = torch::tensor(ids).repeat({passes, 1});  // [P, L]
        auto* data = input.data_ptr<std::int64_t>();
        for (std::size_t i = 0; i < plan.masked.size(); ++i)
            if (plan.masked[i]) data[i] = config.maskTokenId;
        for (std::int64_t i = static_cast<std::int64_t>(record.promptTokens); i < length; ++i) {
            rows.push_back(plan.scoredIn[static_cast<std::size_t>(i)] * length + i);
            targets.push_back(ids[static_cast<std::size_t>(i)]);
        }
        const auto logits = loaded.model->forward(input).logits;  // [P, L, V]
        const auto selected = logits.reshape({passes * length, -1}).index_select(0, torch::tensor(rows));  // [R, V]
        return kernels::fusedNllEntropy(selected, torch::tensor(targets)).nll;
    };
    fullLogitsSweep(records.front());  // warm-up
    const double fullSeconds = seconds([&] {
        for (const auto& record : records) fullLogitsSweep(record);
    });
    const double fullRate = static_cast<double>(tokens) / fullSeconds;

    // The corpus pass over the same records: sorted by length, batched, raw scores through a scratch file.
    CorpusDensityOptions corpusOptions;
    corpusOptions.useCache = false;
    corpusOptions.limit = records.size();
    corpusOptions.batchTokens = options.batchTokens;
    corpusOptions.normalisation = CorpusNormalisation::None;
    std::size_t corpusTokens = 0;
    CorpusDensityReport corpusReport;
    const double corpusSeconds = seconds([&] {
        corpusReport = scoreCorpus(scorer, corpus, tokenizer, corpusOptions,
                                   [&](const TokenizedRecord& record, const std::vector<float>&) {
                                       corpusTokens += record.size() - record.promptTokens;
                                   });
    });
    const double corpusRate = static_cast<double>(corpusTokens) / corpusSeconds;

    std::printf("%-50s %12s %10s\n", "surprisal sweep", "tokens/s", "seconds");
    std::printf("%-50s %12.0f %10.3f\n", "MaskScope, logits at the scored rows only", ourRate, ourSeconds);
    std::printf("%-50s %12.0f %10.3f\n", "MaskScope, full [P, L, V] logits then rows", fullRate, fullSeconds);
    char corpusLabel[96];
    std::snprintf(corpusLabel, sizeof corpusLabel, "MaskScope corpus pass, %llu batches, %.0f%% padding",
                  static_cast<unsigned long long>(corpusReport.batches),
                  corpusReport.paddedTokens > 0
                      ? 100.0 * (1.0 - static_cast<double>(corpusReport.scoredTokens) / corpusReport.paddedTokens)
                      : 0.0);
    std::printf("%-50s %12.0f %10.3f\n", corpusLabel, corpusRate, corpusSeconds);
    std::printf("logits at rows vs full logits: %.2fx\n", ourRate / fullRate);
    if (options.reference) {
        const std::string output = (dir / "reference.json").string();
        const std::string command = "OMP_NUM_THREADS=" + std::to_string(options.threads) + " OPENBLAS_NUM_THREADS=1 " + options.python + " " +
                                    source + "/tests/reference/surprisal_reference_bench.py --checkpoint " + checkpoint +
                                    " --records " + (dir / "records.json").string() + " --k " +
                                    std::to_string(options.k) + " --threads " + std::to_string(options.threads) +
                                    " --output " + output;
        if (std::system(command.c_str()) != 0) {
            std::fprintf(stderr, "bench_density_model: the reference failed: %s\n", command.c_str());
        } else {
            nlohmann::json result;
            std::ifstream(output) >> result;
            double largest = 0.0;
            for (std::size_t r = 0; r < records.size(); ++r) {
                const auto& theirs = result["nll"][r];
                for (std::size_t i = 0; i < theirs.size(); ++i)
                    largest = std::max(largest, std::abs(theirs[i].get<double>() -
                                                         ours[r][records[r].promptTokens + i]));
            }
            const double theirRate = result["tokens_per_second"].get<double>();
            std::printf("%-50s %12.0f %10.3f\n", "python3-torch reference (log_softmax+gather)", theirRate,
                        result["seconds"].get<double>());
            std::printf("speed-up vs python3-torch (target >= 1.3x): %.2fx logits at rows, %.2fx full logits, "
                        "%.2fx corpus pass; largest |NLL difference| %.2e\n",
                        ourRate / theirRate, fullRate / theirRate, corpusRate / theirRate, largest);
        }
    }

    // 2. Fused NLL + entropy against log_softmax + gather, on logits of the sweep's shape.
    std::printf("\n%-44s %12s %10s\n", "NLL + entropy on [rows, V] float32", "rows/s", "ms/call");
    for (const std::int64_t vocab : {config.vocabSize, std::int64_t(32000)}) {
        const std::int64_t rows = 1024;
        torch::manual_seed(3);
        const auto logits = torch::randn({rows, vocab}) * 4.0;  // [N, V]
        const auto targets = torch::randint(0, vocab, {rows}, torch::kInt64);  // [N]
        const c10::InferenceMode inference;
        const auto time = [&](const char* name, const std::function<void()>& work) {
            work();
            const double total = seconds([&] {
                for (int i = 0; i < options.repeats; ++i) work();
            });
            const std::string label = std::string(name) + " V=" + std::to_string(vocab);
            std::printf("%-44s %12.0f %10.3f\n", label.c_str(), rows * options.repeats / total,
                        1000.0 * total / options.repeats);
        };
        time("fused NLL+entropy (kernels_torch)", [&] { kernels::fusedNllEntropy(logits, targets); });
        time("log_softmax+gather (NLL only)", [&] {
            torch::log_softmax(logits, -1).gather(1, targets.unsqueeze(1));
        });
        time("log_softmax+gather+entropy", [&] {
            const auto logProbabilities = torch::log_softmax(logits, -1);
            logProbabilities.gather(1, targets.unsqueeze(1));
            (logProbabilities.exp() * logProbabilities).sum(-1);
        });
    }
    std::filesystem::remove_all(dir);
    return 0;
}
