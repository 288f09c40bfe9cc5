// The fused NLL + entropy kernel of nll_entropy.h on raw device pointers.
//
// Each row is reduced by a group of ThreadsPerRow threads (32: a warp per row, for small
// vocabularies; 256 or 1024: a block per row). Every thread streams its share of the row with
// 16-byte loads (4 floats or 8 bfloat16), 4 or 2 loads in flight before the first use, evict-first
// (__ldcs: the logits are read once), and keeps the online state (m, S, T) in float registers. A
// row that does not start on a 16-byte boundary (an odd vocabulary, a strided view) is read with
// scalar loads up to the boundary and after the last whole vector. The group then merges its
// states with warp shuffles and, across warps, through shared memory. Per element: one subtract,
// one exp (MUFU.EX2), an add, a clamp and a multiply-add: the kernel is bound by memory bandwidth.
#include "core/error.h"
#include "gpu/kernels/cuda_check.h"
#include "gpu/kernels/nll_entropy.h"

#include <cfloat>
#include <climits>
#include <cstdint>

namespace maskscope::kernels {

namespace {

// The online state: maximum m, S = sum exp(l - m), T = sum exp(l - m) (l - m). m starts at
// -FLT_MAX rather than -inf so that l - m is never inf - inf; S = 0 means "nothing yet".
struct Online {
    float m;
    float s;
    float t;
};

__device__ __forceinline__ Online emptyOnline() { return {-FLT_MAX, 0.0f, 0.0f}; }

// exp(x) as one MUFU.EX2 (what __expf does under -use_fast_math): 2^(x log2 e), ~2 ulp, results
// below 2^-126 flushed to 0, which spares the denormal fix-up that plain __expf compiles to.
__device__ __forceinline__ float fastExp(float x) {
    float y;
    asm("ex2.approx.ftz.f32 %0, %1;" : "=f"(y) : "f"(x * 1.44269504088896341f));
    return y;
}

// Adds K logits: raises m to their maximum first (rescaling S and T once), then accumulates.
// -inf logits give e = 0 and contribute nothing; NaN logits make S NaN.
template <int K>
__device__ __forceinline__ void accumulate(Online& state, const float (&x)[K]) {
    float chunkMax = x[0];
#pragma unroll
    for (int k = 1; k < K; ++k) chunkMax = fmaxf(chunkMax, x[k]);
    if (chunkMax > state.m) {
        if (state.s > 0.0f) {
            const float d = state.m - chunkMax;
            const float e = fastExp(d);
            state.t = e * (state.t + d * state.s);
            state.s *= e;
        }
        state.m = chunkMax;
    }
#pragma unroll
    for (int k = 0; k < K; ++k) {
        const float d = x[k] - state.m;
        const float e = fastExp(d);  // 0 below d = -87.3
        state.s += e;
        // The clamp changes nothing where e > 0 and keeps 0 * d at 0 for d = -inf (one FMNMX
        // instead of a compare and select).
        state.t = fmaf(e, fmaxf(d, -128.0f), state.t);
    }
}

__device__ __forceinline__ Online merge(const Online& a, const Online& b) {
    if (b.s == 0.0f) return a;
    if (a.s == 0.0f) return b;
    const float m = fmaxf(a.m, b.m);
    const float da = a.m - m, db = b.m - m;
    const float ea = fastExp(da), eb = fastExp(db);
    return {m, ea * a.s + eb * b.s, ea * (a.t + da * a.s) + eb * (b.t + db * b.s)};
}

// Loads of one storage type: a 16-byte vector of K values, and single values.
template <typename Storage>
struct Elements;

template <>
struct Elements<float> {
    static constexpr int K = 4;
    static constexpr int kUnroll = 4;  // 64 bytes in flight per thread
    using Vector = float4;
    __device__ static void unpack(const float4& v, float (&x)[4]) {
        x[0] = v.x;
        x[1] = v.y;
        x[2] = v.z;
        x[3] = v.w;
    }
    __device__ static float streamed(const float* p) { return __ldcs(p); }
    __device__ static float cached(const float* p) { return *p; }
};

// bfloat16 is the upper half of a float32: widening is a shift (low element of a word first).
template <>
struct Elements<std::uint16_t> {
    static constexpr int K = 8;
    static constexpr int kUnroll = 2;  // 32 bytes per thread: 49 KB per multiprocessor, and no spills
    using Vector = uint4;
    __device__ static void unpackWord(unsigned int word, float& low, float& high) {
        low = __uint_as_float(word << 16);
        high = __uint_as_float(word & 0xffff0000u);
    }
    __device__ static void unpack(const uint4& v, float (&x)[8]) {
        unpackWord(v.x, x[0], x[1]);
        unpackWord(v.y, x[2], x[3]);
        unpackWord(v.z, x[4], x[5]);
        unpackWord(v.w, x[6], x[7]);
    }
    __device__ static float streamed(const std::uint16_t* p) {
        return __uint_as_float(static_cast<unsigned int>(__ldcs(reinterpret_cast<const unsigned short*>(p))) << 16);
    }
    __device__ static float cached(const std::uint16_t* p) { return __uint_as_float(static_cast<unsigned int>(*p) << 16); }
};

// At least 1536 resident threads per multiprocessor (a 42-register cap for 256-thread blocks,
// which the kernel fits without spilling; 2048 would force 32 registers and spills).
template <typename Storage, int ThreadsPerRow, int BlockThreads>
__global__ void __launch_bounds__(BlockThreads, 1536 / BlockThreads)
    nllEntropyKernel(const Storage* __restrict__ logits, std::int64_t rows, std::int64_t vocab, std::int64_t rowStride,
                     const std::int64_t* __restrict__ targets, float* __restrict__ nll, float* __restrict__ entropy) {
    using E = Elements<Storage>;
    constexpr int K = E::K;
    constexpr int kUnroll = E::kUnroll;
    constexpr int kRowsPerBlock = BlockThreads / ThreadsPerRow;
    constexpr int kWarpsPerRow = ThreadsPerRow / 32;
    static_assert(ThreadsPerRow % 32 == 0 && BlockThreads % ThreadsPerRow == 0, "whole warps per row");

    const int lane = static_cast<int>(threadIdx.x) % ThreadsPerRow;
    const std::int64_t row = static_cast<std::int64_t>(blockIdx.x) * kRowsPerBlock + threadIdx.x / ThreadsPerRow;
    const bool active = row < rows;  // inactive threads still take part in the shuffles and barrier
    const Storage* rowData = logits + (active ? row : 0) * rowStride;

    Online state = emptyOnline();
    if (active) {
        const auto address = reinterpret_cast<std::uintptr_t>(rowData);
        const std::int64_t head =
            min(vocab, static_cast<std::int64_t>(((16 - (address & 15)) & 15) / sizeof(Storage)));
        for (std::int64_t j = lane; j < head; j += ThreadsPerRow) {
            const float x[1] = {E::streamed(rowData + j)};
            accumulate(state, x);
        }
        const std::int64_t vectors = (vocab - head) / K;
        const auto* body = reinterpret_cast<const typename E::Vector*>(rowData + head);
        std::int64_t v = lane;
        for (; v + (kUnroll - 1) * ThreadsPerRow < vectors; v += kUnroll * ThreadsPerRow) {
            typename E::Vector loaded[kUnroll];
#pragma unroll
            for (int u = 0; u < kUnroll; ++u) loaded[u] = __ldcs(body + v + u * ThreadsPerRow);
#pragma unroll
            for (int u = 0; u < kUnroll; ++u) {
                float x[K];
                E::unpack(loaded[u], x);
                accumulate(state, x);
            }
        }
        for (; v < vectors; v += ThreadsPerRow) {
            float x[K];
            E::unpack(__ldcs(body + v), x);
            accumulate(state, x);
        }
        for (std::int64_t j = head + vectors * K + lane; j < vocab; j += ThreadsPerRow) {
            const float x[1] = {E::streamed(rowData + j)};
            accumulate(state, x);
        }
    }

#pragma unroll
    for (int offset = 16; offset > 0; offset /= 2) {
        const Online other{__shfl_xor_sync(0xffffffffu, state.m, offset), __shfl_xor_sync(0xffffffffu, state.s, offset),
                           __shfl_xor_sync(0xffffffffu, state.t, offset)};
        state = merge(state, other);
    }
    if constexpr (kWarpsPerRow > 1) {
        __shared__ Online partial[BlockThreads / 32];
        const int warp = static_cast<int>(threadIdx.x) / 32;
        if (threadIdx.x % 32 == 0) partial[warp] = state;
        __syncthreads();
        if (lane == 0)
            for (int w = 1; w < kWarpsPerRow; ++w) state = merge(state, partial[warp + w]);
    }
    if (!active || lane != 0) return;

    const float logS = logf(state.s);
    entropy[row] = logS - state.t / state.s;
    const std::int64_t y = targets[row];
    float value;
    if (y < 0) value = 0.0f;
    else if (y >= vocab) value = __int_as_float(0x7fc00000);  // NaN: invalid target
    else value = logS - (E::cached(rowData + y) - state.m);
    nll[row] = value;
}

template <typename Storage>
void launch(const LogitsView& view, const std::int64_t* targets, float* nll, float* entropy, cudaStream_t stream,
            int threadsPerRow) {
    const auto* data = static_cast<const Storage*>(view.data);
    const std::int64_t stride = view.rowStride > 0 ? view.rowStride : view.vocab;
    const auto blocks = [&](int rowsPerBlock) {
        return static_cast<unsigned int>((view.rows + rowsPerBlock - 1) / rowsPerBlock);
    };
    switch (threadsPerRow) {
    case 32:
        nllEntropyKernel<Storage, 32, 256>
            <<<blocks(8), 256, 0, stream>>>(data, view.rows, view.vocab, stride, targets, nll, entropy);
        break;
    case 256:
        nllEntropyKernel<Storage, 256, 256>
            <<<blocks(1), 256, 0, stream>>>(data, view.rows, view.vocab, stride, targets, nll, entropy);
        break;
    case 1024:
        nllEntropyKernel<Storage, 1024, 1024>
            <<<blocks(1), 1024, 0, stream>>>(data, view.rows, view.vocab, stride, targets, nll, entropy);
        break;
    default:
        throw UsageError("nllEntropyCuda: threads per row must be 0 (automatic), 32, 256 or 1024, got " +
                         std::to_string(threadsPerRow));
    }
    detail::checkLaunch("nllEntropyKernel");
}

}  // namespace

int nllEntropyThreadsPerRow(std::int64_t rows, std::int64_t vocab) {
    if (vocab <= 2048) return 32;
    int device = 0, multiprocessors = 0;
    detail::checkCuda(cudaGetDevice(&device), "cudaGetDevice");
    detail::checkCuda(cudaDeviceGetAttribute(&multiprocessors, cudaDevAttrMultiProcessorCount, device),
                      "cudaDeviceGetAttribute");
    // A 256-thread block per row keeps 8 rows per multiprocessor in flight; with fewer rows than
    // that, long rows get 1024 threads each so that the device still has enough loads in flight.
    if (rows < 4 * static_cast<std::int64_t>(multiprocessors) && vocab >= 16384) return 1024;
    return 256;
}

void nllEntropyCuda(const LogitsView& logits, const std::int64_t* targets, float* nll, float* entropy, void* stream,
                    int threadsPerRow) {
    validate(logits);
    if (logits.rows == 0) return;
    if (logits.rows > INT_MAX) throw UsageError("nllEntropyCuda: more than 2^31 - 1 rows in one call");
    if (threadsPerRow == 0) threadsPerRow = nllEntropyThreadsPerRow(logits.rows, logits.vocab);
    const auto cudaStream = static_cast<cudaStream_t>(stream);
    if (logits.type == LogitsType::Float32) launch<float>(logits, targets, nll, entropy, cudaStream, threadsPerRow);
    else launch<std::uint16_t>(logits, targets, nll, entropy, cudaStream, threadsPerRow);
}

}  // namespace maskscope::kernels
