// The training objective of one micro-batch: the layout's forward pass (full-sequence or block
// diffusion, with padding), the masked diffusion loss (gpu/diffusion_loss.h) of the logical and
// the syntactic rows, and the detached sums the trainer logs.
//
// Normalisation: the objective of a step is the loss of its whole global batch, whatever the
// split into micro-batches and ranks:
//   ELBO  (1 / 2G) * sum over the 2G rows of the step of (1/|R_b|) sum_{i masked} CE_i / t_b
//   mean  (1 / N)  * sum over the N masked tokens of the step of CE_i
// so a micro-batch contributes its ELBO mean times (its rows / 2G), or its masked-token mean times
// (its masked tokens / N). Summing the micro-batches' gradients (and, with data parallelism, the
// ranks') gives the gradient of the step's objective.
//
// Padding: rows are padded at the end; the key-padding mask stops every query from attending to
// padding. Under block diffusion it is ANDed into the [2L, 2L] block mask, and each position may
// also attend to itself, so that a padded query (whose block may hold no real key) keeps one key
// and its softmax row stays finite; padded positions are never supervised and no real position
// attends to them, so this changes nothing else.
#pragma once

#include "batch_builder.h"
#include "diffusion_loss.h"
#include "model.h"
#include "core/train_config.h"

#include <torch/types.h>

namespace maskscope {

struct ObjectiveSettings {
    TrainLayout layout = TrainLayout::Full;
    std::int64_t blockSize = 32;
    LossWeighting weighting = LossWeighting::Elbo;
};

// Detached sums of plain (unweighted) cross-entropy, as one float64 tensor so that a step
// synchronises with the device once: index with the constants below.
struct ObjectiveSums {
    static constexpr int kLogicalSum = 0, kLogicalCount = 1, kSyntacticSum = 2, kSyntacticCount = 3, kHubSum = 4,
                         kHubCount = 5, kNonHubSum = 6, kNonHubCount = 7, kObjective = 8, kSize = 9;
};

struct ObjectiveResult {
    torch::Tensor loss;  // 0-dim float32, differentiable: this micro-batch's share of the step objective
    torch::Tensor sums;  // [ObjectiveSums::kSize] float64, detached (kObjective: loss's value)
};

// Logits [2r, L, V] of the x_t rows for the configured layout (see the header comment).
ModelOutput layoutForward(DiffusionTransformer& model, const MicroBatch& batch, const ObjectiveSettings& settings,
                          bool captureAttention = false);

// `globalRows` and `globalMaskedTokens` are the step's totals (StepBatch); for a stand-alone batch
// (evaluation) pass its own rows and masked tokens.
ObjectiveResult microBatchObjective(DiffusionTransformer& model, const MicroBatch& batch,
                                    const ObjectiveSettings& settings, std::int64_t globalRows,
                                    std::int64_t globalMaskedTokens);

// bf16 autocast for the forward pass on CUDA (a no-op when disabled); restores the previous
// state when it ends.
class AutocastScope {
public:
    explicit AutocastScope(bool enabled);
    ~AutocastScope();
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;

private:
    bool m_enabled;
    bool m_previousEnabled = false;
    c10::ScalarType m_previousType = c10::ScalarType::Float;
};

}  // namespace maskscope
