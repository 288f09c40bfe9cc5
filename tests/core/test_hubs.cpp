// Hub extraction (core/hubs.h): threshold and top-fraction candidates over the maskable set, gap
// merging, minimum span length, and option validation. Each case states its exact spans.
#include "core/error.h"
#include "core/hubs.h"

#include <QTest>

#include <cmath>
#include <string>
#include <vector>

using namespace maskscope;

namespace {

// "0.1 0.9 nan" -> floats; "nan" is spelled out because the densities of a broken model may be.
std::vector<float> parseDensity(const QByteArray& text) {
    std::vector<float> out;
    for (const QByteArray& item : text.split(' ')) {
        if (item.isEmpty()) continue;
        out.push_back(item == "nan" ? NAN : item.toFloat());
    }
    return out;
}

// "0 0 1 1" -> flags; an empty string means every token is maskable.
std::vector<std::uint8_t> parseMaskable(const QByteArray& text, std::size_t size) {
    if (text.isEmpty()) return std::vector<std::uint8_t>(size, 1);
    std::vector<std::uint8_t> out;
    for (const QByteArray& item : text.split(' '))
        if (!item.isEmpty()) out.push_back(item == "1" ? 1 : 0);
    return out;
}

// Spans as "1-3 4-5" ([begin, end) token indices).
QByteArray formatSpans(const std::vector<HubSpan>& spans) {
    QByteArray out;
    for (const HubSpan& span : spans) {
        if (!out.isEmpty()) out += ' ';
        out += QByteArray::number(qulonglong(span.begin)) + '-' + QByteArray::number(qulonglong(span.end));
    }
    return out;
}

QByteArray formatIndicator(const std::vector<std::uint8_t>& indicator) {
    QByteArray out;
    for (const std::uint8_t flag : indicator) out += flag ? '1' : '0';
    return out;
}

HubOptions options(const QByteArray& rule, double value, int maxGap, int minSpan) {
    HubOptions result;
    result.rule = rule == "top" ? HubOptions::Rule::TopFraction : HubOptions::Rule::Threshold;
    result.value = value;
    result.maxGap = static_cast<std::size_t>(maxGap);
    result.minSpan = static_cast<std::size_t>(minSpan);
    return result;
}

}  // namespace

class TestHubs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void extract_data();
    void extract();
    void countMatchesIndicator();
    void rejectsBadOptions_data();
    void rejectsBadOptions();
    void rejectsSizeMismatch();
};

