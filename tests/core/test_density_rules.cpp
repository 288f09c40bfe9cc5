// Rule-based density sources (rules:code, rules:math), tokenScoresFromBytes and the registry.
#include "core/density_rules_code.h"
#include "core/density_rules_math.h"
#include "core/density_source.h"
#include "core/error.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

using namespace maskscope;

namespace {

// Splits text into tokens the way a sentencepiece model roughly would: leading blanks belong to
// the next token, which is a run of letters/digits/underscores or one other byte.
void appendTokens(TokenizedRecord& record, const std::string& text) {
    auto isWordByte = [](unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; };
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t begin = i;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i < text.size()) {
            if (isWordByte(static_cast<unsigned char>(text[i]))) {
                while (i < text.size() && isWordByte(static_cast<unsigned char>(text[i]))) ++i;
            } else {
                ++i;
            }
        }
        Token token;
        token.id = static_cast<std::int32_t>(record.tokens.size());
        token.piece = text.substr(begin, i - begin);
        token.begin = static_cast<std::uint32_t>(begin);
        token.end = static_cast<std::uint32_t>(i);
        record.tokens.push_back(token);
    }
}

TokenizedRecord makeRecord(const std::string& prompt, const std::string& response) {
    TokenizedRecord record;
    record.record = Record{"r1", prompt, response};
    appendTokens(record, prompt);
    record.promptTokens = record.tokens.size();
    appendTokens(record, response);
    return record;
}

// Index of the token whose piece, without leading blanks, is `text` (the occurrence-th such
// token of the response).
std::optional<std::size_t> responseToken(const TokenizedRecord& record, const std::string& text, int occurrence = 0) {
    for (std::size_t i = record.promptTokens; i < record.size(); ++i) {
        std::string piece = record.tokens[i].piece;
        piece.erase(0, piece.find_first_not_of(" \t\n"));
        if (piece == text && occurrence-- == 0) return i;
    }
    return std::nullopt;
}

struct Bounds {
    float min = 1.0f;
    float max = 0.0f;
};

// Smallest and largest score over the non-blank bytes of the occurrence-th `part` of `text`.
std::optional<Bounds> boundsOf(const std::vector<float>& scores, const std::string& text, const std::string& part,
                               int occurrence) {
    std::size_t at = text.find(part);
    while (at != std::string::npos && occurrence-- > 0) at = text.find(part, at + 1);
    if (at == std::string::npos) return std::nullopt;
    Bounds bounds;
    bool any = false;
    for (std::size_t b = at; b < at + part.size(); ++b) {
        if (std::isspace(static_cast<unsigned char>(text[b]))) continue;
        bounds.min = std::min(bounds.min, scores[b]);
        bounds.max = std::max(bounds.max, scores[b]);
        any = true;
    }
    if (!any) return std::nullopt;
    return bounds;
}

CodeLanguage languageFrom(const QByteArray& name) {
    if (name == "python") return CodeLanguage::Python;
    if (name == "c") return CodeLanguage::CLike;
    return CodeLanguage::Auto;
}

bool allInUnitRange(const std::vector<float>& scores) {
    return std::all_of(scores.begin(), scores.end(), [](float s) { return s >= 0.0f && s <= 1.0f; });
}

// A deterministic byte generator (64-bit LCG) biased towards bytes the lexers treat specially.
class ByteSoup {
public:
    explicit ByteSoup(std::uint64_t seed) : m_state(seed) {}
    std::string make(std::size_t length) {
        static const std::string special = "(){}[]<>=!?:;,.#/*\\\"'`$^_%+-&|~\n\t 0123456789ifwhlresaxn";
        std::string out(length, '\0');
        for (char& c : out) {
            const std::uint64_t r = next();
            c = (r & 3) == 0 ? static_cast<char>(r >> 24) : special[(r >> 8) % special.size()];
        }
        return out;
    }

private:
    std::uint64_t next() {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return m_state >> 11;
    }
    std::uint64_t m_state;
};

}  // namespace

class TestDensityRules : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void codeScores_data();
    void codeScores();
    void codeBlanksScoreZero();
    void codeLanguageDetection_data();
    void codeLanguageDetection();
    void mathScores_data();
    void mathScores();
    void mathBlanksScoreZero();
    void garbageNeverCrashes_data();
    void garbageNeverCrashes();
    void randomBytesStayInRange();
    void pathologicalInputsRunInLinearTime_data();
    void pathologicalInputsRunInLinearTime();
    void tokenScoresFromBytes_data();
    void tokenScoresFromBytes();
    void sourcesScoreTokensAndZeroThePrompt();
    void registryListsBuiltins();
    void registryCreatesSources();
    void registryRejectsUnknownNames();
    void registryAcceptsNewSources();
    void sourcesValidateParams();
};

