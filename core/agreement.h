// Agreement between two hub labelings of the same tokenized record, e.g. a person's annotations
// (the reference) against the hubs a density source and hub extraction produce (the prediction),
// per record and pooled over a corpus (ux.md, "Annotation of hubs").
//
// Three families of figures, all computed over the maskable set S (response tokens) only:
//
// Token level. Every token of S falls in one cell of the 2x2 confusion matrix
//     a = both hub, b = prediction only, c = reference only, d = neither,  n = a + b + c + d.
//   Cohen's kappa = (p_o - p_e) / (1 - p_e) with p_o = (a + d) / n and
//   p_e = ((a + b)(a + c) + (c + d)(b + d)) / n^2; computed in the equivalent closed form
//   kappa = 2 (a d - b c) / ((a + b)(b + d) + (a + c)(c + d)).
//   Precision = a / (a + b), recall = a / (a + c), F1 = 2a / (2a + b + c).
//
// Span level, two matchings of the predicted spans against the reference spans:
//   Exact    a predicted span matches a reference span with the same [begin, end).
//   Overlap  a predicted span matches a reference span when they share at least one token index.
//            Matching is one-to-one and of maximum cardinality: every span takes part in at most
//            one matched pair and no other one-to-one assignment has more pairs. Both lists are
//            sorted and disjoint, so the overlap graph is an interval graph and a greedy scan
//            (each reference span, in order, takes the earliest still-unmatched predicted span
//            that overlaps it) attains the maximum.
//   With m matched pairs: precision = m / |predicted|, recall = m / |reference|,
//   F1 = 2m / (|predicted| + |reference|).
//
// Degenerate cases (the 0/0 quotients); "undefined" is an empty std::optional:
//   - kappa is undefined when n = 0 (a record without maskable tokens compares nothing).
//   - kappa is 1 when p_e = 1, i.e. both labelings are constant and identical (all hub, or no
//     hub at all): they agree on every token. Constant but different labelings (one all hub, the
//     other none) need no rule: the formula gives p_o = p_e = 0, kappa = 0.
//   - precision is undefined when nothing is predicted, recall when the reference is empty.
//   - F1 is 1 when both sides are empty (no hub token, or no span, in either labeling: perfect
//     agreement); with exactly one side empty it is 0 by the formula.
//   - scoresFrom() makes every figure of a record (or a pool) with n = 0 undefined, span figures
//     included: without maskable tokens there is nothing to compare.
//
// Corpus figures. AgreementAccumulator pools the counts of all records and computes the figures
// from the pooled counts (corpus kappa comes from the pooled confusion matrix, not from the mean
// of per-record kappas); it also reports the plain mean of each per-record figure over the records
// where that figure is defined.
#pragma once

#include "hubs.h"
#include "record.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace maskscope {

class AnnotationSet;
struct AnnotationSpan;

// The token-level confusion matrix over the maskable set.
struct TokenConfusion {
    std::uint64_t bothHub = 0;         // a: hub in both labelings (true positive)
    std::uint64_t predictedOnly = 0;   // b: hub in the prediction only (false positive)
    std::uint64_t referenceOnly = 0;   // c: hub in the reference only (false negative)
    std::uint64_t neither = 0;         // d: hub in neither (true negative)

    std::uint64_t total() const { return bothHub + predictedOnly + referenceOnly + neither; }
    TokenConfusion& operator+=(const TokenConfusion& other);
    friend bool operator==(const TokenConfusion&, const TokenConfusion&) = default;
};

// The outcome of one span matching.
struct SpanCounts {
    std::uint64_t reference = 0;  // spans in the reference list
    std::uint64_t predicted = 0;  // spans in the predicted list
    std::uint64_t matched = 0;    // one-to-one matched pairs

    SpanCounts& operator+=(const SpanCounts& other);
    friend bool operator==(const SpanCounts&, const SpanCounts&) = default;
};

struct PrecisionRecall {
    std::optional<double> precision;
    std::optional<double> recall;
    std::optional<double> f1;
    friend bool operator==(const PrecisionRecall&, const PrecisionRecall&) = default;
};

// Everything that is summed when records are pooled.
struct AgreementCounts {
    TokenConfusion tokens;
    SpanCounts exactSpans;
    SpanCounts overlapSpans;

    AgreementCounts& operator+=(const AgreementCounts& other);
    friend bool operator==(const AgreementCounts&, const AgreementCounts&) = default;
};

// The figures derived from counts (see the top of this header for every definition).
struct AgreementScores {
    std::optional<double> kappa;
    PrecisionRecall tokens;
    PrecisionRecall exactSpans;
    PrecisionRecall overlapSpans;
    friend bool operator==(const AgreementScores&, const AgreementScores&) = default;
};

