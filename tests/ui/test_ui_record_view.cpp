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

}  // namespace

class TestUiRecordView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripOnDemoRecords_data();
    void roundTripOnDemoRecords();
    void layoutKeepsTextLinesAndOffsets();
    void wrapsLongLinesAtTokenBoundaries();
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
