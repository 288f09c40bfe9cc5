// The record view's layout and its token <-> position mapping: for every token with visible text,
// the centre of tokenRect() maps back to the token through tokenAt(), in every display mode, after
// wrapping and after scrolling, also for a 100k-token record.
#include "ui_test_support.h"

#include "ui/record_inspection_service.h"
#include "ui/record_layout.h"
#include "ui/record_view.h"

#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtTest/QtTest>
#include <QtWidgets/QScrollBar>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

// Tokens of `text` cut every `width` bytes (keeping UTF-8 characters whole), as a response.
InspectionHandle syntheticInspection(const std::string& prompt, const std::string& response, std::size_t width) {
    RecordInspection r;
    r.tokens.record = {"synthetic", prompt, response};
    auto cut = [&](const std::string& text) {
        std::size_t begin = 0;
        while (begin < text.size()) {
            std::size_t end = std::min(text.size(), begin + width);
            while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
            r.tokens.tokens.push_back({int(r.tokens.tokens.size() % 1000), text.substr(begin, end - begin),
                                       std::uint32_t(begin), std::uint32_t(end)});
            begin = end;
        }
    };
    cut(prompt);
    r.tokens.promptTokens = r.tokens.tokens.size();
    cut(response);
    const std::size_t n = r.tokens.size();
    r.maskable = r.tokens.maskable();
    r.density.assign(n, 0.0f);
    r.hubs.indicator.assign(n, 0);
    r.masks.p.assign(n, 0.0f);
    r.masks.pSecond.assign(n, 0.0f);
    r.masks.logical.assign(n, 0);
    r.masks.syntactic.assign(n, 0);
    for (std::size_t i = r.tokens.promptTokens; i < n; ++i) {
        r.density[i] = float(i % 11) / 10.0f;
        r.hubs.indicator[i] = r.density[i] >= 0.5f;
        r.masks.logical[i] = i % 3 == 0;
        r.masks.syntactic[i] = !r.masks.logical[i];
    }
    r.masks.t = 0.5;
    return std::make_shared<const RecordInspection>(std::move(r));
}

// Checks the round trip for every token with visible text that the sample band does not cover;
// returns how many were checked.
int checkRoundTrip(const RecordView& view, std::size_t first, std::size_t last) {
    int checked = 0;
    const auto& fragments = view.layout().fragments();
    for (std::size_t token = first; token < last; ++token) {
        if (fragments[view.layout().firstFragment(token)].width <= 0.0f) continue;
        for (int column = 0; column < view.columnCount(); ++column) {
            const QRectF rect = view.tokenRect(token, column);
            if (rect.isEmpty()) {
                qWarning("token %zu has no rectangle", token);
                return -1;
            }
            if (rect.center().y() >= 0 && rect.center().y() < view.bandHeight()) continue;
            const long long back = view.tokenAt(rect.center().toPoint());
            if (back != static_cast<long long>(token)) {
                qWarning("token %zu -> (%g, %g) -> %lld", token, rect.center().x(), rect.center().y(), back);
                return -1;
            }
        }
        ++checked;
    }
    return checked;
}

// The layout's fragments measured the plain way: each token decoded on its own, each character
// measured with QFontMetricsF (no caches, no ASCII shortcut). Text and x offsets as RecordLayout
// documents them.
struct PlainFragment {
    std::uint32_t token;
    QString text;
    double x;
    double width;
    bool newline;
};

