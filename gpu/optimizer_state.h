// The trainer's optimizer (AdamW) and its state in a safetensors file, so that a checkpoint is
// readable by any safetensors tool and a resumed run continues bit for bit.
//
// Parameter groups: weight decay applies to the matrices (embeddings, projections, output head),
// not to the RMSNorm gains (1-D parameters), as usual for transformers.
//
// optimizer.safetensors holds, for every parameter P (its state-dict name) that has state:
//   exp_avg.P     [shape of P]  float32   first moment
//   exp_avg_sq.P  [shape of P]  float32   second moment
//   step.P        []            int64     number of updates applied to P
// and metadata {"optimizer": "adamw", "maskscope_optimizer_version": "1"}. Hyper-parameters are
// not stored there: they come from the run's configuration (and the learning rate from the
// schedule at the resumed step).
#pragma once

#include "model.h"

#include <torch/optim/adamw.h>

#include <memory>
#include <string>

namespace maskscope {

inline constexpr int kOptimizerStateFormatVersion = 1;

struct AdamWSettings {
    double lr = 1e-3;
    double beta1 = 0.9;
    double beta2 = 0.95;
    double eps = 1e-8;
    double weightDecay = 0.01;
};

std::unique_ptr<torch::optim::AdamW> makeAdamW(DiffusionTransformer& model, const AdamWSettings& settings);
void setLearningRate(torch::optim::Optimizer& optimizer, double lr);

// Writes atomically; throws InputError when the file cannot be written.
void saveOptimizerState(const std::string& path, const torch::optim::AdamW& optimizer, const torch::nn::Module& model);
// Replaces the optimizer's state by the file's. Everything is checked first (every name belongs
// to a parameter of `model`, shapes and dtypes match, each parameter has all three entries or
// none): a rejected file leaves the optimizer as it was. InputError names the file and problem.
void loadOptimizerState(const std::string& path, torch::optim::AdamW& optimizer, const torch::nn::Module& model);

}  // namespace maskscope
