// Checkpoints of a run: RUNDIR/checkpoints/step_N/ with
//   config.json            the model's HF-style config (gpu/model_config.h)
//   model.safetensors      the weights, standard safetensors layout (gpu/safetensors.h)
//   optimizer.safetensors  AdamW moments and step counts (gpu/optimizer_state.h)
//   trainer_state.json     where the run stands (gpu/trainer_state.h)
//   tokenizer.model        a copy of the run's sentencepiece model
//
// Writing is atomic for the directory as a whole: the files go into a fresh temporary directory
// ".tmp-step_N.<pid>" beside the others, each written with writeFileAtomically (fsync), then the
// temporary directory is fsynced and renamed to step_N and the parent directory fsynced. A reader
// (or a resumed run) only ever looks at step_N directories, so a process killed at any point of a
// write leaves every earlier checkpoint as it was; the leftovers are removed by the next writer.
// After a successful write, all but the newest `keep` checkpoints are removed (each is renamed to
// ".trash-..." first, so a kill during removal cannot leave a half-deleted step_N either).
#pragma once

#include "model.h"
#include "trainer_state.h"

#include <torch/optim/adamw.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace maskscope {

class Tokenizer;

inline constexpr const char* kCheckpointConfigFile = "config.json";
inline constexpr const char* kCheckpointWeightsFile = "model.safetensors";
inline constexpr const char* kCheckpointOptimizerFile = "optimizer.safetensors";
inline constexpr const char* kCheckpointStateFile = "trainer_state.json";
inline constexpr const char* kCheckpointTokenizerFile = "tokenizer.model";

struct CheckpointWriteOptions {
    int keep = 3;  // newest checkpoints kept after a write (>= 1)
    // Called after each step of a write with its name (the file just completed: "config.json",
    // ..., then "synced" before the rename and "renamed" after it). Tests use it to fail or die
    // in the middle of a write; an exception thrown here aborts the write like an I/O error.
    std::function<void(const std::string& stage)> afterStage;
};

// Writes checkpoints/step_<state.step> under `checkpointsDir` (created when missing) and prunes
// old ones; returns the new directory. An existing step_N of the same step is replaced. Throws
// InputError naming the file and the system's reason; the temporary directory is then removed.
std::string writeCheckpoint(const std::string& checkpointsDir, DiffusionTransformer& model,
                            const torch::optim::AdamW& optimizer, const TrainerState& state,
                            const std::string& tokenizerPath, const CheckpointWriteOptions& options = {});

// The complete checkpoints (step_N directories) in ascending step order; missing dir: none.
std::vector<std::pair<std::uint64_t, std::string>> listCheckpoints(const std::string& checkpointsDir);
std::optional<std::string> latestCheckpoint(const std::string& checkpointsDir);
// Removes what interrupted writes left behind (temporary and trash directories) and restores a
// step_N that an interrupted replacement had moved aside.
void cleanCheckpointLeftovers(const std::string& checkpointsDir);

// A checkpoint's model side: config, weights and state, validated against each other. This is
// what generation and evaluation load.
struct LoadedCheckpoint {
    std::string directory;
    ModelConfig config;
    DiffusionTransformer model{nullptr};
    TrainerState state;
    std::string tokenizerPath;  // the checkpoint's copy
};

// Reads config.json, builds the model on `device` and loads model.safetensors (names and shapes
// checked against the config), reads trainer_state.json, and checks that the tokenizer copy fits
// the model. Every problem is an InputError naming the file, e.g.
// "step_20/model.safetensors: tensor 'lm_head.weight' has shape [500,128], model expects [1001,128]".
LoadedCheckpoint loadCheckpoint(const std::string& directory, const torch::Device& device = torch::kCPU);

// Throws InputError naming the tokenizer file when its pieces or mask id do not fit the model
// config from `configSource` ("tokenizer.model has 1000 pieces and mask id 1000, but the model
// (config.json) has vocab_size 500 and mask_token_id 499").
void requireTokenizerFitsModel(const Tokenizer& tokenizer, const ModelConfig& config, const std::string& configSource);

}  // namespace maskscope
