// Agreement between two hub labelings (core/agreement.h). Three kinds of expected values:
// - textbook 2x2 tables whose kappa is published (Wikipedia's "Cohen's kappa" examples: 20/5/10/15
//   gives 0.4, 45/15/25/15 gives 0.06/0.46, 25/35/5/35 gives 0.14/0.54), and hand-worked span
//   matchings, including the cases where a careless greedy would lose a pair;
// - the independent Python oracle tests/reference/agreement_reference.py (exact rational
//   arithmetic, augmenting-path matching) on a few hundred random labelings, compared to 1e-12:
//   the C++ side computes in double from integer counts, so its error is a few ulps;
// - the "annotations" density source, which must mark exactly the tokens annotationHubs() marks.
#include "core/agreement.h"
#include "core/annotations.h"
#include "core/content_hash.h"
#include "core/density_annotations.h"
#include "core/error.h"

#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtTest/QtTest>

#include <cmath>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace maskscope;

namespace {

constexpr double kOracleTolerance = 1e-12;
const QString kPython = QStringLiteral("/usr/bin/python3");

// A labeling built from a 2x2 table: `a` tokens hub in both, `b` predicted only, `c` reference
// only, `d` neither, with two prompt tokens in front whose (contradicting) labels must not count.
struct Labeling {
    std::vector<std::uint8_t> reference{1, 0};
    std::vector<std::uint8_t> predicted{0, 1};
    std::vector<std::uint8_t> maskable{0, 0};
};

Labeling fromTable(int a, int b, int c, int d) {
    Labeling l;
    auto push = [&l](int count, std::uint8_t reference, std::uint8_t predicted) {
        for (int i = 0; i < count; ++i) {
            l.reference.push_back(reference);
            l.predicted.push_back(predicted);
            l.maskable.push_back(1);
        }
    };
    push(a, 1, 1);
    push(b, 0, 1);
    push(c, 1, 0);
    push(d, 0, 0);
    return l;
}

// "0-2 5-7" -> spans [0,2) and [5,7).
std::vector<HubSpan> parseSpans(const QByteArray& text) {
    std::vector<HubSpan> spans;
    for (const QByteArray& item : text.split(' ')) {
        if (item.isEmpty()) continue;
        const QList<QByteArray> ends = item.split('-');
        spans.push_back({ends[0].toULongLong(), ends[1].toULongLong()});
    }
    return spans;
}

std::vector<std::uint8_t> parseFlags(const QByteArray& text) {
    std::vector<std::uint8_t> flags;
    for (const char c : text) flags.push_back(c == '1' ? 1 : 0);
    return flags;
}

QByteArray formatSpans(const std::vector<HubSpan>& spans) {
    QByteArray out;
    for (const HubSpan& span : spans) {
        if (!out.isEmpty()) out += ' ';
        out += QByteArray::number(qulonglong(span.begin)) + '-' + QByteArray::number(qulonglong(span.end));
    }
    return out;
}

// Expected optional values in data tables: NaN stands for "undefined".
std::optional<double> expected(double value) {
    if (std::isnan(value)) return std::nullopt;
    return value;
}

bool close(const std::optional<double>& actual, const std::optional<double>& wanted, double tolerance) {
    if (actual.has_value() != wanted.has_value()) return false;
    return !actual || std::fabs(*actual - *wanted) <= tolerance;
}

QByteArray describe(const std::optional<double>& value) {
    return value ? QByteArray::number(*value, 'g', 17) : QByteArray("undefined");
}

#define COMPARE_OPTIONAL(actual, wanted, tolerance)                                                          \
    QVERIFY2(close((actual), (wanted), (tolerance)),                                                         \
             QByteArray(#actual ": got " + describe(actual) + ", expected " + describe(wanted)).constData())

// --- random labelings for the oracle ---------------------------------------------------------

struct RandomCase {
    std::vector<std::uint8_t> maskable, reference, predicted;
    std::vector<HubSpan> referenceSpans, predictedSpans;
};

// Random sorted disjoint non-empty spans over [0, size).
std::vector<HubSpan> randomSpans(std::mt19937_64& rng, std::size_t size) {
    std::vector<HubSpan> spans;
    std::size_t at = std::uniform_int_distribution<std::size_t>(0, 3)(rng);
    while (at < size) {
        const std::size_t length = std::uniform_int_distribution<std::size_t>(1, 4)(rng);
        const std::size_t end = std::min(size, at + length);
        spans.push_back({at, end});
        at = end + std::uniform_int_distribution<std::size_t>(0, 3)(rng);
    }
    return spans;
}

RandomCase randomCase(std::mt19937_64& rng) {
    RandomCase c;
    const std::size_t size = std::uniform_int_distribution<std::size_t>(0, 48)(rng);
    const std::size_t prompt = std::uniform_int_distribution<std::size_t>(0, std::min<std::size_t>(size, 6))(rng);
    // Hub rates include 0 and 1 so that constant labelings (the degenerate kappa cases) occur.
    static const double kRates[] = {0.0, 0.05, 0.2, 0.5, 0.8, 1.0};
    const double rate = kRates[std::uniform_int_distribution<int>(0, 5)(rng)];
    const double flip = kRates[std::uniform_int_distribution<int>(0, 4)(rng)];
    const bool holes = std::uniform_int_distribution<int>(0, 3)(rng) == 0;
    std::bernoulli_distribution hub(rate), flipped(flip), hole(0.1);
    for (std::size_t i = 0; i < size; ++i) {
        c.maskable.push_back(i >= prompt && !(holes && hole(rng)) ? 1 : 0);
        const std::uint8_t reference = hub(rng) ? 1 : 0;
        c.reference.push_back(reference);
        c.predicted.push_back(flipped(rng) ? 1 - reference : reference);
    }
    // Spans are either the runs of the indicator (as from annotations) or independent of it (as
    // hub spans that bridge gaps).
    std::bernoulli_distribution runs(0.5);
    c.referenceSpans = runs(rng) ? spansOfIndicator(c.reference) : randomSpans(rng, size);
    c.predictedSpans = runs(rng) ? spansOfIndicator(c.predicted) : randomSpans(rng, size);
    return c;
}

QJsonArray toJson(const std::vector<std::uint8_t>& flags) {
    QJsonArray array;
    for (const std::uint8_t f : flags) array.append(int(f));
    return array;
}

QJsonArray toJson(const std::vector<HubSpan>& spans) {
    QJsonArray array;
    for (const HubSpan& s : spans) array.append(QJsonArray{qint64(s.begin), qint64(s.end)});
    return array;
}

std::optional<double> fromJson(const QJsonValue& value) {
    if (value.isNull()) return std::nullopt;
    return value.toDouble();
}

// Runs the oracle on `input`; false, with the reason in `problem`, when it did not answer.
bool runOracle(const QJsonObject& input, QJsonObject& output, QByteArray& problem) {
    const QString script = QStringLiteral(MASKSCOPE_SOURCE_DIR "/tests/reference/agreement_reference.py");
    QProcess oracle;
    oracle.start(kPython, {script});
    if (!oracle.waitForStarted(30000)) {
        problem = "could not start " + kPython.toLocal8Bit();
        return false;
    }
    oracle.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    oracle.closeWriteChannel();
    if (!oracle.waitForFinished(120000) || oracle.exitStatus() != QProcess::NormalExit || oracle.exitCode() != 0) {
        problem = "the oracle failed: " + oracle.readAllStandardError();
        return false;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(oracle.readAllStandardOutput(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        problem = "the oracle wrote no JSON object: " + error.errorString().toLocal8Bit();
        return false;
    }
    output = document.object();
    return true;
}

// Compares all figures against one oracle FIGURES object; returns the first mismatch.
std::optional<QByteArray> mismatch(const AgreementScores& scores, const QJsonObject& oracle) {
    const auto check = [](const std::optional<double>& actual, const QJsonValue& wanted,
                          const char* name) -> std::optional<QByteArray> {
        if (close(actual, fromJson(wanted), kOracleTolerance)) return std::nullopt;
        return QByteArray(name) + ": got " + describe(actual) + ", oracle " + describe(fromJson(wanted));
    };
    const auto checkPrf = [&](const PrecisionRecall& actual, const QJsonObject& wanted,
                              const char* name) -> std::optional<QByteArray> {
        for (const auto& [value, key] : {std::pair{actual.precision, "precision"}, std::pair{actual.recall, "recall"},
                                         std::pair{actual.f1, "f1"}})
            if (auto bad = check(value, wanted.value(QLatin1String(key)), key)) return QByteArray(name) + ' ' + *bad;
        return std::nullopt;
    };
    if (auto bad = check(scores.kappa, oracle.value(QLatin1String("kappa")), "kappa")) return bad;
    if (auto bad = checkPrf(scores.tokens, oracle.value(QLatin1String("tokens")).toObject(), "tokens")) return bad;
    if (auto bad = checkPrf(scores.exactSpans, oracle.value(QLatin1String("exact")).toObject(), "exact spans")) return bad;
    if (auto bad = checkPrf(scores.overlapSpans, oracle.value(QLatin1String("overlap")).toObject(), "overlap spans"))
        return bad;
    return std::nullopt;
}

// --- tokenized records for the annotation helper ---------------------------------------------

TokenizedRecord tokenized(std::string id, std::string prompt, std::string response,
                          const std::vector<std::pair<std::uint32_t, std::uint32_t>>& promptRanges,
                          const std::vector<std::pair<std::uint32_t, std::uint32_t>>& responseRanges) {
    TokenizedRecord record;
    record.record = {std::move(id), std::move(prompt), std::move(response)};
    for (const auto& [begin, end] : promptRanges) record.tokens.push_back({0, {}, begin, end});
    record.promptTokens = record.tokens.size();
    for (const auto& [begin, end] : responseRanges) record.tokens.push_back({0, {}, begin, end});
    return record;
}

// "if x > 0: y": tokens "if"," x"," >"," 0",":"," y" after two prompt tokens.
TokenizedRecord conditionRecord() {
    return tokenized("r1", "Q:", "if x > 0: y", {{0, 1}, {1, 2}}, {{0, 2}, {2, 4}, {4, 6}, {6, 8}, {8, 9}, {9, 11}});
}

}  // namespace

class TestAgreement : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void kappaOfTextbookTables_data();
    void kappaOfTextbookTables();
    void tokenPrecisionRecall_data();
    void tokenPrecisionRecall();
    void spanMatching_data();
    void spanMatching();
    void rejectsMalformedInput_data();
    void rejectsMalformedInput();
    void runsOfIndicator_data();
    void runsOfIndicator();
    void recordWithoutMaskableTokensIsUndefined();
    void corpusKappaComesFromPooledCounts();
    void mergedEqualsSequential();
    void annotationHubsByHand_data();
    void annotationHubsByHand();
    void annotationHubsFromSet();
    void annotationHubsMatchDensitySource();
    void matchesPythonOracle();
};

void TestAgreement::kappaOfTextbookTables_data() {
    QTest::addColumn<int>("a");  // hub in both
    QTest::addColumn<int>("b");  // predicted only
    QTest::addColumn<int>("c");  // reference only
    QTest::addColumn<int>("d");  // neither
    QTest::addColumn<double>("kappa");

    QTest::newRow("wikipedia 20/5/10/15: p_o 0.7, p_e 0.5") << 20 << 5 << 10 << 15 << 0.4;
    QTest::newRow("wikipedia 45/15/25/15: p_o 0.6, p_e 0.54") << 45 << 15 << 25 << 15 << 0.06 / 0.46;
    QTest::newRow("wikipedia 25/35/5/35: p_o 0.6, p_e 0.46") << 25 << 35 << 5 << 35 << 0.14 / 0.54;
    QTest::newRow("perfect agreement") << 3 << 0 << 0 << 7 << 1.0;
    QTest::newRow("perfect disagreement, balanced") << 0 << 5 << 5 << 0 << -1.0;
    // p_o = 7/10; reference hubs 3, predicted hubs 2: p_e = (3*2 + 7*8)/100 = 0.62.
    QTest::newRow("small table 1/1/2/6") << 1 << 1 << 2 << 6 << 0.08 / 0.38;
    QTest::newRow("independent raters: p_o = p_e") << 1 << 1 << 1 << 1 << 0.0;
    // Degenerate: both constant and identical (p_e = 1) -> 1; constant but different -> 0.
    QTest::newRow("both all hub") << 9 << 0 << 0 << 0 << 1.0;
    QTest::newRow("both no hub") << 0 << 0 << 0 << 9 << 1.0;
    QTest::newRow("one all hub, other none") << 0 << 9 << 0 << 0 << 0.0;
    QTest::newRow("no maskable token: undefined") << 0 << 0 << 0 << 0 << double(NAN);
}

void TestAgreement::kappaOfTextbookTables() {
    QFETCH(int, a);
    QFETCH(int, b);
    QFETCH(int, c);
    QFETCH(int, d);
    QFETCH(double, kappa);

    const Labeling l = fromTable(a, b, c, d);
    const TokenConfusion confusion = countTokens(l.reference, l.predicted, l.maskable);
    QCOMPARE(confusion.bothHub, std::uint64_t(a));
    QCOMPARE(confusion.predictedOnly, std::uint64_t(b));
    QCOMPARE(confusion.referenceOnly, std::uint64_t(c));
    QCOMPARE(confusion.neither, std::uint64_t(d));
    COMPARE_OPTIONAL(cohensKappa(confusion), expected(kappa), 1e-15);
    // Kappa is symmetric in the two labelings.
    COMPARE_OPTIONAL(cohensKappa(countTokens(l.predicted, l.reference, l.maskable)), expected(kappa), 1e-15);
}

void TestAgreement::tokenPrecisionRecall_data() {
    QTest::addColumn<int>("a");
    QTest::addColumn<int>("b");
    QTest::addColumn<int>("c");
    QTest::addColumn<int>("d");
    QTest::addColumn<double>("precision");
    QTest::addColumn<double>("recall");
    QTest::addColumn<double>("f1");

    QTest::newRow("wikipedia 20/5/10/15") << 20 << 5 << 10 << 15 << 0.8 << 2.0 / 3.0 << 40.0 / 55.0;
    QTest::newRow("all correct") << 4 << 0 << 0 << 3 << 1.0 << 1.0 << 1.0;
    QTest::newRow("nothing predicted: precision undefined") << 0 << 0 << 3 << 5 << double(NAN) << 0.0 << 0.0;
    QTest::newRow("empty reference: recall undefined") << 0 << 3 << 0 << 5 << 0.0 << double(NAN) << 0.0;
    QTest::newRow("no hub on either side: F1 1") << 0 << 0 << 0 << 5 << double(NAN) << double(NAN) << 1.0;
    QTest::newRow("disjoint hubs") << 0 << 2 << 2 << 1 << 0.0 << 0.0 << 0.0;
}

void TestAgreement::tokenPrecisionRecall() {
    QFETCH(int, a);
    QFETCH(int, b);
    QFETCH(int, c);
    QFETCH(int, d);
    QFETCH(double, precision);
    QFETCH(double, recall);
    QFETCH(double, f1);

    const Labeling l = fromTable(a, b, c, d);
    const PrecisionRecall scores = precisionRecall(countTokens(l.reference, l.predicted, l.maskable));
    COMPARE_OPTIONAL(scores.precision, expected(precision), 1e-15);
    COMPARE_OPTIONAL(scores.recall, expected(recall), 1e-15);
    COMPARE_OPTIONAL(scores.f1, expected(f1), 1e-15);
}

void TestAgreement::spanMatching_data() {
    QTest::addColumn<QByteArray>("reference");
    QTest::addColumn<QByteArray>("predicted");
    QTest::addColumn<int>("exact");
    QTest::addColumn<int>("overlap");

    QTest::newRow("identical") << QByteArray("0-2 5-7") << QByteArray("0-2 5-7") << 2 << 2;
    QTest::newRow("shifted by one share a token") << QByteArray("0-2 5-7") << QByteArray("1-3 6-8") << 0 << 2;
    QTest::newRow("touching is not overlapping") << QByteArray("0-2") << QByteArray("2-4") << 0 << 0;
    QTest::newRow("one long reference, two short predictions: one-to-one") << QByteArray("0-10") << QByteArray("1-2 3-4")
                                                                           << 0 << 1;
    QTest::newRow("one long prediction across two references") << QByteArray("0-2 3-5") << QByteArray("1-4") << 0 << 1;
    // The prediction 2-4 overlaps both references; taking it for the first leaves 4-6 for the
    // second: two pairs, the maximum.
    QTest::newRow("greedy must take the earliest candidate") << QByteArray("0-3 3-5") << QByteArray("2-4 4-6") << 0 << 2;
    // Chain: r0 overlaps p0; r1 overlaps p0 and p1; r2 overlaps p1 and p2. Maximum is 3.
    QTest::newRow("chain of overlaps") << QByteArray("0-2 3-5 6-8") << QByteArray("1-4 4-7 7-9") << 0 << 3;
    // A prediction before all references is passed over without losing later pairs.
    QTest::newRow("prediction before everything") << QByteArray("5-6 8-9") << QByteArray("0-1 5-9") << 0 << 1;
    QTest::newRow("exact and overlap mixed") << QByteArray("0-1 2-4 6-9") << QByteArray("0-1 3-5 6-9 10-11") << 2 << 3;
    QTest::newRow("empty reference") << QByteArray("") << QByteArray("1-2") << 0 << 0;
    QTest::newRow("both empty") << QByteArray("") << QByteArray("") << 0 << 0;
}

void TestAgreement::spanMatching() {
    QFETCH(QByteArray, reference);
    QFETCH(QByteArray, predicted);
    QFETCH(int, exact);
    QFETCH(int, overlap);

    const std::vector<HubSpan> r = parseSpans(reference), p = parseSpans(predicted);
    const SpanCounts exactCounts = matchSpansExact(r, p);
    const SpanCounts overlapCounts = matchSpansOverlap(r, p);
    QCOMPARE(exactCounts.reference, std::uint64_t(r.size()));
    QCOMPARE(exactCounts.predicted, std::uint64_t(p.size()));
    QCOMPARE(exactCounts.matched, std::uint64_t(exact));
    QCOMPARE(overlapCounts.matched, std::uint64_t(overlap));
    // A maximum matching is symmetric: swapping the roles gives the same number of pairs.
    QCOMPARE(matchSpansOverlap(p, r).matched, std::uint64_t(overlap));
    QCOMPARE(matchSpansExact(p, r).matched, std::uint64_t(exact));

    // Precision, recall and F1 from the counts.
    const PrecisionRecall scores = precisionRecall(overlapCounts);
    COMPARE_OPTIONAL(scores.precision, p.empty() ? std::nullopt : std::optional<double>(double(overlap) / double(p.size())),
                     1e-15);
    COMPARE_OPTIONAL(scores.recall, r.empty() ? std::nullopt : std::optional<double>(double(overlap) / double(r.size())),
                     1e-15);
    const double f1 = r.empty() && p.empty() ? 1.0 : 2.0 * overlap / double(r.size() + p.size());
    COMPARE_OPTIONAL(scores.f1, std::optional<double>(f1), 1e-15);
}

void TestAgreement::rejectsMalformedInput_data() {
    QTest::addColumn<QByteArray>("reference");
    QTest::addColumn<QByteArray>("predicted");
    QTest::addColumn<int>("predictedSize");  // tokens in the predicted indicator (maskable has 6)

    QTest::newRow("unsorted spans") << QByteArray("3-4 0-1") << QByteArray("") << 6;
    QTest::newRow("overlapping spans") << QByteArray("0-3 2-4") << QByteArray("") << 6;
    QTest::newRow("empty span") << QByteArray("") << QByteArray("2-2") << 6;
    QTest::newRow("reversed span") << QByteArray("") << QByteArray("4-2") << 6;
    QTest::newRow("indicator size mismatch") << QByteArray("") << QByteArray("") << 5;
}

void TestAgreement::rejectsMalformedInput() {
    QFETCH(QByteArray, reference);
    QFETCH(QByteArray, predicted);
    QFETCH(int, predictedSize);

    const std::vector<std::uint8_t> maskable(6, 1), referenceFlags(6, 0), predictedFlags(std::size_t(predictedSize), 0);
    QVERIFY_THROWS_EXCEPTION(UsageError, compareRecord(referenceFlags, parseSpans(reference), predictedFlags,
                                                       parseSpans(predicted), maskable));
}

void TestAgreement::runsOfIndicator_data() {
    QTest::addColumn<QByteArray>("indicator");
    QTest::addColumn<QByteArray>("spans");

    QTest::newRow("empty") << QByteArray("") << QByteArray("");
    QTest::newRow("no hub") << QByteArray("0000") << QByteArray("");
    QTest::newRow("all hub") << QByteArray("111") << QByteArray("0-3");
    QTest::newRow("runs") << QByteArray("0110100111") << QByteArray("1-3 4-5 7-10");
}

void TestAgreement::runsOfIndicator() {
    QFETCH(QByteArray, indicator);
    QFETCH(QByteArray, spans);
    QCOMPARE(formatSpans(spansOfIndicator(parseFlags(indicator))), spans);
}

void TestAgreement::recordWithoutMaskableTokensIsUndefined() {
    // Prompt tokens only: whatever the labels say, nothing is compared.
    const std::vector<std::uint8_t> maskable(3, 0), reference{1, 1, 0}, predicted{1, 0, 0};
    const RecordAgreement result =
        compareRecord(reference, parseSpans("0-2"), predicted, parseSpans("0-1"), maskable);
    QCOMPARE(result.counts.tokens.total(), std::uint64_t(0));
    QCOMPARE(result.scores, AgreementScores{});
}

void TestAgreement::corpusKappaComesFromPooledCounts() {
    // Record 1 (tokens a/b/c/d = 1/0/0/1) has kappa 1, record 2 (0/1/1/0) kappa -1, record 3
    // (0/0/0/8, no hub on either side) kappa 1 by definition: their mean is 1/3. The pooled table
    // 1/1/1/9 gives 2 (1*9 - 1*1) / ((1+1)(1+9) + (1+1)(1+9)) = 16/40 = 0.4.
    AgreementAccumulator accumulator;
    const std::pair<const char*, Labeling> records[] = {
        {"r1", fromTable(1, 0, 0, 1)}, {"r2", fromTable(0, 1, 1, 0)}, {"r3", fromTable(0, 0, 0, 8)}};
    for (const auto& [id, l] : records) {
        const RecordAgreement record = compareRecord(l.reference, spansOfIndicator(l.reference), l.predicted,
                                                     spansOfIndicator(l.predicted), l.maskable);
        accumulator.add(id, record);
    }
    const AgreementSummary summary = accumulator.summary();
    QCOMPARE(summary.records, std::size_t(3));
    QCOMPARE(summary.counts.tokens, (TokenConfusion{1, 1, 1, 9}));
    COMPARE_OPTIONAL(summary.pooled.kappa, std::optional<double>(0.4), 1e-15);
    COMPARE_OPTIONAL(summary.meanKappa.mean, std::optional<double>(1.0 / 3.0), 1e-15);
    QCOMPARE(summary.meanKappa.records, std::size_t(3));
    // Token F1: records 1, 2, 3 have 1, 0 and 1 (no hub on either side); pooled 2/(2+1+1) = 0.5.
    COMPARE_OPTIONAL(summary.pooled.tokens.f1, std::optional<double>(0.5), 1e-15);
    COMPARE_OPTIONAL(summary.meanTokenF1.mean, std::optional<double>(2.0 / 3.0), 1e-15);
    QCOMPARE(accumulator.entries()[1].id, std::string("r2"));
}

void TestAgreement::mergedEqualsSequential() {
    std::mt19937_64 rng(11);
    AgreementAccumulator sequential, merged, chunk;
    for (int i = 0; i < 200; ++i) {
        const RandomCase c = randomCase(rng);
        const RecordAgreement record =
            compareRecord(c.reference, c.referenceSpans, c.predicted, c.predictedSpans, c.maskable);
        sequential.add(std::to_string(i), record);
        chunk.add(std::to_string(i), record);
        if (i % 37 == 36) {
            merged.merge(chunk);
            chunk = {};
        }
    }
    merged.merge(chunk);
    QCOMPARE(merged.size(), sequential.size());
    QCOMPARE(merged.pooledCounts(), sequential.pooledCounts());
    QVERIFY(merged.summary() == sequential.summary());
    // Merging with itself doubles every count.
    AgreementAccumulator doubled = sequential;
    doubled.merge(doubled);
    QCOMPARE(doubled.size(), 2 * sequential.size());
    AgreementCounts twice = sequential.pooledCounts();
    twice += sequential.pooledCounts();
    QCOMPARE(doubled.pooledCounts(), twice);
}

void TestAgreement::annotationHubsByHand_data() {
    QTest::addColumn<QByteArray>("spans");      // byte spans "start-end" into "if x > 0: y"
    QTest::addColumn<QByteArray>("indicator");  // 2 prompt tokens, then "if"," x"," >"," 0",":"," y"
    QTest::addColumn<QByteArray>("tokenSpans");

    QTest::newRow("no spans") << QByteArray("") << QByteArray("00000000") << QByteArray("");
    QTest::newRow("condition x > 0 (bytes 3-8)") << QByteArray("3-8") << QByteArray("00011100") << QByteArray("3-6");
    QTest::newRow("one byte touches a token") << QByteArray("1-2") << QByteArray("00100000") << QByteArray("2-3");
    QTest::newRow("span ending where a token begins misses it") << QByteArray("0-2") << QByteArray("00100000")
                                                                << QByteArray("2-3");
    QTest::newRow("empty span covers nothing") << QByteArray("4-4") << QByteArray("00000000") << QByteArray("");
    QTest::newRow("regions on adjacent tokens form one span") << QByteArray("0-1 3-4") << QByteArray("00110000")
                                                              << QByteArray("2-4");
    QTest::newRow("overlapping and unsorted byte spans") << QByteArray("9-11 8-10 0-2") << QByteArray("00100011")
                                                         << QByteArray("2-3 6-8");
}

void TestAgreement::annotationHubsByHand() {
    QFETCH(QByteArray, spans);
    QFETCH(QByteArray, indicator);
    QFETCH(QByteArray, tokenSpans);

    std::vector<AnnotationSpan> byteSpans;
    for (const HubSpan& s : parseSpans(spans))
        byteSpans.push_back({std::uint32_t(s.begin), std::uint32_t(s.end), "human", {}});
    const Hubs hubs = annotationHubs(byteSpans, conditionRecord());
    QCOMPARE(hubs.indicator, parseFlags(indicator));
    QCOMPARE(formatSpans(hubs.spans), tokenSpans);
}

void TestAgreement::annotationHubsFromSet() {
    const TokenizedRecord record = conditionRecord();
    AnnotationSet set;
    QVERIFY(!annotationHubs(set, record).has_value());  // not annotated: no labeling at all

    set.set({"r1", hashBytes(record.record.response), {}});
    const std::optional<Hubs> none = annotationHubs(set, record);
    QVERIFY(none.has_value());
    QCOMPARE(none->indicator, std::vector<std::uint8_t>(8, 0));

    set.set({"r1", hashBytes(record.record.response), {{3, 8, "human", "condition"}}});
    const std::optional<Hubs> condition = annotationHubs(set, record);
    QVERIFY(condition.has_value());
    QCOMPARE(condition->indicator, parseFlags("00011100"));

    // A changed text or a span past the end is refused as the density source refuses it.
    set.set({"r1", hashBytes("another text"), {{3, 8, "human", {}}}});
    QVERIFY_THROWS_EXCEPTION(InputError, annotationHubs(set, record));
    set.set({"r1", hashBytes(record.record.response), {{3, 80, "human", {}}}});
    QVERIFY_THROWS_EXCEPTION(InputError, annotationHubs(set, record));
}

void TestAgreement::annotationHubsMatchDensitySource() {
    // Random ASCII responses, random token ranges (including empty tokens, overlapping tokens and
    // tokens past the text) and random annotation spans (including empty and overlapping ones):
    // the tokens annotationHubs() marks are exactly those the density source scores 1.
    std::mt19937_64 rng(5);
    AnnotationSet set;
    std::vector<TokenizedRecord> records;
    for (int r = 0; r < 300; ++r) {
        const std::size_t length = std::uniform_int_distribution<std::size_t>(0, 40)(rng);
        std::string response;
        for (std::size_t i = 0; i < length; ++i) response += char('a' + std::uniform_int_distribution<int>(0, 25)(rng));
        std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
        std::uint32_t at = 0;
        while (at < length + 2) {
            const auto size = std::uniform_int_distribution<std::uint32_t>(0, 4)(rng);
            const auto back = std::uniform_int_distribution<std::uint32_t>(0, 1)(rng) ? std::min<std::uint32_t>(at, 1) : 0;
            ranges.emplace_back(at - back, at + size);
            at += std::max<std::uint32_t>(size, 1);
        }
        records.push_back(tokenized("id" + std::to_string(r), "prompt", response, {{0, 3}, {3, 6}}, ranges));
        std::vector<AnnotationSpan> spans;
        const int count = std::uniform_int_distribution<int>(0, 4)(rng);
        for (int s = 0; s < count && length > 0; ++s) {
            const auto a = std::uniform_int_distribution<std::uint32_t>(0, std::uint32_t(length))(rng);
            const auto b = std::uniform_int_distribution<std::uint32_t>(0, std::uint32_t(length))(rng);
            spans.push_back({std::min(a, b), std::max(a, b), "llm", {}});
        }
        set.set({"id" + std::to_string(r), hashBytes(response), spans});
    }
    DensityContext context;
    context.annotations = &set;
    const std::unique_ptr<DensitySource> source = makeAnnotationDensity(context);
    for (const TokenizedRecord& record : records) {
        const std::vector<float> scores = source->score(record);
        const std::optional<Hubs> hubs = annotationHubs(set, record);
        QVERIFY(hubs.has_value());
        QCOMPARE(hubs->indicator.size(), scores.size());
        for (std::size_t i = 0; i < scores.size(); ++i)
            QVERIFY2((scores[i] == 1.0f) == (hubs->indicator[i] == 1),
                     (record.record.id + " token " + std::to_string(i)).c_str());
        QCOMPARE(hubs->spans, spansOfIndicator(hubs->indicator));
    }
}

void TestAgreement::matchesPythonOracle() {
    if (!QFileInfo::exists(kPython))
        QSKIP("/usr/bin/python3 is missing: the comparison with tests/reference/agreement_reference.py "
              "cannot run (install python3)");

    std::mt19937_64 rng(20260315);
    std::vector<RandomCase> cases;
    for (int i = 0; i < 400; ++i) cases.push_back(randomCase(rng));
    // Dense, overlapping span lists on short records stress the maximum matching.
    for (int i = 0; i < 100; ++i) {
        RandomCase c = randomCase(rng);
        c.referenceSpans = randomSpans(rng, c.maskable.size());
        c.predictedSpans = randomSpans(rng, c.maskable.size());
        cases.push_back(std::move(c));
    }

    QJsonArray input;
    AgreementAccumulator accumulator;
    std::vector<RecordAgreement> results;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const RandomCase& c = cases[i];
        input.append(QJsonObject{{QStringLiteral("maskable"), toJson(c.maskable)},
                                 {QStringLiteral("reference"), toJson(c.reference)},
                                 {QStringLiteral("predicted"), toJson(c.predicted)},
                                 {QStringLiteral("referenceSpans"), toJson(c.referenceSpans)},
                                 {QStringLiteral("predictedSpans"), toJson(c.predictedSpans)}});
        results.push_back(compareRecord(c.reference, c.referenceSpans, c.predicted, c.predictedSpans, c.maskable));
        accumulator.add(std::to_string(i), results.back());
    }
    QJsonObject output;
    QByteArray problem;
    QVERIFY2(runOracle(QJsonObject{{QStringLiteral("cases"), input}}, output, problem), problem.constData());

    const QJsonArray records = output.value(QLatin1String("records")).toArray();
    QCOMPARE(records.size(), qsizetype(cases.size()));
    std::size_t definedKappas = 0, degenerateKappas = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto bad = mismatch(results[i].scores, records[qsizetype(i)].toObject());
        QVERIFY2(!bad, ("case " + std::to_string(i) + ": " + bad.value_or(QByteArray()).toStdString()).c_str());
        if (results[i].scores.kappa) ++definedKappas;
        const TokenConfusion& t = results[i].counts.tokens;
        if (t.total() > 0 && (t.bothHub == t.total() || t.neither == t.total())) ++degenerateKappas;
    }
    // The random cases do reach both kinds of degenerate record (no maskable token, p_e = 1).
    QVERIFY(definedKappas < cases.size());
    QVERIFY(degenerateKappas > 0);

    const AgreementSummary summary = accumulator.summary();
    const auto bad = mismatch(summary.pooled, output.value(QLatin1String("pooled")).toObject());
    QVERIFY2(!bad, ("pooled: " + bad.value_or(QByteArray()).toStdString()).c_str());
    const QJsonObject means = output.value(QLatin1String("means")).toObject();
    const std::pair<RecordMean, const char*> meanChecks[] = {{summary.meanKappa, "kappa"},
                                                             {summary.meanTokenF1, "tokenF1"},
                                                             {summary.meanExactSpanF1, "exactF1"},
                                                             {summary.meanOverlapSpanF1, "overlapF1"}};
    for (const auto& [mean, key] : meanChecks) {
        const QJsonObject wanted = means.value(QLatin1String(key)).toObject();
        QVERIFY2(close(mean.mean, fromJson(wanted.value(QLatin1String("mean"))), kOracleTolerance), key);
        QCOMPARE(qint64(mean.records), qint64(wanted.value(QLatin1String("records")).toInteger()));
    }
}

QTEST_APPLESS_MAIN(TestAgreement)
#include "test_agreement.moc"
