// The per-record and per-token arithmetic of the batch sampler, shared by the CPU path
// (mask_batch.cpp) and the CUDA kernel (mask_batch.cu) so that both run the same expressions.
// It restates core/mask_sampler.cpp (binaryProbabilities, hardProbabilities, fillTwoClass,
// drawBernoulli, MaskSampler::drawT) operation for operation: doubles with the same operand order,
// one rounding to float per class probability, u < p compared in float. The CUDA side compiles
// with --fmad=false, so no multiply-add is contracted and every double operation rounds as on the
// host (x86-64 SSE2, no FMA; see the note in gpu/kernels/CMakeLists.txt). The tests hold both
// paths to MaskSampler bit for bit.
#pragma once

#include "core/philox_stream.h"

#include <cstdint>

#if defined(__CUDA_ARCH__)
#define MASKSCOPE_UNROLL _Pragma("unroll")
#else
#define MASKSCOPE_UNROLL
#endif

namespace maskscope::kernels::detail {

// MaskMode as plain integers for device code.
enum : int { kComplementary = 0, kReweighted = 1, kHard = 2, kUniform = 3 };

struct SamplerParams {
    int mode = kComplementary;
    double w = 2.0;
    double tMin = 0.3;
    double tMax = 0.8;
    std::uint32_t seed = 0;
    std::uint32_t step = 0;
};

// What fillTwoClass stores, for the logical and the second sample.
struct RecordClasses {
    float hub = 0.0f;
    float plain = 0.0f;
    float hubSecond = 0.0f;
    float plainSecond = 0.0f;
    int mode = kComplementary;  // after the processed flag: unprocessed records are Uniform
};

struct ClassPair {
    double hub;
    double plain;
};

MASKSCOPE_HOST_DEVICE inline double clampUnit(double v) { return v < 0.0 ? 0.0 : (1.0 < v ? 1.0 : v); }

MASKSCOPE_HOST_DEVICE inline ClassPair binaryProbabilities(std::uint64_t size, std::uint64_t hubs, double w,
                                                            double t) {
    const double total = t * static_cast<double>(size);
    const double plainCount = static_cast<double>(size - hubs);
    const double hubCount = static_cast<double>(hubs);
    if (hubs == 0 || hubs == size || w == 1.0) return {t, t};
    const double lambda = total / (plainCount + w * hubCount);
    if (w >= 1.0) {
        if (w * lambda <= 1.0) return {w * lambda, lambda};
        return {1.0, clampUnit((total - hubCount) / plainCount)};
    }
    if (lambda <= 1.0) return {w * lambda, lambda};
    return {clampUnit((total - plainCount) / hubCount), 1.0};
}

MASKSCOPE_HOST_DEVICE inline ClassPair hardProbabilities(std::uint64_t size, std::uint64_t hubs, double t) {
    const double total = t * static_cast<double>(size);
    if (hubs == 0 || hubs == size) return {t, t};
    const double hubCount = static_cast<double>(hubs);
    if (total <= hubCount) return {total / hubCount, 0.0};
    const double rest = (total - hubCount) / static_cast<double>(size - hubs);
    return {1.0, rest < 1.0 ? rest : 1.0};  // std::min(1.0, rest)
}

MASKSCOPE_HOST_DEVICE inline double drawT(const SamplerParams& params, std::uint64_t record) {
    if (params.tMin == params.tMax) return params.tMin;
    const PhiloxBlock r = philoxBlock(params.seed, SampleKind::TDraw, record, params.step, 0);
    return params.tMin + (params.tMax - params.tMin) * uniform32(r.word[0]);
}

MASKSCOPE_HOST_DEVICE inline RecordClasses recordClasses(const SamplerParams& params, bool processed,
                                                         std::uint64_t size, std::uint64_t hubs, double t) {
    RecordClasses out;
    out.mode = processed ? params.mode : kUniform;
    ClassPair first{t, t};
    if (out.mode == kHard) first = hardProbabilities(size, hubs, t);
    else if (out.mode != kUniform) first = binaryProbabilities(size, hubs, params.w, t);
    out.hub = static_cast<float>(first.hub);
    out.plain = static_cast<float>(first.plain);
    if (out.mode == kReweighted) {
        const ClassPair second = binaryProbabilities(size, hubs, 1.0 / params.w, t);
        out.hubSecond = static_cast<float>(second.hub);
        out.plainSecond = static_cast<float>(second.plain);
    }
    return out;
}

// The token arrays of a batch and where the outputs go (host or device pointers).
struct GroupArrays {
    const std::uint8_t* maskable;
    const std::uint8_t* hub;
    const float* p;        // given p or null
    const float* pSecond;  // given pSecond or null
    float* outP;           // optional
    float* outPSecond;     // optional
    std::uint8_t* logical;
    std::uint8_t* syntactic;
};

// Tokens [first, first + count) of a record, count <= 4: the record's Philox block `group` (token
// index / 4 within the record). `first` is the absolute index into the token arrays.
MASKSCOPE_HOST_DEVICE inline void sampleGroup(const SamplerParams& params, const RecordClasses& classes,
                                              std::uint64_t record, std::uint32_t group, std::int64_t first,
                                              int count, const GroupArrays& a) {
    const PhiloxBlock u = philoxBlock(params.seed, SampleKind::Logical, record, params.step, group);
    const bool reweighted = classes.mode == kReweighted;
    PhiloxBlock u2{{0, 0, 0, 0}};
    if (reweighted) u2 = philoxBlock(params.seed, SampleKind::Reweighted, record, params.step, group);
    // Unrolled with constant indices so that the Philox words stay in registers on the device.
    MASKSCOPE_UNROLL
    for (int j = 0; j < 4; ++j) {
        if (j >= count) break;
        const std::int64_t i = first + j;
        const bool inS = a.maskable[i] != 0;
        const bool isHub = a.hub[i] != 0;
        const float p = a.p ? a.p[i] : (inS ? (isHub ? classes.hub : classes.plain) : 0.0f);
        const std::uint8_t logical = uniform24(u.word[j]) < p ? 1 : 0;
        float pSecond;
        std::uint8_t syntactic;
        if (reweighted) {
            pSecond = a.pSecond ? a.pSecond[i] : (inS ? (isHub ? classes.hubSecond : classes.plainSecond) : 0.0f);
            syntactic = uniform24(u2.word[j]) < pSecond ? 1 : 0;
        } else {
            pSecond = inS ? 1.0f - p : 0.0f;
            syntactic = (inS && !logical) ? 1 : 0;
        }
        a.logical[i] = logical;
        a.syntactic[i] = syntactic;
        if (a.outP) a.outP[i] = p;
        if (a.outPSecond) a.outPSecond[i] = pSecond;
    }
}

}  // namespace maskscope::kernels::detail
