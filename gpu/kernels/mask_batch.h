// Complementary Priority Masking for whole batches: the same masks as core's MaskSampler, bit for
// bit, drawn for many records at once on the CPU or on a CUDA device.
//
// A batch is packed (CSR): the tokens of record r are [offsets[r], offsets[r + 1]) of the token
// arrays, which are indexed by that absolute position (they cover [0, offsets[records]); a
// sub-batch can keep the offsets of a larger one). Record ids are not needed here, only what
// MaskSampler derives from them on the host:
//   recordKeys[r] = recordKey(id)            (XXH3-64 of the id, the Philox counter)
//   processed[r]  = isProcessed(id, rho)     (whether the record gets priority masking)
// The scheduled ratio t of each record is drawn from the policy exactly as MaskSampler::drawT does
// (or given). Binary weighting computes p on the fly from the closed form of the water-filling
// solution (the arithmetic of core/mask_sampler.cpp, in double, rounded to float once); the Philox
// stream is core/philox_stream.h, included by the device code.
//
// Soft weighting (s_i = w^{d_i}) is NOT solved on the device: its exact water-filling sorts each
// record's weights and its weights come from std::pow, which CUDA's pow does not reproduce bit for
// bit. softProbabilities() solves it on the host (core's priorityProbabilities); the batch then
// carries p (and pSecond for the Reweighted mode) and the device draws the Bernoulli masks.
//
// Binary weighting may also be given p (and pSecond); given arrays are used as they are.
// Outputs match MaskSampler::draw per record: t, p, pSecond, logical, syntactic (1 = masked), at
// the same absolute positions. The CPU path validates the offsets; the CUDA path trusts them (they
// live on the device). Records are independent: any number, any lengths, in one launch.
#pragma once

#include "core/mask_sampler.h"

#include <cstdint>
#include <span>

namespace maskscope::kernels {

// Host memory for sampleMasksCpu, device memory for sampleMasksCuda.
struct MaskBatchView {
    std::int64_t records = 0;
    const std::int64_t* offsets = nullptr;     // [records + 1], non-decreasing, offsets[0] >= 0
    const std::uint8_t* maskable = nullptr;    // [tokens] nonzero: in S (response token)
    const std::uint8_t* hub = nullptr;         // [tokens] nonzero: C_i = 1
    const std::uint64_t* recordKeys = nullptr; // [records]
    const std::uint8_t* processed = nullptr;   // [records] nonzero: processed; null: all processed
    const double* t = nullptr;                 // [records] given ratios; null: drawn from the policy
    const float* p = nullptr;                  // [tokens] given logical p (required for Soft)
    const float* pSecond = nullptr;            // [tokens] given second p (Soft + Reweighted)
};

struct MaskBatchOutput {
    double* t = nullptr;              // [records], optional
    float* p = nullptr;               // [tokens], optional
    float* pSecond = nullptr;         // [tokens], optional
    std::uint8_t* logical = nullptr;  // [tokens], required
    std::uint8_t* syntactic = nullptr;// [tokens], required
};

// Throws UsageError on what can be checked without reading device memory (null arrays, soft
// weighting without p, ...). sampleMasksCpu also checks the offsets.
void validate(const MaskPolicy& policy, const MaskBatchView& batch, const MaskBatchOutput& out);

void sampleMasksCpu(const MaskPolicy& policy, std::uint32_t step, const MaskBatchView& batch,
                    const MaskBatchOutput& out);

// Asynchronous on `stream` (a cudaStream_t; nullptr: the legacy default stream). Throws
// std::runtime_error on a launch error, UsageError when the build has no CUDA kernels.
void sampleMasksCuda(const MaskPolicy& policy, std::uint32_t step, const MaskBatchView& batch,
                     const MaskBatchOutput& out, void* stream = nullptr);

// Soft weighting on the host, for a host batch: t (drawn, or batch.t), p for every token and, for
// the Reweighted mode, pSecond (else left untouched), exactly as MaskSampler::draw computes them.
// `density` has one entry per token of the batch's token arrays.
void softProbabilities(const MaskPolicy& policy, std::uint32_t step, const MaskBatchView& batch,
                       std::span<const float> density, std::span<double> t, std::span<float> p,
                       std::span<float> pSecond);

}  // namespace maskscope::kernels