std::vector<PlainFragment> plainLayout(const TokenizedRecord& record, const QFont& font) {
    const QFontMetricsF metrics(font);
    const double space = metrics.horizontalAdvance(QLatin1Char(' '));
    const double newlineWidth = std::max(space, metrics.horizontalAdvance(QChar(0x21b5)));
    std::vector<PlainFragment> out;
    for (int segment = 0; segment < 2; ++segment) {
        const std::string& source = segment == 0 ? record.record.prompt : record.record.response;
        const std::size_t first = segment == 0 ? 0 : record.promptTokens;
        const std::size_t last = segment == 0 ? record.promptTokens : record.size();
        double x = 0.0;
        for (std::size_t t = first; t < last; ++t) {
            const Token& token = record.tokens[t];
            const std::size_t begin = std::min<std::size_t>(token.begin, source.size());
            const std::size_t end = std::min<std::size_t>(std::max(token.end, token.begin), source.size());
            const QString piece = QString::fromUtf8(source.data() + begin, qsizetype(end > begin ? end - begin : 0));
            PlainFragment open{std::uint32_t(t), {}, x, 0.0, false};
            if (piece.isEmpty()) {
                out.push_back(open);
                continue;
            }
            auto flush = [&]() {
                if (open.text.isEmpty()) return;
                open.width = x - open.x;
                out.push_back(open);
            };
            for (qsizetype i = 0; i < piece.size(); ++i) {
                const QChar c = piece.at(i);
                if (c == QLatin1Char('\n')) {
                    flush();
                    out.push_back({std::uint32_t(t), {}, x, newlineWidth, true});
                    x = 0.0;
                    open = {std::uint32_t(t), {}, 0.0, 0.0, false};
                } else if (c == QLatin1Char('\t')) {
                    const double tabStop = 4 * space;
                    const double target = (std::floor(x / tabStop + 1e-6) + 1.0) * tabStop;
                    const int spaces = std::max(1, int(std::lround((target - x) / space)));
                    open.text += QString(spaces, QLatin1Char(' '));
                    x += spaces * space;
                } else if (c.isHighSurrogate() && i + 1 < piece.size()) {
                    open.text += piece.mid(i, 2);
                    x += metrics.horizontalAdvance(piece.mid(i, 2));
                    ++i;
                } else {
                    const QChar shown = (c.unicode() < 0x20 || c.unicode() == 0x7f) ? QChar(0xb7) : c;
                    open.text += shown;
                    x += metrics.horizontalAdvance(shown);
                }
            }
            flush();
        }
    }
    return out;
}

}  // namespace

class TestUiRecordView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripOnDemoRecords_data();
    void roundTripOnDemoRecords();
    void layoutKeepsTextLinesAndOffsets();
    void wrapsLongLinesAtTokenBoundaries();
    void fastLayoutEqualsPlainMeasuring();
    void largeRecordPaintsOnlyWhatIsVisible();
    void tooltipNamesTheToken();
    void sameTextKeepsTheScrollPosition();
};

void TestUiRecordView::roundTripOnDemoRecords_data() {
    QTest::addColumn<int>("record");
    QTest::addColumn<int>("display");
    QTest::addColumn<int>("width");
    for (int record : {0, 1, 4}) {
        for (int display : {int(SampleDisplay::Logical), int(SampleDisplay::SideBySide)}) {
            for (int width : {900, 360}) {
                QTest::addRow("record %d display %d width %d", record, display, width) << record << display << width;
            }
        }
    }
}

void TestUiRecordView::roundTripOnDemoRecords() {
    QFETCH(int, record);
    QFETCH(int, display);
    QFETCH(int, width);
    RecordInspectionService::Request request;
    request.corpus = test::openCorpus(test::demoCorpusPath());
    request.tokenizer = test::loadDemoTokenizer();
    request.settings = defaultInspectionSettings();
    request.record = std::uint64_t(record);
    auto inspection = std::make_shared<const RecordInspection>(RecordInspectionService::inspect(request));

    RecordView view;
    view.resize(width, 2000);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setDisplay(static_cast<SampleDisplay>(display));
    view.setInspection(inspection);
    const int checked = checkRoundTrip(view, 0, inspection->tokens.size());
    QVERIFY(checked > 0);
    QVERIFY(checked >= int(inspection->tokens.size()) - 5);  // only byte-fallback extras are empty
    QCOMPARE(view.tokenAt(QPoint(2, 2)), -1LL);                // the sample band holds no token
}

