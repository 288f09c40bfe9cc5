#include "cli_options.h"

#include "core/density_blend.h"
#include "core/error.h"

#include <limits>

namespace maskscope::cli {

void addCorpusOptions(CLI::App& command, CorpusOptions& options, bool required) {
    auto* corpus = command.add_option("--corpus", options.path, "Corpus file: JSONL (SFT shapes) or plain text");
    if (required) corpus->required();
    command.add_option("--format", options.format,
                       "Record shape: auto, instruction-output, messages, question-answer, prompt-response, text, "
                       "plain-text")
        ->capture_default_str();
    command.add_option("--limit", options.limit, "Process at most this many records (0: all)");
}

void addInspectionOptions(CLI::App& command, InspectionOptions& options, bool withHubs, bool withMasking) {
    command.add_option("--tokenizer", options.tokenizer, "sentencepiece model (.model)")->required();
    command.add_option("--density", options.density,
                       "Density source (see `maskscope-cli sources`), or a blend NAME=W,NAME=W")
        ->capture_default_str();
    command.add_option("--annotations", options.annotations, "Annotation sidecar (for --density annotations)");
    command.add_option("--source", options.density, "Density source (alias of --density)");
    command.add_option("--model", options.model, "Checkpoint directory for the model:* density sources");
    command.add_option("--k", options.k, "model:surprisal/entropy: strided passes per sweep")->capture_default_str();
    command.add_option("--model-t", options.modelT, "model:surprisal/entropy: also mask context at ratio t in [0,1)");
    command.add_option("--device", options.device, "model:* sources: cpu or cuda")->capture_default_str();
    command.add_option("--model-layers", options.modelLayers, "model:attention: layers to average, e.g. 0,2 (all)");
    command.add_option("--threads", options.threads, "model:* sources on the CPU: torch threads (OpenBLAS uses 1)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1024));
    command.add_option("--model-normalise", options.modelNormalise,
                       "model:* sources: record (min-max per record) or none (absolute scale)")
        ->capture_default_str();
    if (withHubs) {
        auto* threshold = command.add_option("--hub-threshold", options.hubThreshold,
                                             "Hub candidates: density >= X (default 0.5)");
        auto* top = command.add_option("--hub-top", options.hubTop,
                                       "Hub candidates: the top fraction F of maskable tokens by density");
        threshold->excludes(top);
        command.add_option("--hub-gap", options.hubGap, "Merge hub runs separated by at most N tokens")
            ->capture_default_str();
        command.add_option("--hub-min-span", options.hubMinSpan, "Drop hub spans shorter than N tokens")
            ->capture_default_str();
    }
    if (withMasking) {
        command.add_option("--w", options.w, "Priority weight of hub tokens (1: uniform baseline)")
            ->capture_default_str();
        auto* t = command.add_option("--t", options.t, "Fixed masking ratio t in [0,1]");
        auto* range = command.add_option("--t-range", options.tRange, "t drawn uniformly in A,B (default 0.3,0.8)");
        t->excludes(range);
        command.add_option("--mode", options.mode, "complementary, reweighted, hard or uniform")
            ->capture_default_str();
        command.add_option("--weighting", options.weighting,
                           "binary (s = w on hubs) or soft (s = w^density)")
            ->capture_default_str();
        command.add_option("--processed", options.processed, "Fraction rho of records that get priority masking")
            ->capture_default_str();
        command.add_option("--seed", options.seed, "Seed of the mask stream (32-bit)")->capture_default_str();
        command.add_option("--step", options.step, "Training step whose masks are drawn")->capture_default_str();
        command.add_option("--block-size", options.blockSize, "Also report per-block statistics for this block size");
    }
}

namespace {

double parseNumber(const std::string& text, const std::string& flag) {
    std::size_t used = 0;
    double value = 0.0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size()) throw UsageError(flag + ": '" + text + "' is not a number");
    return value;
}

}  // namespace

InspectionSettings toSettings(const InspectionOptions& options) {
    InspectionSettings settings;
    settings.densitySource = densitySourceName(options.density);
    if (options.hubTop >= 0.0) {
        settings.hubs.rule = HubOptions::Rule::TopFraction;
        settings.hubs.value = options.hubTop;
    } else {
        settings.hubs.rule = HubOptions::Rule::Threshold;
        settings.hubs.value = options.hubThreshold >= 0.0 ? options.hubThreshold : 0.5;
    }
    settings.hubs.maxGap = options.hubGap;
    settings.hubs.minSpan = options.hubMinSpan;

    MaskPolicy& policy = settings.policy;
    const auto mode = parseMaskMode(options.mode);
    if (!mode) throw UsageError("--mode must be complementary, reweighted, hard or uniform, not '" + options.mode + "'");
    policy.mode = *mode;
    if (options.weighting == "binary") policy.weighting = Weighting::Binary;
    else if (options.weighting == "soft") policy.weighting = Weighting::Soft;
    else throw UsageError("--weighting must be binary or soft, not '" + options.weighting + "'");
    policy.w = options.w;
    if (options.t >= 0.0) {
        policy.tMin = policy.tMax = options.t;
    } else if (!options.tRange.empty()) {
        const auto comma = options.tRange.find(',');
        if (comma == std::string::npos) throw UsageError("--t-range takes A,B, e.g. 0.3,0.8");
        policy.tMin = parseNumber(options.tRange.substr(0, comma), "--t-range");
        policy.tMax = parseNumber(options.tRange.substr(comma + 1), "--t-range");
    }
    policy.processed = options.processed;
    if (options.seed > std::numeric_limits<std::uint32_t>::max())
        throw UsageError("--seed must fit in 32 bits (0 to 4294967295)");
    policy.seed = static_cast<std::uint32_t>(options.seed);
    settings.blockSize = options.blockSize;
    policy.validate();
    return settings;
}

std::string densitySourceName(const std::string& density) { return isBlendSpec(density) ? "blend" : density; }

bool usesModelDensity(const std::string& density) {
    if (!isBlendSpec(density)) return density.rfind("model:", 0) == 0;
    for (const BlendMember& member : parseBlendSpec(density))
        if (member.source.rfind("model:", 0) == 0) return true;
    return false;
}

void addModelDensityParams(const InspectionOptions& options, DensityContext& context) {
    auto& params = context.params;
    if (isBlendSpec(options.density)) params["sources"] = options.density;
    // Other sources check their params strictly: only the model:* sources get these.
    if (!usesModelDensity(options.density)) return;
    if (!options.model.empty()) params["checkpoint"] = options.model;
    params["tokenizer"] = options.tokenizer;
    params["k"] = std::to_string(options.k);
    if (options.modelT >= 0.0) params["t"] = std::to_string(options.modelT);
    params["seed"] = std::to_string(options.seed);
    params["device"] = options.device;
    if (!options.modelLayers.empty()) params["layers"] = options.modelLayers;
    params["normalise"] = options.modelNormalise;
}

}  // namespace maskscope::cli
