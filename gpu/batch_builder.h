// Training batches: the records of a step, their logical and syntactic masks from the keyed
// sampler, collated into padded tensors.
//
// Step k (k >= 1) takes the records at positions [(k-1) G, k G) of the training stream
// (TrainingData::trainRecordAt, G = records per step) and draws their masks with the core sampler
// at mask-stream step k: the same keys (seed, record id, step, kind) as `maskscope-cli mask
// --step k`, so the masks trained on are exactly the masks the CLI and the GUI show. Each record
// gives two rows, its logical and its syntactic sample, and both go into the same micro-batch.
//
// Splitting: the G records of a step are cut into world-size contiguous shares (rank r takes the
// r-th), and each share into gradAccum contiguous micro-batches. A micro-batch of r records has
// 2r rows: rows [0, r) are the logical samples and rows [r, 2r) the syntactic samples of the same
// records in the same order. Rows are padded at the end to the longest record of the micro-batch;
// `valid` marks the real tokens, and padding is never masked, never supervised and never
// attended to (see training_objective.h).
//
// Packing: the model does not have to see one sample per row. When it saves rows, the 2r samples
// are also laid end to end into fewer rows as long as the longest sample (first-fit by decreasing
// length, ties by sample order), each sample keeping its own positions 0..l-1; the forward pass
// then attends only within a sample (training_objective.h), so every sample gets exactly the
// logits it would get alone, while the padding the model computes on shrinks (on the demo corpus
// from ~30% of the positions to a few per cent). The per-sample tensors above stay as they are:
// the loss reads them after the logits are unpacked.
#pragma once

#include "core/mask_sampler.h"
#include "training_data.h"

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace maskscope {

// Smallest ratio used as t in the ELBO weight 1/t (a sample drawn with t = 0 masks nothing, but a
// tiny t would give the few tokens it masks an enormous weight); LLaDA clips t the same way.
inline constexpr double kMinLossRatio = 1e-3;

struct MicroBatch {
    std::int64_t records = 0;                  // r; the batch has 2r rows
    std::vector<std::uint32_t> recordIndices;  // [r] into TrainingData::records()
    std::uint32_t maskStep = 0;                // the mask-stream step the masks were drawn at
    torch::Tensor clean;      // [2r, L] int64: x_0 (padding holds the mask token id)
    torch::Tensor noisy;      // [2r, L] int64: x_t, the mask token at masked positions
    torch::Tensor masked;     // [2r, L] bool: masked, i.e. supervised, positions
    torch::Tensor response;   // [2r, L] bool: the maskable response tokens
    torch::Tensor hub;        // [2r, L] bool: hub tokens (C_i)
    torch::Tensor valid;      // [2r, L] bool: real tokens; undefined when no row is padded
    torch::Tensor ratio;      // [2r] float32: the expected masked share of each row (ELBO's t)
    // The packed layout, set when it needs fewer rows than samples (P < 2r), else undefined.
    torch::Tensor packedNoisy;      // [P, Lp] int64: x_t of the samples laid end to end (Lp = L)
    torch::Tensor packedClean;      // [P, Lp] int64: x_0 in the same places
    torch::Tensor packedPositions;  // [P, Lp] int64: position of each token within its sample
    torch::Tensor packedSample;     // [P, Lp] int64: sample (row of the tensors above), -1 for padding
    torch::Tensor unpackIndex;      // [2r, L] int64: index into the flattened [P * Lp] of each position
    std::int64_t tokens = 0;          // real tokens over all rows
    std::int64_t maskedTokens = 0;    // masked tokens over all rows
    std::int64_t logicalMaskedTokens = 0;  // masked tokens of the logical rows
    std::int64_t responseTokens = 0;  // response tokens over all rows

    std::int64_t rows() const { return 2 * records; }
    std::int64_t length() const { return clean.defined() ? clean.size(1) : 0; }
    // The same batch with every tensor on `device`.
    MicroBatch to(const torch::Device& device) const;
};

// This rank's share of one optimizer step, plus the totals over all ranks that the loss is
// normalised by (so that any split of the step gives the same objective).
struct StepBatch {
    std::uint64_t step = 0;
    std::vector<MicroBatch> micro;    // gradAccum micro-batches
    std::int64_t globalRecords = 0;   // G
    std::int64_t globalMaskedTokens = 0;
    std::int64_t globalTokens = 0;
    std::int64_t globalResponseTokens = 0;
    std::int64_t globalLogicalMaskedTokens = 0;  // masked tokens of the logical samples
};

class BatchBuilder {
public:
    // `data` is borrowed and must outlive the builder. Throws UsageError when recordsPerStep is
    // not a positive multiple of gradAccum.
    BatchBuilder(const TrainingData& data, const MaskPolicy& policy, std::int64_t maskTokenId,
                 std::int64_t recordsPerStep, std::int64_t gradAccum, bool pack = true);

    // The records of step k (k >= 1) in stream order, over all ranks.
    std::vector<std::uint32_t> stepRecords(std::uint64_t step) const;

    // Rank `rank` of `worldSize`'s micro-batches of step k. Throws UsageError when the records
    // per step are not a multiple of worldSize * gradAccum.
    StepBatch build(std::uint64_t step, int rank = 0, int worldSize = 1) const;

    // One micro-batch of the given records with masks drawn at `maskStep` (evaluation and probes
    // use mask step 0).
    MicroBatch collate(const std::vector<std::uint32_t>& records, std::uint32_t maskStep) const;

    const MaskSampler& sampler() const { return m_sampler; }
    std::int64_t recordsPerStep() const { return m_recordsPerStep; }

private:
    MicroBatch collateDrawn(const std::vector<std::uint32_t>& records, const std::vector<RecordMasks>& masks,
                            std::uint32_t maskStep) const;
    void draw(std::uint32_t record, std::uint32_t maskStep, RecordMasks& out) const;

    const TrainingData& m_data;
    MaskSampler m_sampler;
    std::int64_t m_maskTokenId;
    std::int64_t m_recordsPerStep;
    std::int64_t m_gradAccum;
    bool m_pack;
};

}  // namespace maskscope
