// The records a run trains and evaluates on, analysed once: token ids, the maskable set, density
// and hubs (core/inspection.h, the same pipeline as `maskscope-cli mask`). Masks are not stored:
// the batch builder draws them per step from the keyed sampler.
//
// Split: a record is held out for evaluation when XXH3-64(id, seed "eval") / 2^64 < evalFraction,
// a choice that depends on the record id alone (not on the seed, the corpus order or the fraction
// of other runs' records), so the same records are held out whenever the same fraction is used.
//
// Order: the training records are visited in epochs; epoch e visits every training record once,
// in the order of XXH3-64 of (record key, seed, e), ties broken by corpus order. Position p of the
// endless stream is record order(p / n)[p % n] for n training records, so the records of any step
// follow from (seed, step) alone: nothing about the order needs saving in a checkpoint.
//
// Torch-free; thread-safe after load().
#pragma once

#include "core/corpus_reader.h"
#include "core/density_source.h"
#include "core/inspection.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace maskscope {

class Tokenizer;

// What training needs of one record. Arrays have one entry per kept token (prompt first).
struct TrainingRecord {
    std::string id;
    std::uint64_t line = 0;                // 1-based line of the corpus (for messages)
    std::vector<std::int32_t> tokenIds;    // kept tokens (all, or the first `context` with truncate)
    std::size_t fullLength = 0;            // tokens before truncation
    std::vector<std::uint8_t> maskable;    // over all fullLength tokens: the sampler sees the whole record
    std::vector<std::uint8_t> hub;         // over all fullLength tokens
    std::vector<float> density;            // over all fullLength tokens (soft weighting)
    std::vector<std::string> pieces;       // kept tokens' pieces (probes, mask dumps)

    std::size_t length() const { return tokenIds.size(); }
};

struct TrainingDataOptions {
    std::string corpus;
    std::string corpusFormat = "auto";
    InspectionSettings masking;
    std::size_t context = 0;   // the model's max_position_embeddings
    bool truncate = false;
    double evalFraction = 0.0;
    std::uint32_t seed = 0;    // record order
};

// Warnings collected while loading (shown by the caller).
struct TrainingDataReport {
    std::uint64_t badLines = 0;             // corpus entries that did not parse
    std::string firstBadLine;               // "corpus.jsonl:17: reason"
    std::uint64_t withoutResponse = 0;      // records with no response token: nothing to train on
    std::uint64_t truncated = 0;            // records cut to the context (truncate only)
    std::uint64_t duplicateIds = 0;         // records sharing an id with an earlier one (same masks)
};

class TrainingData {
public:
    // Reads the whole corpus and analyses every record. Throws InputError naming the corpus (and
    // line) when the corpus is empty, holds no valid record, or a record is longer than the
    // context without truncate ("record 'code-0007' has 300 tokens, more than the model's context
    // of 256 positions"); UsageError on bad masking settings. `progress` counts entries.
    static TrainingData load(const TrainingDataOptions& options, const Tokenizer& tokenizer,
                             const DensityContext& densityContext, const Progress& progress = {});

    const std::vector<TrainingRecord>& records() const { return m_records; }
    const std::vector<std::uint32_t>& trainIndices() const { return m_train; }  // into records()
    const std::vector<std::uint32_t>& evalIndices() const { return m_eval; }
    const TrainingDataReport& report() const { return m_report; }
    std::size_t maxLength() const { return m_maxLength; }
    // Index into records() of the record with this id, or -1.
    std::int64_t find(const std::string& id) const;

    // Index into records() of the training record at position `position` of the stream.
    std::uint32_t trainRecordAt(std::uint64_t position) const;
    // The training records of epoch `epoch`, in visiting order (indices into records()).
    std::vector<std::uint32_t> epochOrder(std::uint64_t epoch) const;

    TrainingData(TrainingData&&) noexcept;
    TrainingData& operator=(TrainingData&&) noexcept;
    ~TrainingData();

private:
    TrainingData();

    std::vector<TrainingRecord> m_records;
    std::vector<std::uint32_t> m_train;
    std::vector<std::uint32_t> m_eval;
    TrainingDataReport m_report;
    std::size_t m_maxLength = 0;
    std::uint32_t m_seed = 0;

    // The order of the most recently used epochs (consecutive steps share an epoch).
    struct OrderCache;
    std::unique_ptr<OrderCache> m_cache;
};

// Whether a record with this id is held out under `fraction`.
bool isEvalRecord(std::string_view recordId, double fraction);

}  // namespace maskscope
