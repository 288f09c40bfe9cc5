#include "safetensors.h"

#include "core/atomic_file.h"
#include "core/error.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_map>

namespace maskscope {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian; this build copies bytes as they are");

using Json = nlohmann::json;

// The format's own limit on the header size; anything larger is a corrupt length field.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;
constexpr const char* kMetadataKey = "__metadata__";

struct DTypeInfo {
    const char* name;
    torch::ScalarType type;
    std::uint64_t bytes;
};

constexpr DTypeInfo kDTypes[] = {
    {"F64", torch::kFloat64, 8}, {"F32", torch::kFloat32, 4}, {"F16", torch::kFloat16, 2},
    {"BF16", torch::kBFloat16, 2}, {"I64", torch::kInt64, 8}, {"I32", torch::kInt32, 4},
    {"I16", torch::kInt16, 2}, {"I8", torch::kInt8, 1}, {"U8", torch::kUInt8, 1},
    {"BOOL", torch::kBool, 1},
};

const DTypeInfo* dtypeByName(const std::string& name) {
    for (const auto& info : kDTypes)
        if (name == info.name) return &info;
    return nullptr;
}

const DTypeInfo* dtypeByType(torch::ScalarType type) {
    for (const auto& info : kDTypes)
        if (type == info.type) return &info;
    return nullptr;
}

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) out += (i ? "," : "") + std::to_string(shape[i]);
    return out + "]";
}

std::string tensorLabel(const std::string& name) { return "tensor '" + name + "'"; }

// Parses JSON and rejects a member name that occurs twice in one object, which nlohmann would
// otherwise resolve silently by keeping the last one (and another reader might keep the first).
Json parseStrictJson(const std::string& text, const std::string& path) {
    std::vector<std::set<std::string>> openObjects;
    std::string duplicate;
    const Json::parser_callback_t callback = [&](int, Json::parse_event_t event, Json& parsed) {
        switch (event) {
        case Json::parse_event_t::object_start: openObjects.emplace_back(); break;
        case Json::parse_event_t::object_end:
            if (!openObjects.empty()) openObjects.pop_back();
            break;
        case Json::parse_event_t::key:
            if (!openObjects.empty() && !openObjects.back().insert(parsed.get<std::string>()).second && duplicate.empty())
                duplicate = parsed.get<std::string>();
            break;
        default: break;
        }
        return true;
    };
    Json root;
    try {
        root = Json::parse(text, callback);
    } catch (const Json::exception& error) {
        throw InputError(path, 0, std::string("header is not valid JSON: ") + error.what());
    }
    if (!duplicate.empty()) throw InputError(path, 0, "header names '" + duplicate + "' twice");
    return root;
}

std::uint64_t readUnsigned(const Json& value, const std::string& path, const std::string& what) {
    if (!value.is_number_integer() || (!value.is_number_unsigned() && value.get<std::int64_t>() < 0))
        throw InputError(path, 0, what + " must be a non-negative integer, found " + value.dump());
    return value.get<std::uint64_t>();
}

