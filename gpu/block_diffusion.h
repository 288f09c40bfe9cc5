// Block diffusion (BD3-LM style, as dFactory / LLaDA2 train; method.md section 5).
//
// The model sees the noisy sequence x_t and the clean sequence x_0 side by side, [x_t | x_0], of
// length 2L, split into blocks of `blockSize` tokens (the last block may be shorter). With b(i) the
// block of position i within its half, query q may attend to key k when
//   q in x_t, k in x_t:  b(k) == b(q)   bidirectional inside the same noisy block
//   q in x_t, k in x_0:  b(k) <  b(q)   a noisy block sees the strictly earlier clean blocks
//   q in x_0, k in x_0:  b(k) <= b(q)   block-causal among the clean blocks
//   q in x_0, k in x_t:  never          the clean half never sees noise
// so block j is denoised given the clean blocks before it, exactly the situation of block-by-block
// generation. Both halves use positions 0..L-1 (the x_0 half repeats those of x_t), and the loss
// uses the logits of the x_t half only.
#pragma once

#include "model.h"

#include <cstdint>

namespace maskscope {

inline constexpr std::int64_t kDefaultBlockSize = 32;

// bool [2L, 2L]: true where query (row) may attend to key (column). Throws UsageError for
// length < 1 or blockSize < 1.
torch::Tensor blockDiffusionAttentionMask(std::int64_t length, std::int64_t blockSize,
                                          torch::Device device = torch::kCPU);

// int64 [2L]: 0..L-1 twice.
torch::Tensor blockDiffusionPositionIds(std::int64_t length, torch::Device device = torch::kCPU);

// [B, L] noisy and [B, L] clean int64 -> [B, 2L] = [x_t | x_0]. Throws UsageError on a mismatch.
torch::Tensor blockDiffusionInput(const torch::Tensor& noisy, const torch::Tensor& clean);

// Runs the model on [x_t | x_0] with the block mask and positions above; returns logits
// [B, L, V] of the x_t half (the head is evaluated on that half only). Captured attentions, when
// asked for, cover the whole input: per layer [B, H, 2L, 2L].
ModelOutput blockDiffusionForward(DiffusionTransformer& model, const torch::Tensor& noisy, const torch::Tensor& clean,
                                  std::int64_t blockSize, bool captureAttention = false);

}  // namespace maskscope
