#include "density_rules_math.h"

#include "ascii_class.h"
#include "error.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace maskscope {
namespace {

using namespace math_scores;

enum class MathKind : std::uint8_t { Space, Newline, Number, Word, Command, Operator, Bracket, Dollar, Punctuation };

struct MathLexeme {
    MathKind kind;
    std::size_t begin;
    std::size_t end;
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

using ascii::isAlpha;
using ascii::isBlank;
using ascii::isDigit;

// Multi-byte operators, longest first within each leading byte; UTF-8 ones by their bytes.
constexpr auto kOperatorSpellings = std::to_array<std::string_view>({
    "<=", ">=", "!=", "==", "**",
    "\xC3\x97",      // ×
    "\xC3\xB7",      // ÷
    "\xC2\xB7",      // ·
    "\xC2\xB1",      // ±
    "\xE2\x88\x92",  // − (minus sign)
    "\xE2\x89\xA4",  // ≤
    "\xE2\x89\xA5",  // ≥
    "\xE2\x89\xA0",  // ≠
    "\xE2\x89\x88",  // ≈
    "\xE2\x8B\x85",  // ⋅
});

constexpr auto kOperatorCommands = std::to_array<std::string_view>({
    "\\times", "\\cdot", "\\div", "\\pm", "\\mp", "\\le", "\\leq", "\\ge", "\\geq", "\\ne", "\\neq", "\\lt", "\\gt",
    "\\approx", "\\equiv", "\\mod", "\\bmod", "\\pmod", "\\cap", "\\cup", "\\setminus", "\\to",
});
constexpr auto kPrefixCommands = std::to_array<std::string_view>({
    "\\frac", "\\dfrac", "\\tfrac", "\\cfrac", "\\sqrt", "\\binom", "\\sum", "\\prod", "\\int", "\\lim", "\\log",
    "\\ln", "\\exp", "\\sin", "\\cos", "\\tan",
});
// Commands that only lay out or delimit math: neither operand nor operator.
constexpr auto kNeutralCommands = std::to_array<std::string_view>({
    "\\left", "\\right", "\\text", "\\mathrm", "\\mathbf", "\\textbf", "\\quad", "\\qquad", "\\displaystyle",
    "\\big", "\\Big", "\\bigg", "\\Bigg", "\\,", "\\;", "\\!", "\\:", "\\ ", "\\(", "\\)", "\\[", "\\]", "\\$",
    "\\%", "\\{", "\\}", "\\boxed", "\\fbox",
});
// Operators after which a number is still an operand, not a result.
constexpr auto kArithmetic = std::to_array<std::string_view>({
    "+", "-", "*", "/", "^", "**", "\xC3\x97", "\xC3\xB7", "\xC2\xB7", "\xC2\xB1", "\xE2\x88\x92", "\xE2\x8B\x85",
    "\\times", "\\cdot", "\\div", "\\pm", "\\mp",
});
constexpr auto kFractionCommands = std::to_array<std::string_view>({"\\frac", "\\dfrac", "\\tfrac", "\\cfrac"});

template <std::size_t N>
bool isOneOf(std::string_view text, const std::array<std::string_view, N>& set) {
    return std::find(set.begin(), set.end(), text) != set.end();
}

class MathLexer {
public:
    explicit MathLexer(std::string_view text) : m_text(text) {}

    std::vector<MathLexeme> run() {
        std::vector<MathLexeme> out;
        out.reserve(m_text.size() / 3 + 1);
        std::size_t i = 0;
        while (i < m_text.size()) {
            const std::size_t start = i;
            const MathKind kind = lexOne(i);
            out.push_back({kind, start, i});
        }
        return out;
    }

private:
    unsigned char at(std::size_t i) const { return i < m_text.size() ? static_cast<unsigned char>(m_text[i]) : 0; }

    // A '-' before a digit is a sign when what precedes it cannot end an operand.
    bool isSign(std::size_t i) const {
        if (at(i) != '-' || !isDigit(at(i + 1))) return false;
        if (i == 0) return true;
        const unsigned char previous = at(i - 1);
        return isBlank(previous) || previous == '\n' || previous == '(' || previous == '[' || previous == '{' ||
               previous == '=' || previous == '$';
    }

    // The length of the multi-byte operator spelled at `i`, or 0.
    std::size_t startsWithOperator(std::size_t i) const {
        const std::string_view rest = m_text.substr(i);
        for (const std::string_view spelling : kOperatorSpellings)
            if (rest.starts_with(spelling)) return spelling.size();
        return 0;
    }

    void digits(std::size_t& i) const {
        while (isDigit(at(i))) ++i;
    }

