// Series for run charts: TensorBoard's debiased EMA (core/series_smoothing.h) against the
// independent python3 implementation tests/reference/tensorboard_smoothing.py, and the min/max/last
// downsampling (core/series_downsampling.h) by properties on random series: every column's true
// minimum, maximum and last point survive, nothing non-finite is dropped, the size stays bounded.
#include "core/error.h"
#include "core/series_downsampling.h"
#include "core/series_smoothing.h"

#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
#include <QtTest/QtTest>

#include <bit>
#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <set>

using namespace maskscope;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
const char* const kPython = "/usr/bin/python3";

// Relative tolerance against the reference: both sides evaluate the same operations in the same
// order in IEEE double, and both call the C library's pow(); 1e-12 leaves room for a libm whose
// pow() differs in the last bits from Python's, nothing more.
constexpr double kTolerance = 1e-12;

struct SmoothingCase {
    std::string name;
    double weight = 0.0;
    std::vector<double> values;
};

std::string textOf(double value) {
    if (std::isnan(value)) return "nan";
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest round trip
    return std::string(buffer, result.ptr);
}

double numberOf(const QByteArray& text) {
    const QByteArray lower = text.toLower();
    if (lower == "nan") return kNaN;
    if (lower == "inf") return kInf;
    if (lower == "-inf") return -kInf;
    double value = 0.0;
    std::from_chars(text.constData(), text.constData() + text.size(), value);
    return value;
}

bool closeEnough(double actual, double expected) {
    if (std::isnan(expected)) return std::isnan(actual);
    if (std::isinf(expected)) return actual == expected;
    return std::fabs(actual - expected) <= kTolerance * std::max(1.0, std::fabs(expected));
}

std::vector<SmoothingCase> smoothingCases() {
    std::mt19937_64 random(20240605);
    std::normal_distribution<double> noise(0.0, 0.3);
    // A noisy decaying loss curve with spikes, like a training run.
    std::vector<double> loss(2000);
    for (std::size_t i = 0; i < loss.size(); ++i)
        loss[i] = 6.0 * std::exp(-static_cast<double>(i) / 400.0) + 1.5 + noise(random) + (i % 337 == 5 ? 8.0 : 0.0);
    std::vector<double> diverging = loss;
    diverging[3] = kNaN;
    diverging[100] = kInf;
    diverging[101] = -kInf;
    for (std::size_t i = 1500; i < diverging.size(); i += 2) diverging[i] = kNaN;
    std::vector<double> leadingNaN = {kNaN, kNaN, 3.0, 2.5, kInf, 2.25, 2.0};
    std::vector<double> tiny(300);  // magnitudes far from 1: the tolerance is relative
    for (std::size_t i = 0; i < tiny.size(); ++i) tiny[i] = 1e-9 * (1.0 + noise(random));

    std::vector<SmoothingCase> cases;
    for (const double weight : {0.0, 0.3, 0.6, 0.9, 0.99, 0.999}) {
        cases.push_back({"loss w=" + textOf(weight), weight, loss});
        cases.push_back({"diverging w=" + textOf(weight), weight, diverging});
        cases.push_back({"leading NaN w=" + textOf(weight), weight, leadingNaN});
    }
    cases.push_back({"tiny w=0.95", 0.95, tiny});
    cases.push_back({"weight 1", 1.0, {1.0, 2.0, kNaN, 3.0}});
    cases.push_back({"weight NaN is 0", kNaN, {1.0, 2.0, 3.0}});
    cases.push_back({"weight above 1 clamps", 1.5, {1.0, 2.0, 3.0}});
    cases.push_back({"weight below 0 clamps", -0.25, {1.0, 2.0, 3.0}});
    cases.push_back({"constant", 0.6, std::vector<double>(50, 0.1)});
    cases.push_back({"constant infinity", 0.6, {kInf, kInf, kInf}});
    cases.push_back({"all NaN", 0.6, {kNaN, kNaN}});
    cases.push_back({"single", 0.6, {4.5}});
    cases.push_back({"empty", 0.6, {}});
    cases.push_back({"negative zero", 0.5, {-0.0, 0.0, -0.0, 1.0}});
    return cases;
}

