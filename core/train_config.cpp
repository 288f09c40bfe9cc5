#include "train_config.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <fstream>
#include <set>
#include <sstream>

namespace maskscope {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

[[noreturn]] void usage(const std::string& message) { throw UsageError(message); }

// Reads the fields of one JSON object, remembering which were used so that leftovers (typos,
// settings of a later version) can be reported instead of ignored.
class FieldReader {
public:
    FieldReader(const Json& object, std::string source, std::string prefix)
        : m_object(object), m_source(std::move(source)), m_prefix(std::move(prefix)) {
        if (!m_object.is_object()) fail("", "must be a JSON object");
    }

    template <typename T>
    void read(const char* name, T& value) {
        m_used.insert(name);
        const auto it = m_object.find(name);
        if (it == m_object.end() || it->is_null()) return;
        try {
            if constexpr (std::is_same_v<T, bool>) {
                if (!it->is_boolean()) fail(name, "must be true or false, found " + it->dump());
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (!it->is_string()) fail(name, "must be a string, found " + it->dump());
            } else if constexpr (std::is_floating_point_v<T>) {
                if (!it->is_number()) fail(name, "must be a number, found " + it->dump());
            } else if constexpr (std::is_unsigned_v<T>) {
                if (!it->is_number_unsigned()) fail(name, "must be a non-negative integer, found " + it->dump());
            } else if constexpr (std::is_integral_v<T>) {
                if (!it->is_number_integer()) fail(name, "must be an integer, found " + it->dump());
            }
            value = it->get<T>();
        } catch (const Json::exception& error) {
            fail(name, std::string("cannot be read: ") + error.what());
        }
    }

    void readSteps(const char* name, std::vector<std::uint64_t>& value) {
        m_used.insert(name);
        const auto it = m_object.find(name);
        if (it == m_object.end() || it->is_null()) return;
        if (!it->is_array()) fail(name, "must be an array of step numbers, found " + it->dump());
        value.clear();
        for (const auto& item : *it) {
            if (!item.is_number_unsigned()) fail(name, "must hold non-negative integers, found " + item.dump());
            value.push_back(item.get<std::uint64_t>());
        }
    }

    void readStrings(const char* name, std::map<std::string, std::string>& value) {
        m_used.insert(name);
        const auto it = m_object.find(name);
        if (it == m_object.end() || it->is_null()) return;
        if (!it->is_object()) fail(name, "must be an object of strings, found " + it->dump());
        value.clear();
        for (const auto& item : it->items()) {
            if (!item.value().is_string()) fail(name + std::string(".") + item.key(), "must be a string, found " + item.value().dump());
            value[item.key()] = item.value().get<std::string>();
        }
    }

    const Json* object(const char* name) {
        m_used.insert(name);
        const auto it = m_object.find(name);
        return it == m_object.end() ? nullptr : &*it;
    }

    void rejectUnknown() const {
        for (const auto& item : m_object.items())
            if (!m_used.count(item.key())) fail(item.key(), "is not a known setting");
    }

    [[noreturn]] void fail(const std::string& name, const std::string& problem) const {
        const std::string field = m_prefix + name;
        throw InputError(m_source, 0, (field.empty() ? std::string("config") : "field '" + field + "'") + " " + problem);
    }

private:
    const Json& m_object;
    std::string m_source;
    std::string m_prefix;
    std::set<std::string> m_used;
};

OrderedJson maskingToJson(const InspectionSettings& masking) {
    OrderedJson out;
    out["density"] = masking.densitySource;
    out["hub_rule"] = masking.hubs.rule == HubOptions::Rule::TopFraction ? "top" : "threshold";
    out["hub_value"] = masking.hubs.value;
    out["hub_gap"] = masking.hubs.maxGap;
    out["hub_min_span"] = masking.hubs.minSpan;
    out["mode"] = std::string(toString(masking.policy.mode));
    out["weighting"] = masking.policy.weighting == Weighting::Soft ? "soft" : "binary";
    out["w"] = masking.policy.w;
    out["t_min"] = masking.policy.tMin;
    out["t_max"] = masking.policy.tMax;
    out["processed"] = masking.policy.processed;
    out["seed"] = masking.policy.seed;
    return out;
}

void maskingFromJson(const Json& object, const std::string& source, InspectionSettings& masking) {
    FieldReader reader(object, source, "masking.");
    reader.read("density", masking.densitySource);
    std::string rule = masking.hubs.rule == HubOptions::Rule::TopFraction ? "top" : "threshold";
    reader.read("hub_rule", rule);
    if (rule == "threshold") masking.hubs.rule = HubOptions::Rule::Threshold;
    else if (rule == "top") masking.hubs.rule = HubOptions::Rule::TopFraction;
    else reader.fail("hub_rule", "must be \"threshold\" or \"top\", found \"" + rule + "\"");
    reader.read("hub_value", masking.hubs.value);
    reader.read("hub_gap", masking.hubs.maxGap);
    reader.read("hub_min_span", masking.hubs.minSpan);
    std::string mode(toString(masking.policy.mode));
    reader.read("mode", mode);
    const auto parsedMode = parseMaskMode(mode);
    if (!parsedMode) reader.fail("mode", "must be complementary, reweighted, hard or uniform, found \"" + mode + "\"");
    masking.policy.mode = *parsedMode;
    std::string weighting = masking.policy.weighting == Weighting::Soft ? "soft" : "binary";
    reader.read("weighting", weighting);
    if (weighting == "binary") masking.policy.weighting = Weighting::Binary;
    else if (weighting == "soft") masking.policy.weighting = Weighting::Soft;
    else reader.fail("weighting", "must be \"binary\" or \"soft\", found \"" + weighting + "\"");
    reader.read("w", masking.policy.w);
    reader.read("t_min", masking.policy.tMin);
    reader.read("t_max", masking.policy.tMax);
    reader.read("processed", masking.policy.processed);
    reader.read("seed", masking.policy.seed);
    reader.rejectUnknown();
}

}  // namespace

