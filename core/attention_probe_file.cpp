#include "attention_probe_file.h"

#include "error.h"
#include "safetensors_header.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>

namespace maskscope {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kLayerPrefix = "layer_";

std::optional<std::uint64_t> parseUnsigned(const std::string& text) {
    std::uint64_t value = 0;
    if (text.empty()) return std::nullopt;
    const auto* end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    if (result.ec != std::errc() || result.ptr != end) return std::nullopt;
    return value;
}

// "step_000100.safetensors" -> 100
std::optional<std::uint64_t> stepOfFileName(const std::string& name) {
    static const std::string prefix = "step_";
    static const std::string suffix = ".safetensors";
    if (name.size() <= prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
        return std::nullopt;
    const std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - suffix.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    return parseUnsigned(digits);
}

const std::string* findMetadata(const SafetensorsMetadata& metadata, const char* key) {
    const auto found = metadata.find(key);
    return found == metadata.end() ? nullptr : &found->second;
}

std::uint64_t readStep(const SafetensorsMetadata& metadata, const std::string& path) {
    const std::string* text = findMetadata(metadata, "step");
    if (text == nullptr) throw InputError(path, 0, "metadata 'step' missing (not an attention probe?)");
    const auto step = parseUnsigned(*text);
    if (!step) throw InputError(path, 0, "metadata 'step' is not a non-negative integer: '" + *text + "'");
    return *step;
}

double readAttentionToHubs(const SafetensorsMetadata& metadata, const std::string& path) {
    const std::string* text = findMetadata(metadata, "attention_to_hubs");
    if (text == nullptr || text->empty()) return std::numeric_limits<double>::quiet_NaN();
    double value = 0.0;
    const auto* end = text->data() + text->size();
    const auto result = std::from_chars(text->data(), end, value);
    if (result.ec != std::errc() || result.ptr != end)
        throw InputError(path, 0, "metadata 'attention_to_hubs' is not a number: '" + *text + "'");
    return value;
}

Json parseMetadataJson(const std::string& text, const char* key, const std::string& path) {
    try {
        return Json::parse(text);
    } catch (const Json::exception& error) {
        throw InputError(path, 0, std::string("metadata '") + key + "' is not valid JSON: " + error.what());
    }
}

std::vector<std::string> readPieces(const SafetensorsMetadata& metadata, const std::string& path) {
    const std::string* text = findMetadata(metadata, "pieces");
    if (text == nullptr) throw InputError(path, 0, "metadata 'pieces' missing (not an attention probe?)");
    const Json json = parseMetadataJson(*text, "pieces", path);
    if (!json.is_array()) throw InputError(path, 0, "metadata 'pieces' must be a JSON array of strings");
    std::vector<std::string> pieces;
    pieces.reserve(json.size());
    for (const auto& piece : json) {
        if (!piece.is_string())
            throw InputError(path, 0, "metadata 'pieces' entry " + std::to_string(pieces.size()) + " is not a string");
        pieces.push_back(piece.get<std::string>());
    }
    if (pieces.empty()) throw InputError(path, 0, "metadata 'pieces' is empty (a probe needs at least one token)");
    return pieces;
}

// Checks a metadata flag list ("hub", "masked"), when present, against the tensor.
void checkFlagMetadata(const SafetensorsMetadata& metadata, const char* key, const std::vector<std::uint8_t>& flags,
                       const std::string& path) {
    const std::string* text = findMetadata(metadata, key);
    if (text == nullptr) return;
    const Json json = parseMetadataJson(*text, key, path);
    if (!json.is_array()) throw InputError(path, 0, std::string("metadata '") + key + "' must be a JSON array of 0 and 1");
    if (json.size() != flags.size())
        throw InputError(path, 0, std::string("metadata '") + key + "' lists " + std::to_string(json.size()) +
                                      " flags, but the probe has " + std::to_string(flags.size()) + " tokens");
    for (std::size_t i = 0; i < flags.size(); ++i) {
        const auto& value = json[i];
        const bool valid = value.is_number_integer() && (value.get<std::int64_t>() == 0 || value.get<std::int64_t>() == 1);
        if (!valid || value.get<std::int64_t>() != flags[i])
            throw InputError(path, 0, std::string("metadata '") + key + "' disagrees with tensor '" + key + "' at position " +
                                          std::to_string(i));
    }
}

const SafetensorsEntry& requireVector(const SafetensorsReader& reader, const char* name,
                                      std::initializer_list<const char*> dtypes, std::int64_t length) {
    const SafetensorsEntry* entry = reader.find(name);
    if (entry == nullptr) throw InputError(reader.path(), 0, std::string("tensor '") + name + "' missing");
    if (std::none_of(dtypes.begin(), dtypes.end(), [&](const char* dtype) { return entry->dtype == dtype; })) {
        std::string expected;
        for (const char* dtype : dtypes) expected += (expected.empty() ? "" : " or ") + std::string(dtype);
        throw InputError(reader.path(), 0, std::string("tensor '") + name + "' has dtype " + entry->dtype + ", expected " +
                                               expected);
    }
    if (entry->shape != std::vector<std::int64_t>{length})
        throw InputError(reader.path(), 0, std::string("tensor '") + name + "' has shape " +
                                               safetensorsShapeText(entry->shape) + ", expected [" +
                                               std::to_string(length) + "] (one per token piece)");
    return *entry;
}

std::vector<std::uint8_t> readFlags(SafetensorsReader& reader, const char* name, std::int64_t length) {
    const SafetensorsEntry& entry = requireVector(reader, name, {"U8", "BOOL"}, length);
    std::vector<std::uint8_t> flags(static_cast<std::size_t>(length));
    reader.readData(entry, flags.data());
    for (std::size_t i = 0; i < flags.size(); ++i)
        if (flags[i] > 1)
            throw InputError(reader.path(), 0, std::string("tensor '") + name + "' holds " + std::to_string(flags[i]) +
                                                   " at position " + std::to_string(i) + "; only 0 and 1 are valid");
    return flags;
}

std::vector<std::int64_t> readIds(SafetensorsReader& reader, std::int64_t length) {
    const SafetensorsEntry& entry = requireVector(reader, "input_ids", {"I64", "I32"}, length);
    std::vector<std::int64_t> ids(static_cast<std::size_t>(length));
    if (entry.dtype == "I64") {
        reader.readData(entry, ids.data());
    } else {
        std::vector<std::int32_t> narrow(ids.size());
        reader.readData(entry, narrow.data());
        std::copy(narrow.begin(), narrow.end(), ids.begin());
    }
    return ids;
}

// Converts `count` elements of `dtype` at `raw` to floats at `out`.
void convertToFloat(const std::string& dtype, const std::uint8_t* raw, std::size_t count, float* out) {
    if (dtype == "F64") {
        for (std::size_t i = 0; i < count; ++i) {
            double value;
            std::memcpy(&value, raw + 8 * i, 8);
            out[i] = static_cast<float>(value);
        }
        return;
    }
    const bool bf16 = dtype == "BF16";
    for (std::size_t i = 0; i < count; ++i) {
        std::uint16_t bits;
        std::memcpy(&bits, raw + 2 * i, 2);
        out[i] = bf16 ? bfloat16ToFloat(bits) : halfToFloat(bits);
    }
}

}  // namespace

float halfToFloat(std::uint16_t bits) {
    const std::uint32_t sign = static_cast<std::uint32_t>(bits & 0x8000u) << 16;
    const std::uint32_t exponent = (bits >> 10) & 0x1fu;
    const std::uint32_t mantissa = bits & 0x3ffu;
    if (exponent == 0) {
        // Zero or subnormal: mantissa * 2^-24, exact in float.
        const float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
        return sign ? -magnitude : magnitude;
    }
    std::uint32_t out;
    if (exponent == 0x1f) out = sign | 0x7f800000u | (mantissa << 13);  // inf or NaN
    else out = sign | ((exponent + 112u) << 23) | (mantissa << 13);
    return std::bit_cast<float>(out);
}

float bfloat16ToFloat(std::uint16_t bits) { return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16); }

