// Corpus statistics (core/corpus_statistics.h): histograms, per-record summaries, and the
// calibration of masking probability against density.
// - Calibration bins are checked against the closed form of method.md section 3, recomputed here
//   from the formula (lambda = t|S| / (|S| + (w - 1) K), saturation at w lambda > 1), not taken
//   from the sampler.
// - The realized mask rate of a bin is a mean of independent Bernoulli(p) draws; it must lie within
//   5 binomial standard errors (sqrt(sum p (1 - p)) / pairs) of the bin's mean p. A correct sampler
//   fails one such check with probability below 1e-6; a bias of a few standard errors fails.
// - Merging chunked statistics must give exactly (operator==, bit for bit) the statistics of one
//   sequential pass, and stopping after any record must leave the statistics of that prefix.
#include "core/corpus_statistics.h"
#include "core/error.h"
#include "core/inspection.h"
#include "core/mask_sampler.h"

#include <QtTest/QtTest>

#include <cmath>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using namespace maskscope;

namespace {

// One record for the statistics: `prompt` prompt tokens, then `size` response tokens of which the
// first `hubs` (spread every `size / hubs` tokens) are hubs with density `hubDensity`; the others
// have density `plainDensity`.
struct TestRecord {
    std::string id;
    std::vector<std::uint8_t> maskable;
    std::vector<float> density;
    std::vector<std::uint8_t> hub;
};

TestRecord twoClassRecord(std::string id, std::size_t prompt, std::size_t size, std::size_t hubs,
                          float hubDensity = 0.95f, float plainDensity = 0.05f) {
    TestRecord r;
    r.id = std::move(id);
    r.maskable.assign(prompt + size, 0);
    r.density.assign(prompt + size, 0.0f);
    r.hub.assign(prompt + size, 0);
    const std::size_t every = hubs > 0 ? size / hubs : 1;
    for (std::size_t i = 0; i < size; ++i) {
        r.maskable[prompt + i] = 1;
        const bool isHub = hubs > 0 && i % every == 0 && i / every < hubs;
        r.hub[prompt + i] = isHub ? 1 : 0;
        r.density[prompt + i] = isHub ? hubDensity : plainDensity;
    }
    return r;
}

// Random densities (some NaN), hubs where the density is high, a random prompt length.
TestRecord randomRecord(std::mt19937_64& rng, int index) {
    TestRecord r;
    r.id = "rec-" + std::to_string(index);
    const std::size_t size = std::uniform_int_distribution<std::size_t>(0, 60)(rng);
    const std::size_t prompt = std::uniform_int_distribution<std::size_t>(0, 8)(rng);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    std::bernoulli_distribution nan(0.02);
    for (std::size_t i = 0; i < prompt + size; ++i) {
        const bool response = i >= prompt;
        const float d = response ? (nan(rng) ? NAN : unit(rng) * unit(rng) * 1.1f) : 0.0f;  // some above 1
        r.maskable.push_back(response ? 1 : 0);
        r.density.push_back(d);
        r.hub.push_back(response && d >= 0.5f ? 1 : 0);
    }
    return r;
}

MaskPolicy policy(MaskMode mode, double w, double tMin, double tMax, double processed = 1.0, std::uint32_t seed = 3) {
    MaskPolicy p;
    p.mode = mode;
    p.w = w;
    p.tMin = tMin;
    p.tMax = tMax;
    p.processed = processed;
    p.seed = seed;
    return p;
}

std::vector<RecordMasks> drawSteps(const MaskSampler& sampler, const TestRecord& r, std::uint32_t steps) {
    std::vector<RecordMasks> masks;
    for (std::uint32_t step = 0; step < steps; ++step)
        masks.push_back(sampler.draw(r.id, step, r.maskable, r.hub, r.density));
    return masks;
}

void feed(CorpusStatistics& statistics, const TestRecord& r, std::span<const RecordMasks> masks) {
    statistics.add(RecordObservation{r.id, r.maskable, r.density, r.hub, masks});
}

// The closed form of method.md section 3 for binary weights and w >= 1: (p on hubs, p elsewhere).
std::pair<double, double> closedForm(double size, double hubs, double w, double t) {
    const double lambda = t * size / (size + (w - 1.0) * hubs);
    if (w * lambda <= 1.0) return {w * lambda, lambda};
    return {1.0, (t * size - hubs) / (size - hubs)};
}

struct Corpus {
    std::vector<TestRecord> records;
    std::vector<std::vector<RecordMasks>> masks;
};

Corpus randomCorpus(std::uint64_t seed, int records, const MaskPolicy& p, std::uint32_t maxSteps) {
    std::mt19937_64 rng(seed);
    const MaskSampler sampler(p);
    Corpus corpus;
    for (int i = 0; i < records; ++i) {
        corpus.records.push_back(randomRecord(rng, i));
        const auto steps = std::uniform_int_distribution<std::uint32_t>(0, maxSteps)(rng);
        corpus.masks.push_back(drawSteps(sampler, corpus.records.back(), steps));
    }
    return corpus;
}

}  // namespace