std::string_view toString(TrainLayout layout) { return layout == TrainLayout::Block ? "block" : "full"; }
std::string_view toString(TrainLossWeighting weighting) {
    return weighting == TrainLossWeighting::Mean ? "mean" : "elbo";
}

TrainLayout parseTrainLayout(std::string_view text) {
    if (text == "full") return TrainLayout::Full;
    if (text == "block") return TrainLayout::Block;
    usage("--layout must be full or block, not '" + std::string(text) + "'");
}

TrainLossWeighting parseTrainLossWeighting(std::string_view text) {
    if (text == "elbo") return TrainLossWeighting::Elbo;
    if (text == "mean" || text == "masked_mean") return TrainLossWeighting::Mean;
    usage("--loss-weighting must be elbo or mean, not '" + std::string(text) + "'");
}

void TrainConfig::validate() const {
    if (corpus.empty()) usage("--corpus is required");
    if (tokenizer.empty()) usage("--tokenizer is required");
    if (out.empty()) usage("--out (the run directory) is required");
    if (steps < 1) usage("--steps must be at least 1");
    if (batch < 1) usage("--batch must be at least 1, got " + std::to_string(batch));
    if (gradAccum < 1) usage("--grad-accum must be at least 1, got " + std::to_string(gradAccum));
    if (batch % gradAccum != 0)
        usage("--batch " + std::to_string(batch) + " is not a multiple of --grad-accum " + std::to_string(gradAccum));
    if (!(lr > 0.0) || !std::isfinite(lr)) usage("--lr must be a finite number > 0");
    if (!(minLrRatio >= 0.0 && minLrRatio <= 1.0)) usage("--min-lr-ratio must be in [0, 1]");
    if (decaySteps > 0 && decaySteps < warmup) usage("--decay-steps must not be smaller than --warmup");
    if (!(weightDecay >= 0.0) || !std::isfinite(weightDecay)) usage("--weight-decay must be a finite number >= 0");
    if (!(beta1 >= 0.0 && beta1 < 1.0) || !(beta2 >= 0.0 && beta2 < 1.0)) usage("AdamW betas must be in [0, 1)");
    if (!(adamEps > 0.0)) usage("AdamW epsilon must be > 0");
    if (!(gradClip >= 0.0) || !std::isfinite(gradClip)) usage("--grad-clip must be a finite number >= 0 (0: off)");
    if (!(evalFraction >= 0.0 && evalFraction < 1.0)) usage("--eval-fraction must be in [0, 1)");
    if (evalRecords < 0) usage("--eval-records must not be negative");
    if (threads < 1 || threads > 1024) usage("--threads must be between 1 and 1024");
    if (blasThreads < 1 || blasThreads > 1024) usage("--blas-threads must be between 1 and 1024");
    if (device != "cpu" && device != "cuda" && device.rfind("cuda:", 0) != 0)
        usage("--device must be cpu, cuda or cuda:N, not '" + device + "'");
    if (keepCheckpoints < 1) usage("--keep-checkpoints must be at least 1");
    if (logEvery < 1) usage("--log-every must be at least 1");
    if (blockSize < 1) usage("--block-size must be at least 1");
    if (preset.empty() && modelConfig.empty()) usage("--preset or --model-config is required");
    masking.policy.validate();
    if (masking.hubs.value < 0.0 || masking.hubs.value > 1.0 || std::isnan(masking.hubs.value))
        usage("the hub threshold or top fraction must be in [0, 1]");
}

