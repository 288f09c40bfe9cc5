// Byte classes of the ASCII range, independent of the C locale (unlike <cctype>), for the
// rule-based density sources that scan UTF-8 text byte by byte.
#pragma once

namespace maskscope::ascii {

// Horizontal blanks and the other non-newline whitespace bytes.
constexpr bool isBlank(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
constexpr bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }
constexpr bool isAlpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace maskscope::ascii
