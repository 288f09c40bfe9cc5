// The density-scheduled trainer: trains a diffusion transformer on a corpus with Complementary
// Priority Masking and writes a run directory (gpu/run_directory.h).
//
// One step k (k = 1, 2, ...):
//   1. the records of step k and their masks at mask-stream step k (gpu/batch_builder.h)
//   2. forward and backward of every micro-batch (gpu/training_objective.h), gradients summed
//   3. GradientSync (data parallelism hook; nothing with one process)
//   4. global gradient-norm clipping, AdamW with the warm-up + cosine learning rate
//   5. a metrics row (metrics.jsonl and TensorBoard), then, when due, mask dumps, evaluation on
//      the held-out records, an attention probe and a checkpoint
// CPU runs in float32; CUDA runs the forward pass under bf16 autocast (weights, optimizer state
// and the loss in float32).
//
// Every random choice is keyed by the seed (masks, t, record order, initialisation), so a run is
// a function of its configuration and inputs: stopping after a checkpoint and resuming gives the
// same losses as running straight through, bit for bit on the CPU with the same thread counts.
//
// Public header without torch (pimpl): app/ and the desktop app drive training through it.
#pragma once

#include "core/train_config.h"
#include "trainer_state.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace maskscope {

class GradientSync;

// What the trainer reports after every step and every evaluation.
struct StepReport {
    std::uint64_t step = 0;
    std::uint64_t totalSteps = 0;
    bool eval = false;                     // an evaluation row
    std::map<std::string, double> values;  // the metrics row (see core/metrics_log.h for the keys)
    double batchSeconds = 0.0;             // building the step's batches: sampling + collation
    double stepSeconds = 0.0;              // the whole training step
};

struct TrainerHooks {
    std::function<void(const std::string& message)> message;  // notes: data loaded, checkpoint written...
    std::function<void(const StepReport& report)> onStep;
    // Polled after every step; returning true stops training after a checkpoint is written.
    std::function<bool()> stopRequested;
    // Data parallelism (gpu/gradient_sync.h); null: one process.
    std::shared_ptr<GradientSync> gradientSync;
    // Called during checkpoint writes (see CheckpointWriteOptions::afterStage); for tests.
    std::function<void(const std::string& stage)> checkpointStage;
};

enum class TrainOutcome { Finished, Stopped };

struct TrainResult {
    TrainOutcome outcome = TrainOutcome::Finished;
    std::uint64_t step = 0;       // steps completed
    std::string lastCheckpoint;   // directory of the newest checkpoint (empty: none written)
};

class Trainer {
public:
    // A new run in config.out (created; must not hold a run or other files). Loads and checks
    // every input, builds the model from the preset (or config file) and the tokenizer, and
    // writes run.json. Throws UsageError on bad settings and InputError naming the file on bad
    // input (see TrainingData::load, checkpoint.h).
    static Trainer start(TrainConfig config, TrainerHooks hooks = {});

    // Continues the run in `runDir` from its newest checkpoint. `config` is the run's
    // configuration (readRunManifest(runDir).config) with only the settings that do not change
    // the trajectory adjusted: steps, threads, device, and when and where to log, evaluate,
    // probe, checkpoint and dump masks. Anything else differing is a UsageError naming the
    // setting; inputs whose contents changed are an InputError.
    static Trainer resume(const std::string& runDir, TrainConfig config, TrainerHooks hooks = {});

    // Trains until config.steps steps are done or a stop is requested.
    TrainResult run();

    const TrainConfig& config() const;
    const TrainerState& state() const;
    // Records trained on and held out.
    std::uint64_t trainRecordCount() const;
    std::uint64_t evalRecordCount() const;

    Trainer(Trainer&&) noexcept;
    Trainer& operator=(Trainer&&) noexcept;
    ~Trainer();

private:
    struct Impl;
    explicit Trainer(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

}  // namespace maskscope
