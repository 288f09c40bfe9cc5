// kernels_torch.h. The CUDA branches compile only with MASKSCOPE_TORCH_CUDA_GLUE (set by
// gpu/kernels/CMakeLists.txt when the LibTorch in use has CUDA and the CUDA kernels are built).
#include "gpu/kernels/kernels_torch.h"

#include "core/error.h"
#include "gpu/kernels/mask_batch.h"
#include "gpu/kernels/nll_entropy.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#if defined(MASKSCOPE_TORCH_CUDA_GLUE)
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#endif

#include <algorithm>
#include <limits>
#include <string>

namespace maskscope::kernels {

namespace {

// [rows, V] with unit stride along V and rows that do not overlap.
torch::Tensor asRows(const torch::Tensor& logits) {
    auto rows = logits.reshape({-1, logits.size(-1)});
    if (rows.stride(1) != 1 || (rows.size(0) > 1 && rows.stride(0) < rows.size(1))) rows = rows.contiguous();
    return rows;
}

LogitsView viewOf(const torch::Tensor& rows) {
    LogitsView view;
    view.data = rows.data_ptr();
    view.type = rows.scalar_type() == torch::kBFloat16 ? LogitsType::BFloat16 : LogitsType::Float32;
    view.rows = rows.size(0);
    view.vocab = rows.size(1);
    view.rowStride = rows.size(0) > 1 ? rows.stride(0) : rows.size(1);
    return view;
}

NllEntropyTensors torchNllEntropy(const torch::Tensor& rows, const torch::Tensor& targets) {
    const auto logProbabilities = torch::log_softmax(rows.to(torch::kFloat32), -1);  // [N, V]
    const auto ignored = targets < 0;
    const auto invalid = targets >= rows.size(1);
    const auto safe = targets.clamp(0, rows.size(1) - 1).unsqueeze(1);
    const auto gathered = logProbabilities.gather(1, safe).squeeze(1);
    auto nll = torch::where(ignored, torch::zeros_like(gathered), -gathered);
    nll = torch::where(invalid, torch::full_like(nll, std::numeric_limits<float>::quiet_NaN()), nll);
    const auto probabilities = logProbabilities.exp();
    const auto entropy = -(probabilities * logProbabilities).nan_to_num(0.0, 0.0, 0.0).sum(-1);
    return {nll, entropy};
}

torch::Tensor bytes(const torch::Tensor& tensor, const char* what) {
    if (!tensor.defined()) throw UsageError(std::string("sampleMasks: ") + what + " is missing");
    return tensor.to(torch::kUInt8).contiguous();
}

torch::Tensor optionalAs(const torch::Tensor& tensor, torch::ScalarType type) {
    return tensor.defined() ? tensor.to(type).contiguous() : tensor;
}

template <typename T>
const T* pointerOrNull(const torch::Tensor& tensor) {
    return tensor.defined() ? tensor.data_ptr<T>() : nullptr;
}

}  // namespace

bool torchCudaKernelsEnabled() {
#if defined(MASKSCOPE_TORCH_CUDA_GLUE)
    return true;
#else
    return false;
#endif
}

NllEntropyTensors fusedNllEntropy(const torch::Tensor& logits, const torch::Tensor& targets) {
    if (logits.dim() < 1 || logits.size(-1) == 0) throw UsageError("fusedNllEntropy: logits need a last dimension V > 0");
    if (targets.numel() * logits.size(-1) != logits.numel())
        throw UsageError("fusedNllEntropy: " + std::to_string(targets.numel()) + " targets for " +
                         std::to_string(logits.numel() / logits.size(-1)) + " rows of logits");
    auto leading = logits.sizes().vec();
    leading.pop_back();
    auto rows = logits.scalar_type() == torch::kBFloat16 ? logits : logits.to(torch::kFloat32);
    rows = asRows(rows);
    const auto flatTargets = targets.reshape({-1}).to(rows.device(), torch::kInt64).contiguous();
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(rows.device());
    auto nll = torch::empty({rows.size(0)}, options);
    auto entropy = torch::empty({rows.size(0)}, options);

    if (rows.is_cuda()) {
#if defined(MASKSCOPE_TORCH_CUDA_GLUE)
        const c10::cuda::CUDAGuard guard(rows.device());
        nllEntropyCuda(viewOf(rows), flatTargets.data_ptr<std::int64_t>(), nll.data_ptr<float>(),
                       entropy.data_ptr<float>(), c10::cuda::getCurrentCUDAStream().stream());
#else
        const auto fallback = torchNllEntropy(rows, flatTargets);
        nll = fallback.nll;
        entropy = fallback.entropy;
#endif
    } else {
        const LogitsView view = viewOf(rows);
        const std::int64_t* targetData = flatTargets.data_ptr<std::int64_t>();
        float* nllData = nll.data_ptr<float>();
        float* entropyData = entropy.data_ptr<float>();
        const std::size_t elementSize = view.type == LogitsType::BFloat16 ? 2 : 4;
        const std::int64_t grain = std::max<std::int64_t>(1, 32768 / view.vocab);
        at::parallel_for(0, view.rows, grain, [&](std::int64_t begin, std::int64_t end) {
            LogitsView part = view;
            part.data = static_cast<const char*>(view.data) + begin * view.rowStride * elementSize;
            part.rows = end - begin;
            nllEntropyCpu(part, targetData + begin, nllData + begin, entropyData + begin);
        });
    }
    return {nll.view(leading), entropy.view(leading)};
}

MaskBatchTensorsOut sampleMasks(const MaskPolicy& policy, std::uint32_t step, const MaskBatchTensors& batch) {
    if (!batch.offsets.defined() || batch.offsets.dim() != 1 || batch.offsets.numel() < 1)
        throw UsageError("sampleMasks: offsets must be a 1-d tensor of records + 1 entries");
    const torch::Device device = batch.offsets.device();
#if !defined(MASKSCOPE_TORCH_CUDA_GLUE)
    if (device.is_cuda()) {
        // No kernels in this build: the CPU sampler gives the same masks; bring them back.
        MaskBatchTensors onCpu;
        const auto toCpu = [](const torch::Tensor& t) { return t.defined() ? t.cpu() : t; };
        onCpu = {toCpu(batch.offsets), toCpu(batch.maskable), toCpu(batch.hub), toCpu(batch.recordKeys),
                 toCpu(batch.processed), toCpu(batch.t), toCpu(batch.p), toCpu(batch.pSecond)};
        const MaskBatchTensorsOut out = sampleMasks(policy, step, onCpu);
        return {out.t.to(device), out.p.to(device), out.pSecond.to(device), out.logical.to(device),
                out.syntactic.to(device)};
    }
#endif
    const auto offsets = batch.offsets.to(torch::kInt64).contiguous();
    const auto maskable = bytes(batch.maskable, "maskable");
    const auto hub = bytes(batch.hub, "hub");
    const auto keys = batch.recordKeys.defined() ? batch.recordKeys.to(torch::kInt64).contiguous() : batch.recordKeys;
    const auto processed = optionalAs(batch.processed, torch::kUInt8);
    const auto t = optionalAs(batch.t, torch::kFloat64);
    const auto p = optionalAs(batch.p, torch::kFloat32);
    const auto pSecond = optionalAs(batch.pSecond, torch::kFloat32);
    const std::int64_t records = offsets.numel() - 1;
    const std::int64_t tokens = maskable.numel();
    if (hub.numel() != tokens || (p.defined() && p.numel() != tokens) || (pSecond.defined() && pSecond.numel() != tokens))
        throw UsageError("sampleMasks: maskable, hub, p and pSecond must have one entry per token");
    if (!keys.defined() || keys.numel() != records || (processed.defined() && processed.numel() != records) ||
        (t.defined() && t.numel() != records))
        throw UsageError("sampleMasks: recordKeys, processed and t must have one entry per record");
    if (!device.is_cuda() && records > 0 && offsets[records].item<std::int64_t>() > tokens)
        throw UsageError("sampleMasks: offsets reach past the token arrays");

    const auto options = torch::TensorOptions().device(device);
    MaskBatchTensorsOut out{torch::empty({records}, options.dtype(torch::kFloat64)),
                            torch::empty({tokens}, options.dtype(torch::kFloat32)),
                            torch::empty({tokens}, options.dtype(torch::kFloat32)),
                            torch::empty({tokens}, options.dtype(torch::kUInt8)),
                            torch::empty({tokens}, options.dtype(torch::kUInt8))};
    MaskBatchView view;
    view.records = records;
    view.offsets = offsets.data_ptr<std::int64_t>();
    view.maskable = maskable.data_ptr<std::uint8_t>();
    view.hub = hub.data_ptr<std::uint8_t>();
    view.recordKeys = reinterpret_cast<const std::uint64_t*>(keys.data_ptr<std::int64_t>());
    view.processed = pointerOrNull<std::uint8_t>(processed);
    view.t = pointerOrNull<double>(t);
    view.p = pointerOrNull<float>(p);
    view.pSecond = pointerOrNull<float>(pSecond);
    const MaskBatchOutput output{out.t.data_ptr<double>(), out.p.data_ptr<float>(), out.pSecond.data_ptr<float>(),
                                 out.logical.data_ptr<std::uint8_t>(), out.syntactic.data_ptr<std::uint8_t>()};
#if defined(MASKSCOPE_TORCH_CUDA_GLUE)
    if (device.is_cuda()) {
        const c10::cuda::CUDAGuard guard(device);
        sampleMasksCuda(policy, step, view, output, c10::cuda::getCurrentCUDAStream().stream());
        return out;
    }
#endif
    sampleMasksCpu(policy, step, view, output);
    return out;
}

}  // namespace maskscope::kernels