std::string trainConfigToJson(const TrainConfig& config) {
    OrderedJson out;
    out["maskscope_format_version"] = kTrainConfigFormatVersion;
    out["corpus"] = config.corpus;
    out["format"] = config.corpusFormat;
    out["tokenizer"] = config.tokenizer;
    out["annotations"] = config.annotations;
    out["truncate"] = config.truncate;
    out["eval_fraction"] = config.evalFraction;
    out["masking"] = maskingToJson(config.masking);
    out["density_params"] = OrderedJson::object();
    for (const auto& [key, value] : config.densityParams) out["density_params"][key] = value;
    out["preset"] = config.preset;
    out["model_config"] = config.modelConfig;
    out["layout"] = std::string(toString(config.layout));
    out["block_size"] = config.blockSize;
    out["loss_weighting"] = std::string(toString(config.lossWeighting));
    out["pack"] = config.pack;
    out["steps"] = config.steps;
    out["batch"] = config.batch;
    out["grad_accum"] = config.gradAccum;
    out["lr"] = config.lr;
    out["min_lr_ratio"] = config.minLrRatio;
    out["warmup"] = config.warmup;
    out["decay_steps"] = config.decaySteps;
    out["weight_decay"] = config.weightDecay;
    out["beta1"] = config.beta1;
    out["beta2"] = config.beta2;
    out["adam_eps"] = config.adamEps;
    out["grad_clip"] = config.gradClip;
    out["device"] = config.device;
    out["threads"] = config.threads;
    out["blas_threads"] = config.blasThreads;
    out["out"] = config.out;
    out["log_every"] = config.logEvery;
    out["eval_every"] = config.evalEvery;
    out["eval_records"] = config.evalRecords;
    out["checkpoint_every"] = config.checkpointEvery;
    out["keep_checkpoints"] = config.keepCheckpoints;
    out["probe_every"] = config.probeEvery;
    out["probe_record"] = config.probeRecord;
    out["dump_masks"] = config.dumpMaskSteps;
    return out.dump(2);
}

TrainConfig trainConfigFromJson(std::string_view jsonText, const std::string& source) {
    Json root;
    try {
        root = Json::parse(jsonText.begin(), jsonText.end());
    } catch (const Json::parse_error& error) {
        throw InputError(source, 0, std::string("not valid JSON: ") + error.what());
    }
    if (!root.is_object()) throw InputError(source, 0, "the configuration must be a JSON object");
    // A run.json holds the configuration under "config"; a bare configuration is accepted too.
    if (const auto nested = root.find("config"); nested != root.end() && root.contains("format")) root = *nested;

    TrainConfig config;
    FieldReader reader(root, source, "");
    int version = kTrainConfigFormatVersion;
    reader.read("maskscope_format_version", version);
    if (version != kTrainConfigFormatVersion)
        reader.fail("maskscope_format_version", "is " + std::to_string(version) + ", this build reads version " +
                                                    std::to_string(kTrainConfigFormatVersion));
    reader.read("corpus", config.corpus);
    reader.read("format", config.corpusFormat);
    reader.read("tokenizer", config.tokenizer);
    reader.read("annotations", config.annotations);
    reader.read("truncate", config.truncate);
    reader.read("eval_fraction", config.evalFraction);
    if (const Json* masking = reader.object("masking")) maskingFromJson(*masking, source, config.masking);
    reader.readStrings("density_params", config.densityParams);
    reader.read("preset", config.preset);
    reader.read("model_config", config.modelConfig);
    std::string layout(toString(config.layout));
    reader.read("layout", layout);
    std::string weighting(toString(config.lossWeighting));
    reader.read("loss_weighting", weighting);
    try {
        config.layout = parseTrainLayout(layout);
        config.lossWeighting = parseTrainLossWeighting(weighting);
    } catch (const UsageError& error) {
        throw InputError(source, 0, error.what());
    }
    reader.read("block_size", config.blockSize);
    reader.read("pack", config.pack);
    reader.read("steps", config.steps);
    reader.read("batch", config.batch);
    reader.read("grad_accum", config.gradAccum);
    reader.read("lr", config.lr);
    reader.read("min_lr_ratio", config.minLrRatio);
    reader.read("warmup", config.warmup);
    reader.read("decay_steps", config.decaySteps);
    reader.read("weight_decay", config.weightDecay);
    reader.read("beta1", config.beta1);
    reader.read("beta2", config.beta2);
    reader.read("adam_eps", config.adamEps);
    reader.read("grad_clip", config.gradClip);
    reader.read("device", config.device);
    reader.read("threads", config.threads);
    reader.read("blas_threads", config.blasThreads);
    reader.read("out", config.out);
    reader.read("log_every", config.logEvery);
    reader.read("eval_every", config.evalEvery);
    reader.read("eval_records", config.evalRecords);
    reader.read("checkpoint_every", config.checkpointEvery);
    reader.read("keep_checkpoints", config.keepCheckpoints);
    reader.read("probe_every", config.probeEvery);
    reader.read("probe_record", config.probeRecord);
    reader.readSteps("dump_masks", config.dumpMaskSteps);
    reader.rejectUnknown();
    return config;
}

TrainConfig readTrainConfig(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open the training configuration for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw InputError(path, 0, "read error");
    return trainConfigFromJson(text.str(), path);
}

}  // namespace maskscope
