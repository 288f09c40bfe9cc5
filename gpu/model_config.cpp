#include "model_config.h"

#include "core/atomic_file.h"
#include "core/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

namespace maskscope {
namespace {

using Json = nlohmann::json;

constexpr const char* kModelType = "maskscope_diffusion";
constexpr const char* kArchitecture = "MaskScopeDiffusionTransformer";

std::string quoted(std::string_view field) { return "field '" + std::string(field) + "'"; }

// Integer field: must be a JSON integer (not 3.0, not "3") that fits int64.
std::int64_t readInteger(const Json& root, const char* field, const std::string& source) {
    const auto it = root.find(field);
    if (it == root.end()) throw InputError(source, 0, quoted(field) + " missing");
    if (!it->is_number_integer())
        throw InputError(source, 0, quoted(field) + " must be an integer, found " + it->dump());
    if (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        throw InputError(source, 0, quoted(field) + " is out of range: " + it->dump());
    return it->get<std::int64_t>();
}

double readNumber(const Json& root, const char* field, const std::string& source, double fallback) {
    const auto it = root.find(field);
    if (it == root.end()) return fallback;
    if (!it->is_number()) throw InputError(source, 0, quoted(field) + " must be a number, found " + it->dump());
    return it->get<double>();
}

void requireAtLeast(std::int64_t value, std::int64_t minimum, const char* field, const std::string& source) {
    if (value < minimum)
        throw InputError(source, 0,
                         quoted(field) + " (" + std::to_string(value) + ") must be at least " + std::to_string(minimum));
}

}  // namespace

std::int64_t ModelConfig::parameterCount() const {
    const std::int64_t perLayer = 2 * hiddenSize                      // attention and MLP norms
                                  + 4 * hiddenSize * hiddenSize       // q, k, v, o projections
                                  + 3 * hiddenSize * intermediateSize;// gate, up, down
    return vocabSize * hiddenSize                                     // token embedding
           + numLayers * perLayer
           + hiddenSize                                               // final norm
           + vocabSize * hiddenSize;                                  // output head (untied)
}

std::vector<std::string> modelPresetNames() { return {"tiny", "small", "base"}; }

ModelConfig modelPreset(std::string_view name) {
    ModelConfig config;
    config.vocabSize = 0;
    config.maskTokenId = -1;
    config.blockSize = 32;
    config.ropeTheta = 10000.0;
    config.rmsNormEps = 1e-5;
    // Intermediate sizes follow the usual SwiGLU choice of about 8/3 * hidden, rounded to a
    // multiple of 8 (tiny) or 256 (larger), which keeps the MLP cost equal to a 4x GELU MLP.
    if (name == "tiny") {
        config.hiddenSize = 128;
        config.numLayers = 4;
        config.numHeads = 4;
        config.intermediateSize = 344;
        config.maxPositionEmbeddings = 256;
    } else if (name == "small") {
        config.hiddenSize = 384;
        config.numLayers = 6;
        config.numHeads = 6;
        config.intermediateSize = 1024;
        config.maxPositionEmbeddings = 512;
    } else if (name == "base") {
        config.hiddenSize = 768;
        config.numLayers = 12;
        config.numHeads = 12;
        config.intermediateSize = 2048;
        config.maxPositionEmbeddings = 1024;
    } else {
        std::string known;
        for (const auto& preset : modelPresetNames()) known += (known.empty() ? "" : ", ") + preset;
        throw UsageError("unknown model preset '" + std::string(name) + "' (known presets: " + known + ")");
    }
    return config;
}

ModelConfig withTokenizerVocabulary(ModelConfig config, std::int64_t tokenizerVocabSize, std::int64_t maskTokenId) {
    if (tokenizerVocabSize <= 0) throw UsageError("tokenizer vocabulary size must be positive");
    if (maskTokenId < 0) throw UsageError("mask token id must not be negative");
    config.vocabSize = std::max(tokenizerVocabSize, maskTokenId + 1);
    config.maskTokenId = maskTokenId;
    return config;
}

void validateModelConfig(const ModelConfig& config, const std::string& source) {
    requireAtLeast(config.vocabSize, 2, "vocab_size", source);
    requireAtLeast(config.hiddenSize, 2, "hidden_size", source);
    requireAtLeast(config.numLayers, 1, "num_hidden_layers", source);
    requireAtLeast(config.numHeads, 1, "num_attention_heads", source);
    requireAtLeast(config.intermediateSize, 1, "intermediate_size", source);
    requireAtLeast(config.maxPositionEmbeddings, 1, "max_position_embeddings", source);
    requireAtLeast(config.blockSize, 1, "block_size", source);
    if (config.hiddenSize % config.numHeads != 0)
        throw InputError(source, 0,
                         quoted("num_attention_heads") + " (" + std::to_string(config.numHeads) +
                             ") must divide 'hidden_size' (" + std::to_string(config.hiddenSize) + ")");
    if (config.headDim() % 2 != 0)
        throw InputError(source, 0,
                         "head size hidden_size / num_attention_heads (" + std::to_string(config.headDim()) +
                             ") must be even for rotary position embeddings");
    if (config.maskTokenId < 0 || config.maskTokenId >= config.vocabSize)
        throw InputError(source, 0,
                         quoted("mask_token_id") + " (" + std::to_string(config.maskTokenId) +
                             ") must be a token id below 'vocab_size' (" + std::to_string(config.vocabSize) + ")");
    if (!std::isfinite(config.ropeTheta) || config.ropeTheta <= 1.0)
        throw InputError(source, 0, quoted("rope_theta") + " must be a finite number above 1");
    if (!std::isfinite(config.rmsNormEps) || config.rmsNormEps <= 0.0 || config.rmsNormEps >= 1.0)
        throw InputError(source, 0, quoted("rms_norm_eps") + " must be in (0, 1)");
}

ModelConfig modelConfigFromJson(std::string_view jsonText, const std::string& source) {
    Json root;
    try {
        root = Json::parse(jsonText.begin(), jsonText.end());
    } catch (const Json::parse_error& error) {
        throw InputError(source, 0, std::string("not valid JSON: ") + error.what());
    }
    if (!root.is_object()) throw InputError(source, 0, "the config must be a JSON object");
    if (const auto version = root.find("maskscope_format_version"); version != root.end()) {
        if (!version->is_number_integer() || version->get<std::int64_t>() != kModelConfigFormatVersion)
            throw InputError(source, 0,
                             quoted("maskscope_format_version") + " is " + version->dump() + ", this build reads " +
                                 std::to_string(kModelConfigFormatVersion));
    }

    ModelConfig config;
    config.vocabSize = readInteger(root, "vocab_size", source);
    config.hiddenSize = readInteger(root, "hidden_size", source);
    config.numLayers = readInteger(root, "num_hidden_layers", source);
    config.numHeads = readInteger(root, "num_attention_heads", source);
    config.intermediateSize = readInteger(root, "intermediate_size", source);
    config.maxPositionEmbeddings = readInteger(root, "max_position_embeddings", source);
    config.maskTokenId = readInteger(root, "mask_token_id", source);
    config.ropeTheta = readNumber(root, "rope_theta", source, 10000.0);
    config.rmsNormEps = readNumber(root, "rms_norm_eps", source, 1e-5);
    config.blockSize = root.contains("block_size") ? readInteger(root, "block_size", source) : 32;
    validateModelConfig(config, source);
    return config;
}

std::string modelConfigToJson(const ModelConfig& config) {
    // nlohmann's ordered_json keeps the fields in this reading order.
    nlohmann::ordered_json root;
    root["architectures"] = {kArchitecture};
    root["model_type"] = kModelType;
    root["maskscope_format_version"] = kModelConfigFormatVersion;
    root["vocab_size"] = config.vocabSize;
    root["hidden_size"] = config.hiddenSize;
    root["num_hidden_layers"] = config.numLayers;
    root["num_attention_heads"] = config.numHeads;
    root["intermediate_size"] = config.intermediateSize;
    root["max_position_embeddings"] = config.maxPositionEmbeddings;
    root["rope_theta"] = config.ropeTheta;
    root["rms_norm_eps"] = config.rmsNormEps;
    root["mask_token_id"] = config.maskTokenId;
    root["block_size"] = config.blockSize;
    root["hidden_act"] = "silu";
    root["tie_word_embeddings"] = false;
    root["attention_bias"] = false;
    return root.dump(2) + "\n";
}

ModelConfig readModelConfig(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open the model config for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw InputError(path, 0, "read error");
    return modelConfigFromJson(text.str(), path);
}

void writeModelConfig(const std::string& path, const ModelConfig& config) {
    validateModelConfig(config, path);
    writeFileAtomically(path, modelConfigToJson(config));
}

}  // namespace maskscope
