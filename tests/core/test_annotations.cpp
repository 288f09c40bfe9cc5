// Hub annotations: the version-1 sidecar format (round trip, canonical bytes, every refusal with
// its line), atomic replacement of files, and the "annotations" density source (the import of
// external spans: test_annotation_import.cpp). Expected offsets are written out by hand from the
// UTF-8 encodings of the texts; the golden file under data/annotations/ pins the format's exact
// bytes.
#include "core/annotations.h"
#include "core/atomic_file.h"
#include "core/content_hash.h"
#include "core/density_annotations.h"
#include "core/error.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace maskscope;

namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
}  // namespace QTest

namespace {

namespace fs = std::filesystem;

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeFile(const std::string& path, std::string_view contents) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
}

std::vector<std::string> directoryEntries(const std::string& directory) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::string golden(const char* name) {
    return std::string(MASKSCOPE_TEST_DATA) + "/annotations/" + name;
}

// The span covering the `occurrence`-th (0-based) appearance of `text` in `response`.
AnnotationSpan spanOf(const std::string& response, const std::string& text, std::string source,
                      std::string label = {}, int occurrence = 0) {
    std::size_t position = response.find(text);
    for (int i = 0; i < occurrence; ++i) position = response.find(text, position + 1);
    if (position == std::string::npos) throw std::logic_error("test text not in response: " + text);
    return AnnotationSpan{static_cast<std::uint32_t>(position), static_cast<std::uint32_t>(position + text.size()),
                          std::move(source), std::move(label)};
}

// Responses in several scripts: CJK, emoji (4-byte UTF-8), combining marks (e + U+0301,
// n + U+0303), and an empty one.
struct Sample {
    std::string id;
    std::string response;
};

const std::vector<Sample>& samples() {
    static const std::vector<Sample> list = {
        {"cjk", "如果 x 大于 0，则返回 x。"},
        {"emoji", "ok 🎉 if done ✅ else 🔁"},
        {"combining", "café = cafe\u0301; ñ vs n\u0303"},
        {"empty", ""},
    };
    return list;
}

const std::string& responseOf(const std::string& id) {
    for (const Sample& sample : samples())
        if (sample.id == id) return sample.response;
    throw std::logic_error("no sample " + id);
}

// The set that data/annotations/golden.annotations.jsonl holds.
AnnotationSet sampleSet() {
    AnnotationSet set;
    const std::string& cjk = responseOf("cjk");
    set.set({"cjk", hashBytes(cjk),
             {spanOf(cjk, "x 大于 0", "llm", "条件"), spanOf(cjk, "返回 x", "human"), spanOf(cjk, "x", "llm", {}, 1)}});
    const std::string& emoji = responseOf("emoji");
    set.set({"emoji", hashBytes(emoji),
             {spanOf(emoji, "🎉", "llm", "quote\"back\\slash\ttab"), spanOf(emoji, "✅ else 🔁", "rules:code")}});
    const std::string& combining = responseOf("combining");
    set.set({"combining", hashBytes(combining),
             {spanOf(combining, "cafe\u0301", "human"), spanOf(combining, "n\u0303", "human", "tilde")}});
    set.set({"empty", hashBytes(""), {}});
    return set;
}

std::string scoresText(const std::vector<float>& scores) {
    std::string text;
    for (float score : scores) {
        if (!text.empty()) text += ' ';
        text += score == 1.0f ? "1" : score == 0.0f ? "0" : std::to_string(score);
    }
    return text;
}

// A tokenized record with hand-made byte ranges: `promptTokens` ranges into the prompt, then
// ranges into the response.
TokenizedRecord tokenized(std::string id, std::string prompt, std::string response,
                          const std::vector<std::pair<std::uint32_t, std::uint32_t>>& promptRanges,
                          const std::vector<std::pair<std::uint32_t, std::uint32_t>>& responseRanges) {
    TokenizedRecord record;
    record.record = {std::move(id), std::move(prompt), std::move(response)};
    for (const auto& [begin, end] : promptRanges) record.tokens.push_back({0, record.record.prompt.substr(begin, end - begin), begin, end});
    record.promptTokens = record.tokens.size();
    for (const auto& [begin, end] : responseRanges)
        record.tokens.push_back({0, record.record.response.substr(begin, end - begin), begin, end});
    return record;
}

