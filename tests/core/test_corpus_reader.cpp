// Corpus readers (core/corpus_format.h, core/corpus_reader.h): shape detection and parsing, bad
// line reporting on hostile input, byte-exact text, line endings, plain text, cancellation and
// concurrent reads. Fixtures live in tests/core/data/corpus/ (byte-exact, see .gitattributes there).
#include "core/corpus_reader.h"
#include "core/error.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using maskscope::BadLine;
using maskscope::Cancelled;
using maskscope::Corpus;
using maskscope::CorpusFormat;
using maskscope::InputError;
using maskscope::Record;

Q_DECLARE_METATYPE(maskscope::CorpusFormat)

namespace {

std::string fixture(const char* name) {
    return std::string(MASKSCOPE_TEST_DATA) + "/corpus/" + name;
}

// Formats are compared by name: readable on failure (QTest's toString lookup would find
// maskscope::toString, which returns a string_view, so QCOMPARE cannot print the enum itself).
QByteArray name(CorpusFormat format) {
    const std::string_view text = maskscope::toString(format);
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

QByteArray bytes(const std::string& text) {
    return QByteArray(text.data(), static_cast<qsizetype>(text.size()));
}

std::string text(const QByteArray& data) {
    return std::string(data.constData(), static_cast<std::size_t>(data.size()));
}

void writeFile(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

// Line i (0-based) of the generated corpus: prompt-response records of varying length with
// non-ASCII text; every 97th line is broken JSON, so bad entries are mixed in.
std::string generatedLine(int i) {
    if (i % 97 == 96) return R"({"prompt": "broken", "response": )";
    std::string response = "answer " + std::to_string(i) + " \xC3\xA9\xE4\xB8\x96 ";
    response.append(static_cast<std::size_t>(i % 53) * 3, 'x');
    return R"({"id": "g)" + std::to_string(i) + R"(", "prompt": "question )" + std::to_string(i) +
           R"(", "response": ")" + response + "\"}";
}

// Writes `lines` generated lines to `path`; returns the file size.
std::uint64_t writeGenerated(const std::string& path, int lines) {
    std::string content;
    for (int i = 0; i < lines; ++i) content += generatedLine(i) + '\n';
    writeFile(path, content);
    return content.size();
}

}  // namespace

class TestCorpusReader : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void formatNames_data();
    void formatNames();
    void unknownFormatName();
    void detectFormat_data();
    void detectFormat();
    void parseLine_data();
    void parseLine();
    void detectsAndParsesShape_data();
    void detectsAndParsesShape();
    void formatOverride_data();
    void formatOverride();
    void hostileFile();
    void openErrors_data();
    void openErrors();
    void emptyFileWithExplicitFormat();
    void nonAsciiRoundTripsByteExact();
    void progressReachesTotal();
    void cancelOpen();
    void cancelScan();
    void readFromFourThreads();
    void hugeLine();
    void fileShrinksAfterOpen();
    void moveKeepsCorpusUsable();

private:
    QTemporaryDir m_temp;
};

void TestCorpusReader::formatNames_data() {
    QTest::addColumn<QByteArray>("cliName");
    QTest::addColumn<CorpusFormat>("format");
    QTest::newRow("auto") << QByteArrayLiteral("auto") << CorpusFormat::Auto;
    QTest::newRow("instruction-output") << QByteArrayLiteral("instruction-output") << CorpusFormat::InstructionOutput;
    QTest::newRow("messages") << QByteArrayLiteral("messages") << CorpusFormat::Messages;
    QTest::newRow("question-answer") << QByteArrayLiteral("question-answer") << CorpusFormat::QuestionAnswer;
    QTest::newRow("prompt-response") << QByteArrayLiteral("prompt-response") << CorpusFormat::PromptResponse;
    QTest::newRow("text") << QByteArrayLiteral("text") << CorpusFormat::Text;
    QTest::newRow("plain-text") << QByteArrayLiteral("plain-text") << CorpusFormat::PlainText;
}

void TestCorpusReader::formatNames() {
    QFETCH(QByteArray, cliName);
    QFETCH(CorpusFormat, format);
    QCOMPARE(name(format), cliName);
    const auto parsed = maskscope::parseCorpusFormat(text(cliName));
    QVERIFY(parsed.has_value());
    QCOMPARE(name(*parsed), name(format));
}

void TestCorpusReader::unknownFormatName() {
    QVERIFY(!maskscope::parseCorpusFormat("").has_value());
    QVERIFY(!maskscope::parseCorpusFormat("Text").has_value());
    QVERIFY(!maskscope::parseCorpusFormat("jsonl").has_value());
    QVERIFY(!maskscope::parseCorpusFormat("plain_text").has_value());
}