void TestUiRecordView::layoutKeepsTextLinesAndOffsets() {
    const std::string response = "def f(x):\n\tif x:\n\t\treturn 1  # gr\xc3\xb6\xc3\x9f" "e \xe6\x95\xb0\xe5\xad\xa6 \xf0\x9f\x99\x82\n";
    const InspectionHandle inspection = syntheticInspection("Prompt\nline two", response, 3);
    RecordLayout layout;
    QFont font(QStringLiteral("DejaVu Sans Mono"));
    layout.build(inspection->tokens, font);
    layout.wrap(100000.0);
    // Header, 2 prompt lines, blank, header, 3 response lines.
    QCOMPARE(int(layout.lines().size()), 8);
    QCOMPARE(int(layout.largestSourceLine()), 3);
    QCOMPARE(layout.lineText(layout.lines()[1]), QStringLiteral("Prompt"));
    QCOMPARE(layout.lineText(layout.lines()[2]), QStringLiteral("line two"));
    // Tabs expand to the next 4-column stop; the text is the original, not the pieces.
    QCOMPARE(layout.lineText(layout.lines()[6]), QStringLiteral("    if x:"));
    QVERIFY(layout.lineText(layout.lines()[7]).startsWith(QStringLiteral("        return 1  # gr\u00f6\u00dfe \u6570\u5b66 ")));
    // Every token has a fragment, in order.
    std::uint32_t previous = 0;
    for (std::size_t token = 0; token < inspection->tokens.size(); ++token) {
        QVERIFY(layout.firstFragment(token) >= previous);
        previous = layout.firstFragment(token);
        QCOMPARE(layout.fragments()[previous].token, std::uint32_t(token));
    }
}

void TestUiRecordView::wrapsLongLinesAtTokenBoundaries() {
    std::string response;
    for (int i = 0; i < 200; ++i) response += "word" + std::to_string(i) + " ";
    const InspectionHandle inspection = syntheticInspection("", response, 5);
    RecordLayout layout;
    layout.build(inspection->tokens, QFont(QStringLiteral("DejaVu Sans Mono")));
    layout.wrap(300.0);
    int continuations = 0;
    for (const RecordLayout::Line& line : layout.lines()) {
        if (line.kind != RecordLayout::LineKind::Text || line.fragmentBegin == line.fragmentEnd) continue;
        const RecordLayout::Fragment& last = layout.fragments()[line.fragmentEnd - 1];
        QVERIFY(last.x + last.width - line.xShift <= 300.0 + 1e-3);
        continuations += line.continuation ? 1 : 0;
    }
    QVERIFY(continuations > 5);
    // Wrapping is idempotent and depends on the width only.
    const std::size_t lines = layout.lines().size();
    layout.wrap(1000.0);
    layout.wrap(300.0);
    QCOMPARE(layout.lines().size(), lines);
}

void TestUiRecordView::fastLayoutEqualsPlainMeasuring() {
    // Mixed scripts, tabs at every column, control characters, CRLF, blank lines, emoji (surrogate
    // pairs) and invalid UTF-8; cut at every width, so that tokens also split characters.
    const std::string text = "def f(x):\n\tif x:\t\treturn 1\x01\x7f  # gr\xc3\xb6\xc3\x9f" "e \xe6\x95\xb0\xe5\xad\xa6 "
                             "\xf0\x9f\x99\x82\r\n\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 \xd9\x85\xd8\xb1\xd8\xad\xd8\xa8"
                             "\xd8\xa7 \xff\xfe bad\n\n\tx\ta\tab\tabc\tabcd\t.\n";
    std::string response;
    for (int i = 0; i < 20; ++i) response += text;
    const QFont font(QStringLiteral("DejaVu Sans Mono"));
    RecordLayout layout;  // reused: its caches stay filled from one record to the next
    for (const std::size_t width : {1, 2, 3, 4, 7}) {
        RecordInspection r;
        r.tokens.record = {"mixed", "Prompt\t" + text, response};
        for (int segment = 0; segment < 2; ++segment) {
            const std::string& source = segment == 0 ? r.tokens.record.prompt : r.tokens.record.response;
            for (std::size_t begin = 0; begin < source.size(); begin += width) {
                const std::size_t end = std::min(source.size(), begin + width);
                r.tokens.tokens.push_back({0, source.substr(begin, end - begin), std::uint32_t(begin), std::uint32_t(end)});
            }
            if (segment == 0) r.tokens.promptTokens = r.tokens.tokens.size();
        }
        r.tokens.tokens.push_back({0, "", 5, 5});  // empty token
        layout.build(r.tokens, font);
        layout.wrap(250.0);
        const std::vector<PlainFragment> expected = plainLayout(r.tokens, font);
        const auto& fragments = layout.fragments();
        QCOMPARE(fragments.size(), expected.size());
        QString all;
        for (std::size_t f = 0; f < fragments.size(); ++f) {
            const RecordLayout::Fragment& got = fragments[f];
            const PlainFragment& want = expected[f];
            QCOMPARE(got.token, want.token);
            QCOMPARE(got.newline, want.newline);
            QCOMPARE(layout.text().mid(got.text, got.length), want.text);
            QVERIFY2(std::abs(got.x - want.x) < 1e-2 && std::abs(got.width - want.width) < 1e-2,
                     qPrintable(QStringLiteral("fragment %1: x %2 width %3, expected %4 and %5")
                                    .arg(f).arg(got.x).arg(got.width).arg(want.x).arg(want.width)));
            all += want.text;
        }
        QCOMPARE(layout.text(), all);
    }
}