class TestCorpusStatistics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void binIndexRule_data();
    void binIndexRule();
    void exactSumIgnoresOrder();
    void densityHistogramCountsResponseTokens();
    void hubFractionPerRecord();
    void calibrationReproducesClosedForm_data();
    void calibrationReproducesClosedForm();
    void secondSampleIsTheComplement();
    void realizedRateApproachesMeanP_data();
    void realizedRateApproachesMeanP();
    void flags_data();
    void flags();
    void mergedEqualsSequential();
    void stoppingLeavesThePrefix();
    void inspectionOverloadMatches();
    void rejectsBadInput();
};

void TestCorpusStatistics::binIndexRule_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("bins");
    QTest::addColumn<int>("bin");  // -1: no bin

    QTest::newRow("zero") << 0.0 << 10 << 0;
    QTest::newRow("inside the first bin") << 0.05 << 10 << 0;
    QTest::newRow("lower edge belongs to its bin") << 0.5 << 10 << 5;
    QTest::newRow("just below an edge") << 0.4999 << 10 << 4;
    QTest::newRow("one goes to the last bin") << 1.0 << 10 << 9;
    QTest::newRow("one bin") << 0.7 << 1 << 0;
    QTest::newRow("quarters") << 0.75 << 4 << 3;
    QTest::newRow("negative clamps to the first bin") << -0.5 << 10 << 0;
    QTest::newRow("above one clamps to the last bin") << 1.5 << 10 << 9;
    QTest::newRow("infinity clamps to the last bin") << double(INFINITY) << 10 << 9;
    QTest::newRow("NaN has no bin") << double(NAN) << 10 << -1;
}

void TestCorpusStatistics::binIndexRule() {
    QFETCH(double, value);
    QFETCH(int, bins);
    QFETCH(int, bin);
    const std::optional<std::size_t> index = binIndex(value, std::size_t(bins));
    QCOMPARE(index.has_value(), bin >= 0);
    if (index) QCOMPARE(int(*index), bin);
}

void TestCorpusStatistics::exactSumIgnoresOrder() {
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<double> values(5000);
    for (double& v : values) v = unit(rng) * (unit(rng) < 0.1 ? 1e6 : 1.0);
    values.push_back(0.0);
    values.push_back(1e-30);  // below 2^-64: truncated to 0, the same way in every order

    ExactSum forward, backward, chunked;
    for (const double v : values) forward.add(v);
    for (auto it = values.rbegin(); it != values.rend(); ++it) backward.add(*it);
    ExactSum part;
    for (std::size_t i = 0; i < values.size(); ++i) {
        part.add(values[i]);
        if (i % 333 == 0) {
            chunked += part;
            part = {};
        }
    }
    chunked += part;
    QVERIFY(forward == backward);
    QVERIFY(forward == chunked);
    long double reference = 0;
    for (const double v : values) reference += v;
    QVERIFY(std::fabs(forward.value() - double(reference)) <= 1e-9 * double(reference));

    // Carries from the fraction into the integer part.
    ExactSum carry;
    for (int i = 0; i < 8; ++i) carry.add(0.875);
    QCOMPARE(carry.value(), 7.0);
    ExactSum self = carry;
    self += self;
    QCOMPARE(self.value(), 14.0);

    ExactSum rejected;
    QVERIFY_THROWS_EXCEPTION(UsageError, rejected.add(-1e-300));
    QVERIFY_THROWS_EXCEPTION(UsageError, rejected.add(NAN));
    QVERIFY_THROWS_EXCEPTION(UsageError, rejected.add(INFINITY));
}