void TestCorpusReader::detectFormat_data() {
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<CorpusFormat>("format");
    QTest::addColumn<QByteArray>("errorStart");
    QTest::addColumn<quint64>("errorLine");
    const QByteArray text = R"({"text": "t"})";
    const QByteArray qa = R"({"question": "q", "answer": "a"})";
    QTest::newRow("majority wins") << QByteArrayList{text, qa, qa} << CorpusFormat::QuestionAnswer << QByteArray() << quint64(0);
    QTest::newRow("tie: earlier shape") << QByteArrayList{text, qa} << CorpusFormat::QuestionAnswer << QByteArray() << quint64(0);
    QTest::newRow("messages first") << QByteArrayList{R"({"messages": [], "text": "t"})"} << CorpusFormat::Messages
                                    << QByteArray() << quint64(0);
    QTest::newRow("bad lines do not vote") << QByteArrayList{"{broken", "", text, R"({"text": 1})"} << CorpusFormat::Text
                                           << QByteArray() << quint64(0);
    QTest::newRow("mostly prose") << QByteArrayList{"Hello there.", "More prose.", text} << CorpusFormat::PlainText
                                  << QByteArray() << quint64(0);
    QTest::newRow("no line") << QByteArrayList{} << CorpusFormat::Auto << QByteArray("no records") << quint64(0);
    QTest::newRow("only blank") << QByteArrayList{"", " \t", "\r"} << CorpusFormat::Auto << QByteArray("no records") << quint64(0);
    QTest::newRow("broken JSON only") << QByteArrayList{"{x", "[1,"} << CorpusFormat::Auto
                                      << QByteArray("looks like JSONL, but none") << quint64(0);
    QTest::newRow("arrays only") << QByteArrayList{"[1]", "[2]"} << CorpusFormat::Auto
                                 << QByteArray("looks like JSONL, but none") << quint64(0);
    QTest::newRow("unknown keys") << QByteArrayList{"{broken", R"({"foo": 1, "bar": 2})"} << CorpusFormat::Auto
                                  << QByteArray("unknown record shape (keys: 'foo', 'bar')") << quint64(2);
    QTest::newRow("binary") << QByteArrayList{"ok", QByteArray("a\0b", 3)} << CorpusFormat::Auto
                            << QByteArray("neither JSONL nor UTF-8 text") << quint64(2);
    QTest::newRow("latin-1") << QByteArrayList{"caf\xe9"} << CorpusFormat::Auto
                             << QByteArray("neither JSONL nor UTF-8 text") << quint64(1);
}

void TestCorpusReader::detectFormat() {
    QFETCH(QByteArrayList, lines);
    QFETCH(CorpusFormat, format);
    QFETCH(QByteArray, errorStart);
    QFETCH(quint64, errorLine);
    std::vector<std::string_view> views;
    for (const QByteArray& line : lines) views.emplace_back(line.constData(), static_cast<std::size_t>(line.size()));
    const maskscope::FormatDetection detection = maskscope::detectFormat(views);
    QCOMPARE(name(detection.format), name(format));
    QVERIFY2(bytes(detection.error).startsWith(errorStart), detection.error.c_str());
    QCOMPARE(detection.error.empty(), errorStart.isEmpty());
    QCOMPARE(quint64(detection.errorLine), errorLine);
}