// The smoothed series of each case from the python reference, or an empty optional with `error`.
std::optional<std::vector<std::vector<double>>> referenceSmoothing(const std::vector<SmoothingCase>& cases,
                                                                   QString& error) {
    QByteArray input;
    for (const SmoothingCase& c : cases) {
        input += QByteArray::fromStdString(textOf(c.weight));
        for (const double value : c.values) input += ' ' + QByteArray::fromStdString(textOf(value));
        input += '\n';
    }
    QProcess process;
    process.start(QString::fromLatin1(kPython),
                  {QStringLiteral(MASKSCOPE_SOURCE_DIR "/tests/reference/tensorboard_smoothing.py")});
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        error = QString::fromUtf8(process.readAllStandardError());
        return std::nullopt;
    }
    std::vector<std::vector<double>> out;
    for (const QByteArray& line : process.readAllStandardOutput().split('\n')) {
        if (out.size() == cases.size()) break;
        std::vector<double> values;
        for (const QByteArray& field : line.split(' '))
            if (!field.isEmpty()) values.push_back(numberOf(field));
        out.push_back(std::move(values));
    }
    return out;
}

// TensorBoard's loop with pow() on every point, for checking that skipping the negligible powers
// changes no bit.
std::vector<double> smoothWithPowEverywhere(const std::vector<double>& values, double weight) {
    std::vector<double> out;
    double last = 0.0;
    double count = 0.0;
    for (const double value : values) {
        if (!std::isfinite(value)) {
            out.push_back(value);
            continue;
        }
        last = last * weight + (1.0 - weight) * value;
        count += 1.0;
        out.push_back(last / (1.0 - std::pow(weight, count)));
    }
    return out;
}

// A random series for the downsampling properties: steps with gaps and repeats, a noisy trend,
// spikes of either sign and, when asked, NaN and infinities.
struct RandomSeries {
    std::vector<double> x;
    std::vector<double> y;
};

RandomSeries randomSeries(std::mt19937_64& random, std::size_t size, bool nonFinite, bool shuffled) {
    RandomSeries series;
    std::uniform_int_distribution<int> gap(0, 3);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    double step = std::uniform_real_distribution<double>(-50.0, 50.0)(random);
    for (std::size_t i = 0; i < size; ++i) {
        step += gap(random);
        double value = std::sin(0.01 * static_cast<double>(i)) + 0.2 * unit(random);
        const double roll = unit(random);
        if (roll < 0.005) value += 50.0 * (unit(random) - 0.5);
        if (nonFinite && roll > 0.995) value = roll > 0.998 ? kNaN : (roll > 0.9965 ? kInf : -kInf);
        series.x.push_back(step);
        series.y.push_back(value);
    }
    if (shuffled) {
        std::vector<std::size_t> order(size);
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::shuffle(order.begin(), order.end(), random);
        RandomSeries mixed;
        for (const std::size_t i : order) {
            mixed.x.push_back(series.x[i]);
            mixed.y.push_back(series.y[i]);
        }
        return mixed;
    }
    return series;
}

