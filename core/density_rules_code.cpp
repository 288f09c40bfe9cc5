#include "density_rules_code.h"

#include "ascii_class.h"
#include "error.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

namespace maskscope {
namespace {

using namespace code_scores;

// ---------------------------------------------------------------------------------------------
// Lexer: splits the text into lexemes covering every byte exactly once.
// ---------------------------------------------------------------------------------------------

enum class LexKind : std::uint8_t {
    Space,         // blanks and tabs (not newlines)
    Newline,       // one '\n'
    Continuation,  // a backslash before a newline, with the newline
    Comment,
    String,        // string or character literal, quotes included
    Number,
    Word,          // identifier or keyword
    Symbol,        // operator or punctuation
    Preprocessor,  // a whole C preprocessor line
};

struct Lexeme {
    LexKind kind;
    std::size_t begin;
    std::size_t end;
};

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

using ascii::isAlpha;
using ascii::isBlank;
using ascii::isDigit;
// Bytes of multi-byte UTF-8 characters (and invalid bytes) are read as identifier bytes.
bool isWordStart(unsigned char c) { return isAlpha(c) || c == '_' || c == '$' || c >= 0x80; }
bool isWordByte(unsigned char c) { return isWordStart(c) || isDigit(c); }

// Operators made of several characters, longest first so that the first match is the longest.
constexpr auto kMultiCharSymbols = std::to_array<std::string_view>({
    "<=>", "===", "!==", ">>=", "<<=", "**=", "//=", "...", "?\?=", "&&=", "||=",
    "==",  "!=",  "<=",  ">=",  "&&",  "||",  "->",  "=>",  "::",  ":=",  "+=", "-=", "*=",
    "/=",  "%=",  "&=",  "|=",  "^=",  "<<",  ">>",  "++",  "--",  "**",  "//", "?.", "??", "@=",
});

constexpr auto kDirectives = std::to_array<std::string_view>({
    "include", "define", "undef", "if", "ifdef", "ifndef", "elif", "else", "endif", "pragma", "error", "line",
});

class CodeLexer {
public:
    CodeLexer(std::string_view text, bool python) : m_text(text), m_python(python) {}

    std::vector<Lexeme> run() {
        std::vector<Lexeme> out;
        out.reserve(m_text.size() / 3 + 1);
        bool lineStart = true;  // only blanks so far on this line
        std::size_t i = 0;
        const std::size_t n = m_text.size();
        while (i < n) {
            const unsigned char c = at(i);
            const std::size_t start = i;
            if (c == '\n') {
                out.push_back({LexKind::Newline, i, i + 1});
                ++i;
                lineStart = true;
                continue;
            }
            if (isBlank(c)) {
                while (i < n && isBlank(at(i))) ++i;
                out.push_back({LexKind::Space, start, i});
                continue;
            }
            if (c == '\\' && (at(i + 1) == '\n' || (at(i + 1) == '\r' && at(i + 2) == '\n'))) {
                i += at(i + 1) == '\n' ? 2 : 3;
                out.push_back({LexKind::Continuation, start, i});
                lineStart = false;
                continue;
            }
            const bool wasLineStart = lineStart;
            lineStart = false;
            const LexKind kind = lexOne(i, wasLineStart);
            out.push_back({kind, start, i});
        }
        return out;
    }

private:
    // The byte at `i`, or 0 past the end (0 never starts or continues any lexeme rule below).
    unsigned char at(std::size_t i) const { return i < m_text.size() ? static_cast<unsigned char>(m_text[i]) : 0; }

    std::size_t endOfLine(std::size_t i) const {
        const std::size_t newline = m_text.find('\n', i);
        return newline == std::string_view::npos ? m_text.size() : newline;
    }