void TestCorpusReader::parseLine_data() {
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<CorpusFormat>("format");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("prompt");
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<QByteArray>("error");
    const auto io = CorpusFormat::InstructionOutput;
    const auto msg = CorpusFormat::Messages;
    QTest::newRow("instruction + input") << QByteArray(R"({"instruction": "I", "input": "X", "output": "O"})") << io
                                         << QByteArray("line-77") << QByteArray("I\n\nX") << QByteArray("O") << QByteArray();
    QTest::newRow("CR dropped") << QByteArray("{\"text\": \"t\"}\r") << CorpusFormat::Text << QByteArray("line-77")
                                << QByteArray() << QByteArray("t") << QByteArray();
    QTest::newRow("integer id") << QByteArray(R"({"id": 5, "task_id": "no", "text": "t"})") << CorpusFormat::Text
                                << QByteArray("5") << QByteArray() << QByteArray("t") << QByteArray();
    QTest::newRow("task_id after null id") << QByteArray(R"({"id": null, "task_id": "T/1", "text": "t"})") << CorpusFormat::Text
                                           << QByteArray("T/1") << QByteArray() << QByteArray("t") << QByteArray();
    QTest::newRow("object id") << QByteArray(R"({"id": {}, "text": "t"})") << CorpusFormat::Text << QByteArray()
                               << QByteArray() << QByteArray() << QByteArray("field 'id' must be a string or an integer");
    QTest::newRow("bool task_id") << QByteArray(R"({"task_id": true, "text": "t"})") << CorpusFormat::Text << QByteArray()
                                  << QByteArray() << QByteArray() << QByteArray("field 'task_id' must be a string or an integer");
    QTest::newRow("messages rendering")
        << QByteArray(R"({"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "U\nV"}, )"
                      R"({"role": "assistant", "content": "A1"}, {"role": "tool", "content": "T"}, )"
                      R"({"role": "assistant", "content": "A2"}, {"role": "user", "content": "after"}]})")
        << msg << QByteArray("line-77") << QByteArray("system: S\n\nuser: U\nV\n\nassistant: A1\n\ntool: T")
        << QByteArray("A2") << QByteArray();
    QTest::newRow("messages not a list") << QByteArray(R"({"messages": "hi"})") << msg << QByteArray() << QByteArray()
                                         << QByteArray() << QByteArray("field 'messages' is not a list");
    QTest::newRow("message not an object") << QByteArray(R"({"messages": ["hi"]})") << msg << QByteArray() << QByteArray()
                                           << QByteArray() << QByteArray("messages[0] is not an object");
    QTest::newRow("message without content")
        << QByteArray(R"({"messages": [{"role": "user", "content": "u"}, {"role": "assistant"}]})") << msg << QByteArray()
        << QByteArray() << QByteArray() << QByteArray("messages[1]: field 'content' missing");
    QTest::newRow("role not a string") << QByteArray(R"({"messages": [{"role": 1, "content": "c"}]})") << msg
                                       << QByteArray() << QByteArray() << QByteArray()
                                       << QByteArray("messages[0]: field 'role' is not a string");
    QTest::newRow("null content") << QByteArray(R"({"messages": [{"role": "assistant", "content": null}]})") << msg
                                  << QByteArray() << QByteArray() << QByteArray()
                                  << QByteArray("messages[0]: field 'content' is not a string");
    QTest::newRow("no assistant") << QByteArray(R"({"messages": [{"role": "user", "content": "u"}]})") << msg
                                  << QByteArray() << QByteArray() << QByteArray() << QByteArray("no assistant message in 'messages'");
    QTest::newRow("empty list") << QByteArray(R"({"messages": []})") << msg << QByteArray() << QByteArray() << QByteArray()
                                << QByteArray("no assistant message in 'messages'");
    QTest::newRow("empty assistant") << QByteArray(R"({"messages": [{"role": "assistant", "content": ""}]})") << msg
                                     << QByteArray() << QByteArray() << QByteArray()
                                     << QByteArray("the last assistant message is empty");
    QTest::newRow("completion not a string") << QByteArray(R"({"prompt": "p", "completion": 5})")
                                             << CorpusFormat::PromptResponse << QByteArray() << QByteArray() << QByteArray()
                                             << QByteArray("field 'completion' is not a string");
    QTest::newRow("neither response nor completion") << QByteArray(R"({"prompt": "p"})") << CorpusFormat::PromptResponse
                                                     << QByteArray() << QByteArray() << QByteArray()
                                                     << QByteArray("field 'response' missing");
    QTest::newRow("answer missing") << QByteArray(R"({"question": "q"})") << CorpusFormat::QuestionAnswer << QByteArray()
                                    << QByteArray() << QByteArray() << QByteArray("field 'answer' missing");
    QTest::newRow("empty text") << QByteArray(R"({"text": ""})") << CorpusFormat::Text << QByteArray() << QByteArray()
                                << QByteArray() << QByteArray("field 'text' is empty");
    QTest::newRow("unterminated string") << QByteArray(R"({"text": "abc)") << CorpusFormat::Text << QByteArray()
                                         << QByteArray() << QByteArray() << QByteArray("invalid JSON: unterminated string");
}

void TestCorpusReader::parseLine() {
    QFETCH(QByteArray, line);
    QFETCH(CorpusFormat, format);
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, prompt);
    QFETCH(QByteArray, response);
    QFETCH(QByteArray, error);
    const maskscope::ParsedEntry parsed = maskscope::parseJsonLine(text(line), format, 77);
    QCOMPARE(bytes(parsed.error), error);
    QCOMPARE(parsed.record.has_value(), error.isEmpty());
    if (parsed.record) {
        QCOMPARE(bytes(parsed.record->id), id);
        QCOMPARE(bytes(parsed.record->prompt), prompt);
        QCOMPARE(bytes(parsed.record->response), response);
    }
}

