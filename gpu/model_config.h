// The shape of a diffusion transformer: sizes, RoPE and norm constants, the mask token and the block
// size of block diffusion. Stored next to the weights as an HF-style config.json.
//
// Torch-free on purpose: the CLI and the GUI read, show and edit configs without torch headers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

// Version of the config.json layout written by writeModelConfig(); readers accept this version
// and files without one (plain HF configs that carry the same field names).
inline constexpr int kModelConfigFormatVersion = 1;

struct ModelConfig {
    std::int64_t vocabSize = 0;              // all token ids, the mask token included
    std::int64_t hiddenSize = 128;
    std::int64_t numLayers = 4;
    std::int64_t numHeads = 4;
    std::int64_t intermediateSize = 344;     // SwiGLU inner width
    std::int64_t maxPositionEmbeddings = 256;// context length the model is trained for
    double ropeTheta = 10000.0;
    double rmsNormEps = 1e-5;
    std::int64_t maskTokenId = -1;           // id of the absorbing [MASK] state, < vocabSize
    std::int64_t blockSize = 32;             // block diffusion block length (method.md section 5)

    std::int64_t headDim() const { return numHeads > 0 ? hiddenSize / numHeads : 0; }

    // Number of trainable parameters of DiffusionTransformer for this config (embedding, layers,
    // final norm, untied output head).
    std::int64_t parameterCount() const;

    bool operator==(const ModelConfig&) const = default;
};

// Names of the built-in presets, smallest first: "tiny", "small", "base".
std::vector<std::string> modelPresetNames();

// A preset without a vocabulary (vocabSize 0, maskTokenId -1); fill it in with
// withTokenizerVocabulary(). Throws UsageError for an unknown name, listing the known ones.
//   tiny   hidden 128, 4 layers, 4 heads, context 256: trains in minutes on 2 CPU cores
//   small  hidden 384, 6 layers, 6 heads, context 512: ~10-20M parameters with an 8k-32k vocab
//   base   hidden 768, 12 layers, 12 heads, context 1024: ~100M parameters, for a GPU
ModelConfig modelPreset(std::string_view name);

// Sets the vocabulary from a tokenizer: the model needs an embedding row for every piece and for
// the mask token, which may sit one past the tokenizer's pieces (see core/tokenizer.h).
ModelConfig withTokenizerVocabulary(ModelConfig config, std::int64_t tokenizerVocabSize, std::int64_t maskTokenId);

// Throws InputError naming `source` (a file name or "model config") and the offending field when
// the config cannot describe a working model, e.g.
// "config.json: field 'num_attention_heads' (6) must divide 'hidden_size' (128)".
void validateModelConfig(const ModelConfig& config, const std::string& source);

// config.json text (HF field names: vocab_size, hidden_size, num_hidden_layers, ...), validated.
// Unknown fields are ignored, as HF configs carry many that do not concern this model.
ModelConfig modelConfigFromJson(std::string_view jsonText, const std::string& source);
std::string modelConfigToJson(const ModelConfig& config);

// Reads and validates a config.json; InputError names the file and the field.
ModelConfig readModelConfig(const std::string& path);
// Validates, then writes atomically (temporary file, fsync, rename).
void writeModelConfig(const std::string& path, const ModelConfig& config);

}  // namespace maskscope
