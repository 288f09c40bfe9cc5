// LibTorch glue of the kernels: tensors in, tensors out, on the tensors' device.
//
// CPU tensors run the CPU paths (rows spread over at::parallel_for). CUDA tensors run the CUDA
// kernels on the current CUDA stream when this build has them (a LibTorch with CUDA and nvcc at
// configure time: MASKSCOPE_TORCH_CUDA_GLUE); a CUDA LibTorch built without nvcc falls back to
// plain LibTorch operations (log_softmax + gather) for NLL/entropy and to the CPU sampler for masks.
// Debian's LibTorch is CPU-only: there, only the CPU paths exist.
#pragma once

#include "core/mask_sampler.h"

#include <torch/types.h>

#include <cstdint>

namespace maskscope::kernels {

// Whether CUDA tensors go through the CUDA kernels in this build.
bool torchCudaKernelsEnabled();

struct NllEntropyTensors {
    torch::Tensor nll;      // [...] float32 (logits' leading shape)
    torch::Tensor entropy;  // [...] float32
};

// logits [..., V] float32 or bfloat16 (other floating types are converted to float32), targets [...]
// int64 (< 0: ignored, NLL 0). Semantics and tolerances: nll_entropy.h. Not differentiable.
NllEntropyTensors fusedNllEntropy(const torch::Tensor& logits, const torch::Tensor& targets);

// A packed batch (mask_batch.h) as tensors on one device.
struct MaskBatchTensors {
    torch::Tensor offsets;     // [R + 1] int64
    torch::Tensor maskable;    // [T] uint8 or bool
    torch::Tensor hub;         // [T] uint8 or bool
    torch::Tensor recordKeys;  // [R] int64 holding the uint64 keys' bits
    torch::Tensor processed;   // [R] uint8 or bool; undefined: all processed
    torch::Tensor t;           // [R] float64; undefined: drawn from the policy
    torch::Tensor p;           // [T] float32; required for soft weighting (softProbabilities)
    torch::Tensor pSecond;     // [T] float32; soft weighting in the reweighted mode
};

struct MaskBatchTensorsOut {
    torch::Tensor t;          // [R] float64
    torch::Tensor p;          // [T] float32
    torch::Tensor pSecond;    // [T] float32
    torch::Tensor logical;    // [T] uint8, 1 = masked
    torch::Tensor syntactic;  // [T] uint8, 1 = masked
};

MaskBatchTensorsOut sampleMasks(const MaskPolicy& policy, std::uint32_t step, const MaskBatchTensors& batch);

}  // namespace maskscope::kernels