void TestCorpusReader::detectsAndParsesShape_data() {
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<CorpusFormat>("format");
    QTest::addColumn<quint64>("count");
    QTest::addColumn<quint64>("index");
    QTest::addColumn<quint64>("line");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<QByteArray>("prompt");
    QTest::addColumn<QByteArray>("response");
    auto row = [](const char* name, const char* file, CorpusFormat format, quint64 count, quint64 index, quint64 line,
                  const char* id, const char* prompt, const char* response) {
        QTest::newRow(name) << QByteArray(file) << format << count << index << line << QByteArray(id) << QByteArray(prompt)
                            << QByteArray(response);
    };
    const auto io = CorpusFormat::InstructionOutput;
    row("io string id", "instruction_output.jsonl", io, 3, 0, 1, "io-1", "Add 2 and 3.", "5");
    row("io input appended", "instruction_output.jsonl", io, 3, 1, 2, "42", "Reverse the list.\n\n[1, 2, 3]", "[3, 2, 1]");
    row("io empty input", "instruction_output.jsonl", io, 3, 2, 3, "line-3", "Name a prime.", "7");
    const auto msg = CorpusFormat::Messages;
    row("messages system+user", "messages.jsonl", msg, 3, 0, 1, "m-1", "system: Be brief.\n\nuser: 2+2?", "4");
    row("messages last assistant", "messages.jsonl", msg, 3, 1, 2, "line-2",
        "user: Hi\n\nassistant: Hello\n\nuser: Square of 3?", "9");
    row("messages only assistant", "messages.jsonl", msg, 3, 2, 3, "HumanEval/0", "", "def f():\n    return 1\n");
    const auto qa = CorpusFormat::QuestionAnswer;
    row("gsm8k", "question_answer.jsonl", qa, 2, 0, 1, "line-1",
        "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips to her friends in May. "
        "How many clips did Natalia sell altogether in April and May?",
        "Natalia sold 48/2 = <<48/2=24>>24 clips in May.\nNatalia sold 48+24 = <<48+24=72>>72 clips altogether in April "
        "and May.\n#### 72");
    row("gsm8k short", "question_answer.jsonl", qa, 2, 1, 2, "line-2", "What is 6 times 7?", "#### 42");
    const auto pr = CorpusFormat::PromptResponse;
    row("prompt response", "prompt_response.jsonl", pr, 3, 0, 1, "11", "Write a function that doubles x.",
        "def double(x):\n    return 2 * x");
    row("prompt completion", "prompt_response.jsonl", pr, 3, 1, 2, "line-2", "Complete: the sky is", " blue");
    row("response wins", "prompt_response.jsonl", pr, 3, 2, 3, "line-3", "", "an empty prompt is fine");
    const auto tx = CorpusFormat::Text;
    row("text", "text.jsonl", tx, 2, 0, 1, "line-1", "", "The quick brown fox.");
    row("text id", "text.jsonl", tx, 2, 1, 2, "t-2", "", "Second document.\nWith two lines.");
    row("prompt-response before text", "mixed_keys.jsonl", pr, 2, 1, 2, "line-2", "P2", "R2");
    row("crlf first", "crlf.jsonl", tx, 3, 0, 1, "c-1", "", "first");
    row("crlf escaped CR kept", "crlf.jsonl", tx, 3, 1, 2, "c-2", "", "kept \r\n inside");
    row("crlf last", "crlf.jsonl", tx, 3, 2, 3, "c-3", "", "last");
    row("no trailing newline", "no_trailing_newline.jsonl", qa, 2, 1, 2, "line-2", "q2", "a2");
    row("bom skipped", "bom.jsonl", tx, 2, 0, 1, "line-1", "", "after a BOM");
    row("bom second", "bom.jsonl", tx, 2, 1, 2, "line-2", "", "second");
    const auto pt = CorpusFormat::PlainText;
    row("plain first", "plain.txt", pt, 3, 0, 3, "line-3", "", "First paragraph line one.\n  indented line two.");
    row("plain crlf", "plain.txt", pt, 3, 1, 7, "line-7", "", "Second paragraph.\nStill second.");
    row("plain no newline", "plain.txt", pt, 3, 2, 10, "line-10", "", "Third, with no trailing newline.");
    row("plain bom", "bom_plain.txt", pt, 2, 0, 1, "line-1", "", "Hello paragraph.");
    row("plain bom second", "bom_plain.txt", pt, 2, 1, 3, "line-3", "", "Bye.");
}

void TestCorpusReader::detectsAndParsesShape() {
    QFETCH(QByteArray, file);
    QFETCH(CorpusFormat, format);
    QFETCH(quint64, count);
    QFETCH(quint64, index);
    QFETCH(quint64, line);
    QFETCH(QByteArray, id);
    QFETCH(QByteArray, prompt);
    QFETCH(QByteArray, response);
    const std::string path = fixture(file.constData());
    const Corpus corpus = Corpus::open(path);
    QCOMPARE(name(corpus.format()), name(format));
    QCOMPARE(quint64(corpus.entryCount()), count);
    QCOMPARE(quint64(corpus.fileSize()), quint64(QFileInfo(QString::fromStdString(path)).size()));
    QCOMPARE(bytes(corpus.path()), bytes(path));

    const Corpus::Entry entry = corpus.read(index);
    QVERIFY2(entry.record.has_value(), entry.error.c_str());
    QCOMPARE(quint64(entry.line), line);
    QCOMPARE(bytes(entry.record->id), id);
    QCOMPARE(bytes(entry.record->prompt), prompt);
    QCOMPARE(bytes(entry.record->response), response);

    const Corpus::Scan scan = corpus.scan();
    QVERIFY(scan.bad.empty());
    QCOMPARE(quint64(scan.good.size()), count);
}

