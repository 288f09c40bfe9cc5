// Attention probes: every layer's attention weights for one fixed probe record, saved every N
// steps so that a researcher can watch masked positions learn to attend to the hubs.
//
// The probe input is the probe record's logical sample at mask-stream step 0 (the same input at
// every probe step). RUNDIR/probes/step_000100.safetensors holds
//   layer_N     [H, L, L] float32   attention probabilities of layer N (rows sum to 1); under
//                                   block diffusion [H, 2L, 2L] over [x_t | x_0]
//   input_ids   [L] int64           x_t as the model saw it (mask token at masked positions)
//   masked      [L] uint8           1 where the token is masked
//   hub         [L] uint8           the hub indicator C
// and metadata: "record_id", "step", "layout", "block_size", "pieces" (JSON array of the token
// pieces), "hub" and "masked" (JSON arrays of 0/1), "attention_to_hubs" (see below).
//
// attention_to_hubs: the mean, over layers, heads and masked query positions of x_t, of the
// attention mass those queries put on hub keys (of x_t; under block diffusion also of the clean
// half, where hubs are visible). NaN when the probe has no masked position or no hub.
#pragma once

#include "batch_builder.h"
#include "model.h"
#include "training_objective.h"

#include <cstdint>
#include <string>

namespace maskscope {

struct ProbeResult {
    std::string path;
    double attentionToHubs = 0.0;
};

// Runs the probe (no gradients) on the model's device and writes RUNDIR/probes/step_NNNNNN.safetensors
// atomically. `batch` holds the probe record (records == 1; its logical row is used).
ProbeResult writeAttentionProbe(const std::string& runDir, std::uint64_t step, DiffusionTransformer& model,
                                const MicroBatch& batch, const TrainingRecord& record,
                                const ObjectiveSettings& settings);

// "probes/step_000100.safetensors" for step 100 (six digits at least).
std::string probeFileName(std::uint64_t step);

}  // namespace maskscope