// Columns: text, language, part, occurrence of part, expected min and max over its non-blank bytes.
void TestDensityRules::codeScores_data() {
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<QByteArray>("language");
    QTest::addColumn<QByteArray>("part");
    QTest::addColumn<int>("occurrence");
    QTest::addColumn<float>("min");
    QTest::addColumn<float>("max");

    const QByteArray loop = "while (i < n) { total = total + f(i); }";
    QTest::newRow("while condition is a hub") << loop << QByteArray("auto") << QByteArray("while (i < n)") << 0 << 1.0f << 1.0f;
    QTest::newRow("accumulator is glue") << loop << QByteArray("auto") << QByteArray("total") << 0 << 0.2f << 0.2f;
    QTest::newRow("call inside an operand is glue") << loop << QByteArray("auto") << QByteArray("f(i)") << 0 << 0.1f << 0.2f;

    const QByteArray pyIf = "if x > 0 and not done:\n    y = 1\n";
    QTest::newRow("python if header") << pyIf << QByteArray("auto") << QByteArray("if x > 0 and not done") << 0 << 1.0f << 1.0f;
    QTest::newRow("python body after the colon") << pyIf << QByteArray("auto") << QByteArray("y = 1") << 0 << 0.2f << 0.3f;
    QTest::newRow("python if with parenthesised start")
        << QByteArray("if (a) and b:\n    pass\n") << QByteArray("auto") << QByteArray("if (a) and b") << 0 << 1.0f << 1.0f;
    QTest::newRow("python while")
        << QByteArray("while left <= right:\n    mid = (left + right) // 2\n") << QByteArray("auto")
        << QByteArray("while left <= right") << 0 << 1.0f << 1.0f;
    QTest::newRow("python floor division is arithmetic")
        << QByteArray("while left <= right:\n    mid = (left + right) // 2\n") << QByteArray("auto") << QByteArray("//")
        << 0 << 0.4f << 0.4f;

    QTest::newRow("python return expression")
        << QByteArray("def f(a):\n    return a * 2 + 1\n") << QByteArray("auto") << QByteArray("return a * 2 + 1") << 0
        << 1.0f << 1.0f;
    QTest::newRow("def keyword") << QByteArray("def f(a):\n    return a * 2 + 1\n") << QByteArray("auto")
                                 << QByteArray("def") << 0 << 0.2f << 0.2f;
    QTest::newRow("python return ends at the line end")
        << QByteArray("def f(a):\n    return a\nz = a + 1\n") << QByteArray("python") << QByteArray("z = a + 1") << 0
        << 0.2f << 0.4f;
    QTest::newRow("C return spans lines up to ;")
        << QByteArray("int f() {\n  return a +\n         b;\n}\n") << QByteArray("auto") << QByteArray("return a +\n         b")
        << 0 << 1.0f << 1.0f;
    QTest::newRow("yield expression") << QByteArray("def g():\n    yield x + 1\n") << QByteArray("auto")
                                      << QByteArray("yield x + 1") << 0 << 1.0f << 1.0f;

    const QByteArray call = "result = compute(a, b)\nprint(result)\n";
    QTest::newRow("assigned call") << call << QByteArray("auto") << QByteArray("result = compute(a, b)") << 0 << 1.0f << 1.0f;
    QTest::newRow("unassigned call") << call << QByteArray("auto") << QByteArray("print(result)") << 0 << 0.1f << 0.2f;
    QTest::newRow("assigned call with declaration")
        << QByteArray("int best = pick(a, b);") << QByteArray("c") << QByteArray("int best = pick(a, b)") << 0 << 1.0f << 1.0f;
    QTest::newRow("assigned call chain")
        << QByteArray("value = obj.method(x).other(y);") << QByteArray("c") << QByteArray("value = obj.method(x).other(y)")
        << 0 << 1.0f << 1.0f;
    QTest::newRow("assigned awaited call")
        << QByteArray("const data = await fetch(url);") << QByteArray("c") << QByteArray("const data = await fetch(url)")
        << 0 << 1.0f << 1.0f;
    QTest::newRow("call that is only an operand of the right side")
        << QByteArray("int n = f(x) + 1;") << QByteArray("c") << QByteArray("int n = f(x)") << 0 << 0.1f << 0.3f;
    QTest::newRow("keyword argument is not an assignment")
        << QByteArray("plot(x, color=pick(c))\n") << QByteArray("python") << QByteArray("color=pick(c)") << 0 << 0.1f << 0.3f;

    const QByteArray ternary = "int m = a > b ? a : b;";
    QTest::newRow("ternary condition") << ternary << QByteArray("c") << QByteArray("a > b ?") << 0 << 1.0f << 1.0f;
    QTest::newRow("ternary colon") << ternary << QByteArray("c") << QByteArray(":") << 0 << 1.0f << 1.0f;
    QTest::newRow("ternary target") << ternary << QByteArray("c") << QByteArray("int m") << 0 << 0.2f << 0.2f;
    QTest::newRow("python conditional expression")
        << QByteArray("y = a if cond else b\n") << QByteArray("python") << QByteArray("if cond") << 0 << 1.0f << 1.0f;
    QTest::newRow("python conditional expression branch")
        << QByteArray("y = a if cond else b\n") << QByteArray("python") << QByteArray("b") << 0 << 0.2f << 0.2f;

    const QByteArray elseIf = "if (a) {\n} else if (k == 3) {\n  x = 1;\n}\n";
    QTest::newRow("else if condition") << elseIf << QByteArray("auto") << QByteArray("if (k == 3)") << 0 << 1.0f << 1.0f;
    QTest::newRow("else keyword") << elseIf << QByteArray("auto") << QByteArray("else") << 0 << 0.6f << 0.6f;
    QTest::newRow("if body") << elseIf << QByteArray("auto") << QByteArray("x = 1;") << 0 << 0.1f << 0.3f;

    const QByteArray cFor = "for (int i = 0; i < n; ++i) {\n  sum += v[i];\n}\n";
    QTest::newRow("C for header") << cFor << QByteArray("auto") << QByteArray("for (int i = 0; i < n; ++i)") << 0 << 1.0f << 1.0f;
    QTest::newRow("C for body") << cFor << QByteArray("auto") << QByteArray("sum += v[i]") << 0 << 0.1f << 0.3f;
    QTest::newRow("Go for header keeps its semicolons")
        << QByteArray("for i := 0; i < n; i++ {\n}\n") << QByteArray("c") << QByteArray("for i := 0; i < n; i++") << 0
        << 1.0f << 1.0f;
    QTest::newRow("Go if header ends at the brace")
        << QByteArray("if x > 0 {\n\ty := 2\n}\n") << QByteArray("c") << QByteArray("y := 2") << 0 << 0.2f << 0.3f;
    QTest::newRow("python for header")
        << QByteArray("for item in items:\n    pass\n") << QByteArray("auto") << QByteArray("for item in items") << 0 << 1.0f
        << 1.0f;

    const QByteArray cases = "switch (op) {\ncase ADD: return a + b;\ndefault: return 0;\n}\n";
    QTest::newRow("switch subject") << cases << QByteArray("auto") << QByteArray("switch (op)") << 0 << 1.0f << 1.0f;
    QTest::newRow("case label") << cases << QByteArray("auto") << QByteArray("case ADD") << 0 << 1.0f << 1.0f;
    QTest::newRow("return after case") << cases << QByteArray("auto") << QByteArray("return a + b") << 0 << 1.0f << 1.0f;
    QTest::newRow("default label") << cases << QByteArray("auto") << QByteArray("default") << 0 << 0.6f << 0.6f;

    QTest::newRow("comprehension filter")
        << QByteArray("ys = [x for x in xs if x % 2 == 0]\n") << QByteArray("python")
        << QByteArray("for x in xs if x % 2 == 0") << 0 << 1.0f << 1.0f;
    QTest::newRow("comprehension target")
        << QByteArray("ys = [x for x in xs if x % 2 == 0]\n") << QByteArray("python") << QByteArray("ys") << 0 << 0.2f << 0.2f;

    QTest::newRow("comparison outside a condition") << QByteArray("ok = a <= b;") << QByteArray("c") << QByteArray("<=") << 0 << 1.0f << 1.0f;
    QTest::newRow("boolean not") << QByteArray("flag = !a && (b || c);") << QByteArray("c") << QByteArray("!") << 0 << 1.0f << 1.0f;
    QTest::newRow("boolean and") << QByteArray("flag = !a && (b || c);") << QByteArray("c") << QByteArray("&&") << 0 << 1.0f << 1.0f;
    QTest::newRow("boolean or") << QByteArray("flag = !a && (b || c);") << QByteArray("c") << QByteArray("||") << 0 << 1.0f << 1.0f;
    QTest::newRow("assignment target") << QByteArray("flag = !a && (b || c);") << QByteArray("c") << QByteArray("flag") << 0 << 0.2f << 0.2f;
    QTest::newRow("template brackets are not comparisons")
        << QByteArray("std::vector<int> v;") << QByteArray("c") << QByteArray("<int>") << 0 << 0.1f << 0.2f;
    QTest::newRow("nested template brackets")
        << QByteArray("std::map<std::string, std::vector<int>> m;") << QByteArray("c")
        << QByteArray("<std::string, std::vector<int>>") << 0 << 0.1f << 0.2f;
    QTest::newRow("unspaced comparison is not a template")
        << QByteArray("for(i=0;i<n;i++){}") << QByteArray("c") << QByteArray("i<n") << 0 << 1.0f << 1.0f;
    QTest::newRow("rust macro bang") << QByteArray("println!(\"x\");") << QByteArray("c") << QByteArray("!") << 0 << 0.1f << 0.1f;

    QTest::newRow("line comment") << QByteArray("x = 1;  // if y > 2 then\n") << QByteArray("c")
                                  << QByteArray("// if y > 2 then") << 0 << 0.0f << 0.0f;
    QTest::newRow("block comment") << QByteArray("/* while (a < b) */ z = 2;") << QByteArray("c")
                                   << QByteArray("/* while (a < b) */") << 0 << 0.0f << 0.0f;
    QTest::newRow("python comment") << QByteArray("x = 1  # if y > 2\n") << QByteArray("python")
                                    << QByteArray("# if y > 2") << 0 << 0.0f << 0.0f;
    QTest::newRow("string literal") << QByteArray("msg = \"if a < b return\";") << QByteArray("c")
                                    << QByteArray("\"if a < b return\"") << 0 << 0.1f << 0.1f;
    QTest::newRow("python triple-quoted string") << QByteArray("s = '''while x:\n  return 1'''\n") << QByteArray("python")
                                                 << QByteArray("'''while x:\n  return 1'''") << 0 << 0.1f << 0.1f;
    QTest::newRow("preprocessor line") << QByteArray("#include <vector>\nint x;\n") << QByteArray("auto")
                                       << QByteArray("#include <vector>") << 0 << 0.1f << 0.1f;
    QTest::newRow("number literal") << QByteArray("x = 42;") << QByteArray("c") << QByteArray("42") << 0 << 0.3f << 0.3f;
    QTest::newRow("break") << QByteArray("while (1) {\n  if (done) break;\n}\n") << QByteArray("c") << QByteArray("break")
                           << 0 << 0.6f << 0.6f;
    QTest::newRow("raise") << QByteArray("raise ValueError(msg)\n") << QByteArray("python") << QByteArray("raise") << 0
                           << 0.6f << 0.6f;
}

