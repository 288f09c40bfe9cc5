// The counter-based random stream behind every mask MaskScope draws ("mask stream v1").
//
// Header-only and usable from CUDA device code, so that a mask drawn in the GUI, by the CLI, by
// the CPU trainer or by a GPU kernel is the same mask, bit for bit.
//
// Generator: Philox4x32-10 from Random123 (r123::Philox4x32), one call per 4 consecutive tokens.
//   key     = { seed, kind }                       (two 32-bit words)
//   counter = { block, step, record_lo, record_hi } with block = token_index / 4
//   record  = XXH3-64 of the record id's UTF-8 bytes, seed 0 (recordKey() in mask_sampler.h)
// The token at index i uses output word i % 4 of its block, turned into a uniform in [0, 1) with
// 24 bits: u = (word >> 8) * 2^-24, exactly representable as float. A token is masked when
// u < p_i, compared in float. The scheduled ratio t of a record uses kind TDraw, block 0, word 0:
// u = (word + 0.5) * 2^-32 in double, t = t_min + (t_max - t_min) * u.
#pragma once

#include <Random123/philox.h>

#include <cstdint>

#if defined(__CUDACC__)
#define MASKSCOPE_HOST_DEVICE __host__ __device__
#else
#define MASKSCOPE_HOST_DEVICE
#endif

namespace maskscope {

// What a draw is for; part of the key so that the streams never overlap.
enum class SampleKind : std::uint32_t {
    TDraw = 0,       // the per-record masking ratio t
    Logical = 1,     // the logical sample (and, by complement, the syntactic one)
    Reweighted = 2,  // the independently drawn second sample of the `reweighted` mode
};

struct PhiloxBlock {
    std::uint32_t word[4];
};

MASKSCOPE_HOST_DEVICE inline PhiloxBlock philoxBlock(std::uint32_t seed, SampleKind kind, std::uint64_t record,
                                                     std::uint32_t step, std::uint32_t block) {
    r123::Philox4x32 generator;
    r123::Philox4x32::key_type key = {{seed, static_cast<std::uint32_t>(kind)}};
    r123::Philox4x32::ctr_type counter = {{block, step, static_cast<std::uint32_t>(record),
                                           static_cast<std::uint32_t>(record >> 32)}};
    const r123::Philox4x32::ctr_type out = generator(counter, key);
    return PhiloxBlock{{out.v[0], out.v[1], out.v[2], out.v[3]}};
}

// A 24-bit uniform in [0, 1), exact in float.
MASKSCOPE_HOST_DEVICE inline float uniform24(std::uint32_t word) {
    return static_cast<float>(word >> 8) * (1.0f / 16777216.0f);
}

// A 32-bit uniform in (0, 1), for t.
MASKSCOPE_HOST_DEVICE inline double uniform32(std::uint32_t word) {
    return (static_cast<double>(word) + 0.5) * (1.0 / 4294967296.0);
}

}  // namespace maskscope