SafetensorsEntry parseEntry(const std::string& name, const Json& value, std::uint64_t dataSize, const std::string& path) {
    const std::string label = tensorLabel(name);
    if (!value.is_object()) throw InputError(path, 0, label + ": header entry must be an object");
    SafetensorsEntry entry;
    entry.name = name;

    const auto dtype = value.find("dtype");
    if (dtype == value.end() || !dtype->is_string()) throw InputError(path, 0, label + ": 'dtype' missing or not a string");
    entry.dtype = dtype->get<std::string>();
    const DTypeInfo* info = dtypeByName(entry.dtype);
    if (info == nullptr) throw InputError(path, 0, label + ": unsupported dtype '" + entry.dtype + "'");

    const auto shape = value.find("shape");
    if (shape == value.end() || !shape->is_array()) throw InputError(path, 0, label + ": 'shape' missing or not an array");
    // Element count; a product larger than the data area's byte count cannot fit in the file and
    // is only remembered as such, so that hostile shapes never overflow.
    std::uint64_t elements = 1;
    bool hasZero = false;
    bool tooLarge = false;
    for (const auto& dimension : *shape) {
        const std::uint64_t size = readUnsigned(dimension, path, label + ": shape entry");
        if (size == 0) hasZero = true;
        else if (size > dataSize || elements > dataSize / size) tooLarge = true;
        else elements *= size;
        entry.shape.push_back(static_cast<std::int64_t>(std::min<std::uint64_t>(size, INT64_MAX)));
    }
    if (hasZero) {
        elements = 0;
        tooLarge = false;
    }

    const auto offsets = value.find("data_offsets");
    if (offsets == value.end() || !offsets->is_array() || offsets->size() != 2)
        throw InputError(path, 0, label + ": 'data_offsets' must be an array [begin, end]");
    entry.begin = readUnsigned((*offsets)[0], path, label + ": data offset");
    entry.end = readUnsigned((*offsets)[1], path, label + ": data offset");
    const std::string range = "[" + std::to_string(entry.begin) + ", " + std::to_string(entry.end) + "]";
    if (entry.begin > entry.end) throw InputError(path, 0, label + ": data offsets " + range + " are reversed");
    if (entry.end > dataSize)
        throw InputError(path, 0, label + ": data offsets " + range + " lie outside the data area of " +
                                      std::to_string(dataSize) + " bytes");
    const std::uint64_t expected = elements * info->bytes;
    if (tooLarge || entry.end - entry.begin != expected)
        throw InputError(path, 0, label + ": data offsets " + range + " hold " + std::to_string(entry.end - entry.begin) +
                                      " bytes, but dtype " + entry.dtype + " with shape " + shapeText(entry.shape) +
                                      " needs " + (tooLarge ? "more than the file holds" : std::to_string(expected)));
    for (const auto& item : value.items())
        if (item.key() != "dtype" && item.key() != "shape" && item.key() != "data_offsets")
            throw InputError(path, 0, label + ": unknown field '" + item.key() + "'");
    return entry;
}

SafetensorsMetadata parseMetadata(const Json& value, const std::string& path) {
    if (!value.is_object()) throw InputError(path, 0, "'__metadata__' must be an object of strings");
    SafetensorsMetadata metadata;
    for (const auto& item : value.items()) {
        if (!item.value().is_string())
            throw InputError(path, 0, "'__metadata__' value of '" + item.key() + "' must be a string");
        metadata[item.key()] = item.value().get<std::string>();
    }
    return metadata;
}

