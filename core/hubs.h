// Hub extraction: turns density scores into the priority indicator C (method.md section 2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace maskscope {

struct HubOptions {
    enum class Rule { Threshold, TopFraction };
    Rule rule = Rule::Threshold;
    // Threshold: a maskable token with density >= value is a hub candidate.
    // TopFraction: the ceil(value * |S|) maskable tokens of highest density are candidates
    // (ties broken by position, earlier first). The product is rounded down first when it lies
    // within 1e-9 of an integer, so 0.3 * 10 selects 3 tokens, not 4.
    // A NaN density is never a candidate under Threshold and ranks below every number under
    // TopFraction.
    double value = 0.5;
    // Candidate runs separated by at most maxGap maskable non-candidate tokens are merged.
    std::size_t maxGap = 1;
    // Spans shorter than minSpan tokens (after merging) are dropped.
    std::size_t minSpan = 1;
};

// A hub span in token indices [begin, end).
struct HubSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool operator==(const HubSpan&) const = default;
};

struct Hubs {
    std::vector<std::uint8_t> indicator;  // C_i, one per token; 0 outside the maskable set
    std::vector<HubSpan> spans;           // sorted, disjoint
    std::size_t count() const;            // number of tokens with C_i = 1
};

// `density` and `maskable` have one entry per token. Throws UsageError on bad options
// (value outside [0,1] or NaN, mismatched sizes).
//
// Gaps and span lengths count maskable tokens only. Should the maskable set have holes (tokens
// with maskable 0 between maskable ones), a span may straddle them: the span's [begin, end)
// includes them but their indicator stays 0, and Hubs::count() counts only indicator ones.
Hubs extractHubs(std::span<const float> density, std::span<const std::uint8_t> maskable, const HubOptions& options);

}  // namespace maskscope
