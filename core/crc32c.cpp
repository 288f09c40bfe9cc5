#include "crc32c.h"

#include <array>

namespace maskscope {
namespace {

constexpr std::uint32_t kPolynomial = 0x82F63B78u;  // Castagnoli, bit-reflected

// Slicing-by-8 tables, computed at compile time. kTables[0] is the classic byte-at-a-time table;
// kTables[k][b] is the CRC of byte b followed by k zero bytes, so eight input bytes can be folded
// with eight independent look-ups.
using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables makeTables() {
    Tables tables{};
    for (std::uint32_t byte = 0; byte < 256; ++byte) {
        std::uint32_t crc = byte;
        for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? kPolynomial : 0u);
        tables[0][byte] = crc;
    }
    for (std::size_t slice = 1; slice < tables.size(); ++slice) {
        for (std::size_t byte = 0; byte < 256; ++byte) {
            const std::uint32_t previous = tables[slice - 1][byte];
            tables[slice][byte] = (previous >> 8) ^ tables[0][previous & 0xFFu];
        }
    }
    return tables;
}

constexpr Tables kTables = makeTables();

// Reads 4 bytes as a little-endian number, whatever the host's byte order and alignment.
inline std::uint32_t loadLittleEndian32(const unsigned char* bytes) {
    return static_cast<std::uint32_t>(bytes[0]) | (static_cast<std::uint32_t>(bytes[1]) << 8) |
           (static_cast<std::uint32_t>(bytes[2]) << 16) | (static_cast<std::uint32_t>(bytes[3]) << 24);
}

}  // namespace

std::uint32_t crc32cExtend(std::uint32_t crc, const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    std::uint32_t state = ~crc;
    while (size >= 8) {
        const std::uint32_t low = loadLittleEndian32(bytes) ^ state;
        const std::uint32_t high = loadLittleEndian32(bytes + 4);
        state = kTables[7][low & 0xFFu] ^ kTables[6][(low >> 8) & 0xFFu] ^ kTables[5][(low >> 16) & 0xFFu] ^
                kTables[4][low >> 24] ^ kTables[3][high & 0xFFu] ^ kTables[2][(high >> 8) & 0xFFu] ^
                kTables[1][(high >> 16) & 0xFFu] ^ kTables[0][high >> 24];
        bytes += 8;
        size -= 8;
    }
    while (size > 0) {
        state = (state >> 8) ^ kTables[0][(state ^ *bytes) & 0xFFu];
        ++bytes;
        --size;
    }
    return ~state;
}

std::uint32_t crc32c(const void* data, std::size_t size) { return crc32cExtend(0, data, size); }

}  // namespace maskscope
