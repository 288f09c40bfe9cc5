// Fused negative log-likelihood and predictive entropy per row of a logits matrix, the inner loop
// of the model-based density sources (model:surprisal, model:entropy).
//
// For a row l of V logits and its target token y:
//   lse     = log sum_j exp(l_j)
//   NLL     = lse - l_y
//   entropy = lse - sum_j softmax(l)_j l_j
// Both come out of ONE pass over the logits with an online maximum m and the running sums
//   S = sum_j exp(l_j - m),   T = sum_j exp(l_j - m) (l_j - m)
// (rescaled whenever m grows), so that NLL = log S - (l_y - m) and entropy = log S - T / S;
// probabilities are never materialised and the pass is bound by reading the logits once.
// Centring on m keeps logits of magnitude 1e4 exact where lse - sum p l would cancel.
//
// Three implementations with one contract:
//   nllEntropyReference  plain C++, double precision, separate passes (max, sum, sum p (l - m)):
//                        the oracle
//   nllEntropyCpu        plain C++, the online algorithm over 8 KB chunks (each read once from memory,
//                        twice from L1: its maximum, then its sums), float lanes, double chunk totals
//   nllEntropyCuda       CUDA kernel on device pointers (nll_entropy.cu); only in builds with CUDA
// Targets: y < 0 marks an ignored row (PyTorch's ignore_index convention): NLL = 0, whatever the
// logits. A target y >= V is invalid: NLL = NaN (a kernel cannot throw; the CPU paths do the same,
// for one contract).
// The entropy does not depend on y and is always computed. A target whose logit is -inf has
// probability 0: NLL = +inf.
// NaN or +inf logits give NaN results; -inf logits are tokens of probability 0 (a row of only
// -inf has no distribution: NaN).
// Tolerances against the double reference, |error| <= tol max(1, |reference|), reasoned in
// tests/gpu/test_gpu_kernels.cpp and checked there and in gpu_check.cpp: CPU path 1e-6, CUDA 1e-4.
#pragma once

#include <cstdint>

namespace maskscope::kernels {

// How the logits are stored: float32, or bfloat16 as its raw 16 bits (the upper half of a float32).
enum class LogitsType { Float32, BFloat16 };

// A [rows, vocab] matrix whose row r starts at element r * rowStride (rowStride >= vocab).
// `data` is host memory for the CPU functions and device memory for the CUDA one.
struct LogitsView {
    const void* data = nullptr;
    LogitsType type = LogitsType::Float32;
    std::int64_t rows = 0;
    std::int64_t vocab = 0;
    std::int64_t rowStride = 0;  // 0: vocab (dense)
};

// bfloat16 bits <-> float (round to nearest even, NaN kept a NaN).
float bfloat16ToFloat(std::uint16_t bits);
std::uint16_t floatToBFloat16(float value);

// Throws UsageError on a malformed view (negative sizes, vocab = 0 with rows, rowStride < vocab).
void validate(const LogitsView& logits);

// One entry per row in `nll` and `entropy`; `targets` has `rows` entries.
void nllEntropyReference(const LogitsView& logits, const std::int64_t* targets, double* nll, double* entropy);
void nllEntropyCpu(const LogitsView& logits, const std::int64_t* targets, float* nll, float* entropy);

// The CUDA kernel: every pointer is device memory; runs asynchronously on `stream` (a cudaStream_t,
// nullptr for the legacy default stream). threadsPerRow: 0 picks by shape; 32 (one warp per row),
// 256 or 1024 (one block per row) force a variant (gpu-check times each). Throws
// std::runtime_error on a launch error, UsageError when the build has no CUDA kernels.
void nllEntropyCuda(const LogitsView& logits, const std::int64_t* targets, float* nll, float* entropy,
                    void* stream = nullptr, int threadsPerRow = 0);
// The variant nllEntropyCuda picks for a shape on the current device (32, 256 or 1024).
int nllEntropyThreadsPerRow(std::int64_t rows, std::int64_t vocab);

}  // namespace maskscope::kernels
