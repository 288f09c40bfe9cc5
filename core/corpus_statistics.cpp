#include "corpus_statistics.h"

#include "error.h"
#include "inspection.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace maskscope {

namespace {

// Guards against a typo allocating gigabytes; no chart shows more bins than this.
constexpr std::size_t kMaxBins = 100000;

void requireSameSize(std::size_t expected, std::size_t actual, const std::string& what) {
    if (expected != actual)
        throw UsageError(what + " has " + std::to_string(actual) + " entries, expected " + std::to_string(expected) +
                         " (one per token)");
}

void requireBins(std::size_t bins, const char* what) {
    if (bins == 0 || bins > kMaxBins)
        throw UsageError(std::string(what) + " must be between 1 and " + std::to_string(kMaxBins) + ", got " +
                         std::to_string(bins));
}

void requireThreshold(double value, double low, double high, const char* what) {
    if (!(value >= low && value <= high))
        throw UsageError(std::string(what) + " must be in [" + std::to_string(low) + ", " + std::to_string(high) +
                         "], got " + std::to_string(value));
}

double clampUnit(float value) { return std::clamp(static_cast<double>(value), 0.0, 1.0); }

Histogram emptyHistogram(std::size_t bins) {
    Histogram histogram;
    histogram.counts.assign(bins, 0);
    return histogram;
}

void addInto(Histogram& into, const Histogram& from) {
    for (std::size_t k = 0; k < into.counts.size(); ++k) into.counts[k] += from.counts[k];
    into.invalid += from.invalid;
}

void count(Histogram& histogram, double value) {
    if (const auto bin = binIndex(value, histogram.bins())) ++histogram.counts[*bin];
    else ++histogram.invalid;
}

std::optional<double> quotient(double numerator, std::uint64_t denominator) {
    if (denominator == 0) return std::nullopt;
    return numerator / static_cast<double>(denominator);
}

}  // namespace

// --- ExactSum ---------------------------------------------------------------------------------

void ExactSum::add(double value) {
    if (!(value >= 0.0 && value < 0x1p63))
        throw UsageError("an exact sum takes values in [0, 2^63), got " + std::to_string(value));
    const double whole = std::floor(value);
    // value - floor(value) is exact for non-negative doubles; scaling by 2^64 is exact too, and
    // the conversion drops the bits below 2^-64.
    const auto fraction = static_cast<std::uint64_t>(std::ldexp(value - whole, 64));
    m_fraction += fraction;
    m_integer += static_cast<std::uint64_t>(whole) + (m_fraction < fraction ? 1 : 0);
}

ExactSum& ExactSum::operator+=(const ExactSum& other) {
    const ExactSum from = other;  // `other` may be *this
    m_fraction += from.m_fraction;
    m_integer += from.m_integer + (m_fraction < from.m_fraction ? 1 : 0);
    return *this;
}

double ExactSum::value() const {
    return static_cast<double>(m_integer) + std::ldexp(static_cast<double>(m_fraction), -64);
}

// --- histograms -------------------------------------------------------------------------------

std::optional<std::size_t> binIndex(double value, std::size_t bins) {
    if (bins == 0) throw UsageError("a histogram needs at least one bin");
    if (std::isnan(value)) return std::nullopt;
    const double clamped = std::clamp(value, 0.0, 1.0);
    const auto bin = static_cast<std::size_t>(clamped * static_cast<double>(bins));  // floor: clamped >= 0
    return std::min(bin, bins - 1);
}

double Histogram::lower(std::size_t bin) const {
    return static_cast<double>(bin) / static_cast<double>(counts.size());
}

double Histogram::upper(std::size_t bin) const {
    return static_cast<double>(bin + 1) / static_cast<double>(counts.size());
}

std::uint64_t Histogram::binned() const {
    std::uint64_t sum = 0;
    for (const std::uint64_t c : counts) sum += c;
    return sum;
}

// --- options ----------------------------------------------------------------------------------

void CorpusStatisticsOptions::validate() const {
    requireBins(densityBins, "the number of density bins");
    requireBins(hubFractionBins, "the number of hub fraction bins");
    requireBins(calibrationBins, "the number of calibration bins");
    const double infinity = std::numeric_limits<double>::infinity();
    requireThreshold(denseFrom, 0.0, 1.0, "the lower density edge of dense bins");
    requireThreshold(minDenseRatio, 0.0, infinity, "the minimum ratio of dense bins");
    requireThreshold(maxRatio, 0.0, infinity, "the maximum ratio");
    requireThreshold(maxSaturatedShare, 0.0, 1.0, "the maximum saturated share");
}

