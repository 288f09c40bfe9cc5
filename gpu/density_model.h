// Model-based density sources: scores from a checkpoint's own predictions, registered with the
// core density registry next to the rule-based sources.
//
//   model:surprisal  NLL of the true token at each response position while it is masked, one
//                    strided sweep of k passes (gpu/density_sweep.h), batched as one forward
//                    with B = passes; NLL and entropy of the scored rows come from the fused
//                    kernel (gpu/kernels/kernels_torch.h, one pass over each row of logits)
//   model:entropy    the predictive entropy at each masked position, from the same sweep
//   model:attention  attention received by each token of the clean (unmasked) record: the mean
//                    over the chosen layers, all heads and the response's query positions of
//                    A[query, key]; the prompt's keys count for the mean but score 0
// Each is normalised per record (min-max) or kept on an absolute scale; see density_sweep.h.
//
// The scorer runs under InferenceMode on the requested device; score() may be called from any
// thread. The public header holds no torch type.
#pragma once

#include "density_sweep.h"
#include "model_config.h"

#include "core/density_source.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

// Raw per-token results of one sweep over a record; prompt tokens hold 0.
struct SweepScores {
    std::vector<float> nll;      // nats
    std::vector<float> entropy;  // nats
    std::size_t passes = 0;
};

class ModelDensityScorer {
public:
    // Loads the checkpoint named by options.checkpoint onto options.device (a step_N directory;
    // a run directory or its checkpoints/ folder means the latest checkpoint there). Throws
    // InputError naming the file for a missing or broken checkpoint and for a tokenizer
    // (options.tokenizer) that is not the checkpoint's own (compared by content hash, with both
    // vocabulary sizes in the message); UsageError for a device this build cannot use or a layer
    // the model does not have.
    explicit ModelDensityScorer(ModelDensityOptions options);
    ~ModelDensityScorer();
    ModelDensityScorer(const ModelDensityScorer&) = delete;
    ModelDensityScorer& operator=(const ModelDensityScorer&) = delete;

    const ModelDensityOptions& options() const;
    const ModelConfig& config() const;
    const std::string& checkpointDirectory() const;  // the step_N directory loaded

    // Throws InputError naming the record when it is longer than the model's context or holds a
    // token id outside the model's vocabulary.
    SweepScores sweep(const TokenizedRecord& record) const;
    // Raw mean attention received per token; prompt tokens hold 0.
    std::vector<float> attentionReceived(const TokenizedRecord& record) const;

    // The same for several records in one forward: their passes are stacked as the rows of one
    // batch padded to the longest record, and padded keys are masked out of attention, so each
    // result equals the one-record call up to float rounding (summation order in the matmuls).
    // Records of similar length waste the least (gpu/density_corpus.h groups them). The logits are
    // formed only at the scored rows (ForwardOptions::logitsRows). Results are in input order.
    std::vector<SweepScores> sweepBatch(const std::vector<const TokenizedRecord*>& records) const;
    std::vector<std::vector<float>> attentionReceivedBatch(const std::vector<const TokenizedRecord*>& records) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

enum class ModelDensityKind { Surprisal, Entropy, Attention };

// The raw per-token values of `kind` for a batch of records (nll, entropy or attention received).
std::vector<std::vector<float>> rawModelScores(const ModelDensityScorer& scorer, ModelDensityKind kind,
                                               const std::vector<const TokenizedRecord*>& records);
// Maps raw values of `kind` to [0,1] on the absolute scale of normalise=none (density_sweep.h).
std::vector<float> absoluteModelScores(ModelDensityKind kind, std::vector<float> raw, std::size_t promptTokens,
                                       std::int64_t vocabSize);
std::string_view toString(ModelDensityKind kind);  // "model:surprisal", ...

// A density source over a (possibly shared) scorer.
std::unique_ptr<DensitySource> makeModelDensitySource(ModelDensityKind kind,
                                                      std::shared_ptr<const ModelDensityScorer> scorer);

// Registers model:surprisal, model:entropy and model:attention with DensityRegistry::instance().
// Their factories read the params of ModelDensityOptions (density_sweep.h). Idempotent.
void registerModelDensitySources();

}  // namespace maskscope
