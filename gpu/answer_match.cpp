#include "answer_match.h"

#include "core/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace maskscope {

namespace {

bool isNumberChar(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

std::string normalizeAnswer(const std::string& text, const std::string& normalize) {
    if (normalize == "none") return text;
    if (normalize != "whitespace") throw UsageError("--normalize must be none or whitespace, not '" + normalize + "'");
    std::string out;
    bool space = false;
    for (const char c : text) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

std::optional<std::string> finalNumber(const std::string& text) {
    const std::size_t marker = text.rfind("####");
    const std::string_view scope = marker == std::string::npos ? std::string_view(text)
                                                               : std::string_view(text).substr(marker + 4);
    std::optional<std::string> last;
    for (std::size_t i = 0; i < scope.size();) {
        const bool sign = scope[i] == '-' && i + 1 < scope.size() && isNumberChar(scope[i + 1]);
        if (!isNumberChar(scope[i]) && !sign) {
            ++i;
            continue;
        }
        std::string number;
        if (sign) number.push_back(scope[i++]);
        while (i < scope.size()) {
            const char c = scope[i];
            if (isNumberChar(c)) number.push_back(c);
            else if (c == ',' && i + 1 < scope.size() && isNumberChar(scope[i + 1]) && !number.empty()) {}
            else if (c == '.' && i + 1 < scope.size() && isNumberChar(scope[i + 1]) &&
                     number.find('.') == std::string::npos) number.push_back(c);
            else break;
            ++i;
        }
        last = number;
        if (marker != std::string::npos) break;  // GSM8K: the number right after "####"
    }
    return last;
}

bool answersMatch(const std::string& predicted, const std::string& reference, const std::string& match,
                  const std::string& normalize) {
    if (match == "exact") return normalizeAnswer(predicted, normalize) == normalizeAnswer(reference, normalize);
    if (match != "final-number") throw UsageError("--match must be exact or final-number, not '" + match + "'");
    const auto a = finalNumber(predicted), b = finalNumber(reference);
    if (!a || !b) return false;
    const double x = std::strtod(a->c_str(), nullptr), y = std::strtod(b->c_str(), nullptr);
    return x == y || std::abs(x - y) <= 1e-9 * std::max(std::abs(x), std::abs(y));
}

}  // namespace maskscope
