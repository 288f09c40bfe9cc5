#include "training_objective.h"

#include "block_diffusion.h"

#include "core/error.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

namespace maskscope {
namespace {

// LibTorch 2.4 replaced the CUDA-only autocast switches by ones that take the device type.
bool autocastEnabled() {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    return at::autocast::is_autocast_enabled(at::kCUDA);
#else
    return at::autocast::is_enabled();
#endif
}

void setAutocast(bool enabled, c10::ScalarType type) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    at::autocast::set_autocast_enabled(at::kCUDA, enabled);
    at::autocast::set_autocast_dtype(at::kCUDA, type);
#else
    at::autocast::set_enabled(enabled);
    at::autocast::set_autocast_gpu_dtype(type);
#endif
}

c10::ScalarType autocastType() {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    return at::autocast::get_autocast_dtype(at::kCUDA);
#else
    return at::autocast::get_autocast_gpu_dtype();
#endif
}

}  // namespace

AutocastScope::AutocastScope(bool enabled) : m_enabled(enabled) {
    if (!m_enabled) return;
    m_previousEnabled = autocastEnabled();
    m_previousType = autocastType();
    setAutocast(true, at::kBFloat16);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope() {
    if (!m_enabled) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    setAutocast(m_previousEnabled, m_previousType);
}

namespace {

// Forward pass over the packed rows: a token attends only to tokens of its own sample (and, under
// block diffusion, by the block rules on the sample's own positions); logits are unpacked back to
// one sample per row.
ModelOutput packedForward(DiffusionTransformer& model, const MicroBatch& batch, const ObjectiveSettings& settings) {
    const auto& sample = batch.packedSample;  // [P, Lp]
    const std::int64_t rows = sample.size(0);
    const std::int64_t length = sample.size(1);
    const auto device = sample.device();
    ForwardOptions options;
    torch::Tensor input;  // [P, Lp] or [P, 2Lp]
    if (settings.layout == TrainLayout::Full) {
        const auto same = (sample.unsqueeze(2) == sample.unsqueeze(1)) & (sample.unsqueeze(1) >= 0);  // [P, Lp, Lp]
        const auto self = torch::eye(length, torch::TensorOptions().dtype(torch::kBool).device(device));
        options.attentionMask = (same | self).unsqueeze(1);  // [P, 1, Lp, Lp]
        options.positionIds = batch.packedPositions;         // [P, Lp]
        input = batch.packedNoisy;
    } else {
        const auto sample2 = torch::cat({sample, sample}, 1);                                    // [P, 2Lp]
        const auto block = torch::floor_divide(torch::cat({batch.packedPositions, batch.packedPositions}, 1),
                                               settings.blockSize);                               // [P, 2Lp]
        const auto clean = torch::arange(2 * length, torch::TensorOptions().dtype(torch::kInt64).device(device)) >= length;  // [2Lp]
        const auto queryClean = clean.view({1, 2 * length, 1});
        const auto keyClean = clean.view({1, 1, 2 * length});
        const auto queryBlock = block.unsqueeze(2);  // [P, 2Lp, 1]
        const auto keyBlock = block.unsqueeze(1);    // [P, 1, 2Lp]
        const auto rule = (~queryClean & ~keyClean & (keyBlock == queryBlock)) |
                          (~queryClean & keyClean & (keyBlock < queryBlock)) |
                          (queryClean & keyClean & (keyBlock <= queryBlock));                     // [P, 2Lp, 2Lp]
        const auto same = (sample2.unsqueeze(2) == sample2.unsqueeze(1)) & (sample2.unsqueeze(1) >= 0);
        const auto self = torch::eye(2 * length, torch::TensorOptions().dtype(torch::kBool).device(device));
        options.attentionMask = ((same & rule) | self).unsqueeze(1);  // [P, 1, 2Lp, 2Lp]
        options.positionIds = torch::cat({batch.packedPositions, batch.packedPositions}, 1);  // [P, 2Lp]
        options.logitsLength = length;
        input = torch::cat({batch.packedNoisy, batch.packedClean}, 1);
    }
    ModelOutput output = model->forward(input, options);  // logits [P, Lp, V]
    const std::int64_t vocab = output.logits.size(2);
    output.logits = output.logits.reshape({rows * length, vocab})
                        .index_select(0, batch.unpackIndex.view({-1}))
                        .view({batch.unpackIndex.size(0), batch.unpackIndex.size(1), vocab});  // [2r, L, V]
    return output;
}

}  // namespace

ModelOutput layoutForward(DiffusionTransformer& model, const MicroBatch& batch, const ObjectiveSettings& settings,
                          bool captureAttention) {
    const std::int64_t rows = batch.noisy.size(0);
    const std::int64_t length = batch.noisy.size(1);
    if (batch.packedSample.defined() && !captureAttention) return packedForward(model, batch, settings);
    if (settings.layout == TrainLayout::Full) {
        ForwardOptions options;
        options.captureAttention = captureAttention;
        if (batch.valid.defined())
            options.attentionMask = batch.valid.view({rows, 1, 1, length}).expand({rows, 1, length, length});  // [R, 1, L, L]
        return model->forward(batch.noisy, options);
    }
    if (!batch.valid.defined())
        return blockDiffusionForward(model, batch.noisy, batch.clean, settings.blockSize, captureAttention);

    const auto device = batch.noisy.device();
    const auto block = blockDiffusionAttentionMask(length, settings.blockSize, device);         // [2L, 2L]
    const auto keyValid = torch::cat({batch.valid, batch.valid}, 1).view({rows, 1, 2 * length}); // [R, 1, 2L]
    const auto self = torch::eye(2 * length, torch::TensorOptions().dtype(torch::kBool).device(device));  // [2L, 2L]
    ForwardOptions options;
    options.attentionMask = ((block.unsqueeze(0) & keyValid) | self.unsqueeze(0)).unsqueeze(1);  // [R, 1, 2L, 2L]
    options.positionIds = blockDiffusionPositionIds(length, device);                             // [2L]
    options.logitsLength = length;
    options.captureAttention = captureAttention;
    if (length > model->config().maxPositionEmbeddings)
        throw UsageError("block diffusion: sequence length " + std::to_string(length) +
                         " exceeds the model's context of " + std::to_string(model->config().maxPositionEmbeddings) +
                         " positions");
    return model->forward(blockDiffusionInput(batch.noisy, batch.clean), options);  // logits [R, L, V]
}

ObjectiveResult microBatchObjective(DiffusionTransformer& model, const MicroBatch& batch,
                                    const ObjectiveSettings& settings, std::int64_t globalRows,
                                    std::int64_t globalMaskedTokens) {
    torch::Tensor logits;  // [2r, L, V]
    {
        AutocastScope autocast(batch.noisy.is_cuda());
        logits = layoutForward(model, batch, settings).logits;
    }
    const std::int64_t r = batch.records;
    const auto half = [&](const torch::Tensor& tensor, int sample) { return tensor.narrow(0, sample * r, r); };
    DiffusionLossResult parts[2];
    for (int sample = 0; sample < 2; ++sample) {
        DiffusionLossInput input;
        input.logits = half(logits, sample);      // [r, L, V]
        input.targets = half(batch.clean, sample);
        input.masked = half(batch.masked, sample);
        input.maskRatio = half(batch.ratio, sample);
        input.responseMask = half(batch.response, sample);
        input.hub = half(batch.hub, sample);
        parts[sample] = diffusionLoss(input, settings.weighting);
    }

    ObjectiveResult result;
    if (settings.weighting == LossWeighting::Elbo) {
        // Each part is the mean over its r rows; the step objective is the mean over 2G rows.
        const double share = static_cast<double>(r) / static_cast<double>(std::max<std::int64_t>(globalRows, 1));
        result.loss = (parts[0].loss + parts[1].loss) * share;
    } else {
        // Each part is the mean over its masked tokens; the step objective is the mean over N.
        const double scale = 1.0 / static_cast<double>(std::max<std::int64_t>(globalMaskedTokens, 1));
        result.loss = (parts[0].loss * parts[0].maskedCount.to(torch::kFloat32) +
                       parts[1].loss * parts[1].maskedCount.to(torch::kFloat32)) * scale;
    }

    const auto asDouble = [](const torch::Tensor& tensor) { return tensor.to(torch::kFloat64); };
    const auto sumOf = [&](int sample) {
        return asDouble(parts[sample].strata.hubSum) + asDouble(parts[sample].strata.nonHubSum);
    };
    result.sums = torch::stack({sumOf(0), asDouble(parts[0].maskedCount), sumOf(1), asDouble(parts[1].maskedCount),
                                asDouble(parts[0].strata.hubSum) + asDouble(parts[1].strata.hubSum),
                                asDouble(parts[0].strata.hubCount) + asDouble(parts[1].strata.hubCount),
                                asDouble(parts[0].strata.nonHubSum) + asDouble(parts[1].strata.nonHubSum),
                                asDouble(parts[0].strata.nonHubCount) + asDouble(parts[1].strata.nonHubCount),
                                asDouble(result.loss.detach())});  // [kSize]
    return result;
}

}  // namespace maskscope