void TestCorpusStatistics::densityHistogramCountsResponseTokens() {
    CorpusStatisticsOptions options;
    options.densityBins = 4;
    CorpusStatistics statistics(options);
    TestRecord r;
    r.id = "r";
    // Two prompt tokens (densities 0.9 and NaN must not count), then response densities.
    r.density = {0.9f, NAN, 0.0f, 0.1f, 0.25f, 0.6f, 1.0f, 1.0f, NAN, 2.0f, -1.0f};
    r.maskable = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    r.hub.assign(r.density.size(), 0);
    feed(statistics, r, {});
    const Histogram& histogram = statistics.densityHistogram();
    // Bins [0, .25): 0, 0.1, -1 (clamped) | [.25, .5): 0.25 | [.5, .75): 0.6 | [.75, 1]: 1, 1, 2 (clamped).
    QCOMPARE(histogram.counts, (std::vector<std::uint64_t>{3, 1, 1, 3}));
    QCOMPARE(histogram.invalid, std::uint64_t(1));
    QCOMPARE(histogram.total(), std::uint64_t(9));  // every response token, once
    QCOMPARE(histogram.lower(1), 0.25);
    QCOMPARE(histogram.upper(3), 1.0);

    const RecordSummary& summary = statistics.recordSummaries().front();
    QCOMPARE(summary.tokens, std::size_t(11));
    QCOMPARE(summary.responseTokens, std::size_t(9));
    QVERIFY(summary.meanDensity.has_value());
    QCOMPARE(*summary.meanDensity, (0.0 + double(0.1f) + 0.25 + double(0.6f) + 1.0 + 1.0 + 1.0 + 0.0) / 8.0);
    QCOMPARE(summary.steps, std::size_t(0));
    QVERIFY(!summary.processed.has_value());
    QVERIFY(!summary.meanT.has_value());
    QVERIFY(!summary.maskedShare.has_value());
}

void TestCorpusStatistics::hubFractionPerRecord() {
    CorpusStatisticsOptions options;
    options.hubFractionBins = 5;
    CorpusStatistics statistics(options);
    feed(statistics, twoClassRecord("a", 3, 10, 2), {});  // 0.2
    feed(statistics, twoClassRecord("b", 0, 8, 8), {});   // 1.0
    feed(statistics, twoClassRecord("c", 4, 0, 0), {});   // empty response: no fraction
    feed(statistics, twoClassRecord("d", 1, 20, 0), {});  // 0.0
    TestRecord promptHub = twoClassRecord("e", 2, 4, 1);  // a hub flag on a prompt token is ignored
    promptHub.hub[0] = 1;
    feed(statistics, promptHub, {});  // 0.25

    const std::vector<RecordSummary>& records = statistics.recordSummaries();
    QCOMPARE(records.size(), std::size_t(5));
    QCOMPARE(records[0].hubFraction, std::optional<double>(0.2));
    QCOMPARE(records[1].hubFraction, std::optional<double>(1.0));
    QCOMPARE(records[2].hubFraction, std::optional<double>());
    QCOMPARE(records[3].hubFraction, std::optional<double>(0.0));
    QCOMPARE(records[4].hubFraction, std::optional<double>(0.25));
    QCOMPARE(records[4].hubTokens, std::size_t(1));
    QCOMPARE(statistics.hubFractionHistogram().counts, (std::vector<std::uint64_t>{1, 2, 0, 0, 1}));

    const CorpusTotals totals = statistics.totals();
    QCOMPARE(totals.records, std::uint64_t(5));
    QCOMPARE(totals.responseTokens, std::uint64_t(42));
    QCOMPARE(totals.hubTokens, std::uint64_t(11));
    QCOMPARE(totals.hubFraction, std::optional<double>(11.0 / 42.0));
    QVERIFY(totals.meanHubFraction.has_value());
    QVERIFY(std::fabs(*totals.meanHubFraction - (0.2 + 1.0 + 0.0 + 0.25) / 4.0) < 1e-15);
}

void TestCorpusStatistics::calibrationReproducesClosedForm_data() {
    QTest::addColumn<int>("mode");  // MaskMode
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("hubs");
    QTest::addColumn<double>("w");
    QTest::addColumn<double>("t");

    const int complementary = int(MaskMode::Complementary);
    QTest::newRow("w 2, t 0.5: unsaturated") << complementary << 100 << 10 << 2.0 << 0.5;
    QTest::newRow("w 2, t 0.8: hubs saturate") << complementary << 100 << 10 << 2.0 << 0.8;
    QTest::newRow("w 5, t 0.5: hubs saturate") << complementary << 120 << 30 << 5.0 << 0.5;
    QTest::newRow("w 1.5, t 0.4, many hubs") << complementary << 64 << 40 << 1.5 << 0.4;
    QTest::newRow("uniform baseline") << int(MaskMode::Uniform) << 100 << 10 << 2.0 << 0.6;
}