    // Lexes one lexeme that starts at `i` (not a blank, newline or continuation) and advances `i`.
    LexKind lexOne(std::size_t& i, bool lineStart) {
        const unsigned char c = at(i);
        const unsigned char next = at(i + 1);
        if (m_python && c == '#') {
            i = endOfLine(i);
            return LexKind::Comment;
        }
        if (!m_python) {
            if (c == '/' && next == '/') {
                i = endOfLine(i);
                return LexKind::Comment;
            }
            if (c == '/' && next == '*') {
                const std::size_t close = m_text.find("*/", i + 2);
                i = close == std::string_view::npos ? m_text.size() : close + 2;
                return LexKind::Comment;
            }
            if (c == '#') {
                if (lineStart && isDirective(i + 1)) {
                    i = endOfPreprocessorLine(i);
                    return LexKind::Preprocessor;
                }
                if (next == '[' || next == '!') {
                    ++i;
                    return LexKind::Symbol;
                }
                i = endOfLine(i);  // shell-style comment in a C-like file
                return LexKind::Comment;
            }
        }
        if (c == '"' || (m_python && c == '\'')) {
            i = endOfString(i, c);
            return LexKind::String;
        }
        if (!m_python && c == '`') {
            i = endOfDelimited(i + 1, '`', true);
            return LexKind::String;
        }
        if (!m_python && c == '\'') {
            const std::size_t close = endOfCharLiteral(i);
            if (close != kNone) {
                i = close;
                return LexKind::String;
            }
            ++i;  // a lone quote (a Rust lifetime, an apostrophe): punctuation
            return LexKind::Symbol;
        }
        if (isDigit(c) || (c == '.' && isDigit(next))) {
            ++i;
            while (i < m_text.size()) {
                const unsigned char d = at(i);
                const unsigned char previous = at(i - 1);
                if (isWordByte(d) || d == '.') {
                    ++i;
                } else if ((d == '+' || d == '-') && (previous == 'e' || previous == 'E' || previous == 'p' || previous == 'P')) {
                    ++i;
                } else if (d == '\'' && !m_python && isDigit(at(i + 1))) {
                    ++i;  // C++14 digit separator
                } else {
                    break;
                }
            }
            return LexKind::Number;
        }
        if (isWordStart(c)) {
            while (i < m_text.size() && isWordByte(at(i))) ++i;
            return LexKind::Word;
        }
        const std::string_view rest = m_text.substr(i);
        for (const std::string_view symbol : kMultiCharSymbols) {
            if (rest.starts_with(symbol)) {
                i += symbol.size();
                return LexKind::Symbol;
            }
        }
        ++i;
        return LexKind::Symbol;
    }

    bool isDirective(std::size_t i) const {
        while (at(i) == ' ' || at(i) == '\t') ++i;
        std::size_t end = i;
        while (isAlpha(at(end))) ++end;
        const std::string_view word = m_text.substr(std::min(i, m_text.size()), end - i);
        return std::find(kDirectives.begin(), kDirectives.end(), word) != kDirectives.end();
    }

    // A preprocessor line ends at a newline not preceded by a backslash.
    std::size_t endOfPreprocessorLine(std::size_t i) const {
        while (true) {
            const std::size_t end = endOfLine(i);
            if (end >= m_text.size()) return end;
            std::size_t last = end;
            if (last > i && at(last - 1) == '\r') --last;
            if (last > i && at(last - 1) == '\\') {
                i = end + 1;
                continue;
            }
            return end;
        }
    }

    // From the opening quote at `i`: Python triple quotes span lines, other strings end at the
    // line's end when they are not closed.
    std::size_t endOfString(std::size_t i, unsigned char quote) const {
        if (m_python && at(i + 1) == quote && at(i + 2) == quote) {
            std::size_t j = i + 3;
            while (j < m_text.size()) {
                if (at(j) == '\\') {
                    j += 2;
                } else if (at(j) == quote && at(j + 1) == quote && at(j + 2) == quote) {
                    return j + 3;
                } else {
                    ++j;
                }
            }
            return m_text.size();
        }
        return endOfDelimited(i + 1, quote, false);
    }