void TestHubs::extract_data() {
    QTest::addColumn<QByteArray>("density");
    QTest::addColumn<QByteArray>("maskable");  // empty: all maskable
    QTest::addColumn<QByteArray>("rule");      // "threshold" or "top"
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("maxGap");
    QTest::addColumn<int>("minSpan");
    QTest::addColumn<QByteArray>("spans");
    QTest::addColumn<QByteArray>("indicator");

    // Threshold.
    QTest::newRow("threshold, no merging") << QByteArray("0.1 0.9 0.9 0.2 0.8") << QByteArray() << QByteArray("threshold")
                                           << 0.5 << 0 << 1 << QByteArray("1-3 4-5") << QByteArray("01101");
    QTest::newRow("threshold, gap of one merged") << QByteArray("0.1 0.9 0.9 0.2 0.8") << QByteArray()
                                                  << QByteArray("threshold") << 0.5 << 1 << 1 << QByteArray("1-5")
                                                  << QByteArray("01111");
    QTest::newRow("gap of two kept apart by maxGap 1") << QByteArray("0.9 0.1 0.1 0.9") << QByteArray()
                                                       << QByteArray("threshold") << 0.5 << 1 << 1 << QByteArray("0-1 3-4")
                                                       << QByteArray("1001");
    QTest::newRow("gap of two merged by maxGap 2") << QByteArray("0.9 0.1 0.1 0.9") << QByteArray() << QByteArray("threshold")
                                                   << 0.5 << 2 << 1 << QByteArray("0-4") << QByteArray("1111");
    QTest::newRow("threshold is inclusive") << QByteArray("0.5 0.49 0.5") << QByteArray() << QByteArray("threshold") << 0.5
                                            << 0 << 1 << QByteArray("0-1 2-3") << QByteArray("101");
    QTest::newRow("threshold zero takes every maskable token") << QByteArray("0 0.3 0") << QByteArray("0 1 1")
                                                               << QByteArray("threshold") << 0.0 << 0 << 1
                                                               << QByteArray("1-3") << QByteArray("011");
    QTest::newRow("threshold one takes only full scores") << QByteArray("1 0.99 1") << QByteArray() << QByteArray("threshold")
                                                          << 1.0 << 0 << 1 << QByteArray("0-1 2-3") << QByteArray("101");
    QTest::newRow("no candidates") << QByteArray("0.1 0.2") << QByteArray() << QByteArray("threshold") << 0.5 << 3 << 1
                                   << QByteArray("") << QByteArray("00");
    QTest::newRow("empty input") << QByteArray("") << QByteArray() << QByteArray("threshold") << 0.5 << 1 << 1
                                 << QByteArray("") << QByteArray("");

    // Minimum span length, counted after merging (gap tokens count).
    QTest::newRow("min span drops singletons") << QByteArray("0.9 0.1 0.9 0.9 0.9 0.1 0.9") << QByteArray()
                                               << QByteArray("threshold") << 0.5 << 0 << 2 << QByteArray("2-5")
                                               << QByteArray("0011100");
    QTest::newRow("min span counts merged gap tokens") << QByteArray("0.9 0.1 0.9") << QByteArray()
                                                       << QByteArray("threshold") << 0.5 << 1 << 3 << QByteArray("0-3")
                                                       << QByteArray("111");
    QTest::newRow("min span longer than every span") << QByteArray("0.9 0.9 0.1 0.9") << QByteArray()
                                                     << QByteArray("threshold") << 0.5 << 0 << 3 << QByteArray("")
                                                     << QByteArray("0000");
    QTest::newRow("min span zero behaves like one") << QByteArray("0.9 0.1 0.9") << QByteArray() << QByteArray("threshold")
                                                    << 0.5 << 0 << 0 << QByteArray("0-1 2-3") << QByteArray("101");

    // The maskable set.
    QTest::newRow("prompt tokens are never hubs") << QByteArray("1 1 0.2 1 1") << QByteArray("0 0 1 1 1")
                                                  << QByteArray("threshold") << 0.5 << 0 << 1 << QByteArray("3-5")
                                                  << QByteArray("00011");
    QTest::newRow("prompt tokens do not bridge into the response")
        << QByteArray("0.9 0.9 0.1 0.9") << QByteArray("0 0 1 1") << QByteArray("threshold") << 0.5 << 5 << 1
        << QByteArray("3-4") << QByteArray("0001");
    QTest::newRow("a hole in the maskable set is not a gap") << QByteArray("0.9 0 0.9") << QByteArray("1 0 1")
                                                             << QByteArray("threshold") << 0.5 << 0 << 1
                                                             << QByteArray("0-3") << QByteArray("101");

    // Top fraction: ceil(value * |S|) tokens, ties to the earlier token.
    QTest::newRow("top half") << QByteArray("0.1 0.5 0.9 0.3") << QByteArray() << QByteArray("top") << 0.5 << 0 << 1
                              << QByteArray("1-3") << QByteArray("0110");
    QTest::newRow("top fraction ties go to earlier tokens") << QByteArray("0.5 0.5 0.5 0.5") << QByteArray()
                                                            << QByteArray("top") << 0.5 << 0 << 1 << QByteArray("0-2")
                                                            << QByteArray("1100");
    QTest::newRow("top fraction ties at the cut") << QByteArray("0.2 0.7 0.1 0.7 0.7") << QByteArray() << QByteArray("top")
                                                  << 0.4 << 0 << 1 << QByteArray("1-2 3-4") << QByteArray("01010");
    QTest::newRow("top fraction rounds up") << QByteArray("0.1 0.2 0.3") << QByteArray() << QByteArray("top") << 0.5 << 0
                                            << 1 << QByteArray("1-3") << QByteArray("011");
    QTest::newRow("top fraction 0.3 of 10 is 3, not 4")
        << QByteArray("0 0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9") << QByteArray() << QByteArray("top") << 0.3 << 0 << 1
        << QByteArray("7-10") << QByteArray("0000000111");
    QTest::newRow("top fraction counts maskable tokens only")
        << QByteArray("1 1 0.1 0.2 0.3 0.4") << QByteArray("0 0 1 1 1 1") << QByteArray("top") << 0.5 << 0 << 1
        << QByteArray("4-6") << QByteArray("000011");
    QTest::newRow("top fraction zero") << QByteArray("0.9 0.8 0.7") << QByteArray() << QByteArray("top") << 0.0 << 0 << 1
                                       << QByteArray("") << QByteArray("000");
    QTest::newRow("top fraction one") << QByteArray("0.9 0 0.7 0") << QByteArray("0 1 1 1") << QByteArray("top") << 1.0
                                      << 0 << 1 << QByteArray("1-4") << QByteArray("0111");
    QTest::newRow("top fraction then gap merge") << QByteArray("0.9 0.1 0.8 0.2 0.1 0.7") << QByteArray()
                                                 << QByteArray("top") << 0.5 << 1 << 1 << QByteArray("0-3 5-6")
                                                 << QByteArray("111001");
    QTest::newRow("top fraction then min span") << QByteArray("0.9 0.1 0.8 0.85 0.1 0.7") << QByteArray()
                                                << QByteArray("top") << 0.5 << 0 << 2 << QByteArray("2-4")
                                                << QByteArray("001100");

    // NaN densities.
    QTest::newRow("NaN is never above a threshold") << QByteArray("nan 0.9 nan") << QByteArray() << QByteArray("threshold")
                                                    << 0.0 << 0 << 1 << QByteArray("1-2") << QByteArray("010");
    QTest::newRow("NaN ranks last in top fraction") << QByteArray("nan 0.1 0.2") << QByteArray() << QByteArray("top")
                                                    << 0.6 << 0 << 1 << QByteArray("1-3") << QByteArray("011");
}