void TestCorpusStatistics::calibrationReproducesClosedForm() {
    QFETCH(int, mode);
    QFETCH(int, size);
    QFETCH(int, hubs);
    QFETCH(double, w);
    QFETCH(double, t);

    const TestRecord r = twoClassRecord("closed-form", 5, std::size_t(size), std::size_t(hubs));
    const MaskSampler sampler(policy(MaskMode(mode), w, t, t));
    const std::uint32_t steps = 400;
    const std::vector<RecordMasks> masks = drawSteps(sampler, r, steps);
    CorpusStatistics statistics;  // 10 calibration bins: hubs (0.95) in bin 9, others (0.05) in bin 0
    feed(statistics, r, masks);

    const auto [pHub, pPlain] =
        MaskMode(mode) == MaskMode::Uniform ? std::pair{t, t} : closedForm(size, hubs, w, t);
    const std::vector<CalibrationBin> bins = statistics.calibration();
    QCOMPARE(bins.size(), std::size_t(10));
    for (std::size_t b = 1; b < 9; ++b) QCOMPARE(bins[b].pairs, std::uint64_t(0));

    const struct {
        const CalibrationBin& bin;
        double p;
        int tokens;
    } expectations[] = {{bins[9], pHub, hubs}, {bins[0], pPlain, size - hubs}};
    for (const auto& e : expectations) {
        QCOMPARE(e.bin.pairs, std::uint64_t(e.tokens) * steps);
        // p is stored as float: 1e-6 covers its rounding.
        QVERIFY2(std::fabs(e.bin.meanP - e.p) < 1e-6, qPrintable(QStringLiteral("mean p %1, closed form %2")
                                                                     .arg(e.bin.meanP, 0, 'g', 10)
                                                                     .arg(e.p, 0, 'g', 10)));
        QVERIFY(std::fabs(e.bin.minP - e.p) < 1e-6);
        QVERIFY(std::fabs(e.bin.maxP - e.p) < 1e-6);
        // The baseline is the uniform probability with the same expected count: t.
        QVERIFY(std::fabs(e.bin.meanBaseline - t) < 1e-6);
        QVERIFY(e.bin.ratio.has_value());
        QVERIFY(std::fabs(*e.bin.ratio - e.p / t) < 1e-5);
        QCOMPARE(e.bin.saturatedShare, e.p == 1.0 ? 1.0 : 0.0);
        const double se = std::sqrt(double(e.bin.pairs) * e.p * (1.0 - e.p)) / double(e.bin.pairs);
        QVERIFY(std::fabs(e.bin.standardError - se) <= 1e-5 * se);
        QVERIFY2(std::fabs(e.bin.realizedRate - e.bin.meanP) <= 5.0 * e.bin.standardError,
                 qPrintable(QStringLiteral("realized %1, mean p %2, standard error %3")
                                .arg(e.bin.realizedRate)
                                .arg(e.bin.meanP)
                                .arg(e.bin.standardError)));
    }
    // Per record: the realized share of masked response tokens is t up to sampling noise.
    const RecordSummary& summary = statistics.recordSummaries().front();
    QCOMPARE(summary.steps, std::size_t(steps));
    QVERIFY(summary.meanT.has_value());
    QVERIFY(std::fabs(*summary.meanT - t) < 1e-12);
    QCOMPARE(summary.processed, std::optional<bool>(true));
    QVERIFY(summary.maskedShare.has_value());
    QVERIFY(std::fabs(*summary.maskedShare - t) <= 5.0 * std::sqrt(0.25 / (double(size) * steps)));
}