// --- CorpusStatistics -------------------------------------------------------------------------

CorpusStatistics::CorpusStatistics(CorpusStatisticsOptions options) : m_options(options) {
    m_options.validate();
    m_density = emptyHistogram(m_options.densityBins);
    m_hubFraction = emptyHistogram(m_options.hubFractionBins);
    m_calibration.resize(m_options.calibrationBins);
}

void CorpusStatistics::add(const RecordInspection& inspection, std::span<const RecordMasks> steps) {
    add(RecordObservation{inspection.tokens.record.id, inspection.maskable, inspection.density,
                          inspection.hubs.indicator, steps});
}

void CorpusStatistics::add(const RecordObservation& record) {
    const std::size_t n = record.maskable.size();
    const bool second = m_options.sample == CalibratedSample::Second;
    const char* probabilityName = second ? "pSecond" : "p";
    const char* maskName = second ? "the syntactic mask" : "the logical mask";

    // Everything is checked before anything changes, so a bad record leaves no trace.
    requireSameSize(n, record.density.size(), "the density");
    requireSameSize(n, record.hub.size(), "the hub indicator");
    for (std::size_t step = 0; step < record.masks.size(); ++step) {
        const RecordMasks& masks = record.masks[step];
        const std::vector<float>& p = second ? masks.pSecond : masks.p;
        const std::string where = "masks " + std::to_string(step) + " of record '" + std::string(record.id) + "': ";
        requireSameSize(n, p.size(), where + probabilityName);
        requireSameSize(n, (second ? masks.syntactic : masks.logical).size(), where + maskName);
        for (std::size_t i = 0; i < n; ++i)
            if (record.maskable[i] && !(p[i] >= 0.0f && p[i] <= 1.0f))
                throw UsageError(where + probabilityName + " of token " + std::to_string(i) + " is " +
                                 std::to_string(p[i]) + ", not a probability");
    }

    RecordSummary summary;
    summary.id = std::string(record.id);
    summary.tokens = n;
    summary.steps = record.masks.size();

    // Density and hubs.
    double densitySum = 0.0;
    std::size_t densityCount = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!record.maskable[i]) continue;
        ++summary.responseTokens;
        if (record.hub[i]) ++summary.hubTokens;
        count(m_density, record.density[i]);
        if (std::isnan(record.density[i])) continue;
        const double d = clampUnit(record.density[i]);
        densitySum += d;
        m_densitySum.add(d);
        ++densityCount;
    }
    m_densityTokens += densityCount;
    m_responseTokens += summary.responseTokens;
    m_hubTokens += summary.hubTokens;
    if (densityCount > 0) summary.meanDensity = densitySum / static_cast<double>(densityCount);
    if (summary.responseTokens > 0) {
        const double fraction = static_cast<double>(summary.hubTokens) / static_cast<double>(summary.responseTokens);
        summary.hubFraction = fraction;
        count(m_hubFraction, fraction);
        m_hubFractionSum.add(fraction);
        ++m_hubFractionRecords;
    }

    // Calibration: every (maskable token, step) pair.
    if (!record.masks.empty()) {
        ++m_recordsWithMasks;
        summary.processed = record.masks.front().processed;
        if (record.masks.front().processed) ++m_processedRecords;
    }
    double tSum = 0.0;
    std::uint64_t maskedInRecord = 0;
    for (const RecordMasks& masks : record.masks) {
        tSum += masks.t;
        const std::vector<float>& p = second ? masks.pSecond : masks.p;
        const std::vector<std::uint8_t>& mask = second ? masks.syntactic : masks.logical;
        double pSum = 0.0;
        for (std::size_t i = 0; i < n; ++i)
            if (record.maskable[i]) pSum += p[i];
        const double baseline = summary.responseTokens > 0 ? pSum / static_cast<double>(summary.responseTokens) : 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            if (!record.maskable[i]) continue;
            const bool masked = mask[i] != 0;
            maskedInRecord += masked ? 1 : 0;
            const auto bin = binIndex(record.density[i], m_calibration.size());
            if (!bin) {
                ++m_unbinnedPairs;
                continue;
            }
            CalibrationSums& sums = m_calibration[*bin];
            const float probability = p[i];
            ++sums.pairs;
            sums.masked += masked ? 1 : 0;
            sums.saturated += probability == 1.0f ? 1 : 0;
            sums.zero += probability == 0.0f ? 1 : 0;
            sums.p.add(probability);
            sums.variance.add(static_cast<double>(probability) * (1.0 - static_cast<double>(probability)));
            sums.baseline.add(baseline);
            sums.minP = std::min(sums.minP, probability);
            sums.maxP = std::max(sums.maxP, probability);
        }
    }
    if (summary.steps > 0) summary.meanT = tSum / static_cast<double>(summary.steps);
    if (summary.steps > 0 && summary.responseTokens > 0)
        summary.maskedShare = static_cast<double>(maskedInRecord) /
                              (static_cast<double>(summary.responseTokens) * static_cast<double>(summary.steps));

    m_records.push_back(std::move(summary));
}

