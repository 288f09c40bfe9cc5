#include "tokenizer.h"

#include "atomic_file.h"
#include "content_hash.h"
#include "error.h"

#include <sentencepiece.pb.h>
#include <sentencepiece_model.pb.h>
#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>

// Defined in sentencepiece's common.cc but not declared in its installed headers.
namespace sentencepiece::logging {
void SetMinLogLevel(int level);
}

namespace maskscope {

namespace {

// sentencepiece logs every model load and training phase at INFO level to stderr; keep warnings
// and errors only.
void quietSentencepiece() {
    static std::once_flag once;
    std::call_once(once, [] { sentencepiece::logging::SetMinLogLevel(1); });
}

}  // namespace

struct Tokenizer::Impl {
    sentencepiece::SentencePieceProcessor processor;
    std::string path;
    std::uint64_t fileHash = 0;
    std::int32_t maskId = 0;
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::load(const std::string& modelPath) {
    quietSentencepiece();
    std::ifstream in(modelPath, std::ios::binary);
    if (!in) throw InputError(modelPath, 0, "cannot open tokenizer model");
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string bytes = buffer.str();
    if (bytes.empty()) throw InputError(modelPath, 0, "tokenizer model is empty");

    auto impl = std::make_unique<Impl>();
    const auto status = impl->processor.LoadFromSerializedProto(bytes);
    if (!status.ok())
        throw InputError(modelPath, 0, "not a sentencepiece model (" + status.ToString() + ")");
    impl->path = modelPath;
    impl->fileHash = hashBytes(bytes);
    const int mask = impl->processor.PieceToId(std::string(kMaskPiece));
    impl->maskId = (mask != impl->processor.unk_id() && impl->processor.IdToPiece(mask) == kMaskPiece)
                       ? mask
                       : impl->processor.GetPieceSize();
    return Tokenizer(std::move(impl));
}

std::vector<Token> Tokenizer::encode(std::string_view text) const {
    sentencepiece::SentencePieceText spt;
    const auto status = m_impl->processor.Encode(absl::string_view(text.data(), text.size()), &spt);
    if (!status.ok()) throw InputError(m_impl->path, 0, "encoding failed: " + status.ToString());

    std::vector<Token> tokens;
    tokens.reserve(static_cast<std::size_t>(spt.pieces_size()));
    std::uint32_t covered = 0;  // bytes of `text` already assigned to a token
    const auto size = static_cast<std::uint32_t>(text.size());
    for (const auto& p : spt.pieces()) {
        Token token;
        token.id = static_cast<std::int32_t>(p.id());
        token.piece = p.piece();
        // Make the ranges disjoint, increasing and gap-free whatever sentencepiece reports:
        // a piece starts where the previous one ended and extends to its own reported end.
        const std::uint32_t end = std::min(size, std::max<std::uint32_t>(p.end(), covered));
        token.begin = covered;
        token.end = end;
        covered = end;
        tokens.push_back(std::move(token));
    }
    if (!tokens.empty()) tokens.back().end = size;  // trailing bytes sentencepiece dropped
    return tokens;
}

TokenizedRecord Tokenizer::tokenize(const Record& record) const {
    TokenizedRecord out;
    out.record = record;
    out.tokens = encode(record.prompt);
    out.promptTokens = out.tokens.size();
    auto response = encode(record.response);
    out.tokens.insert(out.tokens.end(), std::make_move_iterator(response.begin()),
                      std::make_move_iterator(response.end()));
    return out;
}

std::string Tokenizer::decode(const std::vector<std::int32_t>& ids) const {
    std::vector<int> plain(ids.begin(), ids.end());
    std::string text;
    const auto status = m_impl->processor.Decode(plain, &text);
    if (!status.ok()) throw UsageError("decoding failed: " + status.ToString());
    return text;
}

std::int32_t Tokenizer::vocabSize() const { return m_impl->processor.GetPieceSize(); }
std::int32_t Tokenizer::maskId() const { return m_impl->maskId; }

std::string Tokenizer::piece(std::int32_t id) const {
    if (id == m_impl->maskId) return std::string(kMaskPiece);
    if (id < 0 || id >= vocabSize()) return {};
    return m_impl->processor.IdToPiece(id);
}

const std::string& Tokenizer::path() const { return m_impl->path; }
std::uint64_t Tokenizer::fileHash() const { return m_impl->fileHash; }

namespace {

class VectorIterator : public sentencepiece::SentenceIterator {
public:
    explicit VectorIterator(const std::vector<std::string>& texts) : m_texts(texts) { skipEmpty(); }
    bool done() const override { return m_index >= m_texts.size(); }
    void Next() override {
        ++m_index;
        skipEmpty();
    }
    const std::string& value() const override { return m_texts[m_index]; }
    sentencepiece::util::Status status() const override { return {}; }

private:
    void skipEmpty() {
        while (m_index < m_texts.size() && m_texts[m_index].empty()) ++m_index;
    }
    const std::vector<std::string>& m_texts;
    std::size_t m_index = 0;
};

}  // namespace

void trainTokenizer(const std::vector<std::string>& texts, const TokenizerTrainOptions& options,
                    const std::string& outPath) {
    quietSentencepiece();
    if (options.vocabSize < 16) throw UsageError("--vocab-size must be at least 16");
    if (options.modelType != "unigram" && options.modelType != "bpe")
        throw UsageError("--model-type must be unigram or bpe, not '" + options.modelType + "'");
    if (!(options.characterCoverage > 0.0 && options.characterCoverage <= 1.0))
        throw UsageError("--character-coverage must be in (0, 1]");
    std::size_t nonEmpty = 0, longest = 0;
    for (const auto& text : texts) {
        if (!text.empty()) ++nonEmpty;
        longest = std::max(longest, text.size());
    }
    if (nonEmpty == 0) throw InputError("", 0, "no text to train a tokenizer on");

    sentencepiece::TrainerSpec trainer;
    trainer.set_model_type(options.modelType == "bpe" ? sentencepiece::TrainerSpec::BPE
                                                      : sentencepiece::TrainerSpec::UNIGRAM);
    trainer.set_vocab_size(options.vocabSize);
    trainer.set_character_coverage(static_cast<float>(options.characterCoverage));
    trainer.set_num_threads(std::max(1, options.threads));
    trainer.set_byte_fallback(true);
    trainer.set_split_digits(true);
    trainer.set_allow_whitespace_only_pieces(true);
    trainer.set_max_sentence_length(static_cast<std::int32_t>(std::max<std::size_t>(longest + 1, 4192)));
    trainer.set_hard_vocab_limit(false);
    trainer.add_user_defined_symbols(std::string(kMaskPiece));

    sentencepiece::NormalizerSpec normalizer;
    normalizer.set_name("identity");
    normalizer.set_add_dummy_prefix(false);
    normalizer.set_remove_extra_whitespaces(false);
    normalizer.set_escape_whitespaces(true);

    VectorIterator iterator(texts);
    std::string model;
    const auto status = sentencepiece::SentencePieceTrainer::Train(trainer, normalizer, &iterator, &model);
    if (!status.ok()) throw InputError("", 0, "tokenizer training failed: " + status.ToString());
    writeFileAtomically(outPath, model);
}

}  // namespace maskscope
