// Synthetic inputs for the kernel checks (tests/gpu/test_gpu_kernels.cpp and gpu_check.cpp):
// packed mask batches with the awkward cases in front, random logits with extreme rows, and the
// masking policies both programs compare. Header-only, plain C++ (core only).
#pragma once

#include "core/mask_sampler.h"
#include "gpu/kernels/mask_batch.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace maskscope::kernels::synthetic {

// A packed batch on the host with the ids it was keyed from.
struct HostBatch {
    std::vector<std::string> ids;
    std::vector<std::int64_t> offsets{0};
    std::vector<std::uint8_t> maskable, hub;
    std::vector<float> density;
    std::vector<std::uint64_t> keys;
    std::vector<std::uint8_t> processed;

    std::int64_t records() const { return static_cast<std::int64_t>(ids.size()); }
    std::int64_t tokens() const { return offsets.back(); }

    MaskBatchView view() const {
        MaskBatchView v;
        v.records = records();
        v.offsets = offsets.data();
        v.maskable = maskable.data();
        v.hub = hub.data();
        v.recordKeys = keys.data();
        v.processed = processed.data();
        return v;
    }
};

// `records` records: first the edge cases (empty, 1..9 tokens, no maskable token, no hub, only
// hubs, one long record), then random lengths in [1, maxLength] with a prompt prefix of up to 40%
// (never maskable) and ~20% hubs. Keys and processed flags come from the ids as MaskSampler
// derives them (recordKey, isProcessed with `rho`).
inline HostBatch makeBatch(int records, int maxLength, std::uint64_t seed, double rho) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    HostBatch batch;
    const auto add = [&](int length, double promptShare, double hubShare) {
        const int prompt = static_cast<int>(length * promptShare);
        for (int i = 0; i < length; ++i) {
            const bool inS = i >= prompt;
            const bool isHub = unit(random) < hubShare;
            batch.maskable.push_back(inS ? 1 : 0);
            batch.hub.push_back(isHub ? 1 : 0);
            batch.density.push_back(static_cast<float>(isHub ? 0.5 + 0.5 * unit(random) : 0.5 * unit(random)));
        }
        const std::string id = "synthetic-" + std::to_string(seed) + "-" + std::to_string(batch.ids.size());
        batch.ids.push_back(id);
        batch.keys.push_back(recordKey(id));
        batch.processed.push_back(isProcessed(id, rho) ? 1 : 0);
        batch.offsets.push_back(static_cast<std::int64_t>(batch.maskable.size()));
    };
    const int edgeLengths[] = {0, 1, 2, 3, 4, 5, 7, 8, 9};
    for (int length : edgeLengths)
        if (batch.records() < records) add(length, 0.0, 0.3);
    if (batch.records() < records) add(64, 1.0, 0.3);   // no maskable token
    if (batch.records() < records) add(64, 0.25, 0.0);  // no hub
    if (batch.records() < records) add(64, 0.25, 1.0);  // only hubs
    if (batch.records() < records) add(std::max(maxLength, 4099), 0.1, 0.2);
    std::uniform_int_distribution<int> length(1, std::max(1, maxLength));
    while (batch.records() < records) add(length(random), 0.4 * unit(random), 0.2);
    return batch;
}

struct NamedPolicy {
    std::string name;
    MaskPolicy policy;
    std::uint32_t step;
};

inline MaskPolicy policy(MaskMode mode, Weighting weighting, double w, double tMin, double tMax, double rho,
                         std::uint32_t seed) {
    MaskPolicy p;
    p.mode = mode;
    p.weighting = weighting;
    p.w = w;
    p.tMin = tMin;
    p.tMax = tMax;
    p.processed = rho;
    p.seed = seed;
    return p;
}