    void number(std::size_t& i) const {
        if (at(i) == '-') ++i;
        digits(i);
        // Thousands separators: ",ddd" not followed by another digit.
        while (at(i) == ',' && isDigit(at(i + 1)) && isDigit(at(i + 2)) && isDigit(at(i + 3)) && !isDigit(at(i + 4)))
            i += 4;
        if (at(i) == '.' && isDigit(at(i + 1))) {
            ++i;
            digits(i);
        }
        if (at(i) == '/' && isDigit(at(i + 1))) {
            ++i;
            digits(i);
        }
        if (at(i) == '%') ++i;
    }

    MathKind lexOne(std::size_t& i) {
        const unsigned char c = at(i);
        if (c == '\n') {
            ++i;
            return MathKind::Newline;
        }
        if (isBlank(c)) {
            while (i < m_text.size() && isBlank(at(i))) ++i;
            return MathKind::Space;
        }
        if (isDigit(c) || isSign(i) || (c == '.' && isDigit(at(i + 1)) && (i == 0 || !isDigit(at(i - 1))))) {
            number(i);
            return MathKind::Number;
        }
        if (c == '\\') {
            ++i;
            if (isAlpha(at(i))) {
                while (isAlpha(at(i))) ++i;
            } else if (i < m_text.size()) {
                ++i;  // \$ \{ \, \\ ...: the escaped byte
            }
            return MathKind::Command;
        }
        if (const std::size_t length = startsWithOperator(i)) {
            i += length;
            return MathKind::Operator;
        }
        if (isAlpha(c) || c >= 0x80) {
            while (i < m_text.size() && (isAlpha(at(i)) || at(i) >= 0x80)) {
                // A UTF-8 operator ends the word (2x×3: "x" then "×").
                if (at(i) >= 0x80 && startsWithOperator(i)) break;
                ++i;
            }
            return MathKind::Word;
        }
        ++i;
        switch (c) {
        case '+': case '-': case '*': case '/': case '=': case '<': case '>': case '^':
            return MathKind::Operator;
        case '(': case ')': case '[': case ']': case '{': case '}':
            return MathKind::Bracket;
        case '$':
            return MathKind::Dollar;
        default:
            return MathKind::Punctuation;
        }
    }

    std::string_view m_text;
};

class MathScorer {
public:
    explicit MathScorer(std::string_view text)
        : m_text(text), m_lexemes(MathLexer(text).run()), m_score(m_lexemes.size(), 0.0f) {
        matchBraces();
        findCalculatorAnnotations();
    }

    std::vector<float> run() {
        scoreRuns();
        for (std::size_t j = 0; j < m_lexemes.size(); ++j) {
            const MathLexeme& lexeme = m_lexemes[j];
            if (lexeme.kind == MathKind::Operator && text(j) == "=") markResultAfter(j);
            if (lexeme.kind == MathKind::Command && (text(j) == "\\boxed" || text(j) == "\\fbox")) markBoxed(j);
            if (lexeme.kind == MathKind::Word && isAnswerWord(j)) markAnswerAfter(j);
        }
        markHashAnswers();
        return byteScores();
    }

private:
    enum class Role { Space, Operand, Operator, Prefix, Neutral, Breaker };

    std::string_view text(std::size_t j) const {
        return m_text.substr(m_lexemes[j].begin, m_lexemes[j].end - m_lexemes[j].begin);
    }
    bool isKind(std::size_t j, MathKind kind) const { return j < m_lexemes.size() && m_lexemes[j].kind == kind; }
    bool isBracket(std::size_t j, char c) const { return isKind(j, MathKind::Bracket) && m_text[m_lexemes[j].begin] == c; }
    std::size_t nextNonSpace(std::size_t j) const {
        for (++j; j < m_lexemes.size(); ++j)
            if (m_lexemes[j].kind != MathKind::Space) return j;
        return kNone;
    }

    void matchBraces() {
        m_match.assign(m_lexemes.size(), kNone);
        std::vector<std::size_t> stack;
        for (std::size_t j = 0; j < m_lexemes.size(); ++j) {
            if (isBracket(j, '{')) {
                stack.push_back(j);
            } else if (isBracket(j, '}') && !stack.empty()) {
                m_match[stack.back()] = j;
                stack.pop_back();
            }
        }
    }

    // GSM8K calculator annotations "<<48/2=24>>" on one line: the first '<' maps to the last '>'.
    void findCalculatorAnnotations() {
        m_annotationEnd.assign(m_lexemes.size(), kNone);
        std::size_t open = kNone;
        for (std::size_t j = 0; j + 1 < m_lexemes.size(); ++j) {
            if (m_lexemes[j].kind == MathKind::Newline) open = kNone;
            const bool pairAhead = m_lexemes[j].end == m_lexemes[j + 1].begin;
            if (pairAhead && text(j) == "<" && text(j + 1) == "<") {
                open = j;
                ++j;
            } else if (pairAhead && text(j) == ">" && text(j + 1) == ">" && open != kNone) {
                m_annotationEnd[open] = j + 1;
                open = kNone;
                ++j;
            }
        }
    }

