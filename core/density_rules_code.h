// The "rules:code" density source: marks the logic of source code (conditions, loop headers,
// return expressions, comparisons, assigned calls) without a model, by a small lexer and a single
// left-to-right pass over its lexemes. It reads Python and C-like languages (C, C++, Java, JS,
// Go, Rust, ...) and never rejects input: any byte sequence gets a score per byte.
//
// Scoring table (per byte of the response text; a token takes the maximum over its bytes):
//
//   score  what
//   -----  ------------------------------------------------------------------------------------
//   1.0    hub regions, every byte except whitespace, comments and string literals:
//            - condition headers: `if`, `elif`, `else if`, `while`, `for`, `foreach`, `switch`
//              with their condition. C-like `if (...)` covers the keyword through the matching
//              `)`; otherwise (Python, Go, Rust) the header runs to the first `:` / `{` / `;` /
//              end of line at the keyword's bracket depth (a `for` header does not stop at `;`);
//            - `case` labels through their `:`;
//            - Python inline `if` / `for` (conditional expressions, comprehensions) through the
//              next `else` or the end of the enclosing expression;
//            - `return`, `yield`, `co_return`, `co_yield` with their expression (to `;`, to the
//              end of the enclosing block, and in Python to the end of the logical line);
//            - ternary conditions: the operand before `?` back to the start of its expression;
//            - assigned calls: a statement `lhs = f(...)` (also `:=`, `+=`, ... and chains such as
//              `x = obj.f(a).g(b)`, optionally after `await` / `new`) from the start of the
//              statement through the call's closing `)`. The call must be the whole right side:
//              `total = total + f(i)` and `n = f(x) > 3` are not hub regions.
//   1.0    comparison and boolean operators anywhere: == != === !== <= >= < > <=> && || !
//          and the words `and` `or` `not` `is` `in`; the `?` and `:` of a ternary
//   0.6    control keywords without a condition: else do try except catch finally break continue
//          goto raise throw, and `default` before `:`
//   0.4    arithmetic and bitwise operators: + - * / % ** // ++ -- & | ^ ~ << >> and their
//          other operators not listed elsewhere (?. ?? ...)
//   0.3    number literals; assignment operators (= := += -= ...)
//   0.2    identifiers and other keywords (def, int, class, ...)
//   0.1    punctuation and brackets: ( ) [ ] { } , ; : . -> => :: and C++ template angle brackets;
//          string and character literals including their quotes; preprocessor lines (#include ...)
//   0.0    whitespace and comments
//
// Language: "auto" (the default) picks Python when lines ending in ':' or starting with def /
// elif / import / from outnumber lines ending in ';' '{' '}' or starting with '#include'. Python
// mode: '#' starts a comment, '//' is floor division, ''' and """ strings span lines, a newline
// ends a `return`. C-like mode: // and /* */ comments, '#' at the start of a line with a directive
// word is a preprocessor line, '<' '>' that enclose a type list (vector<int>) are brackets.
//
// Known limits of the heuristics: `a<b, c>d` reads as a template; raw strings (R"(...)") are read
// as ordinary strings; Python `match` statements are not headers (their `case` labels are).
//
// Time and memory are linear in the text length: brackets are matched once with a stack, every
// lookahead is bounded or consumes what it reads, and hub regions are added as ranges.
#pragma once

#include "density_source.h"

#include <memory>
#include <string_view>
#include <vector>

namespace maskscope {

enum class CodeLanguage { Auto, Python, CLike };

// The table above, as named constants (tests and documentation refer to them).
namespace code_scores {
inline constexpr float kHub = 1.0f;
inline constexpr float kComparison = 1.0f;
inline constexpr float kControlKeyword = 0.6f;
inline constexpr float kOperator = 0.4f;
inline constexpr float kNumber = 0.3f;
inline constexpr float kAssignment = 0.3f;
inline constexpr float kIdentifier = 0.2f;
inline constexpr float kPunctuation = 0.1f;
inline constexpr float kString = 0.1f;
inline constexpr float kPreprocessor = 0.1f;
inline constexpr float kWhitespace = 0.0f;
inline constexpr float kComment = 0.0f;
}  // namespace code_scores

// The language that "auto" settles on for `text` (Python or CLike, never Auto).
CodeLanguage detectCodeLanguage(std::string_view text);

// One score per byte of `text`, each in [0,1], following the table above.
std::vector<float> codeByteScores(std::string_view text, CodeLanguage language = CodeLanguage::Auto);

// Creates the source registered as "rules:code". Accepted params: "language" = "auto" (default),
// "python" or "c" (any C-like language). Throws UsageError for another value or another param.
std::unique_ptr<DensitySource> makeCodeRulesDensity(const DensityContext& context);

}  // namespace maskscope
