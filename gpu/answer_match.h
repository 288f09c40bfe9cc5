// Answer comparison for `maskscope-cli eval`: whether a generated response matches a reference,
// exactly (after optional whitespace normalisation) or by its final number (GSM8K's "#### N").
// Plain C++, no torch.
#pragma once

#include <optional>
#include <string>

namespace maskscope {

// "whitespace": runs of whitespace become one space, leading and trailing whitespace is dropped.
std::string normalizeAnswer(const std::string& text, const std::string& normalize);
// The final number of a response: the number after the last "####" when there is one (GSM8K),
// else the last number in the text; commas between digits and a leading '$' are ignored, so
// "#### 1,234" gives "1234". nullopt when the text holds no number.
std::optional<std::string> finalNumber(const std::string& text);
// Whether a prediction matches a reference under `match` (exact | final-number) and `normalize`.
// final-number compares the numbers' values (so "6" matches "6.0"). Throws UsageError naming
// --match or --normalize for another value.
bool answersMatch(const std::string& predicted, const std::string& reference, const std::string& match,
                  const std::string& normalize);

}  // namespace maskscope