// Checks every promise of downsampleMinMaxLast for the range [xMin, xMax]; returns the first
// broken one, or an empty string.
std::string checkDownsampling(const RandomSeries& input, const DownsampledSeries& output, double xMin, double xMax,
                              std::size_t columns) {
    const ColumnMapping columnOf(xMin, xMax, columns);
    struct Truth {
        double min = kInf;
        double max = -kInf;
        std::size_t last = std::numeric_limits<std::size_t>::max();
        std::set<double> keptValues;
        std::set<std::size_t> keptIndices;
    };
    std::vector<Truth> truth(columns);
    std::vector<std::size_t> nonFinite;
    bool left = false;
    bool right = false;
    for (std::size_t i = 0; i < input.x.size(); ++i) {
        const double x = input.x[i];
        const double y = input.y[i];
        if (x < xMin) {
            left = left || std::isfinite(y);
            continue;
        }
        if (x > xMax) {
            right = right || std::isfinite(y);
            continue;
        }
        if (!std::isfinite(y)) {
            nonFinite.push_back(i);
            continue;
        }
        Truth& t = truth[columnOf(x)];
        t.min = std::min(t.min, y);
        t.max = std::max(t.max, y);
        if (t.last == std::numeric_limits<std::size_t>::max() || x >= input.x[t.last]) t.last = i;
    }
    if (output.nonFinite.size() != nonFinite.size()) return "non-finite points were dropped or invented";
    for (std::size_t k = 0; k < nonFinite.size(); ++k)
        if (output.nonFinite[k].index != nonFinite[k]) return "non-finite points out of input order";

    const std::size_t bound = 3 * columns + (left ? 1 : 0) + (right ? 1 : 0);
    if (output.line.size() > bound)
        return "kept " + std::to_string(output.line.size()) + " points, more than " + std::to_string(bound);
    for (std::size_t k = 0; k < output.line.size(); ++k) {
        const SeriesPoint& p = output.line[k];
        if (p.index >= input.x.size() || !(input.x[p.index] == p.x) ||
            std::bit_cast<std::uint64_t>(input.y[p.index]) != std::bit_cast<std::uint64_t>(p.y))
            return "point " + std::to_string(k) + " is not the input point it names";
        if (k > 0) {
            const SeriesPoint& q = output.line[k - 1];
            if (q.x > p.x || (q.x == p.x && q.index >= p.index)) return "points not in x order";
        }
        if (p.x < xMin || p.x > xMax) continue;
        truth[columnOf(p.x)].keptValues.insert(p.y);
        truth[columnOf(p.x)].keptIndices.insert(p.index);
    }
    for (std::size_t c = 0; c < columns; ++c) {
        const Truth& t = truth[c];
        if (t.last == std::numeric_limits<std::size_t>::max()) continue;
        if (!t.keptValues.count(t.min)) return "column " + std::to_string(c) + " lost its minimum";
        if (!t.keptValues.count(t.max)) return "column " + std::to_string(c) + " lost its maximum";
        if (!t.keptIndices.count(t.last)) return "column " + std::to_string(c) + " lost its last point";
    }
    return {};
}

}  // namespace