void TestDensityRules::codeScores() {
    QFETCH(QByteArray, code);
    QFETCH(QByteArray, language);
    QFETCH(QByteArray, part);
    QFETCH(int, occurrence);
    QFETCH(float, min);
    QFETCH(float, max);

    const std::string text = code.toStdString();
    const std::vector<float> scores = codeByteScores(text, languageFrom(language));
    QCOMPARE(scores.size(), text.size());
    const std::optional<Bounds> bounds = boundsOf(scores, text, part.toStdString(), occurrence);
    QVERIFY2(bounds.has_value(), "part not found in the text");
    QCOMPARE(bounds->min, min);
    QCOMPARE(bounds->max, max);
}

void TestDensityRules::codeBlanksScoreZero() {
    const std::string text = "def f(a, b):\n\tif a < b:\n        return f(b, a)\n    x = g(a)  \n";
    const std::vector<float> scores = codeByteScores(text);
    QCOMPARE(scores.size(), text.size());
    for (std::size_t b = 0; b < text.size(); ++b) {
        if (std::isspace(static_cast<unsigned char>(text[b]))) QCOMPARE(scores[b], 0.0f);
    }
    // The bytes of `i < n` outrank the accumulator in the example of method.md.
    const std::string loop = "while (i < n) { total = total + f(i); }";
    const std::vector<float> loopScores = codeByteScores(loop);
    QVERIFY(boundsOf(loopScores, loop, "i < n", 0)->min > boundsOf(loopScores, loop, "total", 0)->max);
}

