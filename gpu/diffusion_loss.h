// The masked diffusion loss (LLaDA / MDLM, method.md section 5): cross-entropy of the clean token
// at every masked position of x_t, with no label shift (position i predicts x_0[i]).
//
// Two weightings, chosen per run:
//   Elbo        LLaDA's SFT estimator: every masked token of sample b is weighted 1/t_b, the
//               sample's sum is divided by its number of response tokens |R_b|, and samples are
//               averaged:  loss = 1/B * sum_b 1/|R_b| * sum_{i masked in b} CE_i / t_b.
//               Without a response mask |R_b| = L (LLaDA's pre-training form).
//   MaskedMean  dFactory's choice: the plain mean of CE over all masked tokens of the batch.
// A batch without a single masked token has loss 0 (still differentiable, with zero gradient).
#pragma once

#include <torch/types.h>

#include <string>

namespace maskscope {

enum class LossWeighting {
    Elbo,
    MaskedMean,
};

struct DiffusionLossInput {
    torch::Tensor logits;        // [B, L, V] float (any floating dtype; the loss is computed in float32)
    torch::Tensor targets;       // [B, L] int64: the clean tokens x_0
    torch::Tensor masked;        // [B, L] bool: positions masked in x_t, i.e. supervised
    torch::Tensor maskRatio;     // [B] float: the scheduled ratio t of each sample, in (0, 1]; Elbo only
    torch::Tensor responseMask;  // [B, L] bool, optional: the maskable response tokens (Elbo normaliser)
    torch::Tensor hub;           // [B, L] bool, optional: hub tokens, for the stratified sums
};

// Per-token cross-entropy sums and counts over masked tokens, split by the hub indicator, so that
// a trainer can log loss_hub = hubSum / hubCount and loss_nonhub likewise. The sums are the plain
// (unweighted) cross-entropy whatever the weighting, so both weightings log comparable numbers.
// All are detached 0-dim tensors on the logits' device: reading them (item()) is the caller's
// choice of when to synchronise.
struct StratifiedLoss {
    torch::Tensor hubSum;        // float32
    torch::Tensor hubCount;      // int64
    torch::Tensor nonHubSum;     // float32
    torch::Tensor nonHubCount;   // int64
};

struct DiffusionLossResult {
    torch::Tensor loss;          // 0-dim float32, differentiable
    torch::Tensor maskedCount;   // 0-dim int64, detached: number of supervised tokens
    StratifiedLoss strata;       // without a hub tensor every masked token counts as non-hub
};

// Throws UsageError when shapes or dtypes do not fit each other (naming the tensor).
DiffusionLossResult diffusionLoss(const DiffusionLossInput& input, LossWeighting weighting);

// "elbo" / "masked_mean", for configs and logs; the parser throws UsageError on other names.
const char* lossWeightingName(LossWeighting weighting);
LossWeighting parseLossWeighting(const std::string& name);

}  // namespace maskscope
