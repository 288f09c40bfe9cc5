// The CPU path of the batch sampler, its validation, and the host-side soft weighting.
#include "gpu/kernels/mask_batch.h"

#include "core/error.h"
#include "gpu/kernels/mask_batch_detail.h"
#include "gpu/kernels/mask_batch_math.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace maskscope::kernels {

namespace {

void requireArray(const void* pointer, const char* what) {
    if (pointer == nullptr) throw UsageError(std::string("mask batch: ") + what + " is missing");
}

// The number of entries the token arrays must have; throws on malformed offsets.
std::int64_t checkOffsets(const MaskBatchView& batch) {
    if (batch.records == 0) return 0;
    if (batch.offsets[0] < 0) throw UsageError("mask batch: offsets[0] is negative");
    for (std::int64_t r = 0; r < batch.records; ++r)
        if (batch.offsets[r + 1] < batch.offsets[r])
            throw UsageError("mask batch: offsets decrease at record " + std::to_string(r) + " (" +
                             std::to_string(batch.offsets[r]) + " then " + std::to_string(batch.offsets[r + 1]) + ")");
    return batch.offsets[batch.records];
}

}  // namespace

namespace detail {

SamplerParams samplerParams(const MaskPolicy& policy, std::uint32_t step) {
    SamplerParams params;
    switch (policy.mode) {
    case MaskMode::Complementary: params.mode = kComplementary; break;
    case MaskMode::Reweighted: params.mode = kReweighted; break;
    case MaskMode::Hard: params.mode = kHard; break;
    case MaskMode::Uniform: params.mode = kUniform; break;
    }
    params.w = policy.w;
    params.tMin = policy.tMin;
    params.tMax = policy.tMax;
    params.seed = policy.seed;
    params.step = step;
    return params;
}

}  // namespace detail

void validate(const MaskPolicy& policy, const MaskBatchView& batch, const MaskBatchOutput& out) {
    policy.validate();
    if (batch.records < 0) throw UsageError("mask batch: negative record count");
    requireArray(out.logical, "the logical output");
    requireArray(out.syntactic, "the syntactic output");
    if (batch.records == 0) return;
    requireArray(batch.offsets, "offsets");
    requireArray(batch.maskable, "the maskable array");
    requireArray(batch.hub, "the hub array");
    requireArray(batch.recordKeys, "recordKeys");
    if (policy.weighting == Weighting::Soft && batch.p == nullptr)
        throw UsageError("mask batch: soft weighting needs p from softProbabilities() (it is solved on the host)");
    if (policy.weighting == Weighting::Soft && policy.mode == MaskMode::Reweighted && batch.pSecond == nullptr)
        throw UsageError("mask batch: soft weighting in the reweighted mode needs pSecond from softProbabilities()");
    if (batch.pSecond != nullptr && batch.p == nullptr)
        throw UsageError("mask batch: pSecond is given without p");
}

void sampleMasksCpu(const MaskPolicy& policy, std::uint32_t step, const MaskBatchView& batch,
                    const MaskBatchOutput& out) {
    validate(policy, batch, out);
    checkOffsets(batch);
    const detail::SamplerParams params = detail::samplerParams(policy, step);
    const detail::GroupArrays arrays{batch.maskable, batch.hub,   batch.p,     batch.pSecond,
                                     out.p,          out.pSecond, out.logical, out.syntactic};
    for (std::int64_t r = 0; r < batch.records; ++r) {
        const std::int64_t begin = batch.offsets[r], end = batch.offsets[r + 1];
        std::uint64_t size = 0, hubs = 0;
        for (std::int64_t i = begin; i < end; ++i) {
            const bool inS = batch.maskable[i] != 0;
            size += inS ? 1 : 0;
            hubs += (inS && batch.hub[i] != 0) ? 1 : 0;
        }
        const std::uint64_t key = batch.recordKeys[r];
        const double t = batch.t ? batch.t[r] : detail::drawT(params, key);
        const bool processed = batch.processed == nullptr || batch.processed[r] != 0;
        const detail::RecordClasses classes = detail::recordClasses(params, processed, size, hubs, t);
        if (out.t) out.t[r] = t;
        std::uint32_t group = 0;
        for (std::int64_t first = begin; first < end; first += 4, ++group)
            detail::sampleGroup(params, classes, key, group, first, static_cast<int>(std::min<std::int64_t>(4, end - first)),
                                arrays);
    }
}

void softProbabilities(const MaskPolicy& policy, std::uint32_t step, const MaskBatchView& batch,
                       std::span<const float> density, std::span<double> t, std::span<float> p,
                       std::span<float> pSecond) {
    policy.validate();
    if (batch.records > 0) {
        requireArray(batch.offsets, "offsets");
        requireArray(batch.maskable, "the maskable array");
        requireArray(batch.hub, "the hub array");
        requireArray(batch.recordKeys, "recordKeys");
    }
    const std::int64_t tokens = checkOffsets(batch);
    const bool reweighted = policy.mode == MaskMode::Reweighted;
    if (static_cast<std::int64_t>(density.size()) < tokens || static_cast<std::int64_t>(p.size()) < tokens ||
        (reweighted && static_cast<std::int64_t>(pSecond.size()) < tokens) ||
        static_cast<std::int64_t>(t.size()) < batch.records)
        throw UsageError("softProbabilities: density, p (and pSecond) need " + std::to_string(tokens) +
                         " entries and t " + std::to_string(batch.records));
    const detail::SamplerParams params = detail::samplerParams(policy, step);
    std::vector<float> weights;
    for (std::int64_t r = 0; r < batch.records; ++r) {
        const std::int64_t begin = batch.offsets[r], end = batch.offsets[r + 1];
        const auto n = static_cast<std::size_t>(end - begin);
        const std::span<const std::uint8_t> maskable(batch.maskable + begin, n);
        t[r] = batch.t ? batch.t[r] : detail::drawT(params, batch.recordKeys[r]);
        const bool processed = batch.processed == nullptr || batch.processed[r] != 0;
        const MaskMode mode = processed ? policy.mode : MaskMode::Uniform;
        const std::span<float> recordP = p.subspan(static_cast<std::size_t>(begin), n);
        if (mode == MaskMode::Uniform || mode == MaskMode::Hard) {
            // Soft weighting does not apply: the two-class probabilities, as MaskSampler stores them.
            std::uint64_t size = 0, hubs = 0;
            for (std::size_t i = 0; i < n; ++i) {
                size += maskable[i] ? 1 : 0;
                hubs += (maskable[i] && batch.hub[begin + i]) ? 1 : 0;
            }
            const detail::RecordClasses classes = detail::recordClasses(params, processed, size, hubs, t[r]);
            for (std::size_t i = 0; i < n; ++i)
                recordP[i] = maskable[i] ? (batch.hub[begin + i] ? classes.hub : classes.plain) : 0.0f;
            continue;
        }
        // The weights of MaskSampler's soft branch: w^clamp(d, 0, 1) rounded to float.
        const auto solve = [&](double w, std::span<float> out) {
            weights.resize(n);
            for (std::size_t i = 0; i < n; ++i)
                weights[i] = static_cast<float>(
                    std::pow(w, std::clamp(static_cast<double>(density[static_cast<std::size_t>(begin) + i]), 0.0, 1.0)));
            priorityProbabilities(maskable, weights, t[r], out);
        };
        solve(policy.w, recordP);
        if (mode == MaskMode::Reweighted) solve(1.0 / policy.w, pSecond.subspan(static_cast<std::size_t>(begin), n));
    }
}

}  // namespace maskscope::kernels
