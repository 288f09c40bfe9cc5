#include "density_source.h"

#include "density_annotations.h"
#include "density_blend.h"
#include "density_rules_code.h"
#include "density_rules_math.h"
#include "error.h"

#include <algorithm>
#include <cmath>

namespace maskscope {
namespace {

void registerBuiltins(DensityRegistry& registry) {
    registry.add("rules:code",
                 "code rules: conditions, loop headers, return expressions, comparisons, assigned calls "
                 "(param language=auto|python|c)",
                 makeCodeRulesDensity);
    registry.add("rules:math",
                 "math rules: equations, operators, results after '=', final answers (####, \\boxed, "
                 "'the answer is')",
                 makeMathRulesDensity);
    registry.add("annotations", "imported hub spans (LLM or human) from an annotation file", makeAnnotationDensity);
    registry.add("blend",
                 "weighted mean of other sources (param sources=NAME=W,NAME=W; on the command line "
                 "--density rules:code=0.5,model:surprisal=0.5)",
                 makeBlendDensity);
}

}  // namespace

DensityRegistry& DensityRegistry::instance() {
    // Both statics are initialised once, thread-safely, in this order.
    static DensityRegistry registry;
    static const bool registered = (registerBuiltins(registry), true);
    (void)registered;
    return registry;
}

void DensityRegistry::add(const std::string& name, std::string description, DensityFactory factory) {
    if (name.empty()) throw UsageError("a density source needs a name");
    if (!factory) throw UsageError("density source '" + name + "' has no factory");
    const std::lock_guard lock(m_mutex);
    Entry& entry = m_entries[name];
    entry.description = std::move(description);
    entry.factory = std::move(factory);
}

bool DensityRegistry::contains(const std::string& name) const {
    const std::lock_guard lock(m_mutex);
    return m_entries.contains(name);
}

std::unique_ptr<DensitySource> DensityRegistry::create(const std::string& name, const DensityContext& context) const {
    DensityFactory factory;
    {
        const std::lock_guard lock(m_mutex);
        const auto found = m_entries.find(name);
        if (found == m_entries.end()) {
            std::string known;
            for (const auto& entry : m_entries) known += (known.empty() ? "" : ", ") + entry.first;
            throw UsageError("unknown density source '" + name + "'; known sources: " +
                             (known.empty() ? std::string("none") : known));
        }
        factory = found->second.factory;
    }
    // The factory runs unlocked: it may look sources up itself.
    std::unique_ptr<DensitySource> source = factory(context);
    if (!source) throw UsageError("density source '" + name + "' could not be created");
    return source;
}

std::vector<std::pair<std::string, std::string>> DensityRegistry::list() const {
    const std::lock_guard lock(m_mutex);
    std::vector<std::pair<std::string, std::string>> out;
    out.reserve(m_entries.size());
    for (const auto& [name, entry] : m_entries) out.emplace_back(name, entry.description);
    return out;  // std::map keeps them sorted by name
}

std::vector<float> tokenScoresFromBytes(const TokenizedRecord& record, const std::vector<float>& byteScores) {
    std::vector<float> scores(record.size(), 0.0f);
    for (std::size_t i = record.promptTokens; i < record.size(); ++i) {
        const Token& token = record.tokens[i];
        const std::size_t end = std::min<std::size_t>(token.end, byteScores.size());
        float best = 0.0f;
        for (std::size_t b = token.begin; b < end; ++b) {
            const float value = byteScores[b];
            if (value > best) best = value;  // NaN compares false and is skipped
        }
        scores[i] = std::min(best, 1.0f);
    }
    return scores;
}

}  // namespace maskscope