void TestUiRecordView::largeRecordPaintsOnlyWhatIsVisible() {
    std::string response;
    for (int i = 0; response.size() < 400000; ++i) {
        response += (i % 7 == 0) ? "    if (x < " : "total += f(i); ";
        if (i % 5 == 4) response += "\n";
    }
    const InspectionHandle inspection = syntheticInspection("Generated prompt", response, 4);
    QVERIFY(inspection->tokens.size() >= 100000);
    RecordView view;
    view.resize(1000, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QElapsedTimer clock;
    clock.start();
    view.setInspection(inspection);
    const qint64 layoutMs = clock.elapsed();
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    clock.restart();
    {
        QPainter painter(&image);
        view.paint(painter, view.viewport()->rect());
    }
    const qint64 paintMs = clock.elapsed();
    qInfo("100k-token record: layout %lld ms, one screen painted in %lld ms", layoutMs, paintMs);
    QVERIFY2(paintMs < 200, "painting one screen must not depend on the record length");

    // Round trip at the end of the record, after scrolling there.
    const std::size_t last = inspection->tokens.size() - 1;
    view.scrollToToken(last);
    QVERIFY(view.verticalScrollBar()->value() > 0);
    QVERIFY(view.viewport()->rect().intersects(view.tokenRect(last).toRect()));
    QVERIFY(checkRoundTrip(view, last - 2000, last + 1) > 1000);
}

void TestUiRecordView::tooltipNamesTheToken() {
    const InspectionHandle inspection = syntheticInspection("Ask", "while x < 10:\n    x += 1\n", 3);
    RecordView view;
    view.resize(800, 400);
    view.setBlockSize(4);
    view.setInspection(inspection);
    const std::size_t token = 4;  // " 10", a response token of the second block
    QVERIFY(inspection->tokens.isResponse(token));
    const QString tip = view.toolTipFor(token);
    QVERIFY(tip.contains(QString::fromStdString(inspection->tokens.tokens[token].piece)));
    QVERIFY(tip.contains(QStringLiteral("Density")));
    QVERIFY(tip.contains(QStringLiteral("Block 1")));
    QVERIFY(view.toolTipFor(0).contains(QStringLiteral("never masked")));
}

void TestUiRecordView::sameTextKeepsTheScrollPosition() {
    std::string response;
    for (int i = 0; i < 3000; ++i) response += "line " + std::to_string(i) + "\n";
    const InspectionHandle first = syntheticInspection("", response, 6);
    RecordView view;
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setInspection(first);
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->maximum() / 2);
    const int scrolled = view.verticalScrollBar()->value();
    // New masks for the same text (a new step) keep the position; another text resets it.
    auto redrawn = std::make_shared<RecordInspection>(*first);
    redrawn->masks.logical.assign(redrawn->tokens.size(), 1);
    view.setInspection(redrawn);
    QCOMPARE(view.verticalScrollBar()->value(), scrolled);
    view.setInspection(syntheticInspection("", response + "more\n", 6));
    QCOMPARE(view.verticalScrollBar()->value(), 0);
}

QTEST_MAIN(TestUiRecordView)
#include "test_ui_record_view.moc"