std::vector<AttentionProbeFile> listAttentionProbes(const std::string& runDir) {
    std::vector<AttentionProbeFile> files;
    const fs::path directory = fs::path(runDir) / kAttentionProbeDir;
    std::error_code error;
    if (!fs::is_directory(directory, error)) return files;
    std::map<std::uint64_t, std::string> byStep;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
        std::error_code typeError;
        if (!it->is_regular_file(typeError)) continue;
        const std::string name = it->path().filename().string();
        const auto step = stepOfFileName(name);
        if (!step) continue;
        const auto [found, inserted] = byStep.emplace(*step, name);
        if (!inserted && name < found->second) found->second = name;
    }
    files.reserve(byStep.size());
    for (const auto& [step, name] : byStep) files.push_back({(directory / name).string(), step});
    return files;
}

AttentionProbeSummary readAttentionProbeSummary(const std::string& path) {
    const SafetensorsHeader header = readSafetensorsHeader(path);
    AttentionProbeSummary summary;
    summary.path = path;
    summary.step = readStep(header.metadata, path);
    if (const std::string* id = findMetadata(header.metadata, "record_id")) summary.recordId = *id;
    summary.attentionToHubs = readAttentionToHubs(header.metadata, path);
    return summary;
}

AttentionProbe readAttentionProbe(const std::string& path, const AttentionProbeReadOptions& options) {
    SafetensorsReader reader(path);
    const SafetensorsMetadata& metadata = reader.metadata();

    AttentionProbe probe;
    probe.path = path;
    probe.step = readStep(metadata, path);
    if (const std::string* id = findMetadata(metadata, "record_id")) probe.recordId = *id;
    probe.attentionToHubs = readAttentionToHubs(metadata, path);
    probe.pieces = readPieces(metadata, path);
    const std::int64_t length = probe.tokenCount();

    std::optional<AttentionProbeLayout> layout;
    if (const std::string* text = findMetadata(metadata, "layout")) {
        if (*text == "full") layout = AttentionProbeLayout::Full;
        else if (*text == "block") layout = AttentionProbeLayout::Block;
        else throw InputError(path, 0, "metadata 'layout' is '" + *text + "', expected 'full' or 'block'");
    }
    if (const std::string* text = findMetadata(metadata, "block_size")) {
        const auto size = parseUnsigned(*text);
        if (!size) throw InputError(path, 0, "metadata 'block_size' is not a non-negative integer: '" + *text + "'");
        probe.blockSize = *size;
    }

    // The layers: layer_0 .. layer_{N-1}, each [H, L', L'] with the same H.
    std::map<std::uint64_t, const SafetensorsEntry*> layers;
    for (const auto& entry : reader.header().entries) {
        if (entry.name.rfind(kLayerPrefix, 0) != 0) continue;
        const std::string digits = entry.name.substr(std::strlen(kLayerPrefix));
        const auto index = std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })
                               ? parseUnsigned(digits)
                               : std::nullopt;
        if (!index) throw InputError(path, 0, "tensor '" + entry.name + "' is not named layer_<number>");
        if (!layers.emplace(*index, &entry).second)
            throw InputError(path, 0, "tensor '" + entry.name + "' repeats layer " + std::to_string(*index));
    }
    if (layers.empty()) throw InputError(path, 0, "tensor 'layer_0' missing (the probe holds no attention weights)");
    if (layers.rbegin()->first != layers.size() - 1) {
        std::uint64_t missing = 0;
        while (layers.count(missing)) ++missing;
        throw InputError(path, 0, "tensor 'layer_" + std::to_string(missing) + "' missing (layers must be numbered from 0 without gaps)");
    }

    const SafetensorsEntry& first = *layers.begin()->second;
    if (!layout && first.shape.size() == 3)
        layout = first.shape[1] == 2 * length ? AttentionProbeLayout::Block : AttentionProbeLayout::Full;
    probe.layout = layout.value_or(AttentionProbeLayout::Full);
    const std::int64_t side = probe.isBlock() ? 2 * length : length;
    const std::int64_t heads = first.shape.size() == 3 ? first.shape[0] : 0;
    for (const auto& [index, entry] : layers) {
        const std::string label = "tensor '" + entry->name + "'";
        if (entry->dtype != "F32" && entry->dtype != "BF16" && entry->dtype != "F16" && entry->dtype != "F64")
            throw InputError(path, 0, label + " has dtype " + entry->dtype + "; attention weights must be F32, BF16, F16 or F64");
        const std::vector<std::int64_t> expected{heads, side, side};
        if (entry->shape.size() != 3 || entry->shape[0] < 1 || entry->shape != expected) {
            std::string want = "[H, " + std::to_string(side) + ", " + std::to_string(side) + "]";
            if (entry->shape.size() == 3 && entry->shape[0] >= 1 && index > 0)
                want = safetensorsShapeText(expected) + " like layer_0";
            throw InputError(path, 0, label + " has shape " + safetensorsShapeText(entry->shape) + ", expected " + want +
                                          " for " + std::to_string(length) + " token pieces" +
                                          (probe.isBlock() ? " under block diffusion ([x_t | x_0])" : ""));
        }
    }
    probe.layers = static_cast<int>(layers.size());
    probe.heads = static_cast<int>(heads);
    probe.queries = side;
    probe.keys = side;

    // Memory: the header guaranteed every tensor fits in the file, so this only guards against
    // files too large to hold as floats.
    const std::uint64_t perHead = static_cast<std::uint64_t>(side) * static_cast<std::uint64_t>(side);
    const std::uint64_t count = perHead * static_cast<std::uint64_t>(heads) * layers.size();
    if (count * sizeof(float) > options.maxWeightBytes)
        throw InputError(path, 0, "the attention weights take " + std::to_string(count * sizeof(float)) +
                                      " bytes as floats, more than the limit of " + std::to_string(options.maxWeightBytes));

    probe.inputIds = readIds(reader, length);
    probe.hub = readFlags(reader, "hub", length);
    probe.masked = readFlags(reader, "masked", length);
    checkFlagMetadata(metadata, "hub", probe.hub, path);
    checkFlagMetadata(metadata, "masked", probe.masked, path);

    probe.weights.resize(static_cast<std::size_t>(count));
    std::vector<std::uint8_t> raw;
    const std::size_t perLayer = static_cast<std::size_t>(perHead * static_cast<std::uint64_t>(heads));
    for (const auto& [index, entry] : layers) {
        float* out = probe.weights.data() + index * perLayer;
        if (entry->dtype == "F32") {
            reader.readData(*entry, out);
        } else {
            raw.resize(static_cast<std::size_t>(entry->byteSize()));
            reader.readData(*entry, raw.data());
            convertToFloat(entry->dtype, raw.data(), perLayer, out);
        }
    }
    return probe;
}

}  // namespace maskscope
