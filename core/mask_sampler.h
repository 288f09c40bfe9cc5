// Complementary Priority Masking: the CPU reference sampler (method.md section 3).
//
// For one record with maskable set S (response tokens), hub indicator C and scheduled ratio t:
//   s_i = w if C_i = 1 else 1          (weighting Binary; Soft uses s_i = w^{d_i} with density d_i)
//   p_i = min(1, lambda * s_i), lambda solved exactly so that sum_{i in S} p_i = t |S|
//   logical sample   m_i  ~ Bernoulli(p_i)            (keyed stream, see philox_stream.h)
//   syntactic sample m'_i = 1 - m_i inside S           (mode Complementary)
// Solving for lambda: sort the distinct weights in decreasing order; with the k largest weights
// saturated at p = 1, lambda = (t|S| - k) / (sum of the remaining weights); the smallest k for
// which lambda * s <= 1 holds for every unsaturated weight is the solution. For binary weights
// this is the closed form of method.md: lambda = t|S| / (|S| + (w - 1) K); when w lambda > 1 the
// K hubs saturate and the other tokens get (t|S| - K) / (|S| - K); for w < 1 the roles swap.
// Modes:
//   Complementary  as above (the default)
//   Reweighted     the second ("syntactic") sample is drawn independently with weight 1/w at the
//                  same t (kind Reweighted), instead of being the complement
//   Hard           w -> infinity: p = min(1, t|S| / K) on hubs, max(0, (t|S| - K) / (|S| - K))
//                  elsewhere (hubs are masked first); the second sample is the complement
//   Uniform        p_i = t (the w = 1 baseline); the second sample is the complement
// Processed fraction rho: a record is processed when XXH3-64(id, seed 0x70726f63) / 2^64 < rho,
// a choice that depends on the id alone. Unprocessed records are masked as in Uniform.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

enum class MaskMode { Complementary, Reweighted, Hard, Uniform };
enum class Weighting { Binary, Soft };

std::optional<MaskMode> parseMaskMode(std::string_view text);
std::string_view toString(MaskMode mode);

struct MaskPolicy {
    MaskMode mode = MaskMode::Complementary;
    Weighting weighting = Weighting::Binary;
    double w = 2.0;
    // t is fixed when tMin == tMax, else drawn uniformly in [tMin, tMax] per record and step.
    double tMin = 0.3;
    double tMax = 0.8;
    double processed = 1.0;    // rho
    std::uint32_t seed = 0;

    // Throws UsageError naming the offending value.
    void validate() const;
};

// The masks of one record at one step. Arrays have one entry per token of the record.
struct RecordMasks {
    double t = 0.0;
    bool processed = true;
    std::vector<float> p;                  // logical-sample probabilities (0 outside S)
    std::vector<float> pSecond;            // second-sample probabilities (1 - p, or the 1/w draw)
    std::vector<std::uint8_t> logical;     // 1 = masked
    std::vector<std::uint8_t> syntactic;   // 1 = masked
};

// Key of a record in the mask stream: XXH3-64 of its id.
std::uint64_t recordKey(std::string_view recordId);
// Whether the record gets priority masking under processed fraction rho.
bool isProcessed(std::string_view recordId, double rho);

// Probabilities p_i = min(1, lambda s_i) for the tokens in S with sum exactly t|S| (up to rounding).
// Tokens outside S get 0. Exposed for tests and the GPU path.
void priorityProbabilities(std::span<const std::uint8_t> maskable, std::span<const float> weights, double t,
                           std::span<float> p);

class MaskSampler {
public:
    explicit MaskSampler(MaskPolicy policy);  // validates

    const MaskPolicy& policy() const { return m_policy; }
    double drawT(std::uint64_t record, std::uint32_t step) const;

    // `hub` is C (one entry per token); `density` is needed only for Weighting::Soft.
    RecordMasks draw(std::string_view recordId, std::uint32_t step, std::span<const std::uint8_t> maskable,
                     std::span<const std::uint8_t> hub, std::span<const float> density = {}) const;
    // The same, reusing `out`'s buffers (the training hot path).
    void drawInto(std::string_view recordId, std::uint32_t step, std::span<const std::uint8_t> maskable,
                  std::span<const std::uint8_t> hub, std::span<const float> density, RecordMasks& out) const;

private:
    MaskPolicy m_policy;
};

// Bernoulli draws of the keyed stream: mask_i = u_i < p_i (see philox_stream.h).
void drawBernoulli(std::uint32_t seed, std::uint32_t kindValue, std::uint64_t record, std::uint32_t step,
                   std::span<const float> p, std::span<std::uint8_t> mask);

}  // namespace maskscope