void TestCorpusStatistics::secondSampleIsTheComplement() {
    const TestRecord r = twoClassRecord("second", 2, 100, 10);
    const double t = 0.5;
    const MaskSampler sampler(policy(MaskMode::Complementary, 2.0, t, t));
    const std::vector<RecordMasks> masks = drawSteps(sampler, r, 50);
    CorpusStatisticsOptions logicalOptions, secondOptions;
    secondOptions.sample = CalibratedSample::Second;
    CorpusStatistics logical(logicalOptions), second(secondOptions);
    feed(logical, r, masks);
    feed(second, r, masks);
    const auto [pHub, pPlain] = closedForm(100, 10, 2.0, t);
    const std::vector<CalibrationBin> l = logical.calibration(), s = second.calibration();
    for (const auto& [b, p] : {std::pair{std::size_t(9), pHub}, std::pair{std::size_t(0), pPlain}}) {
        QVERIFY(std::fabs(l[b].meanP - p) < 1e-6);
        QVERIFY(std::fabs(s[b].meanP - (1.0 - p)) < 1e-6);
        QVERIFY(std::fabs(s[b].meanBaseline - (1.0 - t)) < 1e-6);  // baseline 1 - t
        // Every token is masked in exactly one of the two samples.
        QCOMPARE(l[b].masked + s[b].masked, l[b].pairs);
    }
    // Hubs are kept in the syntactic sample: ratio below 1 there.
    QVERIFY(*s[9].ratio < 1.0);
}

void TestCorpusStatistics::realizedRateApproachesMeanP_data() {
    QTest::addColumn<int>("weighting");  // Weighting
    QTest::addColumn<double>("w");
    QTest::addColumn<double>("processed");

    QTest::newRow("binary, w 2") << int(Weighting::Binary) << 2.0 << 1.0;
    QTest::newRow("soft, w 3") << int(Weighting::Soft) << 3.0 << 1.0;
    QTest::newRow("binary, w 0.5, half processed") << int(Weighting::Binary) << 0.5 << 0.5;
}

void TestCorpusStatistics::realizedRateApproachesMeanP() {
    QFETCH(int, weighting);
    QFETCH(double, w);
    QFETCH(double, processed);

    // 20 records of 100 tokens with densities spread over [0, 1], t ~ U[0.3, 0.8], 300 steps:
    // 600,000 pairs, about 60,000 per bin.
    MaskPolicy p = policy(MaskMode::Complementary, w, 0.3, 0.8, processed, 17);
    p.weighting = Weighting(weighting);
    const MaskSampler sampler(p);
    CorpusStatistics statistics;
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    for (int i = 0; i < 20; ++i) {
        TestRecord r;
        r.id = "spread-" + std::to_string(i);
        for (int k = 0; k < 100; ++k) {
            const float d = unit(rng);
            r.maskable.push_back(1);
            r.density.push_back(d);
            r.hub.push_back(d >= 0.7f ? 1 : 0);
        }
        feed(statistics, r, drawSteps(sampler, r, 300));
    }
    for (const CalibrationBin& bin : statistics.calibration()) {
        QVERIFY(bin.pairs > 40000);
        QVERIFY(bin.standardError > 0.0);
        QVERIFY2(std::fabs(bin.realizedRate - bin.meanP) <= 5.0 * bin.standardError,
                 qPrintable(QStringLiteral("bin [%1, %2): realized %3, mean p %4, standard error %5")
                                .arg(bin.lower)
                                .arg(bin.upper)
                                .arg(bin.realizedRate, 0, 'g', 8)
                                .arg(bin.meanP, 0, 'g', 8)
                                .arg(bin.standardError)));
    }
    const CorpusTotals totals = statistics.totals();
    QCOMPARE(totals.observedPairs, std::uint64_t(20 * 100 * 300));
    QCOMPARE(totals.recordsWithMasks, std::uint64_t(20));
    std::uint64_t processedRecords = 0;
    for (const RecordSummary& s : statistics.recordSummaries()) processedRecords += *s.processed ? 1 : 0;
    QCOMPARE(totals.processedRecords, processedRecords);
    if (processed == 1.0) QCOMPARE(processedRecords, std::uint64_t(20));
}

void TestCorpusStatistics::flags_data() {
    QTest::addColumn<int>("mode");
    QTest::addColumn<double>("w");
    QTest::addColumn<double>("processed");
    QTest::addColumn<bool>("hubsTooMuch");
    QTest::addColumn<bool>("hubsTooLittle");

    // 200 response tokens, 30 hubs (f = 0.15) at density 0.95, t ~ U[0.3, 0.8].
    const int complementary = int(MaskMode::Complementary);
    QTest::newRow("paper default w 2: hubs saturate in ~45% of steps, no flag")
        << complementary << 2.0 << 1.0 << false << false;
    QTest::newRow("w 5: hubs saturate in ~96% of steps") << complementary << 5.0 << 1.0 << true << false;
    QTest::newRow("hard masking: hubs always masked") << int(MaskMode::Hard) << 2.0 << 1.0 << true << false;
    QTest::newRow("uniform: hubs get no priority") << int(MaskMode::Uniform) << 2.0 << 1.0 << false << true;
    QTest::newRow("w 1.02: priority too weak") << complementary << 1.02 << 1.0 << false << true;
    QTest::newRow("nothing processed: masked uniformly") << complementary << 2.0 << 0.0 << false << true;
}

