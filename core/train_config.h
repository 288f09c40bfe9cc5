// The configuration of a training run: data, masking, model, objective, optimisation, hardware and
// outputs. It is the "config" object of a run directory's run.json, so a run records everything
// it was started with and can be repeated (`maskscope-cli train --config run.json`).
//
// Torch-free on purpose: the CLI and the desktop app build, show and edit configurations without
// torch headers.
//
// Steps are numbered from 1: step k is the k-th optimizer update, and the masks it trains on are
// the masks of mask-stream step k, i.e. what `maskscope-cli mask --step k` shows with the same
// masking flags. Mask-stream step 0 is never trained on; evaluation and attention probes use it,
// so that their inputs stay the same for the whole run.
#pragma once

#include "inspection.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

// Version of the "config" object written by trainConfigToJson().
inline constexpr int kTrainConfigFormatVersion = 1;

// Full-sequence masked diffusion, or block diffusion on [x_t | x_0] (method.md section 5).
enum class TrainLayout { Full, Block };
// ELBO (1/t, LLaDA) or the plain mean over masked tokens (dFactory); see gpu/diffusion_loss.h.
enum class TrainLossWeighting { Elbo, Mean };

std::string_view toString(TrainLayout layout);
std::string_view toString(TrainLossWeighting weighting);
// Throw UsageError naming the flag and the accepted values.
TrainLayout parseTrainLayout(std::string_view text);
TrainLossWeighting parseTrainLossWeighting(std::string_view text);  // "elbo", "mean" (or "masked_mean")

struct TrainConfig {
    // --- data ---
    std::string corpus;                 // corpus file (JSONL or plain text)
    std::string corpusFormat = "auto";  // see core/corpus_format.h
    std::string tokenizer;              // sentencepiece .model
    std::string annotations;            // annotation sidecar, for --density annotations
    // Records longer than the model's context are an error unless truncate is set; then their
    // tail is cut after the masks were drawn on the whole record (so the kept prefix carries
    // exactly the masks `maskscope-cli mask` shows).
    bool truncate = false;
    // Share of records held out for evaluation, chosen by a hash of the record id alone.
    double evalFraction = 0.05;

    // --- masking: the settings of `maskscope-cli mask` (policy.seed is the run's seed) ---
    InspectionSettings masking;
    // Params of the density source (DensityContext::params), e.g. the checkpoint, k and device of
    // a model:* source or the members of a blend; recorded so that a resumed run scores the same.
    std::map<std::string, std::string> densityParams;

    // --- model ---
    std::string preset = "tiny";        // tiny | small | base (ignored when modelConfig is set)
    std::string modelConfig;            // an HF-style config.json instead of a preset
    TrainLayout layout = TrainLayout::Full;
    std::int64_t blockSize = 32;        // block diffusion block length
    TrainLossWeighting lossWeighting = TrainLossWeighting::Elbo;
    // Lay several samples into one row of the model's input when that saves padding
    // (batch_builder.h); the results equal unpacked ones up to float rounding.
    bool pack = true;

    // --- optimisation ---
    std::uint64_t steps = 100;          // optimizer steps in total
    // Records per optimizer step (the global batch). Each record contributes two sequences, its
    // logical and its syntactic sample, to the same step. Split into gradAccum micro-batches
    // (and across ranks), so the trajectory does not depend on how the batch is split.
    std::int64_t batch = 8;
    std::int64_t gradAccum = 1;
    double lr = 1e-3;                   // peak learning rate
    double minLrRatio = 0.1;            // the cosine decays to lr * minLrRatio
    std::uint64_t warmup = 10;          // linear warm-up steps
    // Step at which the cosine reaches its minimum. 0: it follows `steps` (also when a resumed run
    // is extended to more steps, as a scheduler rebuilt for the new total would); a value fixes it.
    std::uint64_t decaySteps = 0;
    double weightDecay = 0.01;          // decoupled (AdamW), on matrices only, not on norm gains
    double beta1 = 0.9;
    double beta2 = 0.95;
    double adamEps = 1e-8;
    double gradClip = 1.0;              // clip the global gradient norm to this; 0: no clipping

    // --- hardware ---
    std::string device = "cpu";         // cpu | cuda | cuda:N
    int threads = 1;                    // torch intra-op threads (CPU)
    int blasThreads = 1;                // OpenBLAS threads (CPU)

    // --- outputs ---
    std::string out;                    // run directory
    std::uint64_t logEvery = 1;         // progress line every N steps (metrics are written every step)
    std::uint64_t evalEvery = 0;        // 0: evaluate only after the last step
    std::int64_t evalRecords = 0;       // evaluate on at most this many held-out records; 0: all
    std::uint64_t checkpointEvery = 0;  // 0: checkpoint only after the last step (and on a stop)
    int keepCheckpoints = 3;
    std::uint64_t probeEvery = 0;       // 0: no attention probes
    std::string probeRecord;            // id of the probe record; empty: the first held-out record
    std::vector<std::uint64_t> dumpMaskSteps;  // steps whose trained masks go to masks/step_N.jsonl

    std::uint32_t seed() const { return masking.policy.seed; }
    // The step at which the cosine schedule ends (never inside the warm-up).
    std::uint64_t scheduleSteps() const { return decaySteps > 0 ? decaySteps : std::max(steps, warmup); }

    // Throws UsageError naming the offending setting as its flag ("--batch 6 is not a multiple of
    // --grad-accum 4").
    void validate() const;
};

// The "config" object of run.json (UTF-8 JSON text, pretty-printed).
std::string trainConfigToJson(const TrainConfig& config);
// Accepts a run.json (reads its "config" object) or a bare config object. Missing fields keep
// their defaults, unknown fields are an error (a misspelt setting must not be ignored silently).
// Throws InputError naming `source` and the field.
TrainConfig trainConfigFromJson(std::string_view jsonText, const std::string& source);
TrainConfig readTrainConfig(const std::string& path);

}  // namespace maskscope
