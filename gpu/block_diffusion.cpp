#include "block_diffusion.h"

#include "core/error.h"

#include <torch/torch.h>

#include <sstream>

namespace maskscope {

torch::Tensor blockDiffusionAttentionMask(std::int64_t length, std::int64_t blockSize, torch::Device device) {
    if (length < 1) throw UsageError("block diffusion: sequence length must be at least 1");
    if (blockSize < 1) throw UsageError("block diffusion: block size must be at least 1");
    const auto index = torch::arange(2 * length, torch::TensorOptions().dtype(torch::kInt64).device(device));  // [2L]
    const auto isClean = index >= length;                                                  // [2L]
    const auto block = torch::floor_divide(torch::remainder(index, length), blockSize);    // [2L]

    const auto queryClean = isClean.unsqueeze(1);   // [2L, 1]
    const auto keyClean = isClean.unsqueeze(0);     // [1, 2L]
    const auto queryBlock = block.unsqueeze(1);     // [2L, 1]
    const auto keyBlock = block.unsqueeze(0);       // [1, 2L]

    const auto noisyToNoisy = ~queryClean & ~keyClean & (keyBlock == queryBlock);
    const auto noisyToClean = ~queryClean & keyClean & (keyBlock < queryBlock);
    const auto cleanToClean = queryClean & keyClean & (keyBlock <= queryBlock);
    return noisyToNoisy | noisyToClean | cleanToClean;  // [2L, 2L]
}

torch::Tensor blockDiffusionPositionIds(std::int64_t length, torch::Device device) {
    const auto half = torch::arange(length, torch::TensorOptions().dtype(torch::kInt64).device(device));  // [L]
    return torch::cat({half, half});                                                                     // [2L]
}

torch::Tensor blockDiffusionInput(const torch::Tensor& noisy, const torch::Tensor& clean) {
    if (noisy.dim() != 2 || !noisy.sizes().equals(clean.sizes()) || noisy.scalar_type() != torch::kInt64 ||
        clean.scalar_type() != torch::kInt64) {
        std::ostringstream message;
        message << "block diffusion: noisy and clean tokens must both be int64 [B, L], got "
                << c10::toString(noisy.scalar_type()) << ' ' << noisy.sizes() << " and "
                << c10::toString(clean.scalar_type()) << ' ' << clean.sizes();
        throw UsageError(message.str());
    }
    return torch::cat({noisy, clean}, 1);  // [B, 2L]
}

ModelOutput blockDiffusionForward(DiffusionTransformer& model, const torch::Tensor& noisy, const torch::Tensor& clean,
                                  std::int64_t blockSize, bool captureAttention) {
    const auto input = blockDiffusionInput(noisy, clean);  // [B, 2L]
    const std::int64_t length = noisy.size(1);
    if (length > model->config().maxPositionEmbeddings)
        throw UsageError("block diffusion: sequence length " + std::to_string(length) + " exceeds the model's context of " +
                         std::to_string(model->config().maxPositionEmbeddings) + " positions");
    ForwardOptions options;
    options.attentionMask = blockDiffusionAttentionMask(length, blockSize, noisy.device());  // [2L, 2L]
    options.positionIds = blockDiffusionPositionIds(length, noisy.device());                  // [2L]
    options.logitsLength = length;
    options.captureAttention = captureAttention;
    return model->forward(input, options);  // logits [B, L, V]
}

}  // namespace maskscope
