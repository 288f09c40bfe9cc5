// One training example as every part of MaskScope sees it, whatever shape the corpus file had.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace maskscope {

// The prompt is context only and is never masked; the response is what diffusion training
// masks and restores.
struct Record {
    std::string id;
    std::string prompt;
    std::string response;
};

// A token of a tokenized segment: sentencepiece id, piece text, and the UTF-8 byte range
// [begin, end) it covers in the segment text it was encoded from.
struct Token {
    std::int32_t id = 0;
    std::string piece;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

// A record after tokenization: prompt tokens first, then response tokens. Offsets of prompt
// tokens point into record.prompt, offsets of response tokens into record.response.
struct TokenizedRecord {
    Record record;
    std::vector<Token> tokens;
    std::size_t promptTokens = 0;

    std::size_t size() const { return tokens.size(); }
    bool isResponse(std::size_t i) const { return i >= promptTokens; }
    // 1 for response tokens (the maskable set S), 0 for prompt tokens.
    std::vector<std::uint8_t> maskable() const {
        std::vector<std::uint8_t> m(tokens.size(), 0);
        for (std::size_t i = promptTokens; i < tokens.size(); ++i) m[i] = 1;
        return m;
    }
};

}  // namespace maskscope