void TestCorpusReader::formatOverride_data() {
    QTest::addColumn<QByteArray>("file");
    QTest::addColumn<CorpusFormat>("format");
    QTest::addColumn<quint64>("count");
    QTest::addColumn<quint64>("goodCount");
    QTest::addColumn<QByteArray>("firstResponse");  // of entry 0
    QTest::addColumn<QByteArray>("firstError");     // of entry 0
    QTest::newRow("text over prompt-response") << QByteArray("mixed_keys.jsonl") << CorpusFormat::Text << quint64(2)
                                               << quint64(2) << QByteArray("T1") << QByteArray();
    QTest::newRow("wrong shape forced") << QByteArray("instruction_output.jsonl") << CorpusFormat::Text << quint64(3)
                                        << quint64(0) << QByteArray() << QByteArray("field 'text' missing");
    QTest::newRow("JSONL read as plain text") << QByteArray("text.jsonl") << CorpusFormat::PlainText << quint64(1)
                                              << quint64(1)
                                              << QByteArray(R"({"text": "The quick brown fox."})"
                                                            "\n"
                                                            R"({"id": "t-2", "text": "Second document.\nWith two lines."})")
                                              << QByteArray();
    QTest::newRow("latin-1 as plain text") << QByteArray("latin1.txt") << CorpusFormat::PlainText << quint64(2)
                                           << quint64(1) << QByteArray() << QByteArray("invalid UTF-8");
    QTest::newRow("plain text forced as JSON") << QByteArray("plain.txt") << CorpusFormat::Text << quint64(10)
                                               << quint64(0) << QByteArray() << QByteArray("empty line");
}

void TestCorpusReader::formatOverride() {
    QFETCH(QByteArray, file);
    QFETCH(CorpusFormat, format);
    QFETCH(quint64, count);
    QFETCH(quint64, goodCount);
    QFETCH(QByteArray, firstResponse);
    QFETCH(QByteArray, firstError);
    const Corpus corpus = Corpus::open(fixture(file.constData()), format);
    QCOMPARE(name(corpus.format()), name(format));
    QCOMPARE(quint64(corpus.entryCount()), count);
    const Corpus::Entry first = corpus.read(0);
    QCOMPARE(bytes(first.error), firstError);
    QCOMPARE(first.record.has_value(), firstError.isEmpty());
    if (first.record) QCOMPARE(bytes(first.record->response), firstResponse);
    const Corpus::Scan scan = corpus.scan();
    QCOMPARE(quint64(scan.good.size()), goodCount);
    QCOMPARE(quint64(scan.bad.size()), count - goodCount);
}

void TestCorpusReader::hostileFile() {
    const std::string path = fixture("hostile.jsonl");
    const Corpus corpus = Corpus::open(path);
    QCOMPARE(name(corpus.format()), name(CorpusFormat::InstructionOutput));
    QCOMPARE(quint64(corpus.entryCount()), quint64(29));

    const std::vector<std::pair<std::uint64_t, std::string>> expectedBad = {
        {2, "empty line"},
        {3, "invalid JSON: malformed structure"},
        {4, "field 'output' missing"},
        {5, "field 'instruction' is not a string"},
        {6, "not a JSON object"},
        {8, "invalid UTF-8"},
        {9, "invalid JSON: unescaped control character in a string"},
        {10, "invalid JSON: nested more than 1024 levels deep"},
        {11, "empty line"},
        {12, "field 'output' is empty"},
        {13, "field 'id' must be a string or an integer"},
        {14, "invalid JSON: malformed structure"},
        {16, "field 'input' is not a string"},
        {18, "invalid JSON: unquoted word"},
        {19, "invalid JSON: malformed structure"},
        {21, "invalid JSON: bad escape in a string"},
        {22, "invalid JSON: bad number"},
        {23, "not a JSON object"},
        {24, "field 'instruction' is not a string"},
        {27, "invalid JSON: malformed structure"},
        {29, "invalid JSON: malformed structure"},
    };
    const std::vector<std::uint64_t> expectedGood = {0, 6, 14, 16, 19, 24, 25, 27};
    const std::vector<std::string> expectedIds = {"h1", "h7", "Mbpp/15", "h17", "line-20", "18446744073709551615", "-7", "99"};

    const Corpus::Scan scan = corpus.scan();
    QCOMPARE(scan.bad.size(), expectedBad.size());
    for (std::size_t i = 0; i < expectedBad.size(); ++i) {
        QCOMPARE(quint64(scan.bad[i].line), quint64(expectedBad[i].first));
        QCOMPARE(bytes(scan.bad[i].reason), bytes(expectedBad[i].second));
        // read() gives the same verdict as scan().
        const Corpus::Entry entry = corpus.read(expectedBad[i].first - 1);
        QVERIFY(!entry.record);
        QCOMPARE(bytes(entry.error), bytes(expectedBad[i].second));
    }
    QCOMPARE(scan.good, expectedGood);
    for (std::size_t i = 0; i < expectedGood.size(); ++i)
        QCOMPARE(bytes(corpus.record(expectedGood[i]).id), bytes(expectedIds[i]));

    const Record sorted = corpus.record(6);
    QCOMPARE(bytes(sorted.prompt), QByteArray("Sort.\n\n3 1 2"));
    QCOMPARE(bytes(sorted.response), QByteArray("1 2 3"));
    QCOMPARE(bytes(corpus.record(16).response), QByteArray("ok"));  // the CRLF line
    QCOMPARE(bytes(corpus.record(19).prompt), QByteArray("Null input."));

    try {
        corpus.record(3);
        QFAIL("record() of a bad line must throw");
    } catch (const InputError& error) {
        QCOMPARE(bytes(error.what()), bytes(path + ":4: field 'output' missing"));
        QCOMPARE(quint64(error.line()), quint64(4));
        QCOMPARE(bytes(error.file()), bytes(path));
    }
    QVERIFY_THROWS_EXCEPTION(std::out_of_range, corpus.read(29));
}