// --- building blocks ---------------------------------------------------------------------------

// Counts the maskable tokens into the confusion matrix; a nonzero indicator entry is a hub and
// tokens with maskable 0 are ignored whatever their indicators say. Throws UsageError when the
// three spans differ in size.
TokenConfusion countTokens(std::span<const std::uint8_t> reference, std::span<const std::uint8_t> predicted,
                           std::span<const std::uint8_t> maskable);

// Span matchings. Each list must be sorted by begin, with non-empty ([begin < end)) and pairwise
// disjoint spans (adjacent spans are disjoint), as Hubs::spans and spansOfIndicator() produce;
// throws UsageError naming the first offending span otherwise.
SpanCounts matchSpansExact(std::span<const HubSpan> reference, std::span<const HubSpan> predicted);
SpanCounts matchSpansOverlap(std::span<const HubSpan> reference, std::span<const HubSpan> predicted);

std::optional<double> cohensKappa(const TokenConfusion& confusion);
PrecisionRecall precisionRecall(const TokenConfusion& confusion);
PrecisionRecall precisionRecall(const SpanCounts& counts);
// All figures; everything undefined when counts.tokens.total() is 0.
AgreementScores scoresFrom(const AgreementCounts& counts);

// The maximal runs of consecutive nonzero entries, as sorted disjoint spans.
std::vector<HubSpan> spansOfIndicator(std::span<const std::uint8_t> indicator);

// --- one record --------------------------------------------------------------------------------

struct RecordAgreement {
    AgreementCounts counts;
    AgreementScores scores;
};

// Compares two labelings of one record: indicators (one entry per token) and span lists (token
// indices). Throws UsageError on mismatched sizes or malformed span lists.
RecordAgreement compareRecord(std::span<const std::uint8_t> reference, std::span<const HubSpan> referenceSpans,
                              std::span<const std::uint8_t> predicted, std::span<const HubSpan> predictedSpans,
                              std::span<const std::uint8_t> maskable);
RecordAgreement compareHubs(const Hubs& reference, const Hubs& predicted, std::span<const std::uint8_t> maskable);

// --- annotations as a labeling -----------------------------------------------------------------

// The hubs that annotation byte spans mark in a tokenized record, by the rule of the
// "annotations" density source (density_annotations.h): a response token is a hub when its byte
// range [begin, end) shares at least one byte with a span; prompt tokens, tokens covering no byte
// and empty spans never count. The spans of the result are the maximal runs of hub tokens
// (spansOfIndicator), so two annotated regions whose tokens touch form one span. The byte spans
// are taken as they are (in any order, overlapping allowed) and not checked against the text.
Hubs annotationHubs(std::span<const AnnotationSpan> spans, const TokenizedRecord& record);

// The same for the record's entry in `annotations`: nothing when the record is not annotated (a
// record annotated with no spans gives an all-zero labeling). Throws InputError naming the file,
// as the density source does, when the annotation was made for a different response text or a
// span does not fit the response.
std::optional<Hubs> annotationHubs(const AnnotationSet& annotations, const TokenizedRecord& record);

// --- a corpus ----------------------------------------------------------------------------------

// The mean of a per-record figure over the records where it is defined.
struct RecordMean {
    std::optional<double> mean;  // empty when no record defines the figure
    std::size_t records = 0;     // how many records contributed
    friend bool operator==(const RecordMean&, const RecordMean&) = default;
};

struct AgreementSummary {
    std::size_t records = 0;
    AgreementCounts counts;   // pooled over all records
    AgreementScores pooled;   // scoresFrom(counts)
    RecordMean meanKappa;
    RecordMean meanTokenF1;
    RecordMean meanExactSpanF1;
    RecordMean meanOverlapSpanF1;
    friend bool operator==(const AgreementSummary&, const AgreementSummary&) = default;
};

// Collects per-record results in the order they are added. Feeding is incremental (the caller
// adds one record at a time and may stop between any two), and accumulators built over
// consecutive chunks of a corpus and merged in corpus order give exactly the summary of one
// accumulator fed the whole corpus: means are summed in record order when summary() is called.
class AgreementAccumulator {
public:
    struct Entry {
        std::string id;
        AgreementCounts counts;
    };

    void add(std::string id, const AgreementCounts& counts);
    void add(std::string id, const RecordAgreement& record) { add(std::move(id), record.counts); }
    // Appends `other`'s records after this one's.
    void merge(const AgreementAccumulator& other);

    std::size_t size() const { return m_entries.size(); }
    const std::vector<Entry>& entries() const { return m_entries; }
    const AgreementCounts& pooledCounts() const { return m_pooled; }

    AgreementSummary summary() const;

private:
    std::vector<Entry> m_entries;
    AgreementCounts m_pooled;
};

}  // namespace maskscope