// Every mode, both weightings, w above, below and far from 1, fixed and drawn t, t at 0 and 1,
// partial processing.
inline std::vector<NamedPolicy> policies() {
    using M = MaskMode;
    using W = Weighting;
    return {
        {"complementary binary w=2 t~[0.3,0.8]", policy(M::Complementary, W::Binary, 2.0, 0.3, 0.8, 1.0, 7), 3},
        {"complementary binary w=0.5 rho=0.6", policy(M::Complementary, W::Binary, 0.5, 0.3, 0.8, 0.6, 11), 0},
        {"complementary binary w=5 t=0.5", policy(M::Complementary, W::Binary, 5.0, 0.5, 0.5, 1.0, 1), 9},
        {"complementary binary w=1000 t~[0,1]", policy(M::Complementary, W::Binary, 1000.0, 0.0, 1.0, 1.0, 2), 1},
        {"complementary binary t=1", policy(M::Complementary, W::Binary, 2.0, 1.0, 1.0, 1.0, 3), 2},
        {"complementary binary t=0", policy(M::Complementary, W::Binary, 2.0, 0.0, 0.0, 1.0, 3), 2},
        {"reweighted binary w=2 rho=0.7", policy(M::Reweighted, W::Binary, 2.0, 0.3, 0.8, 0.7, 5), 4},
        {"reweighted binary w=0.1", policy(M::Reweighted, W::Binary, 0.1, 0.3, 0.8, 1.0, 6), 5},
        {"hard t~[0.3,0.8] rho=0.5", policy(M::Hard, W::Binary, 2.0, 0.3, 0.8, 0.5, 8), 6},
        {"uniform t~[0.3,0.8]", policy(M::Uniform, W::Binary, 2.0, 0.3, 0.8, 1.0, 9), 7},
        {"complementary soft w=2 rho=0.8", policy(M::Complementary, W::Soft, 2.0, 0.3, 0.8, 0.8, 10), 8},
        {"reweighted soft w=3", policy(M::Reweighted, W::Soft, 3.0, 0.3, 0.8, 1.0, 12), 10},
        {"hard soft (soft ignored) rho=0.5", policy(M::Hard, W::Soft, 2.0, 0.3, 0.8, 0.5, 13), 11},
    };
}

// Random logits [rows, stride] (float), N(0, scale^2), with row r % 16 of kinds: 1e4 spikes,
// -1e4 floors, all equal, -inf entries, one dominant logit, and plain rows.
inline std::vector<float> makeLogits(std::int64_t rows, std::int64_t vocab, std::int64_t stride, double scale,
                                     std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::normal_distribution<float> normal(0.0f, static_cast<float>(scale));
    std::vector<float> logits(static_cast<std::size_t>(rows * stride), 0.0f);
    for (std::int64_t r = 0; r < rows; ++r) {
        float* row = logits.data() + r * stride;
        for (std::int64_t j = 0; j < vocab; ++j) row[j] = normal(random);
        const std::int64_t kind = r % 16;
        if (kind == 1)
            for (std::int64_t j = 0; j < vocab; j += 7) row[j] = 1e4f + normal(random);
        if (kind == 2)
            for (std::int64_t j = 0; j < vocab; ++j) row[j] = j % 5 == 0 ? row[j] : -1e4f;
        if (kind == 3)
            for (std::int64_t j = 0; j < vocab; ++j) row[j] = 0.25f;
        if (kind == 4)
            for (std::int64_t j = 1; j < vocab; j += 3) row[j] = -std::numeric_limits<float>::infinity();
        if (kind == 5) row[vocab / 2] = 60.0f;
        if (kind == 6)
            for (std::int64_t j = 0; j < vocab; ++j) row[j] = row[j] * 1e-3f - 1e4f;
    }
    return logits;
}

// Targets in [0, vocab) with some ignored (-100) rows.
inline std::vector<std::int64_t> makeTargets(std::int64_t rows, std::int64_t vocab, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::int64_t> token(0, vocab - 1);
    std::vector<std::int64_t> targets(static_cast<std::size_t>(rows));
    for (std::int64_t r = 0; r < rows; ++r) targets[r] = r % 11 == 10 ? -100 : token(random);
    return targets;
}

}  // namespace maskscope::kernels::synthetic