void TestDensityRules::codeLanguageDetection_data() {
    QTest::addColumn<QByteArray>("code");
    QTest::addColumn<bool>("python");
    QTest::newRow("python function") << QByteArray("def f(x):\n    if x:\n        return 1\n    return 2\n") << true;
    QTest::newRow("C function") << QByteArray("int f(int x) {\n    if (x) return 1;\n    return 2;\n}\n") << false;
    QTest::newRow("C with include") << QByteArray("#include <stdio.h>\nint main() { return 0; }\n") << false;
    QTest::newRow("empty text is C-like") << QByteArray("") << false;
}

void TestDensityRules::codeLanguageDetection() {
    QFETCH(QByteArray, code);
    QFETCH(bool, python);
    QCOMPARE(detectCodeLanguage(code.toStdString()) == CodeLanguage::Python, python);
}

void TestDensityRules::mathScores_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("part");
    QTest::addColumn<int>("occurrence");
    QTest::addColumn<float>("min");
    QTest::addColumn<float>("max");

    const QByteArray chain = "x = 3 * 4 = 12\n#### 12";
    QTest::newRow("final answer after ####") << chain << QByteArray("12") << 1 << 1.0f << 1.0f;
    QTest::newRow("result after =") << chain << QByteArray("12") << 0 << 1.0f << 1.0f;
    QTest::newRow("operand right after = is not a result") << chain << QByteArray("3") << 0 << 0.9f << 0.9f;
    QTest::newRow("operator in an equation") << chain << QByteArray("*") << 0 << 0.9f << 0.9f;
    QTest::newRow("variable in an equation") << chain << QByteArray("x") << 0 << 0.9f << 0.9f;
    QTest::newRow("#### marker itself") << chain << QByteArray("####") << 0 << 0.05f << 0.05f;

    QTest::newRow("boxed fraction") << QByteArray("\\boxed{\\frac{1}{2}}") << QByteArray("\\boxed{\\frac{1}{2}}") << 0
                                    << 1.0f << 1.0f;
    QTest::newRow("boxed with nested braces") << QByteArray("The answer is \\boxed{2^{10}}.")
                                              << QByteArray("\\boxed{2^{10}}") << 0 << 1.0f << 1.0f;
    QTest::newRow("words before boxed") << QByteArray("The answer is \\boxed{2^{10}}.") << QByteArray("The answer is")
                                        << 0 << 0.1f << 0.1f;
    QTest::newRow("the answer is N") << QByteArray("So the answer is 42.") << QByteArray("42") << 0 << 1.0f << 1.0f;
    QTest::newRow("sentence end after the answer") << QByteArray("So the answer is 42.") << QByteArray(".") << 0 << 0.05f << 0.05f;
    QTest::newRow("answer: with sign and dollars") << QByteArray("The answer: $-7$") << QByteArray("-7") << 0 << 1.0f << 1.0f;
    QTest::newRow("Answer: N") << QByteArray("Answer: 12") << QByteArray("12") << 0 << 1.0f << 1.0f;
    QTest::newRow("answer percentage") << QByteArray("the answer is 3.5%") << QByteArray("3.5%") << 0 << 1.0f << 1.0f;

    const QByteArray prose = "She bought 1,234 apples for $5.50 each, 25% off.";
    QTest::newRow("thousands separator") << prose << QByteArray("1,234") << 0 << 0.7f << 0.7f;
    QTest::newRow("decimal") << prose << QByteArray("5.50") << 0 << 0.7f << 0.7f;
    QTest::newRow("percentage") << prose << QByteArray("25%") << 0 << 0.7f << 0.7f;
    QTest::newRow("word") << prose << QByteArray("apples") << 0 << 0.1f << 0.1f;
    QTest::newRow("comma") << prose << QByteArray(",") << 1 << 0.05f << 0.05f;

    const QByteArray gsm = "Natalia sold 48/2 = <<48/2=24>>24 clips in May.";
    QTest::newRow("calculator annotation result") << gsm << QByteArray("24") << 0 << 1.0f << 1.0f;
    QTest::newRow("result after a calculator annotation") << gsm << QByteArray("24") << 1 << 1.0f << 1.0f;
    QTest::newRow("fraction operand") << gsm << QByteArray("48/2") << 0 << 0.9f << 0.9f;
    QTest::newRow("unit word") << gsm << QByteArray("clips") << 0 << 0.1f << 0.1f;

    const QByteArray latex = "\\frac{3}{4} \\times 8 = 6";
    QTest::newRow("frac operator") << latex << QByteArray("\\frac") << 0 << 0.9f << 0.9f;
    QTest::newRow("times operator") << latex << QByteArray("\\times") << 0 << 0.9f << 0.9f;
    QTest::newRow("latex result") << latex << QByteArray("6") << 0 << 1.0f << 1.0f;
    QTest::newRow("cdot operator") << QByteArray("5 \\cdot 3 = 15") << QByteArray("\\cdot") << 0 << 0.9f << 0.9f;
    QTest::newRow("power") << QByteArray("x^2 + 1") << QByteArray("^") << 0 << 0.9f << 0.9f;
    QTest::newRow("fraction result") << QByteArray("x = \\frac{1}{2}") << QByteArray("\\frac{1}{2}") << 0 << 1.0f << 1.0f;
    QTest::newRow("fraction operand after =") << QByteArray("x = \\frac{1}{2} + 1") << QByteArray("\\frac{1}{2}") << 0
                                              << 0.9f << 0.9f;
    QTest::newRow("unicode times") << QByteArray("6 \xC3\x97 7 = 42") << QByteArray("\xC3\x97") << 0 << 0.9f << 0.9f;
    QTest::newRow("unicode times result") << QByteArray("6 \xC3\x97 7 = 42") << QByteArray("42") << 0 << 1.0f << 1.0f;
    QTest::newRow("negative result") << QByteArray("y = -3\n") << QByteArray("-3") << 0 << 1.0f << 1.0f;

    const QByteArray sentence = "The total is 7 - 2 = 5 dollars.";
    QTest::newRow("equation in prose") << sentence << QByteArray("7 - 2") << 0 << 0.9f << 0.9f;
    QTest::newRow("result in prose") << sentence << QByteArray("5") << 0 << 1.0f << 1.0f;
    QTest::newRow("unit after result") << sentence << QByteArray("dollars") << 0 << 0.1f << 0.1f;
    QTest::newRow("hyphen is punctuation") << QByteArray("It is a well-known fact.") << QByteArray("-") << 0 << 0.05f << 0.05f;
    QTest::newRow("lone number") << QByteArray("Step 1: add.") << QByteArray("1") << 0 << 0.7f << 0.7f;
}