void TestCorpusStatistics::flags() {
    QFETCH(int, mode);
    QFETCH(double, w);
    QFETCH(double, processed);
    QFETCH(bool, hubsTooMuch);
    QFETCH(bool, hubsTooLittle);

    const MaskSampler sampler(policy(MaskMode(mode), w, 0.3, 0.8, processed));
    CorpusStatistics statistics;
    for (int i = 0; i < 4; ++i) {
        const TestRecord r = twoClassRecord("flags-" + std::to_string(i), 4, 200, 30);
        feed(statistics, r, drawSteps(sampler, r, 100));
    }
    const std::vector<CalibrationBin> bins = statistics.calibration();
    QCOMPARE(bins[9].maskedTooMuch, hubsTooMuch);
    QCOMPARE(bins[9].maskedTooLittle, hubsTooLittle);
    // Plain tokens (bin 0) are not dense, so never "too little"; they never saturate here.
    QVERIFY(!bins[0].maskedTooLittle);
    QVERIFY(!bins[0].maskedTooMuch);
}

void TestCorpusStatistics::mergedEqualsSequential() {
    const Corpus corpus = randomCorpus(42, 150, policy(MaskMode::Complementary, 2.0, 0.3, 0.8, 0.6), 6);
    CorpusStatisticsOptions options;
    options.densityBins = 13;  // bin counts that do not divide evenly
    options.calibrationBins = 7;

    CorpusStatistics sequential(options);
    for (std::size_t i = 0; i < corpus.records.size(); ++i) feed(sequential, corpus.records[i], corpus.masks[i]);

    // Chunks of uneven sizes, merged in corpus order.
    CorpusStatistics merged(options);
    std::size_t at = 0;
    for (const std::size_t chunkSize : {std::size_t(1), std::size_t(0), std::size_t(40), std::size_t(17), std::size_t(92)}) {
        CorpusStatistics chunk(options);
        for (std::size_t i = at; i < at + chunkSize; ++i) feed(chunk, corpus.records[i], corpus.masks[i]);
        merged.merge(chunk);
        at += chunkSize;
    }
    QCOMPARE(at, corpus.records.size());
    QVERIFY(merged == sequential);
    QVERIFY(merged.calibration() == sequential.calibration());
    QVERIFY(merged.totals() == sequential.totals());

    // Merged in reverse order, only the order of record summaries differs.
    CorpusStatistics firstHalf(options), secondHalf(options);
    for (std::size_t i = 0; i < corpus.records.size(); ++i)
        feed(i < 75 ? firstHalf : secondHalf, corpus.records[i], corpus.masks[i]);
    secondHalf.merge(firstHalf);
    QVERIFY(secondHalf.calibration() == sequential.calibration());
    QVERIFY(secondHalf.densityHistogram() == sequential.densityHistogram());
    QVERIFY(secondHalf.hubFractionHistogram() == sequential.hubFractionHistogram());
    QVERIFY(secondHalf.totals() == sequential.totals());
    QCOMPARE(secondHalf.recordSummaries().front().id, std::string("rec-75"));

    // Sanity of the whole: histogram counts sum to the response tokens, calibration pairs to the
    // observed (token, step) pairs.
    std::uint64_t responseTokens = 0, pairs = 0, nanPairs = 0;
    for (std::size_t i = 0; i < corpus.records.size(); ++i) {
        const TestRecord& r = corpus.records[i];
        for (std::size_t k = 0; k < r.maskable.size(); ++k) {
            if (!r.maskable[k]) continue;
            ++responseTokens;
            (std::isnan(r.density[k]) ? nanPairs : pairs) += corpus.masks[i].size();
        }
    }
    const CorpusTotals totals = sequential.totals();
    QCOMPARE(sequential.densityHistogram().total(), responseTokens);
    QVERIFY(sequential.densityHistogram().invalid > 0);
    QCOMPARE(totals.responseTokens, responseTokens);
    QCOMPARE(totals.observedPairs, pairs);
    QCOMPARE(totals.unbinnedPairs, nanPairs);
    std::uint64_t binPairs = 0;
    for (const CalibrationBin& bin : sequential.calibration()) binPairs += bin.pairs;
    QCOMPARE(binPairs, pairs);
}

