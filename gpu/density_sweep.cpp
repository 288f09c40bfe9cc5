#include "density_sweep.h"

#include "core/error.h"
#include "core/mask_sampler.h"
#include "core/philox_stream.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

namespace maskscope {

namespace {

const std::string* find(const std::map<std::string, std::string>& params, const char* key) {
    const auto it = params.find(key);
    return it == params.end() || it->second.empty() ? nullptr : &it->second;
}

long long parseInteger(const std::string& text, const std::string& flag) {
    long long value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        throw UsageError(flag + ": '" + text + "' is not an integer");
    return value;
}

double parseReal(const std::string& text, const std::string& flag) {
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

ModelDensityOptions modelDensityOptions(const std::map<std::string, std::string>& params) {
    ModelDensityOptions options;
    const std::string* checkpoint = find(params, "checkpoint");
    if (checkpoint == nullptr)
        throw UsageError("the model density sources need a checkpoint: pass --model CKPT_DIR (a step_N directory "
                         "of a run, or the run directory for its latest checkpoint)");
    options.checkpoint = *checkpoint;
    if (const auto* tokenizer = find(params, "tokenizer")) options.tokenizer = *tokenizer;
    if (const auto* k = find(params, "k")) {
        const long long value = parseInteger(*k, "--k");
        if (value < 1 || value > 1 << 20) throw UsageError("--k must be between 1 and 1048576, not " + *k);
        options.k = static_cast<int>(value);
    }
    if (const auto* t = find(params, "t")) {
        options.t = parseReal(*t, "--model-t");
        if (!(options.t >= 0.0 && options.t < 1.0)) throw UsageError("--model-t must be in [0, 1), not " + *t);
    }
    if (const auto* seed = find(params, "seed")) {
        const long long value = parseInteger(*seed, "--seed");
        if (value < 0 || value > std::numeric_limits<std::uint32_t>::max())
            throw UsageError("--seed must fit in 32 bits (0 to 4294967295)");
        options.seed = static_cast<std::uint32_t>(value);
    }
    if (const auto* device = find(params, "device")) {
        if (*device != "cpu" && *device != "cuda") throw UsageError("--device must be cpu or cuda, not '" + *device + "'");
        options.device = *device;
    }
    if (const auto* normalise = find(params, "normalise")) {
        if (*normalise == "record") options.normalisation = DensityNormalisation::Record;
        else if (*normalise == "none") options.normalisation = DensityNormalisation::None;
        else if (*normalise == "corpus")
            throw UsageError("--model-normalise corpus needs the whole corpus's scores first: `maskscope-cli density "
                             "--normalise corpus` offers it; use record or none here");
        else throw UsageError("--model-normalise must be record or none, not '" + *normalise + "'");
    }
    if (const auto* layers = find(params, "layers")) {
        std::size_t begin = 0;
        while (begin <= layers->size()) {
            const std::size_t comma = std::min(layers->find(',', begin), layers->size());
            const long long layer = parseInteger(layers->substr(begin, comma - begin), "--model-layers");
            if (layer < 0 || layer > std::numeric_limits<int>::max())
                throw UsageError("--model-layers: layer " + std::to_string(layer) + " is negative");
            options.layers.push_back(static_cast<int>(layer));
            begin = comma + 1;
        }
    }
    return options;
}

SweepPlan planSweep(const TokenizedRecord& record, int k, double t, std::uint32_t seed) {
    if (k < 1) throw UsageError("a density sweep needs k >= 1 passes");
    SweepPlan plan;
    plan.length = record.size();
    const std::size_t prompt = std::min(record.promptTokens, plan.length);
    const std::size_t response = plan.length - prompt;
    plan.passes = std::min<std::size_t>(static_cast<std::size_t>(k), response);
    plan.scoredIn.assign(plan.length, -1);
    plan.masked.assign(plan.passes * plan.length, 0);
    for (std::size_t i = prompt; i < plan.length; ++i) {
        const std::size_t pass = (i - prompt) % static_cast<std::size_t>(k);
        plan.scoredIn[i] = static_cast<std::int32_t>(pass);
        plan.masked[pass * plan.length + i] = 1;
    }
    if (t <= 0.0 || plan.passes == 0) return plan;

    const std::uint64_t key = recordKey(record.record.id);
    const float threshold = static_cast<float>(t);
    for (std::size_t pass = 0; pass < plan.passes; ++pass) {
        std::uint8_t* row = plan.masked.data() + pass * plan.length;
        for (std::size_t i = prompt; i < plan.length; ++i) {
            if (row[i]) continue;
            const PhiloxBlock block = philoxBlock(seed, static_cast<SampleKind>(kDensityContextKind), key,
                                                  static_cast<std::uint32_t>(pass), static_cast<std::uint32_t>(i / 4));
            if (uniform24(block.word[i % 4]) < threshold) row[i] = 1;
        }
    }
    return plan;
}

std::vector<float> normalisePerRecord(const std::vector<float>& raw, std::size_t promptTokens) {
    std::vector<float> out(raw.size(), 0.0f);
    double lowest = std::numeric_limits<double>::infinity();
    double highest = -std::numeric_limits<double>::infinity();
    for (std::size_t i = promptTokens; i < raw.size(); ++i) {
        if (!std::isfinite(raw[i])) continue;
        lowest = std::min<double>(lowest, raw[i]);
        highest = std::max<double>(highest, raw[i]);
    }
    if (!(highest - lowest > 1e-12)) return out;  // degenerate: nothing stands out
    const double range = highest - lowest;
    for (std::size_t i = promptTokens; i < raw.size(); ++i) {
        // +inf (a true token of probability 0) is the most surprising; NaN and -inf count as the minimum.
        const double value = std::isnan(raw[i]) ? lowest : std::clamp<double>(raw[i], lowest, highest);
        out[i] = static_cast<float>(std::clamp((value - lowest) / range, 0.0, 1.0));
    }
    return out;
}

std::vector<float> normaliseToRange(const std::vector<float>& raw, std::size_t promptTokens, double lowest,
                                    double highest) {
    std::vector<float> out(raw.size(), 0.0f);
    if (!(highest - lowest > 1e-12)) return out;
    const double range = highest - lowest;
    for (std::size_t i = promptTokens; i < raw.size(); ++i) {
        const double value = std::isnan(raw[i]) ? lowest : std::clamp<double>(raw[i], lowest, highest);
        out[i] = static_cast<float>(std::clamp((value - lowest) / range, 0.0, 1.0));
    }
    return out;
}

}  // namespace maskscope
