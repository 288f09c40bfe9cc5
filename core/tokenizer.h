// The sentencepiece tokenizer wrapper: tokens with UTF-8 byte offsets into the original text, the
// mask token, and training a model from a corpus.
//
// sentencepiece is linked statically (see packaging/setup.sh): its headers stay inside
// tokenizer.cpp so that no other file depends on them.
#pragma once

#include "record.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

// The piece MaskScope reserves for the absorbing [MASK] state. Models trained with
// `maskscope-cli tokenizer train` contain it as a user-defined symbol. For a model without it,
// maskId() is vocabSize(), i.e. one id past the sentencepiece vocabulary.
inline constexpr std::string_view kMaskPiece = "<|mask|>";

class Tokenizer {
public:
    // Throws InputError naming the file when it is missing or not a sentencepiece model.
    static Tokenizer load(const std::string& modelPath);

    Tokenizer(Tokenizer&&) noexcept;
    Tokenizer& operator=(Tokenizer&&) noexcept;
    ~Tokenizer();

    // Tokens in order; [begin, end) are UTF-8 byte offsets into `text`. The ranges are disjoint,
    // increasing, and together cover every byte of `text` (pieces that sentencepiece emits for a
    // single character, e.g. byte-fallback pieces, share that character's range between them:
    // the first gets the range and the others an empty range at its end).
    std::vector<Token> encode(std::string_view text) const;
    // Prompt tokens followed by response tokens (see TokenizedRecord).
    TokenizedRecord tokenize(const Record& record) const;
    std::string decode(const std::vector<std::int32_t>& ids) const;

    std::int32_t vocabSize() const;   // number of sentencepiece pieces
    std::int32_t maskId() const;
    std::string piece(std::int32_t id) const;
    const std::string& path() const;
    std::uint64_t fileHash() const;   // XXH3-64 of the model file (provenance)

private:
    struct Impl;
    explicit Tokenizer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

struct TokenizerTrainOptions {
    int vocabSize = 2000;
    std::string modelType = "unigram";  // unigram | bpe
    double characterCoverage = 1.0;
    int threads = 1;
};

// Trains a sentencepiece model on `texts` (prompts and responses of a corpus; each string is one
// training sentence) and writes `outPath` (the .model file) atomically. Settings are chosen for
// code and math: identity normalisation, whitespace kept as is, digits split, byte fallback, and
// the mask piece as a user-defined symbol. Throws UsageError on bad options and InputError when
// sentencepiece rejects the input.
void trainTokenizer(const std::vector<std::string>& texts, const TokenizerTrainOptions& options,
                    const std::string& outPath);

}  // namespace maskscope
