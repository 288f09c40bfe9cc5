#include "cli_density.h"

#include "output_file.h"

#include "core/density_blend.h"
#include "core/error.h"
#include "core/inspection_json.h"
#include "core/tokenizer.h"
#include "gpu/density_corpus.h"
#include "gpu/kernels/gpu_check_suite.h"
#include "gpu/kernels/gpu_check_torch.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>

namespace maskscope::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void onInterrupt(int) { g_interrupted = 1; }

ModelDensityKind modelKind(const std::string& name) {
    if (name == "model:surprisal") return ModelDensityKind::Surprisal;
    if (name == "model:entropy") return ModelDensityKind::Entropy;
    if (name == "model:attention") return ModelDensityKind::Attention;
    throw UsageError("unknown model density source '" + name + "'; known: model:surprisal, model:entropy, "
                     "model:attention");
}

}  // namespace

int runModelDensity(const DensityArgs& args) {
    const InspectionOptions& inspection = args.records.inspection;
    const Corpus corpus = openCorpus(args.records.corpus);
    const Tokenizer tokenizer = Tokenizer::load(inspection.tokenizer);
    DensityContext context;
    addModelDensityParams(inspection, context);
    context.params.erase("normalise");  // applied here, per record or per corpus
    const ModelDensityScorer scorer(modelDensityOptions(context.params));

    CorpusDensityOptions options;
    options.kind = modelKind(inspection.density);
    options.normalisation = parseCorpusNormalisation(args.normalise.empty() ? inspection.modelNormalise : args.normalise);
    options.limit = args.records.corpus.limit;
    options.batchTokens = args.batchTokens;
    options.useCache = !args.noCache;
    options.cacheDirectory = args.cacheDir;

    using Clock = std::chrono::steady_clock;
    const auto started = Clock::now();
    auto shown = started;
    bool progressShown = false;
    g_interrupted = 0;
    const auto previous = std::signal(SIGINT, onInterrupt);
    const auto progress = [&](const CorpusDensityProgress& p) {
        const auto now = Clock::now();
        if (!args.quiet && now - shown > std::chrono::milliseconds(500)) {
            const double seconds = std::chrono::duration<double>(now - started).count();
            std::fprintf(stderr, "\rdensity: %llu / %llu records, %.0f records/s   ", static_cast<unsigned long long>(p.done),
                         static_cast<unsigned long long>(p.total), p.done / std::max(seconds, 1e-9));
            shown = now;
            progressShown = true;
        }
        return g_interrupted == 0;
    };

    OutputFile out(args.records.out);
    CorpusDensityReport report;
    try {
        report = scoreCorpus(scorer, corpus, tokenizer, options,
                             [&](const TokenizedRecord& record, const std::vector<float>& density) {
                                 RecordInspection line;
                                 line.tokens = record;
                                 line.maskable = record.maskable();
                                 line.density = density;
                                 out.writeLine(densityJson(line));
                             },
                             progress);
    } catch (...) {
        std::signal(SIGINT, previous);
        throw;
    }
    std::signal(SIGINT, previous);
    if (progressShown) std::fputc('\n', stderr);
    if (report.cancelled) {
        std::fprintf(stderr, "maskscope-cli: density: cancelled; nothing written, no cache entry left\n");
        return 130;
    }
    if (!report.warning.empty()) std::fprintf(stderr, "maskscope-cli: %s\n", report.warning.c_str());
    reportBadLines(corpus.path(), report.bad, 20);
    if (report.records == 0)
        throw InputError(corpus.path(), 0, report.bad.empty() ? "the corpus has no records" : "no valid record in the corpus");
    out.commit();
    if (!args.quiet) {
        const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
        if (report.cacheHit) {
            std::fprintf(stderr, "density: %s over %llu records from the cache %s (%.2f s)\n", inspection.density.c_str(),
                         static_cast<unsigned long long>(report.records), report.cacheFile.c_str(), seconds);
        } else {
            const double padding = report.paddedTokens > 0
                                       ? 100.0 * (1.0 - static_cast<double>(report.scoredTokens) / report.paddedTokens)
                                       : 0.0;
            std::fprintf(stderr, "density: %s over %llu records in %llu batches (%.1f%% padding, %.2f s)%s%s\n",
                         inspection.density.c_str(), static_cast<unsigned long long>(report.records),
                         static_cast<unsigned long long>(report.batches), padding, seconds,
                         report.cacheFile.empty() ? "" : "; cached in ", report.cacheFile.c_str());
        }
    }
    return 0;
}

int runGpuCheckCommand(bool quick) {
    kernels::GpuCheckOptions options;
    options.quick = quick;
    options.extra = kernels::torchGpuChecks;
    return kernels::runGpuCheck(options);
}

void addTrainDensityOptions(CLI::App& train, TrainDensityArgs& args) {
    train.add_option("--density-model", args.checkpoint,
                     "Checkpoint for model:* density sources (--density model:surprisal, or a blend with one)");
    train.add_option("--density-k", args.k, "model:surprisal/entropy: strided passes per sweep")->capture_default_str();
    train.add_option("--density-device", args.device, "model:* density sources: cpu or cuda")->capture_default_str();
}

std::map<std::string, std::string> trainDensityParams(const TrainDensityArgs& args, const std::string& tokenizer,
                                                      const std::string& density,
                                                      std::map<std::string, std::string> current) {
    if (!args.checkpoint.empty()) {
        current["checkpoint"] = std::filesystem::absolute(args.checkpoint).string();
        if (!tokenizer.empty()) current["tokenizer"] = std::filesystem::absolute(tokenizer).string();
        current["k"] = std::to_string(args.k);
        current["device"] = args.device;
    }
    if (isBlendSpec(density)) current["sources"] = density;
    return current;
}

}  // namespace maskscope::cli
