// The batch sampler of mask_batch.h on the device. Compiled with --fmad=false (CMake and
// tests/gpu/gpu_check.sh): the double arithmetic of mask_batch_math.h must round exactly as on
// the host for the masks to be bit-identical.
//
// One block per record (grid-stride over records): the block counts |S| and the hubs K of its
// record (shuffle reduction), thread 0 turns them into t and the class probabilities, and then
// every thread draws one Philox block, i.e. four consecutive tokens, at a time, as
// core's drawBernoulli does token by token.
#include "core/error.h"
#include "gpu/kernels/cuda_check.h"
#include "gpu/kernels/mask_batch_detail.h"

#include <algorithm>

namespace maskscope::kernels {

namespace {

constexpr int kThreads = 128;
constexpr int kWarps = kThreads / 32;

__device__ __forceinline__ unsigned int warpSum(unsigned int value) {
#pragma unroll
    for (int offset = 16; offset > 0; offset /= 2) value += __shfl_xor_sync(0xffffffffu, value, offset);
    return value;
}

__global__ void __launch_bounds__(kThreads)
    sampleMasksKernel(detail::SamplerParams params, MaskBatchView batch, MaskBatchOutput out) {
    // Shared per-record values (plain arrays: __shared__ variables take no initialisers).
    __shared__ unsigned long long warpMaskable[kWarps], warpHubs[kWarps];
    __shared__ float classValues[4];
    __shared__ int classMode;

    const detail::GroupArrays arrays{batch.maskable, batch.hub,   batch.p,     batch.pSecond,
                                     out.p,          out.pSecond, out.logical, out.syntactic};
    const int warp = static_cast<int>(threadIdx.x) / 32;
    for (std::int64_t r = blockIdx.x; r < batch.records; r += gridDim.x) {
        const std::int64_t begin = batch.offsets[r], end = batch.offsets[r + 1];
        unsigned int size = 0, hubs = 0;  // per thread: at most (end - begin) / kThreads + 1
        for (std::int64_t i = begin + threadIdx.x; i < end; i += kThreads) {
            const bool inS = batch.maskable[i] != 0;
            size += inS ? 1u : 0u;
            hubs += (inS && batch.hub[i] != 0) ? 1u : 0u;
        }
        size = warpSum(size);
        hubs = warpSum(hubs);
        if (threadIdx.x % 32 == 0) {
            warpMaskable[warp] = size;
            warpHubs[warp] = hubs;
        }
        __syncthreads();
        const std::uint64_t key = batch.recordKeys[r];
        if (threadIdx.x == 0) {
            std::uint64_t totalSize = 0, totalHubs = 0;
            for (int w = 0; w < kWarps; ++w) {
                totalSize += warpMaskable[w];
                totalHubs += warpHubs[w];
            }
            const double t = batch.t ? batch.t[r] : detail::drawT(params, key);
            const bool processed = batch.processed == nullptr || batch.processed[r] != 0;
            const detail::RecordClasses classes = detail::recordClasses(params, processed, totalSize, totalHubs, t);
            classValues[0] = classes.hub;
            classValues[1] = classes.plain;
            classValues[2] = classes.hubSecond;
            classValues[3] = classes.plainSecond;
            classMode = classes.mode;
            if (out.t) out.t[r] = t;
        }
        __syncthreads();
        detail::RecordClasses classes;
        classes.hub = classValues[0];
        classes.plain = classValues[1];
        classes.hubSecond = classValues[2];
        classes.plainSecond = classValues[3];
        classes.mode = classMode;
        std::uint32_t group = threadIdx.x;
        for (std::int64_t first = begin + 4 * static_cast<std::int64_t>(group); first < end;
             first += 4 * kThreads, group += kThreads)
            detail::sampleGroup(params, classes, key, group, first, static_cast<int>(min(std::int64_t{4}, end - first)),
                                arrays);
        __syncthreads();  // the shared values are rewritten for the next record
    }
}

}  // namespace

void sampleMasksCuda(const MaskPolicy& policy, std::uint32_t step, const MaskBatchView& batch,
                     const MaskBatchOutput& out, void* stream) {
    validate(policy, batch, out);
    if (batch.records == 0) return;
    const detail::SamplerParams params = detail::samplerParams(policy, step);
    const auto blocks = static_cast<unsigned int>(std::min<std::int64_t>(batch.records, 1 << 20));
    sampleMasksKernel<<<blocks, kThreads, 0, static_cast<cudaStream_t>(stream)>>>(params, batch, out);
    detail::checkLaunch("sampleMasksKernel");
}

}  // namespace maskscope::kernels
