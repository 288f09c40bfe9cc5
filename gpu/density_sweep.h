// The masking plan and the options of the model-based density sources (model:surprisal,
// model:entropy, model:attention; gpu/density_model.h runs them). Torch-free.
//
// Strided sweep. A record of L tokens with P prompt tokens and R = L - P response tokens is scored
// in `passes` = min(k, R) forward passes. Response token i (r = i - P its index in the response)
// is SCORED in pass j = r mod k: the input of pass j has the mask token at every scored position
// of that pass, so every response token is scored exactly once per sweep, always while masked.
// Prompt tokens are never masked and never scored.
//
// Random context masking (t > 0): in pass j, every other response token is also masked (it is
// context, not scored) when its uniform u < t, with u from the core mask stream
// (core/philox_stream.h): key {seed, kind = kDensityContextKind}, counter {i / 4, j, record key},
// word i mod 4, u = uniform24(word). kDensityContextKind (16) lies outside core's SampleKind values
// (0..2), so these draws never coincide with the masks training draws. t = 0 masks no context.
//
// Normalisation (per record, `record`; per corpus in gpu/density_corpus.h, see normaliseToRange): the raw scores of the response tokens are mapped to [0,1]
// by min-max, (s - min) / (max - min). Degenerate case: when max - min <= 1e-12 (one response
// token, or all scores equal, or no finite score), no token stands out and every response token
// gets 0. A raw +inf (a true token of probability 0) counts as the maximum, NaN and -inf as the
// minimum. `none` keeps an absolute scale instead,
// still within [0,1]: surprisal 1 - exp(-NLL) (= 1 - p(true token)), entropy H / log V,
// attention the mean attention received (already a probability mass).
#pragma once

#include "core/record.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace maskscope {

inline constexpr std::uint32_t kDensityContextKind = 16;

enum class DensityNormalisation { Record, None };

// The DensityContext params of the model sources (keys in quotes) with their CLI flags.
struct ModelDensityOptions {
    std::string checkpoint;      // "checkpoint" (--model): a step_N directory, a checkpoints/ folder or a run dir
    std::string tokenizer;       // "tokenizer" (--tokenizer): the model that tokenized the records; "": unchecked
    int k = 4;                   // "k" (--k): strided passes per sweep, >= 1
    double t = 0.0;              // "t" (--model-t): random context masking ratio in [0, 1)
    std::uint32_t seed = 0;      // "seed" (--seed): key of the context masking stream
    std::string device = "cpu";  // "device" (--device): cpu or cuda
    DensityNormalisation normalisation = DensityNormalisation::Record;  // "normalise" (--model-normalise)
    std::vector<int> layers;     // "layers" (--model-layers, "0,2"): attention layers; empty: all
};

// Reads the params; throws UsageError naming the CLI flag for a missing checkpoint or a bad value.
ModelDensityOptions modelDensityOptions(const std::map<std::string, std::string>& params);

struct SweepPlan {
    std::size_t passes = 0;
    std::size_t length = 0;
    std::vector<std::uint8_t> masked;     // [passes * length]: 1 where pass j feeds the mask token
    std::vector<std::int32_t> scoredIn;   // [length]: the pass that scores token i; -1 for prompt tokens
};

SweepPlan planSweep(const TokenizedRecord& record, int k, double t, std::uint32_t seed);

// Min-max over the response tokens (see above); prompt tokens get 0.
std::vector<float> normalisePerRecord(const std::vector<float>& raw, std::size_t promptTokens);

// Min-max with a range found elsewhere (per corpus: the lowest and highest finite raw value of
// every response token of the corpus, gpu/density_corpus.h): (s - lowest) / (highest - lowest),
// clamped to [0,1]; +inf maps to 1, NaN and -inf to 0; prompt tokens get 0. The same degenerate
// case as per record: when highest - lowest <= 1e-12, every token gets 0. Min-max rather than a
// quantile range so that the per-corpus scale is the per-record rule applied to the whole corpus
// (a single extreme token compresses the others; record normalisation is unaffected by that).
std::vector<float> normaliseToRange(const std::vector<float>& raw, std::size_t promptTokens, double lowest,
                                    double highest);

}  // namespace maskscope
