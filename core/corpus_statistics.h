// Corpus statistics under the current masking policy, for the statistics charts (ux.md, "Nobody
// has these yet" 1: density against the real masking probability): the density histogram, the
// hub fraction of every record, and the calibration of the masking probability p_i against the
// density d_i, with flags for density ranges that are masked too much or too little.
//
// The caller feeds records one at a time (CorpusStatistics::add), typically from a worker thread
// that runs the Inspector on each record and draws the masks of a few steps. Between two records
// the statistics are always complete for the records fed so far, so cancelling is simply not
// feeding more, and a later run can continue where it stopped. Statistics built over separate
// chunks of a corpus merge (merge()) into exactly, bit for bit, the statistics of one sequential
// pass: every sum is kept in exact fixed point (ExactSum), so neither the order of additions nor
// the chunking changes a result, and record summaries are appended in the order of the merges.
//
// Definitions (n is the number of bins of a histogram; every value below is per maskable token,
// i.e. response tokens only):
//   - Binning over [0,1]: a value v lands in bin floor(v n), except v = 1, which lands in the last
//     bin; bin k covers [k/n, (k+1)/n). Finite values outside [0,1] are clamped into it (density
//     sources promise [0,1]); NaN values land in no bin and are counted as `invalid`.
//   - Density histogram: one count per maskable token.
//   - Hub fraction of a record: K / |S| (K = maskable tokens with C_i = 1); records with an empty
//     S have none and stay out of the hub fraction histogram.
//   - Calibration: every (maskable token, observed step) pair is one observation of p_i (the
//     probability of the calibrated sample at that step) and of its realized mask m_i. Pairs are
//     binned by d_i. Per bin: mean, min and max of p, the realized rate (masked pairs / pairs),
//     and the uniform baseline: the probability a uniform policy with the same expected number of
//     masked tokens would give, i.e. the mean of p over the record's S at that step. For the
//     logical sample it equals t (sum of p_i over S is t |S| by construction), for the
//     complementary second sample 1 - t. ratio = mean p / mean baseline: 1 means the bin is
//     masked like uniform masking, w = 2 gives hubs ratios up to 2 when nothing saturates.
//     realizedRate estimates meanP: E[m_i] = p_i, and standardError = sqrt(sum p (1 - p)) / pairs
//     is its binomial standard error (masks drawn independently per token and step).
//   - Flags (heuristics with thresholds in CorpusStatisticsOptions):
//       maskedTooMuch   ratio > maxRatio, or more than maxSaturatedShare of the bin's pairs have
//                       p = 1: those tokens are masked with certainty in the calibrated sample
//                       (the hard-masking regime that method.md links to contextual collapse).
//                       With binary hubs covering a fraction f of S and t ~ U[0.3, 0.8], hubs
//                       saturate in a share 0.6 - f of the steps under the paper's w = 2, in
//                       nearly all steps under w = 5 (for f up to about 0.2) and in all of them
//                       under hard masking: the default 0.75 lets w = 2 pass and flags the two
//                       settings the paper's ablation found worse.
//       maskedTooLittle the bin is dense (its lower edge >= denseFrom) and ratio < minDenseRatio:
//                       dense tokens are masked hardly more often than under uniform masking
//                       (w near 1, a low processed fraction, or dense tokens that hub extraction
//                       did not keep).
//     Flags need a defined ratio. For w < 1 the logical sample deliberately masks hubs less;
//     calibrate the second sample (CalibratedSample::Second) to see the hub-first side.
#pragma once

#include "mask_sampler.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

struct RecordInspection;

// A sum of non-negative numbers kept exactly in 128-bit fixed point with 64 fractional bits, so
// that sums do not depend on the order of additions and merges. Each added value is first
// truncated to a multiple of 2^-64, a deterministic rounding far below what any figure shows.
// The integer part wraps past 2^64 (about 10^19 added probabilities).
class ExactSum {
public:
    // Throws UsageError for a value that is negative, NaN, or not below 2^63.
    void add(double value);
    ExactSum& operator+=(const ExactSum& other);
    double value() const;
    friend bool operator==(const ExactSum&, const ExactSum&) = default;

private:
    std::uint64_t m_integer = 0;   // integer part
    std::uint64_t m_fraction = 0;  // fraction * 2^64
};

// Fixed bins over [0, 1] (see the binning rule at the top of this header).
struct Histogram {
    std::vector<std::uint64_t> counts;
    std::uint64_t invalid = 0;  // NaN values, in no bin

    std::size_t bins() const { return counts.size(); }
    double lower(std::size_t bin) const;
    double upper(std::size_t bin) const;
    std::uint64_t binned() const;                      // sum of counts
    std::uint64_t total() const { return binned() + invalid; }
    friend bool operator==(const Histogram&, const Histogram&) = default;
};

// The bin of `value` among `bins` fixed bins over [0,1]; nothing for NaN. `bins` must be > 0.
std::optional<std::size_t> binIndex(double value, std::size_t bins);

enum class CalibratedSample {
    Logical,  // p and the logical mask
    Second,   // pSecond and the syntactic mask (the complement, or the 1/w draw in Reweighted)
};

struct CorpusStatisticsOptions {
    std::size_t densityBins = 20;
    std::size_t hubFractionBins = 20;
    std::size_t calibrationBins = 10;
    CalibratedSample sample = CalibratedSample::Logical;
    // Flag thresholds (see the top of this header).
    double denseFrom = 0.5;
    double minDenseRatio = 1.05;
    double maxRatio = 2.5;
    double maxSaturatedShare = 0.75;