    Role roleOf(std::size_t j) const {
        const std::string_view t = text(j);
        switch (m_lexemes[j].kind) {
        case MathKind::Space:
            return Role::Space;
        case MathKind::Number:
            return Role::Operand;
        case MathKind::Word:
            return isVariable(t) ? Role::Operand : Role::Breaker;
        case MathKind::Command:
            if (isOneOf(t, kOperatorCommands)) return Role::Operator;
            if (isOneOf(t, kPrefixCommands)) return Role::Prefix;
            if (isOneOf(t, kNeutralCommands)) return Role::Neutral;
            return t == "\\\\" ? Role::Breaker : Role::Operand;  // \pi, \alpha, \infty ...
        case MathKind::Operator:
            return Role::Operator;
        case MathKind::Bracket:
        case MathKind::Dollar:
            return Role::Neutral;
        case MathKind::Punctuation:
            return t == "_" ? Role::Neutral : Role::Breaker;
        case MathKind::Newline:
            return Role::Breaker;
        }
        return Role::Breaker;
    }

    // One character: an ASCII letter or a single UTF-8 sequence (π, θ).
    static bool isVariable(std::string_view word) {
        if (word.size() == 1) return isAlpha(static_cast<unsigned char>(word[0]));
        const unsigned char lead = static_cast<unsigned char>(word[0]);
        const std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
        return length == word.size();
    }

    static float baseScore(MathKind kind) {
        switch (kind) {
        case MathKind::Space:
        case MathKind::Newline:
            return kWhitespace;
        case MathKind::Number:
            return kNumber;
        case MathKind::Word:
        case MathKind::Command:
            return kWord;
        default:
            return kPunctuation;
        }
    }

    void scoreRuns() {
        std::size_t first = kNone;
        std::size_t last = kNone;
        bool operandSeen = false;
        bool operatorPending = false;
        bool equation = false;
        auto endRun = [&] {
            if (equation && first != kNone)
                for (std::size_t k = first; k <= last; ++k)
                    if (m_lexemes[k].kind != MathKind::Space) m_score[k] = kEquation;
            first = last = kNone;
            operandSeen = operatorPending = equation = false;
        };
        for (std::size_t j = 0; j < m_lexemes.size(); ++j) {
            m_score[j] = baseScore(m_lexemes[j].kind);
            const Role role = roleOf(j);
            if (role == Role::Space) continue;
            if (role == Role::Breaker) {
                endRun();
                continue;
            }
            if (first == kNone) first = j;
            last = j;
            if (role == Role::Operand) {
                if (operatorPending) equation = true;
                operandSeen = true;
                operatorPending = false;
            } else if (role == Role::Operator) {
                operatorPending = operatorPending || operandSeen;
            } else if (role == Role::Prefix) {
                operatorPending = true;
            }
        }
        endRun();
    }

    void addRange(std::size_t firstLexeme, std::size_t lastLexeme) {
        m_ranges.push_back({m_lexemes[firstLexeme].begin, m_lexemes[lastLexeme].end});
    }

    bool followedByArithmetic(std::size_t j) const {
        const std::size_t next = nextNonSpace(j);
        if (next == kNone) return false;
        if (isBracket(next, '(')) return true;
        const MathKind kind = m_lexemes[next].kind;
        return (kind == MathKind::Operator || kind == MathKind::Command) && isOneOf(text(next), kArithmetic);
    }

    // Skips blanks, '$', '\$' and calculator annotations after `j`; returns the next lexeme.
    std::size_t skipToValue(std::size_t j) const {
        std::size_t k = nextNonSpace(j);
        for (int guard = 0; guard < 8 && k != kNone; ++guard) {
            if (isKind(k, MathKind::Dollar) || (isKind(k, MathKind::Command) && text(k) == "\\$")) {
                k = nextNonSpace(k);
            } else if (m_annotationEnd[k] != kNone) {
                k = nextNonSpace(m_annotationEnd[k]);
            } else {
                break;
            }
        }
        return k;
    }

    void markResultAfter(std::size_t j) {
        const std::size_t value = skipToValue(j);
        if (value == kNone) return;
        if (isKind(value, MathKind::Number)) {
            if (!followedByArithmetic(value)) addRange(value, value);
            return;
        }
        if (isKind(value, MathKind::Command) && isOneOf(text(value), kFractionCommands)) {
            const std::size_t numerator = nextNonSpace(value);
            if (!isBracket(numerator, '{') || m_match[numerator] == kNone) return;
            const std::size_t denominator = nextNonSpace(m_match[numerator]);
            if (!isBracket(denominator, '{') || m_match[denominator] == kNone) return;
            if (!followedByArithmetic(m_match[denominator])) addRange(value, m_match[denominator]);
        }
    }

