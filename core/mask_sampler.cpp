#include "mask_sampler.h"

#include "content_hash.h"
#include "error.h"
#include "philox_stream.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace maskscope {

namespace {

constexpr std::uint64_t kProcessedHashSeed = 0x70726f63;  // "proc"

void requireSameSize(std::size_t expected, std::size_t actual, const char* what) {
    if (expected != actual)
        throw UsageError(std::string(what) + " has " + std::to_string(actual) + " entries, expected " +
                         std::to_string(expected));
}

// Binary weights: the closed form of the water-filling solution for the two weight classes.
// Returns (p for hubs, p for the other maskable tokens).
std::pair<double, double> binaryProbabilities(std::size_t size, std::size_t hubs, double w, double t) {
    const double total = t * static_cast<double>(size);
    const double plainCount = static_cast<double>(size - hubs);
    const double hubCount = static_cast<double>(hubs);
    // No hubs, only hubs, or w = 1: every token has the same weight, so p = t exactly.
    if (hubs == 0 || hubs == size || w == 1.0) return {t, t};
    const double lambda = total / (plainCount + w * hubCount);
    if (w >= 1.0) {
        if (w * lambda <= 1.0) return {w * lambda, lambda};
        return {1.0, std::clamp((total - hubCount) / plainCount, 0.0, 1.0)};
    }
    if (lambda <= 1.0) return {w * lambda, lambda};
    return {std::clamp((total - plainCount) / hubCount, 0.0, 1.0), 1.0};
}

std::pair<double, double> hardProbabilities(std::size_t size, std::size_t hubs, double t) {
    const double total = t * static_cast<double>(size);
    if (hubs == 0 || hubs == size) return {t, t};
    const double hubCount = static_cast<double>(hubs);
    if (total <= hubCount) return {total / hubCount, 0.0};
    return {1.0, std::min(1.0, (total - hubCount) / static_cast<double>(size - hubs))};
}

void fillTwoClass(std::span<const std::uint8_t> maskable, std::span<const std::uint8_t> hub, double pHub,
                  double pPlain, std::span<float> p) {
    const float hubValue = static_cast<float>(pHub);
    const float plainValue = static_cast<float>(pPlain);
    for (std::size_t i = 0; i < p.size(); ++i)
        p[i] = maskable[i] ? (hub[i] ? hubValue : plainValue) : 0.0f;
}

}  // namespace

std::optional<MaskMode> parseMaskMode(std::string_view text) {
    if (text == "complementary") return MaskMode::Complementary;
    if (text == "reweighted") return MaskMode::Reweighted;
    if (text == "hard") return MaskMode::Hard;
    if (text == "uniform") return MaskMode::Uniform;
    return std::nullopt;
}

std::string_view toString(MaskMode mode) {
    switch (mode) {
    case MaskMode::Complementary: return "complementary";
    case MaskMode::Reweighted: return "reweighted";
    case MaskMode::Hard: return "hard";
    case MaskMode::Uniform: return "uniform";
    }
    return "complementary";
}

void MaskPolicy::validate() const {
    if (!(w > 0.0) || !std::isfinite(w)) throw UsageError("w must be a finite number > 0, got " + std::to_string(w));
    if (!(tMin >= 0.0 && tMax <= 1.0 && tMin <= tMax))
        throw UsageError("t must satisfy 0 <= t_min <= t_max <= 1, got [" + std::to_string(tMin) + ", " +
                         std::to_string(tMax) + "]");
    if (!(processed >= 0.0 && processed <= 1.0))
        throw UsageError("the processed fraction must be in [0, 1], got " + std::to_string(processed));
}

std::uint64_t recordKey(std::string_view recordId) { return hashBytes(recordId); }

bool isProcessed(std::string_view recordId, double rho) {
    if (rho >= 1.0) return true;
    if (rho <= 0.0) return false;
    const std::uint64_t h = hashBytes(recordId, kProcessedHashSeed);
    return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0) < rho;
}

void priorityProbabilities(std::span<const std::uint8_t> maskable, std::span<const float> weights, double t,
                           std::span<float> p) {
    requireSameSize(maskable.size(), weights.size(), "weights");
    requireSameSize(maskable.size(), p.size(), "p");
    std::vector<double> sorted;
    sorted.reserve(maskable.size());
    for (std::size_t i = 0; i < maskable.size(); ++i) {
        if (!maskable[i]) continue;
        if (!(weights[i] > 0.0f) || !std::isfinite(weights[i]))
            throw UsageError("priority weights must be finite and > 0");
        sorted.push_back(weights[i]);
    }
    const std::size_t n = sorted.size();
    std::fill(p.begin(), p.end(), 0.0f);
    if (n == 0) return;
    const double total = t * static_cast<double>(n);
    std::sort(sorted.begin(), sorted.end(), std::greater<>());
    // rest[k] = sum of sorted[k..n): the weights left unsaturated when the k largest saturate.
    std::vector<double> rest(n + 1, 0.0);
    for (std::size_t k = n; k-- > 0;) rest[k] = rest[k + 1] + sorted[k];
    double lambda = 0.0;
    bool saturatedAll = true;
    for (std::size_t k = 0; k < n; ++k) {
        lambda = (total - static_cast<double>(k)) / rest[k];
        if (lambda * sorted[k] <= 1.0) {
            saturatedAll = false;
            break;
        }
    }
    for (std::size_t i = 0; i < maskable.size(); ++i) {
        if (!maskable[i]) continue;
        p[i] = saturatedAll ? 1.0f : static_cast<float>(std::min(1.0, std::max(0.0, lambda * weights[i])));
    }
}