void CorpusStatistics::merge(const CorpusStatistics& other) {
    if (!(m_options == other.m_options))
        throw UsageError("corpus statistics computed with different options cannot be merged");
    if (&other == this) {
        const CorpusStatistics copy = other;
        merge(copy);
        return;
    }
    addInto(m_density, other.m_density);
    addInto(m_hubFraction, other.m_hubFraction);
    for (std::size_t b = 0; b < m_calibration.size(); ++b) {
        CalibrationSums& into = m_calibration[b];
        const CalibrationSums& from = other.m_calibration[b];
        into.pairs += from.pairs;
        into.masked += from.masked;
        into.saturated += from.saturated;
        into.zero += from.zero;
        into.p += from.p;
        into.variance += from.variance;
        into.baseline += from.baseline;
        into.minP = std::min(into.minP, from.minP);
        into.maxP = std::max(into.maxP, from.maxP);
    }
    m_records.insert(m_records.end(), other.m_records.begin(), other.m_records.end());
    m_responseTokens += other.m_responseTokens;
    m_hubTokens += other.m_hubTokens;
    m_recordsWithMasks += other.m_recordsWithMasks;
    m_processedRecords += other.m_processedRecords;
    m_unbinnedPairs += other.m_unbinnedPairs;
    m_densityTokens += other.m_densityTokens;
    m_densitySum += other.m_densitySum;
    m_hubFractionSum += other.m_hubFractionSum;
    m_hubFractionRecords += other.m_hubFractionRecords;
}

std::vector<CalibrationBin> CorpusStatistics::calibration() const {
    std::vector<CalibrationBin> bins(m_calibration.size());
    const double n = static_cast<double>(m_calibration.size());
    for (std::size_t b = 0; b < bins.size(); ++b) {
        const CalibrationSums& sums = m_calibration[b];
        CalibrationBin& bin = bins[b];
        bin.lower = static_cast<double>(b) / n;
        bin.upper = static_cast<double>(b + 1) / n;
        bin.pairs = sums.pairs;
        bin.masked = sums.masked;
        if (sums.pairs == 0) continue;
        const double pairs = static_cast<double>(sums.pairs);
        const double pSum = sums.p.value();
        const double baselineSum = sums.baseline.value();
        bin.meanP = pSum / pairs;
        bin.minP = sums.minP;
        bin.maxP = sums.maxP;
        bin.realizedRate = static_cast<double>(sums.masked) / pairs;
        bin.standardError = std::sqrt(sums.variance.value()) / pairs;
        bin.meanBaseline = baselineSum / pairs;
        bin.saturatedShare = static_cast<double>(sums.saturated) / pairs;
        bin.zeroShare = static_cast<double>(sums.zero) / pairs;
        if (baselineSum > 0.0) bin.ratio = pSum / baselineSum;
        bin.maskedTooMuch =
            bin.saturatedShare > m_options.maxSaturatedShare || (bin.ratio && *bin.ratio > m_options.maxRatio);
        bin.maskedTooLittle = bin.lower >= m_options.denseFrom && bin.ratio && *bin.ratio < m_options.minDenseRatio;
    }
    return bins;
}

CorpusTotals CorpusStatistics::totals() const {
    CorpusTotals totals;
    totals.records = m_records.size();
    totals.recordsWithMasks = m_recordsWithMasks;
    totals.processedRecords = m_processedRecords;
    totals.responseTokens = m_responseTokens;
    totals.hubTokens = m_hubTokens;
    for (const CalibrationSums& sums : m_calibration) totals.observedPairs += sums.pairs;
    totals.unbinnedPairs = m_unbinnedPairs;
    totals.meanDensity = quotient(m_densitySum.value(), m_densityTokens);
    totals.hubFraction = quotient(static_cast<double>(m_hubTokens), m_responseTokens);
    totals.meanHubFraction = quotient(m_hubFractionSum.value(), m_hubFractionRecords);
    return totals;
}

}  // namespace maskscope