    void markBoxed(std::size_t j) {
        const std::size_t open = nextNonSpace(j);
        if (isBracket(open, '{') && m_match[open] != kNone) {
            addRange(j, m_match[open]);
            return;
        }
        // Unclosed or brace-less: the command and the rest of its line.
        std::size_t last = j;
        for (std::size_t k = j + 1; k < m_lexemes.size() && m_lexemes[k].kind != MathKind::Newline; ++k) last = k;
        addRange(j, last);
    }

    bool isAnswerWord(std::size_t j) const {
        const std::string_view t = text(j);
        if (t.size() != 6) return false;
        static constexpr std::string_view kAnswer = "answer";
        for (std::size_t i = 0; i < 6; ++i)
            if ((t[i] | 0x20) != kAnswer[i]) return false;
        return true;
    }

    // "answer is N", "answer: N", "answer is: N".
    void markAnswerAfter(std::size_t j) {
        std::size_t k = nextNonSpace(j);
        if (isKind(k, MathKind::Word) && text(k).size() == 2 && (text(k)[0] | 0x20) == 'i' && (text(k)[1] | 0x20) == 's') {
            k = nextNonSpace(k);
            if (isKind(k, MathKind::Punctuation) && text(k) == ":") k = nextNonSpace(k);
        } else if (isKind(k, MathKind::Punctuation) && text(k) == ":") {
            k = nextNonSpace(k);
        } else {
            return;
        }
        for (int guard = 0; guard < 6 && k != kNone; ++guard) {
            const std::string_view t = text(k);
            const bool skippable = isKind(k, MathKind::Dollar) || t == "\\(" || t == "\\$" || t == "*" || t == "**";
            if (!skippable) break;
            k = nextNonSpace(k);
        }
        if (isKind(k, MathKind::Number)) addRange(k, k);
    }

    // "#### 72": the rest of the line after the marker, without surrounding blanks.
    void markHashAnswers() {
        std::size_t position = 0;
        while (position < m_text.size()) {
            const std::size_t marker = m_text.find("####", position);
            if (marker == std::string_view::npos) return;
            std::size_t begin = marker + 4;
            while (begin < m_text.size() && m_text[begin] == '#') ++begin;
            std::size_t end = m_text.find('\n', begin);
            if (end == std::string_view::npos) end = m_text.size();
            position = end;
            while (begin < end && isBlank(static_cast<unsigned char>(m_text[begin]))) ++begin;
            std::size_t stop = end;
            while (stop > begin && isBlank(static_cast<unsigned char>(m_text[stop - 1]))) --stop;
            if (stop > begin) m_ranges.push_back({begin, stop});
        }
    }

    std::vector<float> byteScores() const {
        std::vector<float> scores(m_text.size(), 0.0f);
        std::vector<std::int32_t> cover(m_text.size() + 1, 0);
        for (const auto& [begin, end] : m_ranges) {
            ++cover[begin];
            --cover[end];
        }
        std::int32_t depth = 0;
        std::size_t j = 0;
        for (std::size_t b = 0; b < m_text.size(); ++b) {
            depth += cover[b];
            while (m_lexemes[j].end <= b) ++j;
            const MathKind kind = m_lexemes[j].kind;
            const bool blank = kind == MathKind::Space || kind == MathKind::Newline;
            scores[b] = depth > 0 && !blank ? kFinalAnswer : m_score[j];
        }
        return scores;
    }

    std::string_view m_text;
    std::vector<MathLexeme> m_lexemes;
    std::vector<float> m_score;                 // per lexeme: base or equation score
    std::vector<std::size_t> m_match;           // per '{': its '}'
    std::vector<std::size_t> m_annotationEnd;   // per first '<' of "<<": the last '>' of ">>"
    std::vector<std::pair<std::size_t, std::size_t>> m_ranges;  // results and answers, bytes
};

class MathRulesDensity final : public DensitySource {
public:
    std::string name() const override { return "rules:math"; }
    std::vector<float> score(const TokenizedRecord& record) const override {
        return tokenScoresFromBytes(record, mathByteScores(record.record.response));
    }
};

}  // namespace

std::vector<float> mathByteScores(std::string_view text) {
    if (text.empty()) return {};
    return MathScorer(text).run();
}

std::unique_ptr<DensitySource> makeMathRulesDensity(const DensityContext& context) {
    if (!context.params.empty())
        throw UsageError("rules:math takes no parameters (got '" + context.params.begin()->first + "')");
    return std::make_unique<MathRulesDensity>();
}

}  // namespace maskscope