    // Throws UsageError for a bin count of 0, a NaN or negative threshold, or denseFrom or
    // maxSaturatedShare outside [0, 1].
    void validate() const;
    friend bool operator==(const CorpusStatisticsOptions&, const CorpusStatisticsOptions&) = default;
};

// What one record contributes: one entry per token in maskable, density and hub; `masks` are the
// masks drawn at the observed steps (any number, possibly none) for this record.
struct RecordObservation {
    std::string_view id;
    std::span<const std::uint8_t> maskable;
    std::span<const float> density;
    std::span<const std::uint8_t> hub;
    std::span<const RecordMasks> masks;
};

struct RecordSummary {
    std::string id;
    std::size_t tokens = 0;                   // all tokens, prompt included
    std::size_t responseTokens = 0;           // |S|
    std::size_t hubTokens = 0;                // K
    std::optional<double> meanDensity;        // over S, NaN densities skipped; empty when none
    std::optional<double> hubFraction;        // K / |S|; empty when S is empty
    std::size_t steps = 0;                    // masks observed
    std::optional<bool> processed;            // from the masks; empty when none was observed
    std::optional<double> meanT;              // mean scheduled ratio over the observed steps
    std::optional<double> maskedShare;        // masked / (|S| steps) in the calibrated sample
    friend bool operator==(const RecordSummary&, const RecordSummary&) = default;
};

struct CalibrationBin {
    double lower = 0.0;  // density range [lower, upper) (the last bin includes 1)
    double upper = 0.0;
    std::uint64_t pairs = 0;   // observed (token, step) pairs
    std::uint64_t masked = 0;  // pairs whose token was masked
    // The figures below are 0 when pairs is 0.
    double meanP = 0.0;
    double minP = 0.0;
    double maxP = 0.0;
    double realizedRate = 0.0;    // masked / pairs
    double standardError = 0.0;   // binomial standard error of realizedRate around meanP
    double meanBaseline = 0.0;    // mean uniform-baseline probability of the pairs
    double saturatedShare = 0.0;  // share of pairs with p = 1
    double zeroShare = 0.0;       // share of pairs with p = 0 (never masked)
    std::optional<double> ratio;  // meanP / meanBaseline; empty when pairs or the baseline is 0
    bool maskedTooMuch = false;
    bool maskedTooLittle = false;
    friend bool operator==(const CalibrationBin&, const CalibrationBin&) = default;
};

struct CorpusTotals {
    std::uint64_t records = 0;
    std::uint64_t recordsWithMasks = 0;      // records with at least one observed step
    std::uint64_t processedRecords = 0;      // of those, processed under the policy's rho
    std::uint64_t responseTokens = 0;        // sum of |S|
    std::uint64_t hubTokens = 0;             // sum of K
    std::uint64_t observedPairs = 0;         // (token, step) pairs in calibration bins
    std::uint64_t unbinnedPairs = 0;         // pairs left out because their density is NaN
    std::optional<double> meanDensity;       // over all response tokens with a density
    std::optional<double> hubFraction;       // pooled: hubTokens / responseTokens
    std::optional<double> meanHubFraction;   // mean of the per-record hub fractions
    friend bool operator==(const CorpusTotals&, const CorpusTotals&) = default;
};

// Not thread-safe: use one per worker and merge them.
class CorpusStatistics {
public:
    explicit CorpusStatistics(CorpusStatisticsOptions options = {});  // validates

    const CorpusStatisticsOptions& options() const { return m_options; }

    // Adds one record. Throws UsageError, leaving the statistics unchanged, when the arrays differ
    // in size or a probability is NaN or outside [0, 1].
    void add(const RecordObservation& record);
    // The same for an inspected record; `steps` are the masks drawn for it (e.g. by
    // Inspector::drawMasks at several steps), possibly none.
    void add(const RecordInspection& inspection, std::span<const RecordMasks> steps);

    // Adds `other`'s records after this one's. Throws UsageError when the options differ.
    void merge(const CorpusStatistics& other);

    std::size_t records() const { return m_records.size(); }
    const std::vector<RecordSummary>& recordSummaries() const { return m_records; }
    const Histogram& densityHistogram() const { return m_density; }
    const Histogram& hubFractionHistogram() const { return m_hubFraction; }
    std::vector<CalibrationBin> calibration() const;
    CorpusTotals totals() const;

    friend bool operator==(const CorpusStatistics&, const CorpusStatistics&) = default;

private:
    // Raw per-bin sums of the calibration; CalibrationBin is derived from them.
    struct CalibrationSums {
        std::uint64_t pairs = 0;
        std::uint64_t masked = 0;
        std::uint64_t saturated = 0;
        std::uint64_t zero = 0;
        ExactSum p;
        ExactSum variance;  // sum of p (1 - p)
        ExactSum baseline;
        float minP = 2.0f;   // above every probability until the first pair
        float maxP = -1.0f;  // below every probability until the first pair
        friend bool operator==(const CalibrationSums&, const CalibrationSums&) = default;
    };

    CorpusStatisticsOptions m_options;
    Histogram m_density;
    Histogram m_hubFraction;
    std::vector<CalibrationSums> m_calibration;
    std::vector<RecordSummary> m_records;
    std::uint64_t m_responseTokens = 0;
    std::uint64_t m_hubTokens = 0;
    std::uint64_t m_recordsWithMasks = 0;
    std::uint64_t m_processedRecords = 0;
    std::uint64_t m_unbinnedPairs = 0;
    std::uint64_t m_densityTokens = 0;  // response tokens with a non-NaN density
    ExactSum m_densitySum;
    ExactSum m_hubFractionSum;
    std::uint64_t m_hubFractionRecords = 0;
};

}  // namespace maskscope