void TestCorpusReader::openErrors_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<quint64>("line");
    QTest::addColumn<QByteArray>("reasonStart");
    auto row = [](const char* name, const std::string& path, quint64 line, const char* reason) {
        QTest::newRow(name) << bytes(path) << line << QByteArray(reason);
    };
    row("empty file", fixture("empty.jsonl"), 0, "no records: the file is empty or has only blank lines");
    row("blank lines", fixture("blank_lines.jsonl"), 0, "no records: the file is empty or has only blank lines");
    row("latin-1", fixture("latin1.txt"), 1, "neither JSONL nor UTF-8 text");
    row("binary", fixture("binary.bin"), 1, "neither JSONL nor UTF-8 text");
    row("unknown shape", fixture("unknown_shape.jsonl"), 1, "unknown record shape (keys: 'foo', 'bar')");
    row("missing file", fixture("does_not_exist.jsonl"), 0, "cannot open: No such file or directory");
    row("directory", std::string(MASKSCOPE_TEST_DATA) + "/corpus", 0, "not a regular file");
}

void TestCorpusReader::openErrors() {
    QFETCH(QByteArray, path);
    QFETCH(quint64, line);
    QFETCH(QByteArray, reasonStart);
    try {
        Corpus::open(text(path));
        QFAIL("open() must throw");
    } catch (const InputError& error) {
        QVERIFY2(bytes(error.reason()).startsWith(reasonStart), error.what());
        QCOMPARE(quint64(error.line()), line);
        QCOMPARE(bytes(error.file()), path);
        QVERIFY(bytes(error.what()).startsWith(path + ":"));
    }
}

void TestCorpusReader::emptyFileWithExplicitFormat() {
    for (CorpusFormat format : {CorpusFormat::Text, CorpusFormat::PlainText}) {
        const Corpus corpus = Corpus::open(fixture("empty.jsonl"), format);
        QCOMPARE(quint64(corpus.entryCount()), quint64(0));
        QCOMPARE(quint64(corpus.fileSize()), quint64(0));
        int calls = 0;
        const Corpus::Scan scan = corpus.scan([&](std::uint64_t done, std::uint64_t total) {
            ++calls;
            return done == 0 && total == 0;
        });
        QVERIFY(scan.good.empty() && scan.bad.empty());
        QCOMPARE(calls, 1);
    }
    const Corpus blank = Corpus::open(fixture("blank_lines.jsonl"), CorpusFormat::Messages);
    QCOMPARE(quint64(blank.entryCount()), quint64(3));
    const Corpus::Scan scan = blank.scan();
    QCOMPARE(scan.bad.size(), std::size_t(3));
    for (std::size_t i = 0; i < 3; ++i) {
        QCOMPARE(quint64(scan.bad[i].line), quint64(i + 1));
        QCOMPARE(bytes(scan.bad[i].reason), QByteArray("empty line"));
    }
    // Only blank lines as plain text: no paragraph at all.
    QCOMPARE(quint64(Corpus::open(fixture("blank_lines.jsonl"), CorpusFormat::PlainText).entryCount()), quint64(0));
}

