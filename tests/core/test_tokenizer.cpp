// The sentencepiece wrapper: byte offsets into the original text, the mask token, training, and
// clear errors for files that are not models.
#include "core/error.h"
#include "core/tokenizer.h"

#include <QtTest/QtTest>

#include <fstream>

using namespace maskscope;

namespace {

std::vector<std::string> trainingTexts() {
    std::vector<std::string> texts;
    const char* snippets[] = {
        "def add(a, b):\n    return a + b\n",
        "while lo <= hi:\n\tmid = (lo + hi) // 2\n",
        "The answer is 3 * 14 = 42.\n#### 42",
        "Größe: 12 € — naïve café, déjà vu",
        "数学题：小明有 12 个苹果，吃了 5 个，还剩 7 个。",
        "emoji 🙂👍🏽 and combining e\u0301 marks",
        "if (x != 0 && y > 3) { total += f(x); }",
    };
    for (int copy = 0; copy < 30; ++copy)
        for (const char* s : snippets) texts.push_back(std::string(s) + " #" + std::to_string(copy));
    return texts;
}

}  // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void offsetsCoverTextExactly_data();
    void offsetsCoverTextExactly();
    void tokenizeSplitsPromptAndResponse();
    void maskTokenIsReserved();
    void rejectsBadModelFiles();
    void rejectsBadTrainingOptions();

private:
    QTemporaryDir m_dir;
    std::string m_model;
};

void TestTokenizer::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_model = m_dir.filePath(QStringLiteral("t.model")).toStdString();
    TokenizerTrainOptions options;
    options.vocabSize = 700;
    trainTokenizer(trainingTexts(), options, m_model);
    QVERIFY(QFileInfo::exists(QString::fromStdString(m_model)));
}

void TestTokenizer::offsetsCoverTextExactly_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("code") << QByteArray("def f(x):\n    if x > 2:\n        return x * 2\n");
    QTest::newRow("tabs and spaces") << QByteArray("\t  a\t\tb  \n\n c ");
    QTest::newRow("german") << QByteArray("Größe: 12 € — naïve café");
    QTest::newRow("chinese") << QByteArray("小明有 12 个苹果，还剩 7 个。");
    QTest::newRow("emoji") << QByteArray("ok 🙂👍🏽 done");
    QTest::newRow("combining") << QByteArray("e\xcc\x81t\xc3\xa9");
    QTest::newRow("unseen script") << QByteArray("Ελληνικά и русский ✓");
    QTest::newRow("empty") << QByteArray("");
}

void TestTokenizer::offsetsCoverTextExactly() {
    QFETCH(QByteArray, text);
    const Tokenizer tokenizer = Tokenizer::load(m_model);
    const std::string input = text.toStdString();
    const auto tokens = tokenizer.encode(input);
    std::uint32_t expectedBegin = 0;
    std::string rebuilt;
    std::vector<std::int32_t> ids;
    for (const auto& t : tokens) {
        QCOMPARE(t.begin, expectedBegin);  // gap-free and increasing
        QVERIFY(t.end >= t.begin);
        rebuilt += input.substr(t.begin, t.end - t.begin);
        expectedBegin = t.end;
        ids.push_back(t.id);
    }
    QCOMPARE(expectedBegin, std::uint32_t(input.size()));
    QCOMPARE(rebuilt, input);
    QCOMPARE(tokenizer.decode(ids), input);  // identity normalisation: lossless
    // Non-empty ranges start and end on UTF-8 character boundaries.
    for (const auto& t : tokens) {
        if (t.begin == t.end) continue;
        QVERIFY((static_cast<unsigned char>(input[t.begin]) & 0xC0) != 0x80);
        if (t.end < input.size()) QVERIFY((static_cast<unsigned char>(input[t.end]) & 0xC0) != 0x80);
    }
}

void TestTokenizer::tokenizeSplitsPromptAndResponse() {
    const Tokenizer tokenizer = Tokenizer::load(m_model);
    const Record record{"r1", "Solve 3 * 14.", "3 * 14 = 42\n#### 42"};
    const TokenizedRecord t = tokenizer.tokenize(record);
    QCOMPARE(t.promptTokens, tokenizer.encode(record.prompt).size());
    QCOMPARE(t.size(), t.promptTokens + tokenizer.encode(record.response).size());
    const auto maskable = t.maskable();
    for (std::size_t i = 0; i < t.size(); ++i) QCOMPARE(int(maskable[i]), i >= t.promptTokens ? 1 : 0);
    QCOMPARE(t.tokens.back().end, std::uint32_t(record.response.size()));
}

void TestTokenizer::maskTokenIsReserved() {
    const Tokenizer tokenizer = Tokenizer::load(m_model);
    QVERIFY(tokenizer.maskId() >= 0 && tokenizer.maskId() < tokenizer.vocabSize());
    QCOMPARE(tokenizer.piece(tokenizer.maskId()), std::string(kMaskPiece));
    // The literal text of the mask piece encodes to the mask id (user-defined symbol).
    const auto tokens = tokenizer.encode(std::string(kMaskPiece));
    QCOMPARE(tokens.size(), std::size_t(1));
    QCOMPARE(tokens[0].id, tokenizer.maskId());
    QVERIFY(tokenizer.fileHash() != 0);
}

void TestTokenizer::rejectsBadModelFiles() {
    const std::string missing = m_dir.filePath(QStringLiteral("missing.model")).toStdString();
    QVERIFY_THROWS_EXCEPTION(InputError, Tokenizer::load(missing));
    const std::string garbage = m_dir.filePath(QStringLiteral("garbage.model")).toStdString();
    std::ofstream(garbage) << "this is not a protobuf \x01\x02\xff";
    try {
        Tokenizer::load(garbage);
        QFAIL("garbage accepted");
    } catch (const InputError& e) {
        QCOMPARE(e.file(), garbage);
        QVERIFY(std::string(e.what()).find("sentencepiece") != std::string::npos);
    }
    const std::string empty = m_dir.filePath(QStringLiteral("empty.model")).toStdString();
    std::ofstream{empty};
    QVERIFY_THROWS_EXCEPTION(InputError, Tokenizer::load(empty));
}

void TestTokenizer::rejectsBadTrainingOptions() {
    const std::string out = m_dir.filePath(QStringLiteral("x.model")).toStdString();
    TokenizerTrainOptions options;
    options.vocabSize = 4;
    QVERIFY_THROWS_EXCEPTION(UsageError, trainTokenizer(trainingTexts(), options, out));
    options = {};
    options.modelType = "wordpiece";
    QVERIFY_THROWS_EXCEPTION(UsageError, trainTokenizer(trainingTexts(), options, out));
    QVERIFY_THROWS_EXCEPTION(InputError, trainTokenizer({"", ""}, TokenizerTrainOptions{}, out));
    QVERIFY(!QFileInfo::exists(QString::fromStdString(out)));
}

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