void TestCorpusStatistics::stoppingLeavesThePrefix() {
    // A worker that is cancelled stops feeding: what it holds is exactly the statistics of the
    // records it fed, and feeding the rest later (or merging a second worker's part) completes it.
    const Corpus corpus = randomCorpus(7, 60, policy(MaskMode::Complementary, 2.0, 0.3, 0.8), 4);
    CorpusStatistics full;
    for (std::size_t i = 0; i < corpus.records.size(); ++i) feed(full, corpus.records[i], corpus.masks[i]);

    const std::size_t stopAt = 23;
    bool cancelled = false;
    CorpusStatistics worker;
    for (std::size_t i = 0; i < corpus.records.size(); ++i) {
        if (i == stopAt) cancelled = true;  // the user pressed cancel
        if (cancelled) break;
        feed(worker, corpus.records[i], corpus.masks[i]);
    }
    QCOMPARE(worker.records(), stopAt);
    CorpusStatistics prefix;
    for (std::size_t i = 0; i < stopAt; ++i) feed(prefix, corpus.records[i], corpus.masks[i]);
    QVERIFY(worker == prefix);

    for (std::size_t i = stopAt; i < corpus.records.size(); ++i) feed(worker, corpus.records[i], corpus.masks[i]);
    QVERIFY(worker == full);
}

void TestCorpusStatistics::inspectionOverloadMatches() {
    const TestRecord r = twoClassRecord("inspected", 3, 40, 5);
    const MaskSampler sampler(policy(MaskMode::Complementary, 2.0, 0.3, 0.8));
    const std::vector<RecordMasks> masks = drawSteps(sampler, r, 5);
    RecordInspection inspection;
    inspection.tokens.record.id = r.id;
    inspection.maskable = r.maskable;
    inspection.density = r.density;
    inspection.hubs.indicator = r.hub;
    CorpusStatistics fromInspection, fromObservation;
    fromInspection.add(inspection, masks);
    feed(fromObservation, r, masks);
    QVERIFY(fromInspection == fromObservation);
}

void TestCorpusStatistics::rejectsBadInput() {
    CorpusStatisticsOptions bad;
    bad.calibrationBins = 0;
    QVERIFY_THROWS_EXCEPTION(UsageError, CorpusStatistics{bad});
    bad = {};
    bad.denseFrom = NAN;
    QVERIFY_THROWS_EXCEPTION(UsageError, CorpusStatistics{bad});
    bad = {};
    bad.maxSaturatedShare = 1.5;
    QVERIFY_THROWS_EXCEPTION(UsageError, CorpusStatistics{bad});

    const TestRecord r = twoClassRecord("bad", 2, 10, 2);
    const MaskSampler sampler(policy(MaskMode::Complementary, 2.0, 0.5, 0.5));
    CorpusStatistics statistics;
    feed(statistics, r, drawSteps(sampler, r, 2));
    const CorpusStatistics before = statistics;

    TestRecord shortDensity = r;
    shortDensity.density.pop_back();
    QVERIFY_THROWS_EXCEPTION(UsageError, feed(statistics, shortDensity, {}));
    std::vector<RecordMasks> masks = drawSteps(sampler, r, 3);
    masks[2].p[5] = NAN;
    QVERIFY_THROWS_EXCEPTION(UsageError, feed(statistics, r, masks));
    masks[2].p[5] = 1.5f;
    QVERIFY_THROWS_EXCEPTION(UsageError, feed(statistics, r, masks));
    masks[2].p[5] = 0.5f;
    masks[1].logical.pop_back();
    QVERIFY_THROWS_EXCEPTION(UsageError, feed(statistics, r, masks));
    QVERIFY(statistics == before);  // a refused record leaves no trace

    CorpusStatisticsOptions other;
    other.densityBins = 7;
    QVERIFY_THROWS_EXCEPTION(UsageError, statistics.merge(CorpusStatistics{other}));
}

QTEST_APPLESS_MAIN(TestCorpusStatistics)
#include "test_corpus_statistics.moc"