void drawBernoulli(std::uint32_t seed, std::uint32_t kindValue, std::uint64_t record, std::uint32_t step,
                   std::span<const float> p, std::span<std::uint8_t> mask) {
    requireSameSize(p.size(), mask.size(), "mask");
    const auto kind = static_cast<SampleKind>(kindValue);
    const std::size_t n = p.size();
    std::size_t i = 0;
    for (std::uint32_t block = 0; i < n; ++block) {
        const PhiloxBlock r = philoxBlock(seed, kind, record, step, block);
        for (int j = 0; j < 4 && i < n; ++j, ++i) mask[i] = uniform24(r.word[j]) < p[i] ? 1 : 0;
    }
}

MaskSampler::MaskSampler(MaskPolicy policy) : m_policy(policy) { m_policy.validate(); }

double MaskSampler::drawT(std::uint64_t record, std::uint32_t step) const {
    if (m_policy.tMin == m_policy.tMax) return m_policy.tMin;
    const PhiloxBlock r = philoxBlock(m_policy.seed, SampleKind::TDraw, record, step, 0);
    return m_policy.tMin + (m_policy.tMax - m_policy.tMin) * uniform32(r.word[0]);
}

RecordMasks MaskSampler::draw(std::string_view recordId, std::uint32_t step, std::span<const std::uint8_t> maskable,
                              std::span<const std::uint8_t> hub, std::span<const float> density) const {
    RecordMasks out;
    drawInto(recordId, step, maskable, hub, density, out);
    return out;
}

void MaskSampler::drawInto(std::string_view recordId, std::uint32_t step, std::span<const std::uint8_t> maskable,
                           std::span<const std::uint8_t> hub, std::span<const float> density,
                           RecordMasks& out) const {
    const std::size_t n = maskable.size();
    requireSameSize(n, hub.size(), "hub indicator");
    const bool soft = m_policy.weighting == Weighting::Soft;
    if (soft) requireSameSize(n, density.size(), "density");

    const std::uint64_t record = recordKey(recordId);
    out.t = drawT(record, step);
    out.processed = isProcessed(recordId, m_policy.processed);
    out.p.resize(n);
    out.pSecond.resize(n);
    out.logical.resize(n);
    out.syntactic.resize(n);

    std::size_t size = 0, hubs = 0;
    for (std::size_t i = 0; i < n; ++i) {
        size += maskable[i] ? 1 : 0;
        hubs += (maskable[i] && hub[i]) ? 1 : 0;
    }
    const MaskMode mode = out.processed ? m_policy.mode : MaskMode::Uniform;

    auto softProbabilities = [&](double w, std::span<float> p) {
        std::vector<float> weights(n);
        for (std::size_t i = 0; i < n; ++i)
            weights[i] = static_cast<float>(std::pow(w, std::clamp(static_cast<double>(density[i]), 0.0, 1.0)));
        priorityProbabilities(maskable, weights, out.t, p);
    };

    switch (mode) {
    case MaskMode::Uniform:
        fillTwoClass(maskable, hub, out.t, out.t, out.p);
        break;
    case MaskMode::Hard: {
        const auto [pHub, pPlain] = hardProbabilities(size, hubs, out.t);
        fillTwoClass(maskable, hub, pHub, pPlain, out.p);
        break;
    }
    case MaskMode::Complementary:
    case MaskMode::Reweighted:
        if (soft) {
            softProbabilities(m_policy.w, out.p);
        } else {
            const auto [pHub, pPlain] = binaryProbabilities(size, hubs, m_policy.w, out.t);
            fillTwoClass(maskable, hub, pHub, pPlain, out.p);
        }
        break;
    }

    drawBernoulli(m_policy.seed, static_cast<std::uint32_t>(SampleKind::Logical), record, step, out.p, out.logical);

    if (mode == MaskMode::Reweighted) {
        if (soft) {
            softProbabilities(1.0 / m_policy.w, out.pSecond);
        } else {
            const auto [pHub, pPlain] = binaryProbabilities(size, hubs, 1.0 / m_policy.w, out.t);
            fillTwoClass(maskable, hub, pHub, pPlain, out.pSecond);
        }
        drawBernoulli(m_policy.seed, static_cast<std::uint32_t>(SampleKind::Reweighted), record, step, out.pSecond,
                      out.syntactic);
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            out.pSecond[i] = maskable[i] ? 1.0f - out.p[i] : 0.0f;
            out.syntactic[i] = (maskable[i] && !out.logical[i]) ? 1 : 0;
        }
    }
}

}  // namespace maskscope
