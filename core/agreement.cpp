#include "agreement.h"

#include "annotations.h"
#include "content_hash.h"
#include "error.h"

#include <algorithm>

namespace maskscope {

namespace {

void requireSameSize(std::size_t expected, std::size_t actual, const char* what) {
    if (expected != actual)
        throw UsageError(std::string(what) + " has " + std::to_string(actual) + " entries, expected " +
                         std::to_string(expected) + " (one per token)");
}

std::string spanText(const HubSpan& span) {
    std::string text(1, '[');
    text.append(std::to_string(span.begin)).append(", ").append(std::to_string(span.end)).append(")");
    return text;
}

void requireSortedDisjoint(std::span<const HubSpan> spans, const char* which) {
    for (std::size_t i = 0; i < spans.size(); ++i) {
        if (spans[i].begin >= spans[i].end)
            throw UsageError(std::string(which) + " span " + std::to_string(i) + " " + spanText(spans[i]) +
                             " is empty; spans must have begin < end");
        if (i > 0 && spans[i].begin < spans[i - 1].end)
            throw UsageError(std::string(which) + " span " + std::to_string(i) + " " + spanText(spans[i]) +
                             " starts before the end of the previous span " + spanText(spans[i - 1]) +
                             "; spans must be sorted and disjoint");
    }
}

// numerator / denominator, or nothing for 0 / 0.
std::optional<double> ratio(std::uint64_t numerator, std::uint64_t denominator) {
    if (denominator == 0) return std::nullopt;
    return static_cast<double>(numerator) / static_cast<double>(denominator);
}

// F1 = 2 tp / (2 tp + fp + fn); 1 when both sides are empty.
double f1Score(std::uint64_t truePositives, std::uint64_t falsePositives, std::uint64_t falseNegatives) {
    const std::uint64_t denominator = 2 * truePositives + falsePositives + falseNegatives;
    if (denominator == 0) return 1.0;
    return static_cast<double>(2 * truePositives) / static_cast<double>(denominator);
}

void addMean(RecordMean& mean, double& sum, const std::optional<double>& value) {
    if (!value) return;
    sum += *value;
    ++mean.records;
}

void finishMean(RecordMean& mean, double sum) {
    if (mean.records > 0) mean.mean = sum / static_cast<double>(mean.records);
}

}  // namespace

TokenConfusion& TokenConfusion::operator+=(const TokenConfusion& other) {
    bothHub += other.bothHub;
    predictedOnly += other.predictedOnly;
    referenceOnly += other.referenceOnly;
    neither += other.neither;
    return *this;
}

SpanCounts& SpanCounts::operator+=(const SpanCounts& other) {
    reference += other.reference;
    predicted += other.predicted;
    matched += other.matched;
    return *this;
}

AgreementCounts& AgreementCounts::operator+=(const AgreementCounts& other) {
    tokens += other.tokens;
    exactSpans += other.exactSpans;
    overlapSpans += other.overlapSpans;
    return *this;
}

TokenConfusion countTokens(std::span<const std::uint8_t> reference, std::span<const std::uint8_t> predicted,
                           std::span<const std::uint8_t> maskable) {
    requireSameSize(maskable.size(), reference.size(), "the reference indicator");
    requireSameSize(maskable.size(), predicted.size(), "the predicted indicator");
    TokenConfusion confusion;
    for (std::size_t i = 0; i < maskable.size(); ++i) {
        if (!maskable[i]) continue;
        const bool inReference = reference[i] != 0;
        const bool inPrediction = predicted[i] != 0;
        if (inReference && inPrediction) ++confusion.bothHub;
        else if (inPrediction) ++confusion.predictedOnly;
        else if (inReference) ++confusion.referenceOnly;
        else ++confusion.neither;
    }
    return confusion;
}

SpanCounts matchSpansExact(std::span<const HubSpan> reference, std::span<const HubSpan> predicted) {
    requireSortedDisjoint(reference, "reference");
    requireSortedDisjoint(predicted, "predicted");
    SpanCounts counts{reference.size(), predicted.size(), 0};
    // Both lists are strictly increasing in begin, so equal spans meet in one merge pass.
    std::size_t j = 0;
    for (const HubSpan& span : reference) {
        while (j < predicted.size() && predicted[j].begin < span.begin) ++j;
        if (j < predicted.size() && predicted[j] == span) {
            ++counts.matched;
            ++j;
        }
    }
    return counts;
}

SpanCounts matchSpansOverlap(std::span<const HubSpan> reference, std::span<const HubSpan> predicted) {
    requireSortedDisjoint(reference, "reference");
    requireSortedDisjoint(predicted, "predicted");
    SpanCounts counts{reference.size(), predicted.size(), 0};
    // `j` is the earliest predicted span that is unmatched and may still overlap the current or a
    // later reference span. A predicted span ending at or before the current reference span's
    // begin overlaps no later reference span either (they begin later still), so it is passed
    // over for good. Taking the earliest candidate leaves the later ones, which are the only ones
    // later reference spans can use, free: the greedy matching has maximum cardinality.
    std::size_t j = 0;
    for (const HubSpan& span : reference) {
        while (j < predicted.size() && predicted[j].end <= span.begin) ++j;
        if (j < predicted.size() && predicted[j].begin < span.end) {
            ++counts.matched;
            ++j;
        }
    }
    return counts;
}

std::optional<double> cohensKappa(const TokenConfusion& confusion) {
    if (confusion.total() == 0) return std::nullopt;
    // Products of counts in long double: exact up to 2^64 where long double has a 64-bit
    // mantissa (x86), so a d - b c does not cancel badly for corpus-sized counts.
    const long double a = static_cast<long double>(confusion.bothHub);
    const long double b = static_cast<long double>(confusion.predictedOnly);
    const long double c = static_cast<long double>(confusion.referenceOnly);
    const long double d = static_cast<long double>(confusion.neither);
    const long double denominator = (a + b) * (b + d) + (a + c) * (c + d);
    // Zero exactly when p_e = 1: both labelings constant and identical, so they agree everywhere.
    if (denominator == 0) return 1.0;
    return static_cast<double>(2 * (a * d - b * c) / denominator);
}

PrecisionRecall precisionRecall(const TokenConfusion& confusion) {
    const std::uint64_t tp = confusion.bothHub, fp = confusion.predictedOnly, fn = confusion.referenceOnly;
    return {ratio(tp, tp + fp), ratio(tp, tp + fn), f1Score(tp, fp, fn)};
}

PrecisionRecall precisionRecall(const SpanCounts& counts) {
    const std::uint64_t fp = counts.predicted - counts.matched, fn = counts.reference - counts.matched;
    return {ratio(counts.matched, counts.predicted), ratio(counts.matched, counts.reference),
            f1Score(counts.matched, fp, fn)};
}

AgreementScores scoresFrom(const AgreementCounts& counts) {
    if (counts.tokens.total() == 0) return {};
    return {cohensKappa(counts.tokens), precisionRecall(counts.tokens), precisionRecall(counts.exactSpans),
            precisionRecall(counts.overlapSpans)};
}

std::vector<HubSpan> spansOfIndicator(std::span<const std::uint8_t> indicator) {
    std::vector<HubSpan> spans;
    std::size_t i = 0;
    while (i < indicator.size()) {
        if (!indicator[i]) {
            ++i;
            continue;
        }
        const std::size_t begin = i;
        while (i < indicator.size() && indicator[i]) ++i;
        spans.push_back({begin, i});
    }
    return spans;
}

RecordAgreement compareRecord(std::span<const std::uint8_t> reference, std::span<const HubSpan> referenceSpans,
                              std::span<const std::uint8_t> predicted, std::span<const HubSpan> predictedSpans,
                              std::span<const std::uint8_t> maskable) {
    RecordAgreement result;
    result.counts.tokens = countTokens(reference, predicted, maskable);
    result.counts.exactSpans = matchSpansExact(referenceSpans, predictedSpans);
    result.counts.overlapSpans = matchSpansOverlap(referenceSpans, predictedSpans);
    result.scores = scoresFrom(result.counts);
    return result;
}

RecordAgreement compareHubs(const Hubs& reference, const Hubs& predicted, std::span<const std::uint8_t> maskable) {
    return compareRecord(reference.indicator, reference.spans, predicted.indicator, predicted.spans, maskable);
}

Hubs annotationHubs(std::span<const AnnotationSpan> spans, const TokenizedRecord& record) {
    Hubs hubs;
    hubs.indicator.assign(record.size(), 0);
    // Non-empty byte spans sorted by start; largestEnd[k] is the largest end among the first k+1.
    // A token [begin, end) shares a byte with some span exactly when, among the spans starting
    // before `end`, the largest end exceeds `begin`.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    ranges.reserve(spans.size());
    for (const AnnotationSpan& span : spans)
        if (span.end > span.start) ranges.emplace_back(span.start, span.end);
    std::sort(ranges.begin(), ranges.end());
    std::vector<std::uint32_t> largestEnd(ranges.size());
    std::uint32_t running = 0;
    for (std::size_t k = 0; k < ranges.size(); ++k) {
        running = std::max(running, ranges[k].second);
        largestEnd[k] = running;
    }
    if (!ranges.empty()) {
        for (std::size_t i = record.promptTokens; i < record.size(); ++i) {
            const Token& token = record.tokens[i];
            if (token.end <= token.begin) continue;
            const auto after = std::lower_bound(
                ranges.begin(), ranges.end(), token.end,
                [](const std::pair<std::uint32_t, std::uint32_t>& range, std::uint32_t end) { return range.first < end; });
            const auto before = static_cast<std::size_t>(after - ranges.begin());
            if (before > 0 && largestEnd[before - 1] > token.begin) hubs.indicator[i] = 1;
        }
    }
    hubs.spans = spansOfIndicator(hubs.indicator);
    return hubs;
}

std::optional<Hubs> annotationHubs(const AnnotationSet& annotations, const TokenizedRecord& record) {
    const RecordAnnotations* entry = annotations.find(record.record.id);
    if (!entry) return std::nullopt;
    const std::string& response = record.record.response;
    const std::string file = annotations.path().empty() ? std::string("annotations") : annotations.path();
    if (!matches(*entry, response))
        throw InputError(file, 0,
                         "the annotation for id '" + record.record.id + "' was made for a different text (text_hash " +
                             hashToHex(entry->textHash) + ", current response " + hashToHex(hashBytes(response)) +
                             "); re-annotate the record or use the matching corpus");
    if (const auto problem = spanProblem(*entry, response))
        throw InputError(file, 0, "the annotation for id '" + record.record.id + "': " + *problem);
    return annotationHubs(entry->spans, record);
}

void AgreementAccumulator::add(std::string id, const AgreementCounts& counts) {
    m_entries.push_back({std::move(id), counts});
    m_pooled += counts;
}

void AgreementAccumulator::merge(const AgreementAccumulator& other) {
    if (&other == this) {
        const AgreementAccumulator copy = other;
        merge(copy);
        return;
    }
    m_entries.insert(m_entries.end(), other.m_entries.begin(), other.m_entries.end());
    m_pooled += other.m_pooled;
}

AgreementSummary AgreementAccumulator::summary() const {
    AgreementSummary summary;
    summary.records = m_entries.size();
    summary.counts = m_pooled;
    summary.pooled = scoresFrom(m_pooled);
    double kappaSum = 0, tokenSum = 0, exactSum = 0, overlapSum = 0;
    for (const Entry& entry : m_entries) {
        const AgreementScores scores = scoresFrom(entry.counts);
        addMean(summary.meanKappa, kappaSum, scores.kappa);
        addMean(summary.meanTokenF1, tokenSum, scores.tokens.f1);
        addMean(summary.meanExactSpanF1, exactSum, scores.exactSpans.f1);
        addMean(summary.meanOverlapSpanF1, overlapSum, scores.overlapSpans.f1);
    }
    finishMean(summary.meanKappa, kappaSum);
    finishMean(summary.meanTokenF1, tokenSum);
    finishMean(summary.meanExactSpanF1, exactSum);
    finishMean(summary.meanOverlapSpanF1, overlapSum);
    return summary;
}

}  // namespace maskscope
