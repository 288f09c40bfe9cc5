#include "safetensors_header.h"

#include "error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <climits>
#include <filesystem>
#include <set>

namespace maskscope {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian; this build copies bytes as they are");

using Json = nlohmann::json;

// The format's own limit on the header size; anything larger is a corrupt length field.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

struct DTypeSize {
    const char* name;
    std::uint64_t bytes;
};

constexpr DTypeSize kDTypes[] = {
    {"F64", 8}, {"F32", 4}, {"F16", 2}, {"BF16", 2}, {"I64", 8},
    {"I32", 4}, {"I16", 2}, {"I8", 1},  {"U8", 1},   {"BOOL", 1},
};

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
    const std::uint64_t elementBytes = safetensorsDTypeBytes(entry.dtype);
    if (elementBytes == 0) throw InputError(path, 0, label + ": unsupported dtype '" + entry.dtype + "'");

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
    std::string range = "[";
    range.append(std::to_string(entry.begin)).append(", ").append(std::to_string(entry.end)).append("]");
    if (entry.begin > entry.end) throw InputError(path, 0, label + ": data offsets " + range + " are reversed");
    if (entry.end > dataSize)
        throw InputError(path, 0, label + ": data offsets " + range + " lie outside the data area of " +
                                      std::to_string(dataSize) + " bytes");
    const std::uint64_t expected = elements * elementBytes;
    if (tooLarge || entry.end - entry.begin != expected)
        throw InputError(path, 0, label + ": data offsets " + range + " hold " + std::to_string(entry.end - entry.begin) +
                                      " bytes, but dtype " + entry.dtype + " with shape " +
                                      safetensorsShapeText(entry.shape) + " needs " +
                                      (tooLarge ? "more than the file holds" : std::to_string(expected)));
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
        if (item.key() == kSafetensorsMetadataKey) header.metadata = parseMetadata(item.value(), path);
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

}  // namespace

std::uint64_t SafetensorsEntry::elementCount() const {
    std::uint64_t count = 1;
    for (const auto size : shape) count *= static_cast<std::uint64_t>(size);
    return count;
}

const SafetensorsEntry* SafetensorsHeader::find(const std::string& name) const {
    for (const auto& entry : entries)
        if (entry.name == name) return &entry;
    return nullptr;
}

std::uint64_t safetensorsDTypeBytes(const std::string& dtype) {
    for (const auto& info : kDTypes)
        if (dtype == info.name) return info.bytes;
    return 0;
}

std::string safetensorsShapeText(const std::vector<std::int64_t>& shape) {
    std::string out = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) {
        if (i > 0) out.push_back(',');
        out.append(std::to_string(shape[i]));
    }
    out.push_back(']');
    return out;
}

SafetensorsReader::SafetensorsReader(std::string path) : m_path(std::move(path)), m_in(m_path, std::ios::binary) {
    if (!m_in) throw InputError(m_path, 0, "cannot open the safetensors file for reading");
    m_header = parseHeader(m_in, m_path);
}

void SafetensorsReader::readData(const SafetensorsEntry& entry, void* destination) {
    const auto bytes = static_cast<std::streamsize>(entry.byteSize());
    if (bytes == 0) return;
    m_in.clear();
    m_in.seekg(static_cast<std::streamoff>(m_header.dataOffset + entry.begin));
    if (!m_in.read(static_cast<char*>(destination), bytes))
        throw InputError(m_path, 0, "cannot read the data of " + tensorLabel(entry.name) + " (file changed while reading?)");
    if (entry.dtype == "BOOL") {
        // Only 0 and 1 are valid bools; other bytes would be undefined behaviour in C++.
        const auto* raw = static_cast<const std::uint8_t*>(destination);
        if (std::any_of(raw, raw + bytes, [](std::uint8_t byte) { return byte > 1; }))
            throw InputError(m_path, 0, tensorLabel(entry.name) + ": BOOL data holds bytes other than 0 and 1");
    }
}

SafetensorsHeader readSafetensorsHeader(const std::string& path) { return SafetensorsReader(path).header(); }

}  // namespace maskscope
