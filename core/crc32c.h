// CRC-32C (Castagnoli), the checksum of TFRecord files such as TensorBoard's event files.
//
// Parameters: reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF. The check
// value crc32c("123456789") is 0xE3069283. TFRecord stores the checksum "masked" (maskCrc32c):
// rotated right by 15 bits plus a constant, so that a CRC of data that itself holds CRCs does not
// degenerate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace maskscope {

// CRC-32C of `size` bytes at `data`.
std::uint32_t crc32c(const void* data, std::size_t size);
inline std::uint32_t crc32c(std::string_view bytes) { return crc32c(bytes.data(), bytes.size()); }

// Continues a CRC-32C over more bytes: crc32cExtend(crc32c(a), b) == crc32c(a + b), and
// crc32cExtend(0, x) == crc32c(x).
std::uint32_t crc32cExtend(std::uint32_t crc, const void* data, std::size_t size);
inline std::uint32_t crc32cExtend(std::uint32_t crc, std::string_view bytes) {
    return crc32cExtend(crc, bytes.data(), bytes.size());
}

// TFRecord's masking of a stored checksum: ((crc >> 15) | (crc << 17)) + 0xA282EAD8 (mod 2^32).
constexpr std::uint32_t maskCrc32c(std::uint32_t crc) {
    return ((crc >> 15) | (crc << 17)) + 0xA282EAD8u;
}

// The inverse of maskCrc32c.
constexpr std::uint32_t unmaskCrc32c(std::uint32_t masked) {
    const std::uint32_t rotated = masked - 0xA282EAD8u;
    return (rotated >> 17) | (rotated << 15);
}

}  // namespace maskscope