class TestSeries : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- smoothing ---------------------------------------------------------------------------

    void smoothingMatchesTheReference() {
        if (!QFileInfo::exists(QString::fromLatin1(kPython)))
            QSKIP("/usr/bin/python3 is missing: tests/reference/tensorboard_smoothing.py cannot run");
        const std::vector<SmoothingCase> cases = smoothingCases();
        QString error;
        const auto expected = referenceSmoothing(cases, error);
        QVERIFY2(expected.has_value(), qPrintable(error));
        QCOMPARE(expected->size(), cases.size());
        for (std::size_t c = 0; c < cases.size(); ++c) {
            const std::vector<double> actual = smoothDebiasedEma(cases[c].values, cases[c].weight);
            const std::vector<double>& reference = (*expected)[c];
            QVERIFY2(actual.size() == reference.size(), cases[c].name.c_str());
            for (std::size_t i = 0; i < actual.size(); ++i) {
                const std::string where = cases[c].name + ", point " + std::to_string(i) + ": " + textOf(actual[i]) +
                                          " vs reference " + textOf(reference[i]);
                QVERIFY2(closeEnough(actual[i], reference[i]), where.c_str());
            }
        }
    }

    void smoothingByHand() {
        // w = 0.5: last 0.5, debias 0.5 -> 1; last 0.25 + 1 = 1.25, debias 0.75 -> 5/3; NaN passes
        // through without counting; last 0.625 + 2 = 2.625, debias 0.875 -> 3.
        const std::vector<double> out = smoothDebiasedEma(std::vector<double>{1.0, 2.0, kNaN, 4.0}, 0.5);
        QCOMPARE(out[0], 1.0);
        QVERIFY(std::fabs(out[1] - 5.0 / 3.0) < 1e-15);
        QVERIFY(std::isnan(out[2]));
        QCOMPARE(out[3], 3.0);
        // Weight 0 is the identity; a constant series comes back bit for bit.
        const std::vector<double> values = {0.3, -2.0, 7.25};
        QVERIFY(smoothDebiasedEma(values, 0.0) == values);
        const std::vector<double> constant(1000, 0.1);
        QVERIFY(smoothDebiasedEma(constant, 0.99) == constant);
    }

    void skippingNegligiblePowersChangesNoBit() {
        std::mt19937_64 random(7);
        std::uniform_real_distribution<double> unit(0.0, 10.0);
        std::vector<double> values(200000);
        for (double& value : values) value = unit(random);
        values[5] = kNaN;
        for (const double weight : {0.1, 0.6, 0.95, 0.999}) {
            const std::vector<double> fast = smoothDebiasedEma(values, weight);
            const std::vector<double> plain = smoothWithPowEverywhere(values, weight);
            for (std::size_t i = 0; i < values.size(); ++i)
                if (std::bit_cast<std::uint64_t>(fast[i]) != std::bit_cast<std::uint64_t>(plain[i]))
                    QFAIL(qPrintable(QStringLiteral("weight %1, point %2 differs").arg(weight).arg(i)));
        }
    }

    void smoothingInPlaceAndSizes() {
        std::vector<double> values = {1.0, 3.0, 2.0};
        const std::vector<double> expected = smoothDebiasedEma(values, 0.6);
        smoothDebiasedEma(values, 0.6, values);
        QVERIFY(values == expected);
        std::vector<double> wrongSize(2);
        QVERIFY_THROWS_EXCEPTION(UsageError, smoothDebiasedEma(values, 0.6, wrongSize));
    }

    // --- downsampling ------------------------------------------------------------------------

    void downsamplingKeepsEveryExtreme_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("columns");
        QTest::addColumn<bool>("nonFinite");
        QTest::addColumn<bool>("shuffled");
        QTest::addColumn<bool>("subRange");
        QTest::newRow("fewer points than columns") << 50 << 200 << false << false << false;
        QTest::newRow("dense") << 100000 << 640 << false << false << false;
        QTest::newRow("dense with NaN and inf") << 100000 << 997 << true << false << false;
        QTest::newRow("unsorted input") << 20000 << 300 << true << true << false;
        QTest::newRow("zoomed in") << 50000 << 400 << true << false << true;
        QTest::newRow("one column") << 5000 << 1 << true << false << false;
    }

    void downsamplingKeepsEveryExtreme() {
        QFETCH(int, size);
        QFETCH(int, columns);
        QFETCH(bool, nonFinite);
        QFETCH(bool, shuffled);
        QFETCH(bool, subRange);
        std::mt19937_64 random(static_cast<std::uint64_t>(size * 31 + columns));
        for (int round = 0; round < 20; ++round) {
            const RandomSeries input = randomSeries(random, static_cast<std::size_t>(size), nonFinite, shuffled);
            const auto [low, high] = std::minmax_element(input.x.begin(), input.x.end());
            double xMin = *low;
            double xMax = *high;
            if (subRange) {
                const double width = xMax - xMin;
                xMin += 0.3 * width;
                xMax -= 0.25 * width;
            }
            const auto columnCount = static_cast<std::size_t>(columns);
            const DownsampledSeries output = subRange ? downsampleMinMaxLast(input.x, input.y, xMin, xMax, columnCount)
                                                      : downsampleMinMaxLast(input.x, input.y, columnCount);
            const std::string problem = checkDownsampling(input, output, xMin, xMax, columnCount);
            QVERIFY2(problem.empty(), ("round " + std::to_string(round) + ": " + problem).c_str());
        }
    }

    // Sorted input takes a path of its own (binary search for columns and range ends); a leading
    // point with x = NaN, which both paths skip, sends the same series through the general scan:
    // the two must keep the same points (indices shifted by one) and report the same non-finite ones.
    void downsamplingSortedPathEqualsTheScan() {
        std::mt19937_64 random(11);
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        for (int round = 0; round < 40; ++round) {
            const std::size_t size = 1 + random() % 20000;
            std::vector<double> x(size);
            std::vector<double> y(size);
            double at = unit(random) * 100.0 - 50.0;
            for (std::size_t i = 0; i < size; ++i) {
                if (unit(random) < 0.7) at += unit(random) * (round % 2 == 0 ? 1.0 : 0.01);  // ties otherwise
                x[i] = at;
                const double u = unit(random);
                y[i] = u < 0.02 ? kNaN : u < 0.03 ? kInf : u < 0.04 ? -kInf : std::round(unit(random) * 50.0);
            }
            std::vector<double> xScan = x;
            std::vector<double> yScan = y;
            xScan.insert(xScan.begin(), kNaN);
            yScan.insert(yScan.begin(), 1.0);
            const double span = x.back() - x.front();
            const double xMin = round % 3 == 0 ? x.front() : x.front() + unit(random) * span * 0.5;
            const double xMax = round % 3 == 0 ? x.back() : xMin + unit(random) * (x.back() - xMin);
            const std::size_t columns = 1 + random() % 900;
            const DownsampledSeries sorted = downsampleMinMaxLast(x, y, xMin, xMax, columns);
            const DownsampledSeries scanned = downsampleMinMaxLast(xScan, yScan, xMin, xMax, columns);
            const auto same = [](const std::vector<SeriesPoint>& a, const std::vector<SeriesPoint>& b) {
                if (a.size() != b.size()) return false;
                for (std::size_t i = 0; i < a.size(); ++i)
                    if (a[i].index + 1 != b[i].index || std::bit_cast<std::uint64_t>(a[i].y) != std::bit_cast<std::uint64_t>(b[i].y))
                        return false;
                return true;
            };
            const std::string where = "round " + std::to_string(round) + ", " + std::to_string(size) + " points, " +
                                      std::to_string(columns) + " columns";
            QVERIFY2(same(sorted.line, scanned.line), where.c_str());
            QVERIFY2(same(sorted.nonFinite, scanned.nonFinite), where.c_str());
        }
    }

    void downsamplingKeepsALoneSpike() {
        std::vector<double> x(1000000);
        std::vector<double> y(x.size(), 2.0);
        std::iota(x.begin(), x.end(), 1.0);
        y[777777] = 40.0;
        y[123456] = -3.0;
        const DownsampledSeries output = downsampleMinMaxLast(x, y, 1000);
        QVERIFY(output.line.size() <= 3000);
        const auto has = [&](std::size_t index) {
            return std::any_of(output.line.begin(), output.line.end(), [&](const SeriesPoint& p) { return p.index == index; });
        };
        QVERIFY(has(777777));
        QVERIFY(has(123456));
        QVERIFY(has(0));             // a flat column keeps its first point as its min and max
        QVERIFY(has(x.size() - 1));  // the line ends where the data ends
    }

    void downsamplingNeighboursOutsideTheRange() {
        const std::vector<double> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        const std::vector<double> y = {9, 1, kNaN, 3, 4, kInf, 6, 7, 8, 0};
        const DownsampledSeries output = downsampleMinMaxLast(x, y, 3.0, 6.0, 3);
        // x = 1 is the nearest finite point left of 3 (x = 2 is NaN); x = 7 the nearest right of 6.
        std::vector<std::size_t> indices;
        for (const SeriesPoint& p : output.line) indices.push_back(p.index);
        QCOMPARE(indices, (std::vector<std::size_t>{1, 3, 4, 6, 7}));
        QCOMPARE(output.nonFinite.size(), std::size_t{1});
        QCOMPARE(output.nonFinite[0].index, std::size_t{5});
        QVERIFY(std::isinf(output.nonFinite[0].y));
    }

    void downsamplingEdgeCases() {
        const std::vector<double> none;
        QVERIFY(downsampleMinMaxLast(none, none, 10).line.empty());
        const std::vector<double> x = {5, 5, 5};
        const std::vector<double> y = {1, 3, 2};
        const DownsampledSeries same = downsampleMinMaxLast(x, y, 4);  // zero-width range
        QCOMPARE(same.line.size(), std::size_t{3});
        const std::vector<double> nanX = {kNaN, 1.0};
        const std::vector<double> twoY = {1.0, 2.0};
        QCOMPARE(downsampleMinMaxLast(nanX, twoY, 4).line.size(), std::size_t{1});
        QVERIFY_THROWS_EXCEPTION(UsageError, downsampleMinMaxLast(x, twoY, 4));
        QVERIFY_THROWS_EXCEPTION(UsageError, downsampleMinMaxLast(x, y, 0));
        QVERIFY_THROWS_EXCEPTION(UsageError, downsampleMinMaxLast(x, y, 2.0, 1.0, 4));
        QVERIFY_THROWS_EXCEPTION(UsageError, downsampleMinMaxLast(x, y, 0.0, kInf, 4));
    }
};

QTEST_APPLESS_MAIN(TestSeries)
#include "test_series.moc"
