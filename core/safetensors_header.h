// The validating reader of safetensors files (https://huggingface.co/docs/safetensors), without
// any tensor library: the header parser shared by the engine (gpu/safetensors.h, which turns
// entries into torch tensors) and the desktop app (core/attention_probe_file.h).
//
// Layout: an 8-byte little-endian unsigned header length N, N bytes of JSON
//   {"__metadata__": {"key": "value", ...},            (optional, strings only)
//    "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...}
// then the data area: every tensor's raw little-endian bytes, row-major, at [begin, end) relative
// to the start of the data area. Tensors tile the data area exactly: no overlaps, no holes.
//
// Nothing in a file is trusted: every inconsistency (a header length past the end of the file, a
// header that is not JSON or names a tensor twice, an unknown dtype, offsets outside the data
// area, overlapping or gapped offsets, a byte size that does not match dtype and shape) is an
// InputError naming the file and the problem, before any tensor memory is allocated.
#pragma once

#include <cstdint>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace maskscope {

using SafetensorsMetadata = std::map<std::string, std::string>;

// One tensor as the header describes it (validated).
struct SafetensorsEntry {
    std::string name;
    std::string dtype;                 // "F32", "BF16", ...
    std::vector<std::int64_t> shape;
    std::uint64_t begin = 0;           // byte offsets into the data area
    std::uint64_t end = 0;

    std::uint64_t byteSize() const { return end - begin; }
    std::uint64_t elementCount() const;  // product of the shape (1 for a scalar)
};

struct SafetensorsHeader {
    std::vector<SafetensorsEntry> entries;  // sorted by data offset
    SafetensorsMetadata metadata;
    std::uint64_t dataOffset = 0;            // file offset of the data area (8 + header length)

    // Null when no tensor has that name.
    const SafetensorsEntry* find(const std::string& name) const;
};

// The name of the metadata member of the header; not a valid tensor name.
inline constexpr const char* kSafetensorsMetadataKey = "__metadata__";

// Bytes per element of a supported dtype (F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL);
// 0 for any other name.
std::uint64_t safetensorsDTypeBytes(const std::string& dtype);

// "[2,3]"
std::string safetensorsShapeText(const std::vector<std::int64_t>& shape);

// An open safetensors file with its validated header. Reading data checks nothing more than
// that the bytes are still there (the header already guaranteed sizes and offsets).
class SafetensorsReader {
public:
    // Opens `path` and validates the header; InputError naming the file on any problem.
    explicit SafetensorsReader(std::string path);

    const std::string& path() const { return m_path; }
    const SafetensorsHeader& header() const { return m_header; }
    const SafetensorsMetadata& metadata() const { return m_header.metadata; }
    const SafetensorsEntry* find(const std::string& name) const { return m_header.find(name); }

    // Copies the raw bytes of `entry` (one of header().entries) into `destination`, which holds
    // entry.byteSize() bytes. InputError when the file got shorter since it was opened, and for
    // BOOL data with bytes other than 0 and 1.
    void readData(const SafetensorsEntry& entry, void* destination);

private:
    std::string m_path;
    std::ifstream m_in;
    SafetensorsHeader m_header;
};

// Reads and validates the header only (no tensor data is read).
SafetensorsHeader readSafetensorsHeader(const std::string& path);

}  // namespace maskscope