SafetensorsHeader parseHeader(std::ifstream& in, const std::string& path) {
    std::error_code error;
    const std::uint64_t fileSize = std::filesystem::file_size(path, error);
    if (error) throw InputError(path, 0, "cannot determine the file size: " + error.message());
    if (fileSize < 8)
        throw InputError(path, 0, "file is too short (" + std::to_string(fileSize) +
                                      " bytes) to hold the 8-byte header length");

    unsigned char lengthBytes[8];
    if (!in.read(reinterpret_cast<char*>(lengthBytes), 8)) throw InputError(path, 0, "cannot read the header length");
    std::uint64_t headerLength = 0;
    for (int i = 7; i >= 0; --i) headerLength = (headerLength << 8) | lengthBytes[i];
    if (headerLength > fileSize - 8)
        throw InputError(path, 0, "header length " + std::to_string(headerLength) + " exceeds the file size of " +
                                      std::to_string(fileSize) + " bytes (truncated or not a safetensors file)");
    if (headerLength > kMaxHeaderBytes)
        throw InputError(path, 0, "header length " + std::to_string(headerLength) + " exceeds the format's limit of " +
                                      std::to_string(kMaxHeaderBytes) + " bytes");
    if (headerLength < 2) throw InputError(path, 0, "header is too short to be a JSON object");

    std::string text(headerLength, '\0');
    if (!in.read(text.data(), static_cast<std::streamsize>(headerLength))) throw InputError(path, 0, "cannot read the header");
    if (text.front() != '{') throw InputError(path, 0, "header does not start with '{' (not a safetensors file)");
    const Json root = parseStrictJson(text, path);
    if (!root.is_object()) throw InputError(path, 0, "header must be a JSON object");

    SafetensorsHeader header;
    header.dataOffset = 8 + headerLength;
    const std::uint64_t dataSize = fileSize - header.dataOffset;
    for (const auto& item : root.items()) {
        if (item.key() == kMetadataKey) header.metadata = parseMetadata(item.value(), path);
        else if (item.key().empty()) throw InputError(path, 0, "header holds a tensor with an empty name");
        else header.entries.push_back(parseEntry(item.key(), item.value(), dataSize, path));
    }

    // The tensors must tile the data area: sorted by offset, each starts where the previous ends.
    std::sort(header.entries.begin(), header.entries.end(), [](const auto& a, const auto& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    std::uint64_t position = 0;
    const SafetensorsEntry* previous = nullptr;
    for (const auto& entry : header.entries) {
        if (entry.begin < position)
            throw InputError(path, 0, tensorLabel(entry.name) + " overlaps " + tensorLabel(previous->name) +
                                          " in the data area");
        if (entry.begin > position)
            throw InputError(path, 0, "data area has " + std::to_string(entry.begin - position) + " unused bytes before " +
                                          tensorLabel(entry.name) + " (offsets must be contiguous)");
        position = entry.end;
        previous = &entry;
    }
    if (position != dataSize)
        throw InputError(path, 0, "data area holds " + std::to_string(dataSize) + " bytes, but the tensors cover " +
                                      std::to_string(position) + " (trailing bytes or a damaged header)");
    return header;
}

std::ifstream openForReading(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open the safetensors file for reading");
    return in;
}

// Tensor metadata for the header writer, the data copied to the CPU as contiguous bytes.
struct PreparedTensor {
    const std::string* name;
    const DTypeInfo* dtype;
    torch::Tensor data;  // contiguous, CPU
};

}  // namespace

const torch::Tensor* SafetensorsContents::find(const std::string& name) const {
    for (const auto& item : tensors)
        if (item.name == name) return &item.tensor;
    return nullptr;
}

void writeSafetensors(const std::string& path, const std::vector<NamedTensor>& tensors, const SafetensorsMetadata& metadata) {
    std::vector<PreparedTensor> prepared;
    std::set<std::string> names;
    prepared.reserve(tensors.size());
    for (const auto& item : tensors) {
        if (item.name.empty() || item.name == kMetadataKey)
            throw UsageError("safetensors: invalid tensor name '" + item.name + "'");
        if (!names.insert(item.name).second) throw UsageError("safetensors: tensor name '" + item.name + "' used twice");
        if (!item.tensor.defined()) throw UsageError("safetensors: tensor '" + item.name + "' is undefined");
        const DTypeInfo* dtype = dtypeByType(item.tensor.scalar_type());
        if (dtype == nullptr)
            throw UsageError("safetensors: tensor '" + item.name + "' has unsupported dtype " +
                             std::string(c10::toString(item.tensor.scalar_type())));
        prepared.push_back({&item.name, dtype, item.tensor.detach().to(torch::kCPU).contiguous()});
    }

    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header[kMetadataKey] = metadata;
    std::uint64_t offset = 0;
    for (const auto& item : prepared) {
        const std::uint64_t bytes = static_cast<std::uint64_t>(item.data.numel()) * item.dtype->bytes;
        header[*item.name] = {{"dtype", item.dtype->name},
                              {"shape", item.data.sizes().vec()},
                              {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
    }
    std::string headerText = header.dump();
    // Pad with spaces so that the data area starts 8-byte aligned, as the reference writer does.
    headerText.append((8 - headerText.size() % 8) % 8, ' ');

    std::string contents;
    contents.reserve(8 + headerText.size() + offset);
    for (int i = 0; i < 8; ++i) contents.push_back(static_cast<char>((headerText.size() >> (8 * i)) & 0xff));
    contents += headerText;
    for (const auto& item : prepared)
        contents.append(static_cast<const char*>(item.data.data_ptr()), item.data.numel() * item.dtype->bytes);
    writeFileAtomically(path, contents);
}

SafetensorsHeader readSafetensorsHeader(const std::string& path) {
    auto in = openForReading(path);
    return parseHeader(in, path);
}

SafetensorsContents readSafetensors(const std::string& path) {
    auto in = openForReading(path);
    const SafetensorsHeader header = parseHeader(in, path);
    SafetensorsContents contents;
    contents.metadata = header.metadata;
    contents.tensors.reserve(header.entries.size());
    for (const auto& entry : header.entries) {
        auto tensor = torch::empty(entry.shape, torch::TensorOptions().dtype(dtypeByName(entry.dtype)->type));
        const auto bytes = static_cast<std::streamsize>(entry.end - entry.begin);
        in.seekg(static_cast<std::streamoff>(header.dataOffset + entry.begin));
        if (bytes > 0 && !in.read(static_cast<char*>(tensor.data_ptr()), bytes))
            throw InputError(path, 0, "cannot read the data of " + tensorLabel(entry.name) + " (file changed while reading?)");
        if (entry.dtype == "BOOL" && bytes > 0) {
            // Only 0 and 1 are valid bools; other bytes would be undefined behaviour in C++.
            const auto* raw = static_cast<const std::uint8_t*>(tensor.data_ptr());
            if (std::any_of(raw, raw + bytes, [](std::uint8_t byte) { return byte > 1; }))
                throw InputError(path, 0, tensorLabel(entry.name) + ": BOOL data holds bytes other than 0 and 1");
        }
        contents.tensors.push_back({entry.name, std::move(tensor)});
    }
    return contents;
}

void saveModuleWeights(const std::string& path, const torch::nn::Module& module, SafetensorsMetadata metadata) {
    std::vector<NamedTensor> tensors;
    for (const auto& item : module.named_parameters(/*recurse=*/true)) tensors.push_back({item.key(), item.value()});
    for (const auto& item : module.named_buffers(/*recurse=*/true)) tensors.push_back({item.key(), item.value()});
    metadata["format"] = "pt";
    metadata["maskscope_weights_version"] = std::to_string(kWeightsFormatVersion);
    writeSafetensors(path, tensors, metadata);
}

SafetensorsMetadata loadModuleWeights(const std::string& path, torch::nn::Module& module) {
    SafetensorsContents contents = readSafetensors(path);
    std::unordered_map<std::string, torch::Tensor*> fromFile;
    for (auto& item : contents.tensors) fromFile[item.name] = &item.tensor;

    std::vector<std::pair<torch::Tensor, torch::Tensor*>> assignments;  // (model tensor, file tensor)
    std::set<std::string> expected;
    const auto plan = [&](const std::string& name, const torch::Tensor& target) {
        expected.insert(name);
        const auto found = fromFile.find(name);
        if (found == fromFile.end())
            throw InputError(path, 0, tensorLabel(name) + " missing (the file has " + std::to_string(contents.tensors.size()) +
                                          " tensors; is it a checkpoint of this model?)");
        const torch::Tensor& source = *found->second;
        if (!source.sizes().equals(target.sizes()))
            throw InputError(path, 0, tensorLabel(name) + " has shape " + shapeText(source.sizes().vec()) +
                                          ", model expects " + shapeText(target.sizes().vec()));
        const bool convertible = source.scalar_type() == target.scalar_type() ||
                                 (torch::isFloatingType(source.scalar_type()) && torch::isFloatingType(target.scalar_type()));
        if (!convertible)
            throw InputError(path, 0, tensorLabel(name) + " has dtype " + dtypeByType(source.scalar_type())->name +
                                          ", model expects " + std::string(c10::toString(target.scalar_type())));
        assignments.emplace_back(target, found->second);
    };
    for (const auto& item : module.named_parameters(/*recurse=*/true)) plan(item.key(), item.value());
    for (const auto& item : module.named_buffers(/*recurse=*/true)) plan(item.key(), item.value());
    for (const auto& item : contents.tensors)
        if (!expected.count(item.name))
            throw InputError(path, 0, "unexpected " + tensorLabel(item.name) + ": the model has no tensor of that name");

    torch::NoGradGuard noGrad;
    for (auto& [target, source] : assignments) target.copy_(*source);
    return contents.metadata;
}

}  // namespace maskscope
