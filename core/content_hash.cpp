#include "content_hash.h"

#include "error.h"

#include <cstdio>
#include <fstream>
#include <vector>
#include <xxhash.h>

namespace maskscope {

std::uint64_t hashBytes(std::string_view bytes, std::uint64_t seed) {
    return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

std::uint64_t hashFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open file for reading");
    XXH3_state_t* state = XXH3_createState();
    XXH3_64bits_reset(state);
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        XXH3_64bits_update(state, buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
    const bool failed = in.bad();
    const std::uint64_t hash = XXH3_64bits_digest(state);
    XXH3_freeState(state);
    if (failed) throw InputError(path, 0, "read error while hashing");
    return hash;
}

std::string hashToHex(std::uint64_t hash) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

bool hashFromHex(std::string_view text, std::uint64_t& hash) {
    if (text.size() != 16) return false;
    std::uint64_t value = 0;
    for (char c : text) {
        int digit;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else return false;
        value = value << 4 | static_cast<std::uint64_t>(digit);
    }
    hash = value;
    return true;
}

}  // namespace maskscope