void TestDensityRules::mathScores() {
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, part);
    QFETCH(int, occurrence);
    QFETCH(float, min);
    QFETCH(float, max);

    const std::string input = text.toStdString();
    const std::vector<float> scores = mathByteScores(input);
    QCOMPARE(scores.size(), input.size());
    const std::optional<Bounds> bounds = boundsOf(scores, input, part.toStdString(), occurrence);
    QVERIFY2(bounds.has_value(), "part not found in the text");
    QCOMPARE(bounds->min, min);
    QCOMPARE(bounds->max, max);
}

void TestDensityRules::mathBlanksScoreZero() {
    const std::string text = "Each box has 12 eggs.\n12 \\times 3 = 36\n#### 36 \n";
    const std::vector<float> scores = mathByteScores(text);
    for (std::size_t b = 0; b < text.size(); ++b) {
        if (std::isspace(static_cast<unsigned char>(text[b]))) QCOMPARE(scores[b], 0.0f);
    }
}

void TestDensityRules::garbageNeverCrashes_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe\x80\xc3(\xe2\x89 if \xf0\x9f");
    QTest::newRow("unbalanced opening") << QByteArray("if ((((((( x = f([[[{{{");
    QTest::newRow("unbalanced closing") << QByteArray(")))]]]}}} return ))) else :::");
    QTest::newRow("unterminated string") << QByteArray("x = \"never closed\\");
    QTest::newRow("unterminated comment") << QByteArray("/* if (a < b");
    QTest::newRow("unterminated triple quote") << QByteArray("'''\nwhile x:\n");
    QTest::newRow("lone backslash") << QByteArray("\\");
    QTest::newRow("backslash newline") << QByteArray("a = 1 + \\\n 2 \\\r\n");
    QTest::newRow("lone quote") << QByteArray("'");
    QTest::newRow("boxed without braces") << QByteArray("\\boxed{{{{ 1 + ");
    QTest::newRow("boxed at the end") << QByteArray("\\boxed");
    QTest::newRow("markers only") << QByteArray("####");
    QTest::newRow("calculator brackets") << QByteArray("= <<<<>>>> = <<");
    QTest::newRow("answer at the end") << QByteArray("the answer is");
    QTest::newRow("number edge cases") << QByteArray("-.5.5.5 1,000, 1,2345 3/ /4 % -");
    QTest::newRow("ternaries without colons") << QByteArray("a ? b ? c ? (d ? e");
    QTest::newRow("template-like") << QByteArray("a<b<c<d<e>>");
    QTest::newRow("nul bytes") << QByteArray("if (\0a\0 < b)", 12);
    QTest::newRow("preprocessor continuation") << QByteArray("#define X \\\n  1\\");
}

