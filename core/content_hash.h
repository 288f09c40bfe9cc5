// Stable content hashes (xxHash XXH3-64) used for provenance: annotation text hashes, corpus,
// tokenizer and annotation file hashes recorded by runs, and deterministic per-record keys.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace maskscope {

std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed = 0);
// Hash of a whole file, streamed in chunks. Throws InputError when the file cannot be read.
std::uint64_t hashFile(const std::string& path);
// 16 lowercase hex digits.
std::string hashToHex(std::uint64_t hash);
// Parses 16 hex digits; returns false on anything else.
bool hashFromHex(std::string_view text, std::uint64_t& hash);

}  // namespace maskscope
