// The engine side of maskscope-cli's density work (built with MASKSCOPE_TORCH=ON only):
//   density   on a model:* source: the whole corpus through gpu/density_corpus.h (records of
//             similar length batched, raw scores cached beside the corpus, --normalise record,
//             corpus or none, progress on stderr, Ctrl-C cancels without leaving a cache entry)
//   gpu-check the kernels against their CPU references and a timing table (gpu_check_suite.h)
//   train     --density-model CKPT: the checkpoint of model:* density sources the trainer creates
#pragma once

#include "cli_commands.h"

#include <CLI/CLI.hpp>

namespace maskscope::cli {

// Exit codes: those of every subcommand, and 130 when SIGINT cancelled the run (nothing written).
int runModelDensity(const DensityArgs& args);

// Exit codes: 0 every check passed on a GPU; 77 the CPU paths agree with their references but no
// CUDA device is present (said on stdout); 1 a mismatch; 2 an error.
int runGpuCheckCommand(bool quick);

// Flags of `train` for model density sources: --density-model, --density-k, --density-device.
struct TrainDensityArgs {
    std::string checkpoint;
    int k = 4;
    std::string device = "cpu";
};
void addTrainDensityOptions(CLI::App& train, TrainDensityArgs& args);
// The density params of a run (TrainConfig::densityParams, recorded in run.json): `current` (e.g.
// the params of a --config file) with the checkpoint (absolute), tokenizer, k and device when a
// checkpoint is given, and the members of a blend when `density` is a blend spec.
std::map<std::string, std::string> trainDensityParams(const TrainDensityArgs& args, const std::string& tokenizer,
                                                      const std::string& density,
                                                      std::map<std::string, std::string> current);

}  // namespace maskscope::cli