// "if x > 0: y" = i0 f1 _2 x3 _4 >5 _6 07 :8 _9 y10, tokens "if"," x"," >"," 0",":"," y".
TokenizedRecord conditionRecord() {
    return tokenized("r1", "Q:", "if x > 0: y", {{0, 1}, {1, 2}}, {{0, 2}, {2, 4}, {4, 6}, {6, 8}, {8, 9}, {9, 11}});
}

}  // namespace

Q_DECLARE_METATYPE(std::vector<maskscope::AnnotationSpan>)

class TestAnnotations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- the sidecar file ---------------------------------------------------------------------
    void roundTripIsByteExactOnNonAsciiText() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string first = dir.filePath(QStringLiteral("a.annotations.jsonl")).toStdString();
        const std::string second = dir.filePath(QStringLiteral("b.annotations.jsonl")).toStdString();

        const AnnotationSet original = sampleSet();
        original.save(first);
        QCOMPARE(readFile(first), original.serialize());

        const AnnotationSet loaded = AnnotationSet::load(first);
        QCOMPARE(loaded.path(), first);
        QCOMPARE(loaded.ids(), original.ids());
        for (const Sample& sample : samples()) {
            const RecordAnnotations* record = loaded.find(sample.id);
            QVERIFY2(record, sample.id.c_str());
            QVERIFY(*record == *original.find(sample.id));
            QVERIFY(matches(*record, sample.response));
            QVERIFY(!spanProblem(*record, sample.response));
        }
        // The offsets still point at the intended text after the round trip.
        const RecordAnnotations& cjk = *loaded.find("cjk");
        QCOMPARE(cjk.spans.size(), std::size_t{3});
        QCOMPARE(responseOf("cjk").substr(cjk.spans[0].start, cjk.spans[0].end - cjk.spans[0].start), std::string("x 大于 0"));
        QCOMPARE(cjk.spans[0].label, std::string("条件"));
        const RecordAnnotations& combining = *loaded.find("combining");
        QCOMPARE(responseOf("combining").substr(combining.spans[0].start, 4), std::string("cafe"));
        QCOMPARE(combining.spans[0].end - combining.spans[0].start, 6u);  // "cafe" + U+0301 (2 bytes)

        loaded.save(second);
        QCOMPARE(readFile(second), readFile(first));
    }

    void goldenFileHoldsTheCanonicalBytes() {
        const std::string path = golden("golden.annotations.jsonl");
        const std::string bytes = readFile(path);
        QVERIFY(!bytes.empty());
        QCOMPARE(sampleSet().serialize(), bytes);
        QCOMPARE(AnnotationSet::load(path).serialize(), bytes);
        // The format promises XXH3-64 with seed 0; its published value for empty input pins it.
        QVERIFY(bytes.find(R"({"id":"empty","text_hash":"2d06800538d394c2","spans":[]})") != std::string::npos);
        // Byte offsets of the CJK record, counted by hand: "如果 " is 7 bytes, "x 大于 0" 10 bytes.
        QVERIFY(bytes.find(R"({"start":7,"end":17,"source":"llm","label":"条件"})") != std::string::npos);
        const std::string escapedLabel = "\"label\":\"quote\\\"back\\\\slash\\ttab\"";
        QVERIFY(bytes.find(escapedLabel) != std::string::npos);
    }

    void outputIsDeterministic() {
        const std::string response = "a + b == c";
        const AnnotationSpan plus{2, 3, "llm", ""};
        const AnnotationSpan equals{6, 8, "llm", "op"};
        const AnnotationSpan equalsHuman{6, 8, "human", ""};
        const AnnotationSpan whole{0, 10, "human", ""};

        AnnotationSet forward;
        forward.set({"x", hashBytes(response), {plus, equals, equalsHuman, whole}});
        forward.set({"y", hashBytes(response), {}});
        forward.set({"z", hashBytes(response), {equals}});

        AnnotationSet backward;
        backward.set({"z", hashBytes(response), {equals}});
        backward.set({"y", hashBytes(response), {whole}});
        backward.set({"x", hashBytes(response), {whole, equalsHuman, equals, plus}});
        backward.set({"y", hashBytes(response), {}});  // replaced, not appended
        backward.set({"w", hashBytes(response), {}});
        QVERIFY(backward.remove("w"));
        QVERIFY(!backward.remove("w"));

        QCOMPARE(backward.serialize(), forward.serialize());
        QCOMPARE(forward.ids(), (std::vector<std::string>{"x", "y", "z"}));
        // Canonical span order: start, end, source, label.
        const auto& spans = forward.find("x")->spans;
        QCOMPARE(spans.size(), std::size_t{4});
        QVERIFY(spans[0] == whole && spans[1] == plus && spans[2] == equalsHuman && spans[3] == equals);

        QTemporaryDir dir;
        const std::string a = dir.filePath(QStringLiteral("a.jsonl")).toStdString();
        const std::string b = dir.filePath(QStringLiteral("b.jsonl")).toStdString();
        forward.save(a);
        backward.save(b);
        QCOMPARE(readFile(a), readFile(b));
        QCOMPARE(readFile(a), std::string(kAnnotationHeader) + "\n" +
                                  R"({"id":"x","text_hash":")" + hashToHex(hashBytes(response)) +
                                  R"(","spans":[{"start":0,"end":10,"source":"human"},{"start":2,"end":3,"source":"llm"},)"
                                  R"({"start":6,"end":8,"source":"human"},{"start":6,"end":8,"source":"llm","label":"op"}]})"
                                  "\n" R"({"id":"y","text_hash":")" + hashToHex(hashBytes(response)) +
                                  R"(","spans":[]})" "\n" R"({"id":"z","text_hash":")" + hashToHex(hashBytes(response)) +
                                  R"(","spans":[{"start":6,"end":8,"source":"llm","label":"op"}]})" "\n");
    }

    void loadAcceptsBlankLinesAndCrlf() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("crlf.jsonl")).toStdString();
        writeFile(path, std::string(kAnnotationHeader) + "\r\n\r\n" +
                            R"({"id":"a","text_hash":"00000000000000ff","spans":[{"start":1,"end":2,"source":"llm"}]})" +
                            "\r\n   \n");
        const AnnotationSet set = AnnotationSet::load(path);
        QCOMPARE(set.size(), std::size_t{1});
        QCOMPARE(set.find("a")->textHash, std::uint64_t{0xff});
        QVERIFY(set.find("b") == nullptr);
    }

    void setRefusesWhatTheFileCannotHold_data() {
        QTest::addColumn<QString>("what");
        QTest::newRow("empty id") << QStringLiteral("empty id");
        QTest::newRow("start after end") << QStringLiteral("start after end");
        QTest::newRow("empty source") << QStringLiteral("empty source");
        QTest::newRow("id not UTF-8") << QStringLiteral("id not UTF-8");
        QTest::newRow("label not UTF-8") << QStringLiteral("label not UTF-8");
    }
    void setRefusesWhatTheFileCannotHold() {
        QFETCH(QString, what);
        RecordAnnotations record{"r", 0, {{0, 1, "llm", ""}}};
        if (what == QStringLiteral("empty id")) record.id.clear();
        if (what == QStringLiteral("start after end")) record.spans[0] = {5, 4, "llm", ""};
        if (what == QStringLiteral("empty source")) record.spans[0].source.clear();
        if (what == QStringLiteral("id not UTF-8")) record.id = "r\xff";
        if (what == QStringLiteral("label not UTF-8")) record.spans[0].label = "\xc3(";
        AnnotationSet set;
        QVERIFY_THROWS_EXCEPTION(UsageError, set.set(record));
        QCOMPARE(set.size(), std::size_t{0});
    }

    void malformedFileNamesTheLine_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("reason");

        const QByteArray header = QByteArray(kAnnotationHeader.data(), qsizetype(kAnnotationHeader.size())) + '\n';
        const QByteArray good = R"({"id":"a","text_hash":"0123456789abcdef","spans":[{"start":0,"end":1,"source":"llm"}]})" "\n";
        auto record = [](const char* body) { return QByteArray(body) + '\n'; };
        auto span = [](const char* body) {
            return QByteArray(R"({"id":"a","text_hash":"0123456789abcdef","spans":[)") + body + "]}\n";
        };
        auto row = [](const char* name, const QByteArray& content, int line, const char* reason) {
            QTest::newRow(name) << content << line << QString::fromUtf8(reason);
        };

        row("empty file", "", 1, "empty file");
        row("blank first line", "\n" + header, 1, "the first line must be the header");
        row("header not JSON", "hello\n", 1, "invalid JSON");
        row("header is an array", "[1]\n", 1, "not a MaskScope annotation file");
        row("other format", R"({"format":"other","version":1,"offsets":"utf8-bytes","field":"response"})" "\n", 1,
            "not a MaskScope annotation file");
        row("record without header", good, 1, "not a MaskScope annotation file");
        row("version 2", R"({"format":"maskscope-annotations","version":2,"offsets":"utf8-bytes","field":"response"})" "\n",
            1, "unsupported version 2");
        row("version as string",
            R"({"format":"maskscope-annotations","version":"1","offsets":"utf8-bytes","field":"response"})" "\n", 1,
            "field 'version' must be an integer");
        row("version missing", R"({"format":"maskscope-annotations","offsets":"utf8-bytes","field":"response"})" "\n", 1,
            "field 'version' missing");
        row("code-point offsets", R"({"format":"maskscope-annotations","version":1,"offsets":"chars","field":"response"})" "\n",
            1, "unsupported offsets 'chars'");
        row("prompt field", R"({"format":"maskscope-annotations","version":1,"offsets":"utf8-bytes","field":"prompt"})" "\n",
            1, "unsupported field 'prompt'");
        row("header extra field",
            R"({"format":"maskscope-annotations","version":1,"offsets":"utf8-bytes","field":"response","x":1})" "\n", 1,
            "unknown field 'x'");
        row("record not JSON", header + good + record(R"({"id":)"), 3, "invalid JSON");
        row("record is an array", header + record("[]"), 2, "must be a JSON object");
        row("id missing", header + record(R"({"text_hash":"0123456789abcdef","spans":[]})"), 2, "field 'id' missing");
        row("id not a string", header + record(R"({"id":5,"text_hash":"0123456789abcdef","spans":[]})"), 2,
            "field 'id' must be a string");
        row("id empty", header + record(R"({"id":"","text_hash":"0123456789abcdef","spans":[]})"), 2, "field 'id' is empty");
        row("hash missing", header + record(R"({"id":"a","spans":[]})"), 2, "field 'text_hash' missing");
        row("hash uppercase", header + record(R"({"id":"a","text_hash":"0123456789ABCDEF","spans":[]})"), 2,
            "16 lowercase hex digits");
        row("hash too short", header + record(R"({"id":"a","text_hash":"0123","spans":[]})"), 2, "16 lowercase hex digits");
        row("hash as number", header + record(R"({"id":"a","text_hash":12,"spans":[]})"), 2,
            "field 'text_hash' must be a string");
        row("spans missing", header + record(R"({"id":"a","text_hash":"0123456789abcdef"})"), 2, "field 'spans' missing");
        row("spans an object", header + record(R"({"id":"a","text_hash":"0123456789abcdef","spans":{}})"), 2,
            "field 'spans' must be an array");
        row("span a number", header + span("1"), 2, "span 1: must be an object");
        row("start missing", header + span(R"({"end":1,"source":"llm"})"), 2, "span 1: field 'start' missing");
        row("start negative", header + span(R"({"start":-1,"end":1,"source":"llm"})"), 2, "field 'start' is negative");
        row("end with fraction", header + span(R"({"start":0,"end":2.5,"source":"llm"})"), 2,
            "field 'end' must be an integer");
        row("end beyond 32 bits", header + span(R"({"start":0,"end":4294967296,"source":"llm"})"), 2,
            "field 'end' is too large");
        row("start after end", header + span(R"({"start":0,"end":1,"source":"llm"},{"start":5,"end":3,"source":"llm"})"), 2,
            "span 2: start 5 is after end 3");
        row("source missing", header + span(R"({"start":0,"end":1})"), 2, "field 'source' missing");
        row("source empty", header + span(R"({"start":0,"end":1,"source":""})"), 2, "field 'source' is empty");
        row("label a number", header + span(R"({"start":0,"end":1,"source":"llm","label":3})"), 2,
            "field 'label' must be a string");
        row("misspelt span field", header + span(R"({"start":0,"end":1,"source":"llm","lable":"x"})"), 2,
            "unknown field 'lable'");
        row("unknown record field", header + record(R"({"id":"a","text_hash":"0123456789abcdef","spans":[],"note":1})"), 2,
            "unknown field 'note'");
        row("spans unsorted", header + span(R"({"start":4,"end":5,"source":"llm"},{"start":2,"end":3,"source":"llm"})"), 2,
            "not sorted by start");
        row("duplicate id", header + good + record(R"({"id":"b","text_hash":"0123456789abcdef","spans":[]})") + good, 4,
            "duplicate id 'a' (first on line 2)");
        row("duplicate member", header + record(R"({"id":"a","id":"b","text_hash":"0123456789abcdef","spans":[]})"), 2,
            "field 'id' appears twice");
        row("blank lines are counted", header + "\n" + good + "\n" + record("{oops"), 5, "invalid JSON");
    }
    void malformedFileNamesTheLine() {
        QFETCH(QByteArray, content);
        QFETCH(int, line);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("bad.annotations.jsonl")).toStdString();
        writeFile(path, std::string_view(content.constData(), std::size_t(content.size())));
        try {
            AnnotationSet::load(path);
            QFAIL("the file was accepted");
        } catch (const InputError& error) {
            QVERIFY2(error.reason().find(reason.toStdString()) != std::string::npos, error.what());
            QCOMPARE(error.line(), std::uint64_t(line));
            QCOMPARE(error.file(), path);
        }
    }

    void loadOfMissingFileIsAnInputError() {
        QVERIFY_THROWS_EXCEPTION(InputError, AnnotationSet::load("/nonexistent/dir/file.jsonl"));
        QVERIFY_THROWS_EXCEPTION(InputError, AnnotationSet::load(MASKSCOPE_TEST_DATA));
    }

    void spansAreCheckedAgainstTheText_data() {
        QTest::addColumn<int>("start");
        QTest::addColumn<int>("end");
        QTest::addColumn<QString>("problem");  // empty: fine
        // "añb": a = byte 0, ñ = bytes 1-2, b = byte 3.
        QTest::newRow("ascii") << 0 << 1 << QString();
        QTest::newRow("whole two-byte character") << 1 << 3 << QString();
        QTest::newRow("empty at the end") << 4 << 4 << QString();
        QTest::newRow("ends inside") << 0 << 2 << QStringLiteral("ends inside a UTF-8 character");
        QTest::newRow("starts inside") << 2 << 4 << QStringLiteral("starts inside a UTF-8 character");
        QTest::newRow("past the end") << 3 << 5 << QStringLiteral("ends after the response (4 bytes)");
    }
    void spansAreCheckedAgainstTheText() {
        QFETCH(int, start);
        QFETCH(int, end);
        QFETCH(QString, problem);
        const std::string response = "añb";
        QCOMPARE(response.size(), std::size_t{4});
        const RecordAnnotations record{"r", hashBytes(response), {{std::uint32_t(start), std::uint32_t(end), "llm", ""}}};
        QVERIFY(matches(record, response));
        QVERIFY(!matches(record, "anb"));
        const auto found = spanProblem(record, response);
        if (problem.isEmpty()) {
            QVERIFY2(!found, found ? found->c_str() : "");
        } else {
            QVERIFY(found);
            QVERIFY2(found->find(problem.toStdString()) != std::string::npos, found->c_str());
        }
    }

    // --- atomic writes ------------------------------------------------------------------------
    void atomicWriteReplacesAndKeepsPermissions() {
        QTemporaryDir dir;
        const std::string directory = dir.path().toStdString();
        const std::string path = directory + "/file.txt";
        writeFileAtomically(path, "first");
        QCOMPARE(readFile(path), std::string("first"));
        QVERIFY(::chmod(path.c_str(), 0640) == 0);
        writeFileAtomically(path, "second, longer than the first");
        QCOMPARE(readFile(path), std::string("second, longer than the first"));
        struct stat info {};
        QVERIFY(::stat(path.c_str(), &info) == 0);
        QCOMPARE(int(info.st_mode & 07777), 0640);
        writeFileAtomically(path, "");
        QCOMPARE(readFile(path), std::string());
        QCOMPARE(directoryEntries(directory), std::vector<std::string>{"file.txt"});
    }

    void atomicWriteThroughSymlinkReplacesTheTarget() {
        QTemporaryDir dir;
        const std::string directory = dir.path().toStdString();
        writeFile(directory + "/real.jsonl", "old");
        fs::create_symlink("real.jsonl", directory + "/link.jsonl");
        writeFileAtomically(directory + "/link.jsonl", "new");
        QVERIFY(fs::is_symlink(directory + "/link.jsonl"));
        QCOMPARE(readFile(directory + "/real.jsonl"), std::string("new"));
        QCOMPARE(directoryEntries(directory), (std::vector<std::string>{"link.jsonl", "real.jsonl"}));
    }

    void atomicWriteFailureKeepsTheOldFile_data() {
        QTest::addColumn<QString>("failure");
        QTest::newRow("path is a directory") << QStringLiteral("directory");
        QTest::newRow("directory not writable") << QStringLiteral("read-only");
        QTest::newRow("disk limit reached mid-write") << QStringLiteral("file size limit");
        QTest::newRow("directory missing") << QStringLiteral("missing directory");
    }
    void atomicWriteFailureKeepsTheOldFile() {
        QFETCH(QString, failure);
        QTemporaryDir dir;
        const std::string directory = dir.path().toStdString();
        std::string path = directory + "/kept.annotations.jsonl";
        const std::string old = "the previous contents\n";
        const std::string replacement(256 * 1024, 'x');
        writeFile(path, old);
        std::vector<std::string> entriesBefore = directoryEntries(directory);

        std::optional<InputError> caught;
        auto attemptWrite = [&] {
            try {
                writeFileAtomically(path, replacement);
            } catch (const InputError& error) {
                caught = error;
            }
        };

        if (failure == QStringLiteral("directory")) {
            path = directory + "/subdir";
            fs::create_directory(path);
            writeFile(path + "/inside.txt", old);
            entriesBefore = directoryEntries(directory);
            attemptWrite();
            QVERIFY(fs::is_directory(path));
            QCOMPARE(readFile(path + "/inside.txt"), old);
        } else if (failure == QStringLiteral("read-only")) {
            if (::geteuid() == 0) QSKIP("root may write to read-only directories");
            QVERIFY(::chmod(directory.c_str(), 0555) == 0);
            attemptWrite();
            QVERIFY(::chmod(directory.c_str(), 0755) == 0);
        } else if (failure == QStringLiteral("file size limit")) {
            // Writes past RLIMIT_FSIZE fail with EFBIG (also for root), like a full disk would.
            rlimit saved {};
            QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
            const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
            rlimit limited = saved;
            limited.rlim_cur = 4096;
            QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
            attemptWrite();
            ::setrlimit(RLIMIT_FSIZE, &saved);
            std::signal(SIGXFSZ, previousHandler);
        } else if (failure == QStringLiteral("missing directory")) {
            path = directory + "/absent/file.jsonl";
            attemptWrite();
            QVERIFY(!fs::exists(directory + "/absent"));
        }
        QVERIFY2(caught, "the write did not fail");
        QCOMPARE(caught->file(), path);
        QVERIFY2(caught->reason().find("cannot save") != std::string::npos, caught->what());
        QCOMPARE(readFile(directory + "/kept.annotations.jsonl"), old);
        QCOMPARE(directoryEntries(directory), entriesBefore);  // no temporary file left behind
    }

    void saveIntoADirectoryFails() {
        QTemporaryDir dir;
        QVERIFY_THROWS_EXCEPTION(InputError, sampleSet().save(dir.path().toStdString()));
    }

    // --- the density source -------------------------------------------------------------------
    void densityMarksExactlyTheOverlappingTokens_data() {
        QTest::addColumn<std::vector<AnnotationSpan>>("spans");
        QTest::addColumn<QString>("expected");  // 2 prompt tokens, then "if"," x"," >"," 0",":"," y"
        auto span = [](std::uint32_t start, std::uint32_t end) { return AnnotationSpan{start, end, "llm", ""}; };
        QTest::newRow("x > 0") << std::vector<AnnotationSpan>{span(3, 8)} << QStringLiteral("0 0 0 1 1 1 0 0");
        QTest::newRow("ends where a token starts") << std::vector<AnnotationSpan>{span(0, 2)} << QStringLiteral("0 0 1 0 0 0 0 0");
        QTest::newRow("one byte inside a token") << std::vector<AnnotationSpan>{span(3, 4)} << QStringLiteral("0 0 0 1 0 0 0 0");
        QTest::newRow("last byte") << std::vector<AnnotationSpan>{span(10, 11)} << QStringLiteral("0 0 0 0 0 0 0 1");
        QTest::newRow("empty span covers nothing") << std::vector<AnnotationSpan>{span(3, 3), span(10, 10)}
                                                   << QStringLiteral("0 0 0 0 0 0 0 0");
        QTest::newRow("overlapping spans") << std::vector<AnnotationSpan>{span(3, 4), span(3, 9)}
                                           << QStringLiteral("0 0 0 1 1 1 1 0");
        QTest::newRow("long span before short ones") << std::vector<AnnotationSpan>{span(0, 11), span(5, 6), span(9, 9)}
                                                     << QStringLiteral("0 0 1 1 1 1 1 1");
        QTest::newRow("gap between spans") << std::vector<AnnotationSpan>{span(0, 1), span(8, 9)}
                                           << QStringLiteral("0 0 1 0 0 0 1 0");
        QTest::newRow("annotated, no hubs") << std::vector<AnnotationSpan>{} << QStringLiteral("0 0 0 0 0 0 0 0");
    }
    void densityMarksExactlyTheOverlappingTokens() {
        QFETCH(std::vector<AnnotationSpan>, spans);
        QFETCH(QString, expected);
        const TokenizedRecord record = conditionRecord();
        AnnotationSet set;
        set.set({"r1", hashBytes(record.record.response), spans});
        DensityContext context;
        context.annotations = &set;
        const auto source = makeAnnotationDensity(context);
        QCOMPARE(source->name(), std::string("annotations"));
        QCOMPARE(scoresText(source->score(record)), expected.toStdString());
    }

    void densityAgreesWithABruteForceOverlap() {
        // Random tokenizations and spans, checked against the definition byte by byte.
        std::mt19937 random(20240611);
        const std::string response(64, 'a');
        for (int round = 0; round < 300; ++round) {
            std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
            for (std::uint32_t begin = 0; begin < response.size();) {
                const std::uint32_t end = std::min<std::uint32_t>(std::uint32_t(response.size()), begin + random() % 4);
                ranges.push_back({begin, end});  // zero-length tokens too
                begin = end == begin ? begin + 1 : end;
            }
            const TokenizedRecord record = tokenized("r", "p", response, {{0, 1}}, ranges);
            std::vector<AnnotationSpan> spans;
            const int count = int(random() % 6);
            for (int i = 0; i < count; ++i) {
                const std::uint32_t start = random() % 65;
                const std::uint32_t end = std::min<std::uint32_t>(64, start + random() % 20);
                spans.push_back({start, end, "llm", ""});
            }
            AnnotationSet set;
            set.set({"r", hashBytes(response), spans});
            DensityContext context;
            context.annotations = &set;
            const std::vector<float> scores = makeAnnotationDensity(context)->score(record);
            QCOMPARE(scores.size(), record.size());
            QCOMPARE(scores[0], 0.0f);
            for (std::size_t i = 1; i < record.size(); ++i) {
                bool covered = false;
                for (std::uint32_t byte = record.tokens[i].begin; byte < record.tokens[i].end; ++byte)
                    for (const AnnotationSpan& span : spans) covered = covered || (byte >= span.start && byte < span.end);
                QCOMPARE(scores[i], covered ? 1.0f : 0.0f);
            }
        }
    }

    void densityOfUnannotatedRecordIsZero() {
        AnnotationSet set;
        set.set({"other", hashBytes("x"), {{0, 1, "llm", ""}}});
        DensityContext context;
        context.annotations = &set;
        QCOMPARE(scoresText(makeAnnotationDensity(context)->score(conditionRecord())), std::string("0 0 0 0 0 0 0 0"));
    }

    void densityRejectsAnnotationsOfAnotherText() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("a.jsonl")).toStdString();
        AnnotationSet written;
        written.set({"r1", hashBytes("if x > 1: y"), {{3, 8, "llm", ""}}});
        written.save(path);
        const AnnotationSet set = AnnotationSet::load(path);
        DensityContext context;
        context.annotations = &set;
        try {
            makeAnnotationDensity(context)->score(conditionRecord());
            QFAIL("a stale annotation was used");
        } catch (const InputError& error) {
            QCOMPARE(error.file(), path);
            QVERIFY2(error.reason().find("the annotation for id 'r1' was made for a different text") != std::string::npos,
                     error.what());
        }
        // The same holds for a record annotated with no hubs: its text is still the wrong one.
        AnnotationSet empty;
        empty.set({"r1", hashBytes("something else"), {}});
        context.annotations = &empty;
        QVERIFY_THROWS_EXCEPTION(InputError, makeAnnotationDensity(context)->score(conditionRecord()));
    }

    void densityRejectsSpansThatDoNotFitTheText() {
        const TokenizedRecord record = conditionRecord();
        AnnotationSet set;
        set.set({"r1", hashBytes(record.record.response), {{3, 40, "llm", ""}}});
        DensityContext context;
        context.annotations = &set;
        QVERIFY_THROWS_EXCEPTION(InputError, makeAnnotationDensity(context)->score(record));
    }

    void densityNeedsAnAnnotationFile() {
        try {
            makeAnnotationDensity(DensityContext{});
            QFAIL("created without annotations");
        } catch (const UsageError& error) {
            QCOMPARE(std::string(error.what()), std::string("the annotations source needs --annotations FILE"));
        }
    }
};

QTEST_APPLESS_MAIN(TestAnnotations)
#include "test_annotations.moc"