    std::size_t endOfDelimited(std::size_t j, unsigned char quote, bool multiLine) const {
        while (j < m_text.size()) {
            const unsigned char d = at(j);
            if (d == '\\') {
                if (at(j + 1) == '\n' && !multiLine) return j;  // leave the continuation to the lexer
                j += 2;
            } else if (d == quote) {
                return j + 1;
            } else if (d == '\n' && !multiLine) {
                return j;
            } else {
                ++j;
            }
        }
        return m_text.size();
    }

    // 'a', '\n', '\x41', '\u00e9': a closing quote within a few bytes on the same line.
    std::size_t endOfCharLiteral(std::size_t i) const {
        const std::size_t limit = std::min(m_text.size(), i + 12);
        std::size_t j = i + 1;
        while (j < limit) {
            const unsigned char d = at(j);
            if (d == '\n') return kNone;
            if (d == '\\') {
                j += 2;
                continue;
            }
            if (d == '\'') return j > i + 1 ? j + 1 : kNone;
            ++j;
        }
        return kNone;
    }

    std::string_view m_text;
    bool m_python;
};

// ---------------------------------------------------------------------------------------------
// Classification of words and symbols.
// ---------------------------------------------------------------------------------------------

enum class SymbolClass { Comparison, Assignment, Operator, Punctuation };

template <std::size_t N>
bool isOneOf(std::string_view text, const std::array<std::string_view, N>& set) {
    return std::find(set.begin(), set.end(), text) != set.end();
}

constexpr auto kHeaderWords = std::to_array<std::string_view>({"if", "elif", "while", "for", "foreach", "switch"});
constexpr auto kReturnWords = std::to_array<std::string_view>({"return", "yield", "co_return", "co_yield"});
constexpr auto kControlWords = std::to_array<std::string_view>(
    {"else", "do", "try", "except", "catch", "finally", "break", "continue", "goto", "raise", "throw", "default"});
constexpr auto kBooleanWords = std::to_array<std::string_view>({"and", "or", "not", "is", "in"});
// Statements whose `:` (Python) opens a block, after which a new statement starts.
constexpr auto kBlockWords = std::to_array<std::string_view>({"if", "elif", "else", "while", "for", "try", "except",
                                                              "finally", "with", "def", "class", "case", "default",
                                                              "async"});

SymbolClass classifySymbol(std::string_view s) {
    static constexpr auto comparison =
        std::to_array<std::string_view>({"==", "!=", "===", "!==", "<=", ">=", "<", ">", "<=>", "&&", "||", "!"});
    static constexpr auto assignment = std::to_array<std::string_view>(
        {"=", ":=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "**=", "//=", "@=", "?\?=", "&&=", "||="});
    static constexpr auto operators = std::to_array<std::string_view>(
        {"+", "-", "*", "/", "%", "**", "//", "++", "--", "&", "|", "^", "~", "<<", ">>", "?.", "??", "@"});
    if (isOneOf(s, comparison)) return SymbolClass::Comparison;
    if (isOneOf(s, assignment)) return SymbolClass::Assignment;
    if (isOneOf(s, operators)) return SymbolClass::Operator;
    return SymbolClass::Punctuation;
}

// ---------------------------------------------------------------------------------------------
// The structural pass.
// ---------------------------------------------------------------------------------------------

class CodeScorer {
public:
    CodeScorer(std::string_view text, bool python)
        : m_text(text), m_python(python), m_lexemes(CodeLexer(text, python).run()),
          m_score(m_lexemes.size(), kIdentifier), m_template(m_lexemes.size(), 0) {
        matchBrackets();
    }

    std::vector<float> run() {
        for (std::size_t j = 0; j < m_lexemes.size(); ++j) visit(j);
        closeRegion();
        return byteScores();
    }

private:
    enum class RegionKind { None, Until, Header, Inline, Return };
    struct Region {
        RegionKind kind = RegionKind::None;
        std::size_t begin = 0;
        std::size_t lastEnd = 0;     // end of the last significant lexeme inside
        std::size_t endByte = 0;     // Until: the region ends here
        int paren = 0;               // bracket depths where the region started
        int brace = 0;
        bool forHeader = false;      // a `for` header does not stop at ';'
        bool statementAfter = false; // Until: a statement starts after the region
    };

    std::string_view text(std::size_t j) const {
        return m_text.substr(m_lexemes[j].begin, m_lexemes[j].end - m_lexemes[j].begin);
    }
    bool isSymbol(std::size_t j, std::string_view s) const {
        return j < m_lexemes.size() && m_lexemes[j].kind == LexKind::Symbol && text(j) == s;
    }
    bool isWord(std::size_t j) const { return j < m_lexemes.size() && m_lexemes[j].kind == LexKind::Word; }
    static bool isInsignificant(LexKind kind) {
        return kind == LexKind::Space || kind == LexKind::Comment || kind == LexKind::Continuation;
    }
    // The next lexeme after `j` that is not a blank, comment or continuation (a newline counts).
    std::size_t nextSignificant(std::size_t j) const {
        for (++j; j < m_lexemes.size(); ++j)
            if (!isInsignificant(m_lexemes[j].kind)) return j;
        return kNone;
    }

    void matchBrackets() {
        m_match.assign(m_lexemes.size(), kNone);
        std::vector<std::size_t> stack;
        for (std::size_t j = 0; j < m_lexemes.size(); ++j) {
            if (m_lexemes[j].kind != LexKind::Symbol || m_lexemes[j].end - m_lexemes[j].begin != 1) continue;
            const char c = m_text[m_lexemes[j].begin];
            if (c == '(' || c == '[' || c == '{') {
                stack.push_back(j);
            } else if (c == ')' || c == ']' || c == '}') {
                const char open = c == ')' ? '(' : c == ']' ? '[' : '{';
                if (!stack.empty() && m_text[m_lexemes[stack.back()].begin] == open) {
                    m_match[stack.back()] = j;
                    stack.pop_back();
                }
            }
        }
    }

    // C++ templates: `<` glued to a name and followed, within a few lexemes on the same line, by
    // names, numbers, '::', ',', '*', '&' and nested angles up to its closing '>'. Returns the
    // index of the closing lexeme and flags every angle as punctuation, or kNone.
    std::size_t templateClose(std::size_t j) {
        if (m_python || j == 0 || m_lexemes[j - 1].kind != LexKind::Word || m_lexemes[j - 1].end != m_lexemes[j].begin)
            return kNone;
        if (j + 1 >= m_lexemes.size() || m_lexemes[j + 1].kind == LexKind::Space) return kNone;
        constexpr std::size_t kLookahead = 24;
        std::vector<std::size_t> angles{j};
        int depth = 1;
        for (std::size_t k = j + 1; k < m_lexemes.size() && k <= j + kLookahead; ++k) {
            const LexKind kind = m_lexemes[k].kind;
            if (kind == LexKind::Word || kind == LexKind::Number || kind == LexKind::Space) continue;
            if (kind != LexKind::Symbol) return kNone;
            const std::string_view s = text(k);
            if (s == "::" || s == "," || s == "*" || s == "&") continue;
            const int change = s == "<" ? 1 : s == ">" ? -1 : s == ">>" ? -2 : 0;
            if (change == 0) return kNone;
            depth += change;
            angles.push_back(k);
            if (depth <= 0) {
                for (const std::size_t a : angles) m_template[a] = 1;
                return k;
            }
        }
        return kNone;
    }

    // Whether a newline after lexeme `j` continues the expression (an operator or comma before it).
    bool continuesLine(std::size_t j) const {
        if (j == kNone) return false;
        if (m_lexemes[j].kind == LexKind::Word) return isOneOf(text(j), kBooleanWords);
        if (m_lexemes[j].kind != LexKind::Symbol) return false;
        const std::string_view s = text(j);
        if (s == "++" || s == "--") return false;
        if (s == "," || s == "(" || s == "[" || s == "." || s == "->" || s == "::" || s == "?") return true;
        return classifySymbol(s) != SymbolClass::Punctuation;
    }

    void beginStatement() {
        m_atStatementStart = true;
        m_atExpressionStart = true;
    }

    void openRegion(RegionKind kind, std::size_t j) {
        m_region = Region{.kind = kind, .begin = m_lexemes[j].begin, .lastEnd = m_lexemes[j].end, .paren = m_paren,
                          .brace = m_brace};
    }

    void openUntil(std::size_t begin, std::size_t end, bool statementAfter) {
        m_ranges.push_back({begin, end});
        m_region = Region{.kind = RegionKind::Until, .endByte = end, .statementAfter = statementAfter};
    }

    void closeRegion() {
        const RegionKind kind = m_region.kind;
        if (kind == RegionKind::Header || kind == RegionKind::Inline || kind == RegionKind::Return) {
            if (m_region.lastEnd > m_region.begin) m_ranges.push_back({m_region.begin, m_region.lastEnd});
        }
        const bool statementAfter = kind == RegionKind::Until && m_region.statementAfter;
        m_region = Region{};
        if (statementAfter) beginStatement();
    }

    // Whether lexeme `j` (before its own depth change) ends the open Header/Inline/Return region.
    bool endsRegion(std::size_t j) const {
        const Lexeme& lexeme = m_lexemes[j];
        const RegionKind kind = m_region.kind;
        const bool sameDepth = m_paren == m_region.paren && m_brace == m_region.brace;
        if (lexeme.kind == LexKind::Newline) {
            if (kind == RegionKind::Return && !m_python) return false;
            if (m_paren > m_region.paren || m_brace > m_region.brace) return false;
            return !continuesLine(m_previous);
        }
        if (lexeme.kind == LexKind::Word) return kind == RegionKind::Inline && sameDepth && text(j) == "else";
        if (lexeme.kind != LexKind::Symbol) return false;
        const std::string_view s = text(j);
        if ((s == ")" || s == "]") && m_paren <= m_region.paren) return true;
        if (s == "}" && m_brace <= m_region.brace) return true;
        if (!sameDepth) return false;
        if (s == ";") return !(kind == RegionKind::Header && m_region.forHeader);
        if (s == ":" && !isTernaryColon()) return kind == RegionKind::Header || kind == RegionKind::Inline;
        if (s == "{") return kind == RegionKind::Header && !m_python;
        return false;
    }

    bool isTernaryColon() const { return !m_ternaries.empty() && m_ternaries.back() == m_paren; }

    void visit(std::size_t j) {
        const Lexeme& lexeme = m_lexemes[j];
        if (isInsignificant(lexeme.kind)) {
            m_score[j] = lexeme.kind == LexKind::Comment ? kComment : kWhitespace;
            return;
        }
        // 1. Does this lexeme end the open hub region?
        if (m_region.kind == RegionKind::Until) {
            if (lexeme.begin >= m_region.endByte) closeRegion();
        } else if (m_region.kind != RegionKind::None && endsRegion(j)) {
            closeRegion();
        }

        // 2. Statement and expression starts.
        const bool firstOfStatement = m_atStatementStart && lexeme.kind != LexKind::Newline;
        if (firstOfStatement) {
            m_statementStart = lexeme.begin;
            m_statementParen = m_paren;
            m_statementKeyword = lexeme.kind == LexKind::Word ? text(j) : std::string_view{};
            m_atStatementStart = false;
        }
        if (m_atExpressionStart && lexeme.kind != LexKind::Newline) {
            m_expressionStart = lexeme.begin;
            m_atExpressionStart = false;
        }

        // 3. Scores and new regions.
        switch (lexeme.kind) {
        case LexKind::Newline:
            m_score[j] = kWhitespace;
            if (m_paren == 0 && (!m_python || m_brace == 0) && !continuesLine(m_previous)) {
                beginStatement();
                m_ternaries.clear();
            }
            break;
        case LexKind::String:
            m_score[j] = kString;
            break;
        case LexKind::Number:
            m_score[j] = kNumber;
            break;
        case LexKind::Preprocessor:
            m_score[j] = kPreprocessor;
            beginStatement();
            break;
        case LexKind::Word:
            visitWord(j, firstOfStatement);
            break;
        case LexKind::Symbol:
            visitSymbol(j);
            break;
        default:
            break;
        }
        if (m_region.kind != RegionKind::None && m_region.kind != RegionKind::Until) m_region.lastEnd = lexeme.end;
        m_previous = j;
    }

    void visitWord(std::size_t j, bool firstOfStatement) {
        const std::string_view word = text(j);
        const bool free = m_region.kind == RegionKind::None;
        if (isOneOf(word, kHeaderWords)) {
            m_score[j] = kHub;
            if (free) openCondition(j, word, firstOfStatement);
        } else if (word == "case") {
            m_score[j] = kHub;
            if (free) openRegion(RegionKind::Header, j);
        } else if (isOneOf(word, kReturnWords)) {
            m_score[j] = kHub;
            if (free) openRegion(RegionKind::Return, j);
            m_atExpressionStart = true;
        } else if (isOneOf(word, kBooleanWords)) {
            m_score[j] = kComparison;
        } else if (isOneOf(word, kControlWords)) {
            m_score[j] = word != "default" || isSymbol(nextSignificant(j), ":") ? kControlKeyword : kIdentifier;
            if (!m_python && (word == "else" || word == "do" || word == "try")) beginStatement();
        } else {
            m_score[j] = kIdentifier;
        }
    }

    // A condition keyword at `j` with no hub region open.
    void openCondition(std::size_t j, std::string_view word, bool firstOfStatement) {
        const std::size_t open = nextSignificant(j);
        if (isSymbol(open, "(") && m_match[open] != kNone) {
            const std::size_t close = m_match[open];
            const std::size_t after = nextSignificant(close);
            bool cStyle = after == kNone || m_lexemes[after].kind != LexKind::Symbol;
            if (!cStyle) {
                const std::string_view s = text(after);
                cStyle = s == "{" || s == ":" || s == ";" || s == "(";
            } else if (isWord(after)) {
                cStyle = !isOneOf(text(after), kBooleanWords) && text(after) != "if";
            }
            if (cStyle) {
                openUntil(m_lexemes[j].begin, m_lexemes[close].end, true);
                return;
            }
        }
        bool inlinePython = m_python && !firstOfStatement && (word == "if" || word == "for");
        if (inlinePython && m_previous != kNone && isWord(m_previous)) {
            const std::string_view previous = text(m_previous);
            if (previous == "else" || previous == "async") inlinePython = false;
        }
        openRegion(inlinePython ? RegionKind::Inline : RegionKind::Header, j);
        m_region.forHeader = word == "for" || word == "foreach";
    }

    void visitSymbol(std::size_t j) {
        const std::string_view s = text(j);
        const bool free = m_region.kind == RegionKind::None;
        // Depths first: the lexeme's own bracket belongs to the outer level for region checks
        // made above, and to the new level for everything that follows.
        if (s == "(" || s == "[") ++m_paren;
        if ((s == ")" || s == "]") && m_paren > 0) {
            --m_paren;
            while (!m_ternaries.empty() && m_ternaries.back() > m_paren) m_ternaries.pop_back();
        }
        if (s == "{") ++m_brace;
        if (s == "}" && m_brace > 0) --m_brace;

        const SymbolClass cls = classifySymbol(s);
        if (s == "<" || s == ">" || s == ">>") {
            if (s == "<" && !m_template[j]) templateClose(j);
            if (m_template[j]) {
                m_score[j] = kPunctuation;
                return;
            }
        }
        if (s == "?" && !m_python && isTernaryQuestion(j)) {
            m_score[j] = kComparison;
            if (!m_atExpressionStart && m_expressionStart < m_lexemes[j].begin)
                m_ranges.push_back({m_expressionStart, m_lexemes[j].begin});
            m_ternaries.push_back(m_paren);
            m_atExpressionStart = true;
            return;
        }
        if (s == ":" && isTernaryColon()) {
            m_score[j] = kComparison;
            m_ternaries.pop_back();
            m_atExpressionStart = true;
            return;
        }
        if (s == "!" && j > 0 && m_lexemes[j - 1].kind == LexKind::Word && m_lexemes[j - 1].end == m_lexemes[j].begin) {
            m_score[j] = kPunctuation;  // a Rust macro: name!(...)
            return;
        }
        switch (cls) {
        case SymbolClass::Comparison:
            m_score[j] = kComparison;
            break;
        case SymbolClass::Assignment:
            m_score[j] = kAssignment;
            if (free && m_paren == m_statementParen) tryAssignedCall(j);
            break;
        case SymbolClass::Operator:
            m_score[j] = kOperator;
            break;
        case SymbolClass::Punctuation:
            m_score[j] = kPunctuation;
            break;
        }
        if (s == ";" || (!m_python && (s == "{" || s == "}"))) {
            beginStatement();
            if (s == ";") m_ternaries.clear();
        } else if (s == ":" && m_python && m_paren == m_statementParen && isOneOf(m_statementKeyword, kBlockWords)) {
            beginStatement();
        } else if (s == ":" && !m_python && (m_statementKeyword == "case" || m_statementKeyword == "default")) {
            beginStatement();
        }
        if (cls == SymbolClass::Assignment || s == "(" || s == "[" || s == "{" || s == "}" || s == "," || s == ";" ||
            s == ":" || s == "=>" || s == "<<") {
            m_atExpressionStart = true;
        }
    }

    bool isTernaryQuestion(std::size_t j) const {
        const std::size_t next = nextSignificant(j);
        if (next == kNone || m_lexemes[next].kind == LexKind::Newline) return false;
        if (m_lexemes[next].kind != LexKind::Symbol) return true;
        const std::string_view s = text(next);
        return s == "(" || s == "!" || s == "-" || s == "[" || s == "~" || s == "&" || s == "*";
    }

    // `lhs = f(...)`: when the right side is a call (or a chain of calls), the statement through
    // the last closing bracket becomes a hub region.
    void tryAssignedCall(std::size_t j) {
        std::size_t k = nextSignificant(j);
        if (isWord(k) && (text(k) == "await" || text(k) == "new")) k = nextSignificant(k);
        if (!isWord(k) || isOneOf(text(k), kBooleanWords) || text(k) == "lambda") return;
        std::size_t end = kNone;
        while (true) {
            std::size_t m = nextSignificant(k);
            if (isSymbol(m, "<")) {
                const std::size_t close = templateClose(m);
                if (close == kNone) return;
                m = nextSignificant(close);
            }
            if (m == kNone || m_lexemes[m].kind != LexKind::Symbol) return;
            const std::string_view s = text(m);
            if (s == "." || s == "->" || s == "::" || s == "?.") {
                k = nextSignificant(m);
                if (!isWord(k)) return;
                continue;
            }
            if (s == "(" && m_match[m] != kNone) end = m_match[m];
            break;
        }
        if (end == kNone) return;
        // Chained calls and subscripts: f(a)(b), f(a)[0], f(a).g(b).
        while (true) {
            std::size_t p = nextSignificant(end);
            if ((isSymbol(p, "(") || isSymbol(p, "[")) && m_match[p] != kNone) {
                end = m_match[p];
                continue;
            }
            if (isSymbol(p, ".") || isSymbol(p, "->") || isSymbol(p, "?.")) {
                const std::size_t name = nextSignificant(p);
                const std::size_t call = isWord(name) ? nextSignificant(name) : kNone;
                if (isSymbol(call, "(") && m_match[call] != kNone) {
                    end = m_match[call];
                    continue;
                }
            }
            break;
        }
        // The call must be the whole right side: `x = f(a) + 1` assigns a sum, not a call.
        const std::size_t after = nextSignificant(end);
        if (after != kNone && m_lexemes[after].kind != LexKind::Newline) {
            const std::string_view s = m_lexemes[after].kind == LexKind::Symbol ? text(after) : std::string_view{};
            if (s != ";" && s != "," && s != ")" && s != "]" && s != "}") return;
        }
        openUntil(m_statementStart, m_lexemes[end].end, false);
    }

    std::vector<float> byteScores() const {
        std::vector<float> scores(m_text.size(), 0.0f);
        std::vector<std::int32_t> cover(m_text.size() + 1, 0);  // difference array of hub ranges
        for (const auto& [begin, end] : m_ranges) {
            if (begin >= end || begin >= m_text.size()) continue;
            ++cover[begin];
            --cover[std::min(end, m_text.size())];
        }
        std::int32_t depth = 0;
        std::size_t j = 0;
        for (std::size_t b = 0; b < m_text.size(); ++b) {
            depth += cover[b];
            while (m_lexemes[j].end <= b) ++j;
            const LexKind kind = m_lexemes[j].kind;
            float score = m_score[j];
            const bool hubEligible = kind == LexKind::Word || kind == LexKind::Number || kind == LexKind::Symbol;
            if (depth > 0 && hubEligible) score = kHub;
            scores[b] = score;
        }
        return scores;
    }

    std::string_view m_text;
    bool m_python;
    std::vector<Lexeme> m_lexemes;
    std::vector<float> m_score;            // per lexeme, before hub regions
    std::vector<std::uint8_t> m_template;  // per lexeme: a template angle bracket
    std::vector<std::size_t> m_match;      // per opening bracket: its closing lexeme
    std::vector<std::pair<std::size_t, std::size_t>> m_ranges;  // hub byte ranges [begin, end)

    Region m_region;
    int m_paren = 0;
    int m_brace = 0;
    bool m_atStatementStart = true;
    bool m_atExpressionStart = true;
    std::size_t m_statementStart = 0;
    int m_statementParen = 0;
    std::string_view m_statementKeyword;
    std::size_t m_expressionStart = 0;
    std::size_t m_previous = kNone;    // last significant lexeme
    std::vector<int> m_ternaries;      // paren depth of each open `?`
};

class CodeRulesDensity final : public DensitySource {
public:
    explicit CodeRulesDensity(CodeLanguage language) : m_language(language) {}
    std::string name() const override { return "rules:code"; }
    std::vector<float> score(const TokenizedRecord& record) const override {
        return tokenScoresFromBytes(record, codeByteScores(record.record.response, m_language));
    }

private:
    CodeLanguage m_language;
};

}  // namespace

CodeLanguage detectCodeLanguage(std::string_view text) {
    long python = 0;
    long cLike = 0;
    std::size_t position = 0;
    while (position <= text.size()) {
        std::size_t end = text.find('\n', position);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(position, end - position);
        position = end + 1;
        while (!line.empty() && isBlank(static_cast<unsigned char>(line.front()))) line.remove_prefix(1);
        while (!line.empty() && isBlank(static_cast<unsigned char>(line.back()))) line.remove_suffix(1);
        if (line.empty()) continue;
        if (line.starts_with("def ") || line.starts_with("elif ") || line.starts_with("import ") || line.starts_with("from "))
            ++python;
        if (line.starts_with("#include")) ++cLike;
        const char last = line.back();
        if (last == ':') ++python;
        if (last == ';' || last == '{' || last == '}') ++cLike;
    }
    return python > cLike ? CodeLanguage::Python : CodeLanguage::CLike;
}

std::vector<float> codeByteScores(std::string_view text, CodeLanguage language) {
    if (text.empty()) return {};
    if (language == CodeLanguage::Auto) language = detectCodeLanguage(text);
    return CodeScorer(text, language == CodeLanguage::Python).run();
}

std::unique_ptr<DensitySource> makeCodeRulesDensity(const DensityContext& context) {
    CodeLanguage language = CodeLanguage::Auto;
    for (const auto& [key, value] : context.params) {
        if (key != "language")
            throw UsageError("rules:code: unknown parameter '" + key + "' (accepted: language)");
        if (value == "auto") {
            language = CodeLanguage::Auto;
        } else if (value == "python") {
            language = CodeLanguage::Python;
        } else if (value == "c") {
            language = CodeLanguage::CLike;
        } else {
            throw UsageError("rules:code: language must be auto, python or c, not '" + value + "'");
        }
    }
    return std::make_unique<CodeRulesDensity>(language);
}

}  // namespace maskscope