void TestDensityRules::garbageNeverCrashes() {
    QFETCH(QByteArray, bytes);
    const std::string text = bytes.toStdString();
    for (const CodeLanguage language : {CodeLanguage::Auto, CodeLanguage::Python, CodeLanguage::CLike}) {
        const std::vector<float> code = codeByteScores(text, language);
        QCOMPARE(code.size(), text.size());
        QVERIFY(allInUnitRange(code));
    }
    const std::vector<float> math = mathByteScores(text);
    QCOMPARE(math.size(), text.size());
    QVERIFY(allInUnitRange(math));
}

void TestDensityRules::randomBytesStayInRange() {
    ByteSoup soup(20260315);
    for (int round = 0; round < 300; ++round) {
        const std::string text = soup.make(static_cast<std::size_t>(round) * 13 % 2048);
        const std::vector<float> code = codeByteScores(text, round % 2 ? CodeLanguage::Python : CodeLanguage::CLike);
        const std::vector<float> math = mathByteScores(text);
        QCOMPARE(code.size(), text.size());
        QCOMPARE(math.size(), text.size());
        QVERIFY2(allInUnitRange(code), qPrintable(QStringLiteral("code, round %1").arg(round)));
        QVERIFY2(allInUnitRange(math), qPrintable(QStringLiteral("math, round %1").arg(round)));
    }
}