void TestHubs::extract() {
    QFETCH(QByteArray, density);
    QFETCH(QByteArray, maskable);
    QFETCH(QByteArray, rule);
    QFETCH(double, value);
    QFETCH(int, maxGap);
    QFETCH(int, minSpan);
    QFETCH(QByteArray, spans);
    QFETCH(QByteArray, indicator);

    const std::vector<float> scores = parseDensity(density);
    const std::vector<std::uint8_t> flags = parseMaskable(maskable, scores.size());
    const Hubs hubs = extractHubs(scores, flags, options(rule, value, maxGap, minSpan));
    QCOMPARE(formatSpans(hubs.spans), spans);
    QCOMPARE(formatIndicator(hubs.indicator), indicator);
    QCOMPARE(hubs.count(), std::size_t(indicator.count('1')));
}

void TestHubs::countMatchesIndicator() {
    Hubs hubs;
    QCOMPARE(hubs.count(), std::size_t{0});
    hubs.indicator = {0, 1, 1, 0, 1};
    QCOMPARE(hubs.count(), std::size_t{3});

    // A span that straddles a non-maskable token covers three tokens but counts two hubs.
    const std::vector<float> density = {0.9f, 0.9f, 0.9f};
    const std::vector<std::uint8_t> maskable = {1, 0, 1};
    const Hubs straddling = extractHubs(density, maskable, HubOptions{});
    QCOMPARE(straddling.spans.size(), std::size_t{1});
    QCOMPARE(straddling.spans.front(), (HubSpan{0, 3}));
    QCOMPARE(straddling.count(), std::size_t{2});
}

void TestHubs::rejectsBadOptions_data() {
    QTest::addColumn<QByteArray>("rule");
    QTest::addColumn<double>("value");
    QTest::newRow("negative threshold") << QByteArray("threshold") << -0.1;
    QTest::newRow("threshold above one") << QByteArray("threshold") << 1.5;
    QTest::newRow("NaN threshold") << QByteArray("threshold") << double(NAN);
    QTest::newRow("negative fraction") << QByteArray("top") << -0.01;
    QTest::newRow("fraction above one") << QByteArray("top") << 1.01;
    QTest::newRow("infinite fraction") << QByteArray("top") << double(INFINITY);
}

void TestHubs::rejectsBadOptions() {
    QFETCH(QByteArray, rule);
    QFETCH(double, value);
    const std::vector<float> density = {0.5f, 0.5f};
    const std::vector<std::uint8_t> maskable = {1, 1};
    try {
        extractHubs(density, maskable, options(rule, value, 1, 1));
        QFAIL("bad options were accepted");
    } catch (const UsageError& error) {
        QVERIFY2(std::string(error.what()).find("[0, 1]") != std::string::npos, error.what());
    }
}

void TestHubs::rejectsSizeMismatch() {
    const std::vector<float> density = {0.5f, 0.5f, 0.5f};
    const std::vector<std::uint8_t> maskable = {1, 1};
    QVERIFY_THROWS_EXCEPTION(UsageError, extractHubs(density, maskable, HubOptions{}));
    QVERIFY_THROWS_EXCEPTION(UsageError, extractHubs(std::span<const float>{}, maskable, HubOptions{}));
}

QTEST_APPLESS_MAIN(TestHubs)
#include "test_hubs.moc"
