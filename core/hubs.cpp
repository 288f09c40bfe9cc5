#include "hubs.h"

#include "error.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace maskscope {
namespace {

void validate(std::span<const float> density, std::span<const std::uint8_t> maskable, const HubOptions& options) {
    if (density.size() != maskable.size())
        throw UsageError("hub extraction: " + std::to_string(density.size()) + " density scores for " +
                         std::to_string(maskable.size()) + " tokens");
    if (!(options.value >= 0.0 && options.value <= 1.0))  // also rejects NaN
        throw UsageError(std::string("hub extraction: the ") +
                         (options.rule == HubOptions::Rule::Threshold ? "threshold" : "top fraction") +
                         " must lie in [0, 1], got " + std::to_string(options.value));
    if (options.rule != HubOptions::Rule::Threshold && options.rule != HubOptions::Rule::TopFraction)
        throw UsageError("hub extraction: unknown rule");
}

// Candidate flags, one per maskable token (indices into `positions`).
std::vector<std::uint8_t> candidates(std::span<const float> density, const std::vector<std::size_t>& positions,
                                     const HubOptions& options) {
    const std::size_t n = positions.size();
    std::vector<std::uint8_t> chosen(n, 0);
    if (options.rule == HubOptions::Rule::Threshold) {
        const double threshold = options.value;
        for (std::size_t k = 0; k < n; ++k) chosen[k] = density[positions[k]] >= threshold ? 1 : 0;
        return chosen;
    }
    const double wanted = options.value * static_cast<double>(n);
    const std::size_t count = std::min(n, static_cast<std::size_t>(std::ceil(wanted - 1e-9)));
    if (count == 0) return chosen;
    // Highest density first, earlier position first among equals; NaN below everything.
    auto key = [&](std::size_t k) {
        const float value = density[positions[k]];
        return std::isnan(value) ? -INFINITY : value;
    };
    std::vector<std::size_t> order(n);
    for (std::size_t k = 0; k < n; ++k) order[k] = k;
    std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count - 1), order.end(),
                     [&](std::size_t a, std::size_t b) {
                         const float ka = key(a);
                         const float kb = key(b);
                         return ka != kb ? ka > kb : a < b;
                     });
    for (std::size_t r = 0; r < count; ++r) chosen[order[r]] = 1;
    return chosen;
}

}  // namespace

std::size_t Hubs::count() const {
    return static_cast<std::size_t>(std::count(indicator.begin(), indicator.end(), std::uint8_t{1}));
}

Hubs extractHubs(std::span<const float> density, std::span<const std::uint8_t> maskable, const HubOptions& options) {
    validate(density, maskable, options);
    Hubs hubs;
    hubs.indicator.assign(density.size(), 0);

    std::vector<std::size_t> positions;  // token index of each maskable token, in order
    for (std::size_t i = 0; i < maskable.size(); ++i)
        if (maskable[i]) positions.push_back(i);
    const std::vector<std::uint8_t> chosen = candidates(density, positions, options);

    // Runs of candidates in maskable order, merged across gaps of at most maxGap non-candidates.
    struct Run {
        std::size_t first;  // index into positions
        std::size_t last;
    };
    std::vector<Run> runs;
    for (std::size_t k = 0; k < positions.size(); ++k) {
        if (!chosen[k]) continue;
        if (!runs.empty() && k - runs.back().last - 1 <= options.maxGap) {
            runs.back().last = k;
        } else {
            runs.push_back({k, k});
        }
    }
    for (const Run& run : runs) {
        const std::size_t length = run.last - run.first + 1;
        if (length < options.minSpan) continue;
        hubs.spans.push_back({positions[run.first], positions[run.last] + 1});
        for (std::size_t k = run.first; k <= run.last; ++k) hubs.indicator[positions[k]] = 1;
    }
    return hubs;
}

}  // namespace maskscope
