// Import of external hub spans (core/annotation_import.h): byte, code-point and substring
// offsets on non-ASCII text, warnings that name the line and go on, the warning limit, replacing
// only the importer's own source, and the refusals before anything is read. Expected offsets are
// written out by hand from the UTF-8 encodings of the texts.
#include "core/annotation_import.h"
#include "core/annotations.h"
#include "core/content_hash.h"
#include "core/error.h"

#include <QtTest/QtTest>

#include <fstream>
#include <string>
#include <string_view>
#include <vector>

using namespace maskscope;

namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
}  // namespace QTest

namespace {

void writeFile(const std::string& path, std::string_view contents) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
}

}  // namespace

class TestAnnotationImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void importByteOffsets() {
        const Record record{"r1", "prompt", "if x > 0: return x"};
        AnnotationSet set;
        const ImportReport report = importText(
            R"({"id":"r1","spans":[{"start":10,"end":18},{"start":3,"end":8,"label":"cond","reason":"ignored"}]})" "\n"
            R"({"id":"r1","spans":[{"start":3,"end":8,"label":"cond"}]})" "\n",  // the same span again
            {record}, set);
        QCOMPARE(report.warnings, std::vector<std::string>{});
        QCOMPARE(report.records, std::size_t{1});
        QCOMPARE(report.spans, std::size_t{2});
        const RecordAnnotations* stored = set.find("r1");
        QVERIFY(stored);
        QCOMPARE(stored->textHash, hashBytes(record.response));
        QVERIFY((stored->spans == std::vector<AnnotationSpan>{{3, 8, "llm", "cond"}, {10, 18, "llm", ""}}));
    }

    void importCodePointOffsetsOnNonAsciiText() {
        // "若x＞0则返回x🎉" code points: 若0 x1 ＞2 03 则4 返5 回6 x7 🎉8; bytes: 若 3, x 1, ＞ 3, 0 1,
        // 则 3, 返 3, 回 3, x 1, 🎉 4.
        const Record record{"42", "", "若x＞0则返回x🎉"};
        AnnotationSet set;
        const ImportReport report = importText(
            R"({"id":42,"spans":[{"char_start":1,"char_end":4},{"char_start":8,"char_end":9,"label":"emoji"},{"char_start":5,"char_end":5}]})" "\n",
            {record}, set);
        QCOMPARE(report.warnings, std::vector<std::string>{});
        const RecordAnnotations* stored = set.find("42");
        QVERIFY(stored);
        QVERIFY((stored->spans == std::vector<AnnotationSpan>{{3, 8, "llm", ""}, {11, 11, "llm", ""}, {18, 22, "llm", "emoji"}}));
        QCOMPARE(record.response.substr(3, 5), std::string("x＞0"));
        QCOMPARE(record.response.substr(18, 4), std::string("🎉"));
        QVERIFY(!spanProblem(*stored, record.response));
    }

    void importSubstringsInReadingOrder() {
        // "f(a); g(b); f(a); f(a);" f(a) at 0, 12, 18; g(b) at 6.
        const Record record{"r", "", "f(a); g(b); f(a); f(a);"};
        const Record hubs{"h", "", "x = 1; x = 1; x = 1;"};
        AnnotationSet set;
        const ImportReport report = importText(
            R"j({"id":"r","spans":[{"text":"g(b)"},{"text":"f(a)","label":"call"},"f(a)",{"text":"f(a)"},{"text":"f(a)"}]})j" "\n"
            R"({"id":"h","hubs":["x = 1","x = 1","x = 1"]})" "\n",
            {record, hubs}, set);
        QCOMPARE(report.warnings, std::vector<std::string>{});
        // After g(b): the next f(a) is at 12, then 18; then none is left after 22, so the first
        // anywhere (0), after which the search continues at 4 and finds 12 again.
        QVERIFY((set.find("r")->spans ==
                 std::vector<AnnotationSpan>{{0, 4, "llm", ""}, {6, 10, "llm", ""}, {12, 16, "llm", ""},
                                             {12, 16, "llm", "call"}, {18, 22, "llm", ""}}));
        QVERIFY((set.find("h")->spans ==
                 std::vector<AnnotationSpan>{{0, 5, "llm", ""}, {7, 12, "llm", ""}, {14, 19, "llm", ""}}));
        QCOMPARE(report.records, std::size_t{2});
        QCOMPARE(report.spans, std::size_t{8});
    }

    void importWarnsAndContinues_data() {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("warning");
        QTest::addColumn<int>("spansOfB");  // spans stored for record "b"; -1: record not stored

        // Record "b" is "x < y and y < z" (x0 <2 y4 a6 y10 <12 z14).
        QTest::newRow("unknown id") << QByteArray(R"({"id":"nope","spans":[{"start":0,"end":1}]})")
                                    << QStringLiteral(":3: unknown id 'nope'") << -1;
        QTest::newRow("not JSON") << QByteArray("{\"id\":") << QStringLiteral(":3: invalid JSON") << -1;
        QTest::newRow("not an object") << QByteArray("[1,2]") << QStringLiteral(":3: not a JSON object") << -1;
        QTest::newRow("no id") << QByteArray(R"({"spans":[]})") << QStringLiteral(":3: field 'id' missing") << -1;
        QTest::newRow("no spans") << QByteArray(R"({"id":"b"})") << QStringLiteral(":3: id 'b': neither 'spans' nor 'hubs'")
                                  << -1;
        QTest::newRow("spans not a list") << QByteArray(R"({"id":"b","spans":"x"})")
                                          << QStringLiteral("field 'spans' must be an array") << -1;
        QTest::newRow("text not found") << QByteArray(R"({"id":"b","spans":[{"text":"w"},{"text":"y < z"}]})")
                                        << QStringLiteral(":3: id 'b', span 1: text \"w\" not found in the response; skipped")
                                        << 1;
        QTest::newRow("hub not found") << QByteArray(R"({"id":"b","hubs":["x < y","q"]})")
                                       << QStringLiteral(":3: id 'b', hub 2: text \"q\" not found") << 1;
        QTest::newRow("past the end") << QByteArray(R"({"id":"b","spans":[{"start":10,"end":16}]})")
                                      << QStringLiteral("span 1: end 16 is past the end of the response (15 bytes)") << 0;
        QTest::newRow("code points past the end") << QByteArray(R"({"id":"b","spans":[{"char_start":0,"char_end":99}]})")
                                                  << QStringLiteral("char_end 99 is past the end of the response (15 characters)")
                                                  << 0;
        QTest::newRow("start after end") << QByteArray(R"({"id":"b","spans":[{"start":4,"end":2}]})")
                                         << QStringLiteral("start 4 is after end 2") << 0;
        QTest::newRow("negative") << QByteArray(R"({"id":"b","spans":[{"start":-1,"end":2}]})")
                                  << QStringLiteral("'start' is negative") << 0;
        QTest::newRow("half a pair") << QByteArray(R"({"id":"b","spans":[{"start":1}]})")
                                     << QStringLiteral("needs both 'start' and 'end'") << 0;
        QTest::newRow("mixed offsets") << QByteArray(R"({"id":"b","spans":[{"start":1,"char_end":2}]})")
                                       << QStringLiteral("not both") << 0;
        QTest::newRow("empty text") << QByteArray(R"({"id":"b","spans":[{"text":""}]})")
                                    << QStringLiteral("the text is empty") << 0;
        QTest::newRow("label not text") << QByteArray(R"({"id":"b","spans":[{"text":"x","label":1}]})")
                                        << QStringLiteral("'label' must be a string") << 0;
        QTest::newRow("offsets disagree with text")
            << QByteArray(R"({"id":"b","spans":[{"start":0,"end":5,"text":"y < z"}]})")
            << QStringLiteral("offsets [0, 5) do not cover the given text \"y < z\"; located the text instead") << 1;
        QTest::newRow("bad offsets, good text") << QByteArray(R"({"id":"b","spans":[{"start":10,"end":99,"text":"y < z"}]})")
                                                << QStringLiteral("past the end of the response (15 bytes); located the text")
                                                << 1;
    }
    void importWarnsAndContinues() {
        QFETCH(QByteArray, line);
        QFETCH(QString, warning);
        QFETCH(int, spansOfB);
        const std::vector<Record> records = {{"a", "", "while (n > 0)"}, {"b", "", "x < y and y < z"}};
        // A good line, a blank line, the line under test, and another good line after it.
        const std::string text = R"({"id":"a","spans":[{"text":"n > 0"}]})" "\n\n" + line.toStdString() + "\n" +
                                 R"({"id":"a","hubs":["while"]})" "\n";
        AnnotationSet set;
        std::string path;
        const ImportReport report = importText(text, records, set, &path);
        QCOMPARE(report.warnings.size(), std::size_t{1});
        QVERIFY2(report.warnings[0].rfind(path + ":", 0) == 0, report.warnings[0].c_str());
        QVERIFY2(report.warnings[0].find(warning.toStdString()) != std::string::npos, report.warnings[0].c_str());
        // The lines around it were imported.
        QVERIFY((set.find("a")->spans == std::vector<AnnotationSpan>{{0, 5, "llm", ""}, {7, 12, "llm", ""}}));
        const RecordAnnotations* b = set.find("b");
        QCOMPARE(b ? int(b->spans.size()) : -1, spansOfB);
        if (b && spansOfB == 1) {
            const std::string covered = records[1].response.substr(b->spans[0].start, b->spans[0].end - b->spans[0].start);
            QVERIFY(covered == "y < z" || covered == "x < y");
        }
    }

    void importListsAtMostTheWarningLimit() {
        std::string text;
        for (std::size_t i = 0; i < kMaxImportWarnings + 5; ++i) text += R"({"id":"unknown","spans":[]})" "\n";
        AnnotationSet set;
        const ImportReport report = importText(text, {}, set);
        QCOMPARE(report.warnings.size(), kMaxImportWarnings + 1);
        QVERIFY2(report.warnings.back().find(": 5 more warnings not listed") != std::string::npos,
                 report.warnings.back().c_str());
        QCOMPARE(report.records, std::size_t{0});
        QVERIFY(set.empty());
    }

    void importReplacesItsOwnSourceOnly() {
        Record record{"r", "", "a = b * c"};
        AnnotationSet set;
        set.set({"r", hashBytes(record.response), {{0, 1, "human", "result"}, {6, 7, "llm", "old"}}});
        const std::string file = R"({"id":"r","spans":[{"text":"*"}]})" "\n";
        importText(file, {record}, set);
        const std::vector<AnnotationSpan> expected{{0, 1, "human", "result"}, {6, 7, "llm", ""}};
        QVERIFY(set.find("r")->spans == expected);
        const std::string once = set.serialize();
        importText(file, {record}, set);
        QCOMPARE(set.serialize(), once);  // importing twice changes nothing

        // A record listed with nothing usable is stored as annotated without llm hubs.
        const ImportReport empty = importText(R"({"id":"r","spans":[]})" "\n", {record}, set);
        QCOMPARE(empty.records, std::size_t{1});
        QVERIFY((set.find("r")->spans == std::vector<AnnotationSpan>{{0, 1, "human", "result"}}));

        // When the text changed, the other sources' spans no longer fit and are dropped.
        record.response = "a = b + c";
        const ImportReport changed = importText(file.substr(0, file.find('*')) + "+" + file.substr(file.find('*') + 1),
                                                {record}, set);
        QCOMPARE(changed.warnings.size(), std::size_t{1});
        QVERIFY2(changed.warnings[0].find("id 'r': the existing annotations were made for a different text") != std::string::npos,
                 changed.warnings[0].c_str());
        QVERIFY((set.find("r")->spans == std::vector<AnnotationSpan>{{6, 7, "llm", ""}}));
        QCOMPARE(set.find("r")->textHash, hashBytes("a = b + c"));
    }

    void importRefusesWhatItCannotStart() {
        AnnotationSet set;
        const auto lookup = [](const std::string&) -> const Record* { return nullptr; };
        QVERIFY_THROWS_EXCEPTION(InputError, importSpans("/nonexistent/llm.jsonl", lookup, "llm", set));
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("x.jsonl")).toStdString();
        writeFile(path, "{}\n");
        QVERIFY_THROWS_EXCEPTION(UsageError, importSpans(path, lookup, "", set));
    }

private:
    // Writes `text` as an import file and imports it with source "llm" against `records`.
    static ImportReport importText(const std::string& text, const std::vector<Record>& records, AnnotationSet& into,
                                   std::string* pathOut = nullptr) {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("llm.jsonl")).toStdString();
        writeFile(path, text);
        if (pathOut) *pathOut = path;
        const auto lookup = [&records](const std::string& id) -> const Record* {
            for (const Record& record : records)
                if (record.id == id) return &record;
            return nullptr;
        };
        return importSpans(path, lookup, "llm", into);
    }
};

QTEST_APPLESS_MAIN(TestAnnotationImport)
#include "test_annotation_import.moc"