void TestCorpusReader::nonAsciiRoundTripsByteExact() {
    const Corpus corpus = Corpus::open(fixture("non_ascii.jsonl"));
    QCOMPARE(name(corpus.format()), name(CorpusFormat::PromptResponse));
    const Record raw = corpus.record(0);
    // Raw UTF-8 in the file comes back byte for byte (no normalisation: "e" + U+0301 stays two
    // code points, unlike the precomposed U+00E9 next to it).
    const std::string prompt = "Gr\xC3\xBC\xC3\x9F" "e, \xE4\xB8\x96\xE7\x95\x8C! \xCE\x95\xCE\xBB\xCE\xBB\xCE\xB7\xCE\xBD"
                               "\xCE\xB9\xCE\xBA\xCE\xAC \xE2\x80\x94 \xD7\xA2\xD7\x91\xD7\xA8\xD7\x99\xD7\xAA \xF0\x9F\x99\x82";
    const std::string response = "e\xCC\x81 vs \xC3\xA9; max \xF4\x8F\xBF\xBF; tab\tquote\" backslash\\";
    QCOMPARE(bytes(raw.prompt), bytes(prompt));
    QCOMPARE(bytes(raw.response), bytes(response));
    // JSON escapes, including a surrogate pair, decode to the same UTF-8.
    const Record escaped = corpus.record(1);
    QCOMPARE(bytes(escaped.response), QByteArray("\xC3\xA9\xF0\x9F\x98\x80\xE4\xB8\x96"));
}

void TestCorpusReader::progressReachesTotal() {
    QVERIFY(m_temp.isValid());
    const std::string path = m_temp.filePath(QStringLiteral("progress.jsonl")).toStdString();
    const std::uint64_t size = writeGenerated(path, 120000);
    QVERIFY(size > (std::uint64_t{16} << 20));  // several index chunks and scan windows

    std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
    auto record = [&calls](std::uint64_t done, std::uint64_t total) {
        calls.emplace_back(done, total);
        return true;
    };
    const Corpus corpus = Corpus::open(path, CorpusFormat::Auto, record);
    QCOMPARE(quint64(corpus.entryCount()), quint64(120000));
    QVERIFY(calls.size() > 10);
    for (std::size_t i = 1; i < calls.size(); ++i) {
        QVERIFY(calls[i].first > calls[i - 1].first);
        QCOMPARE(quint64(calls[i].second), quint64(size));
    }
    QCOMPARE(quint64(calls.back().first), quint64(size));

    calls.clear();
    const Corpus::Scan scan = corpus.scan(record);
    QVERIFY(calls.size() > 1);
    for (std::size_t i = 1; i < calls.size(); ++i) QVERIFY(calls[i].first > calls[i - 1].first);
    QCOMPARE(quint64(calls.back().first), quint64(120000));
    QCOMPARE(quint64(calls.back().second), quint64(120000));
    const std::size_t broken = 120000 / 97;  // every 97th line of the generator is broken
    QCOMPARE(scan.bad.size(), broken);
    QCOMPARE(scan.good.size(), 120000 - broken);
    QCOMPARE(quint64(scan.bad.front().line), quint64(97));
    QCOMPARE(bytes(scan.bad.front().reason), QByteArray("invalid JSON: malformed structure"));
}

void TestCorpusReader::cancelOpen() {
    QVERIFY(m_temp.isValid());
    const std::string path = m_temp.filePath(QStringLiteral("cancel_open.jsonl")).toStdString();
    writeGenerated(path, 60000);
    for (CorpusFormat format : {CorpusFormat::Auto, CorpusFormat::PlainText}) {
        int calls = 0;
        auto cancelSecond = [&calls](std::uint64_t, std::uint64_t) { return ++calls < 2; };
        QVERIFY_THROWS_EXCEPTION(Cancelled, Corpus::open(path, format, cancelSecond));
        QCOMPARE(calls, 2);  // no call after the one that cancelled
    }
}

void TestCorpusReader::cancelScan() {
    QVERIFY(m_temp.isValid());
    const std::string path = m_temp.filePath(QStringLiteral("cancel_scan.jsonl")).toStdString();
    writeGenerated(path, 120000);
    const Corpus corpus = Corpus::open(path);
    int calls = 0;
    std::uint64_t lastDone = 0;
    auto cancelFirst = [&](std::uint64_t done, std::uint64_t) {
        ++calls;
        lastDone = done;
        return false;
    };
    QVERIFY_THROWS_EXCEPTION(Cancelled, corpus.scan(cancelFirst));
    QCOMPARE(calls, 1);
    QVERIFY(lastDone > 0 && lastDone < corpus.entryCount());
    // The corpus is still usable after a cancelled scan.
    QCOMPARE(bytes(corpus.record(0).id), QByteArray("g0"));
}

