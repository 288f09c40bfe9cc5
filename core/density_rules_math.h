// The "rules:math" density source: marks the computations of a worked math solution (GSM8K-style
// prose, LaTeX, calculator annotations) without a model. A small lexer splits the text into
// numbers, words, LaTeX commands, operators and punctuation; a single left-to-right pass groups
// them into runs and marks results and final answers. Any byte sequence is accepted.
//
// Numbers: integers, decimals (3.14, .5), fractions written without spaces (3/4), percentages
// (25%), thousands separators (1,234,567: a comma followed by exactly three digits), and a leading
// minus when it follows a blank, a bracket, '=' or the start of the text (x = -5).
//
// Runs: a maximal stretch of one line made of numbers, variables (a word of one character: x, n,
// a Greek letter), LaTeX commands, operators (+ - * / = < > <= >= != == ^ ** and × ÷ · ⋅ − ± ≤ ≥ ≠ ≈;
// \times \cdot \div \pm \mp \le(q) \ge(q) \ne(q) \lt \gt \approx \equiv \mod \bmod \pmod \cap
// \cup \setminus \to), prefix operators (\frac \dfrac \tfrac \cfrac \sqrt \binom \sum \prod \int
// \lim \log \ln \exp \sin \cos \tan), brackets, '$' and '_', with blanks between them. A word of
// two or more letters, other punctuation or a line break ends a run. A run is an *equation* when
// some operator has an operand before and after it (a prefix operator needs one after).
//
// Scoring table (per byte of the response text; a token takes the maximum over its bytes):
//
//   score  what
//   -----  ------------------------------------------------------------------------------------
//   1.0    final answers: the rest of a line after "####" (GSM8K), all of \boxed{...} / \fbox{...}
//          (command and braces included, nested braces matched), the number after "answer is",
//          "answer:" or "answer is:" (case-insensitive; '$', '\(' and '*' in between are skipped)
//   1.0    results: the number right after '=' (blanks, '$', '\$' and a GSM8K calculator
//          annotation <<...>> in between are skipped) when no arithmetic operator follows it, so
//          in "x = 3 * 4 = 12" the 12 is a result and the 3 is not; also \frac{..}{..} right
//          after '=' under the same condition
//   0.9    every other byte of an equation (operands, operators, LaTeX commands, brackets, '$')
//   0.7    numbers outside equations (the quantities of a word problem)
//   0.1    words, and LaTeX commands outside equations
//   0.05   punctuation, and brackets and operators outside equations (the '-' of "well-known")
//   0.0    whitespace
//
// Time and memory are linear in the text length.
#pragma once

#include "density_source.h"

#include <memory>
#include <string_view>
#include <vector>

namespace maskscope {

// The table above, as named constants.
namespace math_scores {
inline constexpr float kFinalAnswer = 1.0f;
inline constexpr float kResult = 1.0f;
inline constexpr float kEquation = 0.9f;
inline constexpr float kNumber = 0.7f;
inline constexpr float kWord = 0.1f;
inline constexpr float kPunctuation = 0.05f;
inline constexpr float kWhitespace = 0.0f;
}  // namespace math_scores

// One score per byte of `text`, each in [0,1], following the table above.
std::vector<float> mathByteScores(std::string_view text);

// Creates the source registered as "rules:math". It takes no params; throws UsageError for any.
std::unique_ptr<DensitySource> makeMathRulesDensity(const DensityContext& context);

}  // namespace maskscope