void TestDensityRules::pathologicalInputsRunInLinearTime_data() {
    QTest::addColumn<QByteArray>("unit");
    QTest::newRow("open brackets") << QByteArray("if (");
    QTest::newRow("headers without end") << QByteArray("if x ");
    QTest::newRow("assignments of calls") << QByteArray("x = a.b.c(");
    QTest::newRow("chained assignments") << QByteArray("a = ");
    QTest::newRow("ternaries") << QByteArray("a ? ");
    QTest::newRow("templates") << QByteArray("a<b, c");
    QTest::newRow("comments") << QByteArray("/**/ ");
    QTest::newRow("boxed") << QByteArray("\\boxed{");
    QTest::newRow("calculator") << QByteArray("= <<");
    QTest::newRow("answers") << QByteArray("answer is ");
    QTest::newRow("hashes") << QByteArray("#### 1 ");
    QTest::newRow("one huge line of numbers") << QByteArray("1,000 + ");
}

void TestDensityRules::pathologicalInputsRunInLinearTime() {
    QFETCH(QByteArray, unit);
    // 300 kB of one pattern: linear passes take milliseconds, a quadratic one would take minutes.
    std::string text;
    while (text.size() < 300000) text += unit.toStdString();
    QElapsedTimer timer;
    timer.start();
    const std::vector<float> code = codeByteScores(text);
    const std::vector<float> python = codeByteScores(text, CodeLanguage::Python);
    const std::vector<float> math = mathByteScores(text);
    QVERIFY2(timer.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
    QCOMPARE(code.size(), text.size());
    QCOMPARE(python.size(), text.size());
    QCOMPARE(math.size(), text.size());
}

void TestDensityRules::tokenScoresFromBytes_data() {
    QTest::addColumn<int>("begin");
    QTest::addColumn<int>("end");
    QTest::addColumn<float>("expected");
    // Response byte scores used below: 0.1 0.9 0.3 NaN 2.0 0.2
    QTest::newRow("maximum over the covered bytes") << 0 << 3 << 0.9f;
    QTest::newRow("single byte") << 2 << 3 << 0.3f;
    QTest::newRow("empty token") << 1 << 1 << 0.0f;
    QTest::newRow("reversed range") << 3 << 1 << 0.0f;
    QTest::newRow("NaN counts as zero") << 3 << 4 << 0.0f;
    QTest::newRow("clamped to one") << 4 << 5 << 1.0f;
    QTest::newRow("clipped at the end of the scores") << 5 << 40 << 0.2f;
    QTest::newRow("entirely past the end") << 10 << 12 << 0.0f;
}

void TestDensityRules::tokenScoresFromBytes() {
    QFETCH(int, begin);
    QFETCH(int, end);
    QFETCH(float, expected);
    TokenizedRecord record = makeRecord("ab", "");
    QCOMPARE(record.promptTokens, std::size_t{1});
    Token token;
    token.begin = static_cast<std::uint32_t>(begin);
    token.end = static_cast<std::uint32_t>(end);
    record.tokens.push_back(token);
    const std::vector<float> bytes = {0.1f, 0.9f, 0.3f, NAN, 2.0f, 0.2f};
    const std::vector<float> scores = maskscope::tokenScoresFromBytes(record, bytes);
    QCOMPARE(scores.size(), std::size_t{2});
    QCOMPARE(scores[0], 0.0f);  // the prompt token, even where the bytes score high
    QCOMPARE(scores[1], expected);
}

void TestDensityRules::sourcesScoreTokensAndZeroThePrompt() {
    // The prompt holds hub-like text; only the response may score.
    const TokenizedRecord code = makeRecord("if a < b: return c", "while (i < n) { total = total + f(i); }");
    const auto codeSource = DensityRegistry::instance().create("rules:code", {});
    const std::vector<float> codeScores = codeSource->score(code);
    QCOMPARE(codeScores.size(), code.size());
    for (std::size_t i = 0; i < code.promptTokens; ++i) QCOMPARE(codeScores[i], 0.0f);
    QVERIFY(allInUnitRange(codeScores));
    const auto less = responseToken(code, "<");
    const auto total = responseToken(code, "total");
    QVERIFY(less && total);
    QCOMPARE(codeScores[*less], 1.0f);
    QCOMPARE(codeScores[*total], 0.2f);
    QVERIFY(codeScores[*less] > codeScores[*total]);

    const TokenizedRecord math = makeRecord("What is 3 * 4 = ?", "x = 3 * 4 = 12\n#### 12");
    const auto mathSource = DensityRegistry::instance().create("rules:math", {});
    const std::vector<float> mathScores = mathSource->score(math);
    QCOMPARE(mathScores.size(), math.size());
    for (std::size_t i = 0; i < math.promptTokens; ++i) QCOMPARE(mathScores[i], 0.0f);
    const auto finalAnswer = responseToken(math, "12", 1);
    const auto hashes = responseToken(math, "#");
    QVERIFY(finalAnswer && hashes);
    QCOMPARE(mathScores[*finalAnswer], 1.0f);
    QCOMPARE(mathScores[*hashes], 0.05f);
}

void TestDensityRules::registryListsBuiltins() {
    const auto list = DensityRegistry::instance().list();
    std::vector<std::string> names;
    for (const auto& [name, description] : list) {
        names.push_back(name);
        QVERIFY2(!description.empty(), name.c_str());
    }
    QVERIFY(std::is_sorted(names.begin(), names.end()));
    for (const char* builtin : {"annotations", "rules:code", "rules:math"}) {
        QVERIFY2(std::find(names.begin(), names.end(), builtin) != names.end(), builtin);
        QVERIFY(DensityRegistry::instance().contains(builtin));
    }
    QVERIFY(!DensityRegistry::instance().contains("rules:prose"));
}

void TestDensityRules::registryCreatesSources() {
    for (const char* name : {"rules:code", "rules:math"}) {
        const auto source = DensityRegistry::instance().create(name, {});
        QVERIFY(source);
        QCOMPARE(source->name(), std::string(name));
    }
    // The annotation source needs an annotation set and says so.
    QVERIFY_THROWS_EXCEPTION(UsageError, DensityRegistry::instance().create("annotations", {}));
}

void TestDensityRules::registryRejectsUnknownNames() {
    try {
        DensityRegistry::instance().create("rules:poetry", {});
        QFAIL("an unknown source was created");
    } catch (const UsageError& error) {
        const std::string message = error.what();
        QVERIFY2(message.find("rules:poetry") != std::string::npos, error.what());
        for (const char* known : {"annotations", "rules:code", "rules:math"})
            QVERIFY2(message.find(known) != std::string::npos, error.what());
    }
}

void TestDensityRules::registryAcceptsNewSources() {
    class Constant final : public DensitySource {
    public:
        std::string name() const override { return "test:constant"; }
        std::vector<float> score(const TokenizedRecord& record) const override {
            std::vector<float> scores(record.size(), 0.5f);
            std::fill(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(record.promptTokens), 0.0f);
            return scores;
        }
    };
    DensityRegistry registry;  // a private registry: the process-wide one stays untouched
    QVERIFY(registry.list().empty());
    QVERIFY_THROWS_EXCEPTION(UsageError, registry.create("rules:code", {}));
    registry.add("test:constant", "always 0.5", [](const DensityContext&) { return std::make_unique<Constant>(); });
    QVERIFY(registry.contains("test:constant"));
    QCOMPARE(registry.list().size(), std::size_t{1});
    QCOMPARE(registry.list().front().second, std::string("always 0.5"));
    const auto source = registry.create("test:constant", {});
    QCOMPARE(source->score(makeRecord("p", "a b")).back(), 0.5f);

    QVERIFY_THROWS_EXCEPTION(UsageError, registry.add("", "nameless", [](const DensityContext&) {
        return std::make_unique<Constant>();
    }));
    QVERIFY_THROWS_EXCEPTION(UsageError, registry.add("test:empty", "no factory", DensityFactory{}));
    registry.add("test:null", "returns nothing", [](const DensityContext&) { return std::unique_ptr<DensitySource>{}; });
    QVERIFY_THROWS_EXCEPTION(UsageError, registry.create("test:null", {}));
}

void TestDensityRules::sourcesValidateParams() {
    DensityContext python;
    python.params["language"] = "python";
    QVERIFY(DensityRegistry::instance().create("rules:code", python));

    DensityContext badLanguage;
    badLanguage.params["language"] = "cobol";
    QVERIFY_THROWS_EXCEPTION(UsageError, DensityRegistry::instance().create("rules:code", badLanguage));

    DensityContext unknown;
    unknown.params["k"] = "4";
    QVERIFY_THROWS_EXCEPTION(UsageError, DensityRegistry::instance().create("rules:code", unknown));
    QVERIFY_THROWS_EXCEPTION(UsageError, DensityRegistry::instance().create("rules:math", unknown));

    // The language param changes how '#' and '//' read.
    const TokenizedRecord record = makeRecord("", "q = a // b");
    const auto asPython = DensityRegistry::instance().create("rules:code", python)->score(record);
    const auto slash = responseToken(record, "/");
    QVERIFY(slash);
    QCOMPARE(asPython[*slash], 0.4f);
    DensityContext cLike;
    cLike.params["language"] = "c";
    const auto asC = DensityRegistry::instance().create("rules:code", cLike)->score(record);
    QCOMPARE(asC[*slash], 0.0f);  // a C++ line comment
}

QTEST_APPLESS_MAIN(TestDensityRules)
#include "test_density_rules.moc"