void TestCorpusReader::readFromFourThreads() {
    QVERIFY(m_temp.isValid());
    const std::string path = m_temp.filePath(QStringLiteral("threads.jsonl")).toStdString();
    const int lines = 20000;
    writeGenerated(path, lines);
    const Corpus corpus = Corpus::open(path);
    QCOMPARE(quint64(corpus.entryCount()), quint64(lines));

    // What each entry reads as, one string per entry ("id|prompt|response" or "!error").
    auto describe = [](const Corpus::Entry& entry) {
        if (!entry.record) return std::to_string(entry.line) + '!' + entry.error;
        return entry.record->id + '|' + entry.record->prompt + '|' + entry.record->response;
    };
    std::vector<std::string> expected(lines);
    for (int i = 0; i < lines; ++i) expected[static_cast<std::size_t>(i)] = describe(corpus.read(static_cast<std::uint64_t>(i)));
    QCOMPARE(bytes(expected[5]), bytes("g5|question 5|answer 5 \xC3\xA9\xE4\xB8\x96 " + std::string(15, 'x')));

    // Four threads, each visiting every entry in its own order (stride coprime to the count).
    const std::size_t strides[4] = {1, 7, 13, 19997};
    std::vector<std::vector<std::string>> seen(4, std::vector<std::string>(lines));
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            std::size_t index = t;
            for (int n = 0; n < lines; ++n) {
                index = (index + strides[t]) % static_cast<std::size_t>(lines);
                seen[t][index] = describe(corpus.read(index));
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    for (std::size_t t = 0; t < 4; ++t) QVERIFY2(seen[t] == expected, qPrintable(QStringLiteral("thread %1").arg(t)));
}

void TestCorpusReader::hugeLine() {
    QVERIFY(m_temp.isValid());
    const std::string path = m_temp.filePath(QStringLiteral("huge.jsonl")).toStdString();
    const std::size_t hugeSize = std::size_t{20} << 20;  // larger than scan()'s window
    std::string content = "{\"text\": \"small\"}\n{\"text\": \"";
    content.append(hugeSize, 'a');
    content += "\"}\n{\"text\": \"after\"}\n";
    writeFile(path, content);

    const Corpus corpus = Corpus::open(path);
    QCOMPARE(name(corpus.format()), name(CorpusFormat::Text));
    QCOMPARE(quint64(corpus.entryCount()), quint64(3));
    const Record huge = corpus.record(1);
    QCOMPARE(huge.response.size(), hugeSize);
    QVERIFY(huge.response.find_first_not_of('a') == std::string::npos);
    QCOMPARE(bytes(corpus.record(2).response), QByteArray("after"));
    const Corpus::Scan scan = corpus.scan();
    QCOMPARE(scan.good, (std::vector<std::uint64_t>{0, 1, 2}));

    // A file whose first line is huge is still detected (the detection head grows).
    const std::string firstHuge = m_temp.filePath(QStringLiteral("huge_first.jsonl")).toStdString();
    writeFile(firstHuge, content.substr(content.find('\n') + 1));
    QCOMPARE(name(Corpus::open(firstHuge).format()), name(CorpusFormat::Text));
}

void TestCorpusReader::fileShrinksAfterOpen() {
    QVERIFY(m_temp.isValid());
    const std::string path = m_temp.filePath(QStringLiteral("shrinks.jsonl")).toStdString();
    const std::uint64_t size = writeGenerated(path, 1000);
    const Corpus corpus = Corpus::open(path);
    QVERIFY(QFile::resize(QString::fromStdString(path), static_cast<qint64>(size / 2)));
    const Corpus::Entry last = corpus.read(999);
    QVERIFY(!last.record);
    QCOMPARE(bytes(last.error), QByteArray("the file is shorter than when it was opened"));
    QCOMPARE(quint64(last.line), quint64(1000));
    const Corpus::Scan scan = corpus.scan();
    QCOMPARE(scan.good.size() + scan.bad.size(), std::size_t(1000));
    // Good: the well-formed lines that, with their '\n', still lie wholly in the first half.
    std::size_t expectedGood = 0;
    std::uint64_t end = 0;
    for (int i = 0; i < 1000; ++i) {
        end += generatedLine(i).size() + 1;
        if (end <= size / 2 && i % 97 != 96) ++expectedGood;
    }
    QVERIFY(expectedGood > 400);
    QCOMPARE(scan.good.size(), expectedGood);
    QCOMPARE(bytes(scan.bad.back().reason), QByteArray("the file is shorter than when it was opened"));
}

void TestCorpusReader::moveKeepsCorpusUsable() {
    Corpus first = Corpus::open(fixture("instruction_output.jsonl"));
    Corpus moved = std::move(first);
    QCOMPARE(bytes(moved.record(0).id), QByteArray("io-1"));
    Corpus other = Corpus::open(fixture("plain.txt"));
    other = std::move(moved);
    QCOMPARE(name(other.format()), name(CorpusFormat::InstructionOutput));
    QCOMPARE(quint64(other.entryCount()), quint64(3));
    QCOMPARE(bytes(other.record(2).id), QByteArray("line-3"));
}

QTEST_APPLESS_MAIN(TestCorpusReader)
#include "test_corpus_reader.moc"
