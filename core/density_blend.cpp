#include "density_blend.h"

#include "error.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

namespace maskscope {

namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

class BlendDensity final : public DensitySource {
public:
    BlendDensity(std::vector<std::unique_ptr<DensitySource>> members, std::vector<double> weights)
        : m_members(std::move(members)), m_weights(std::move(weights)) {
        for (const double weight : m_weights) m_weightSum += weight;
    }

    std::string name() const override { return "blend"; }

    std::vector<float> score(const TokenizedRecord& record) const override {
        std::vector<double> sum(record.size(), 0.0);
        for (std::size_t j = 0; j < m_members.size(); ++j) {
            if (m_weights[j] == 0.0) continue;
            const std::vector<float> scores = m_members[j]->score(record);
            if (scores.size() != record.size())
                throw UsageError("blend: member '" + m_members[j]->name() + "' gave " + std::to_string(scores.size()) +
                                 " scores for the " + std::to_string(record.size()) + " tokens of record '" +
                                 record.record.id + "'");
            for (std::size_t i = 0; i < scores.size(); ++i)
                if (!std::isnan(scores[i])) sum[i] += m_weights[j] * static_cast<double>(scores[i]);
        }
        std::vector<float> out(record.size(), 0.0f);
        for (std::size_t i = std::min(record.promptTokens, record.size()); i < out.size(); ++i)
            out[i] = static_cast<float>(std::clamp(sum[i] / m_weightSum, 0.0, 1.0));
        return out;
    }

private:
    std::vector<std::unique_ptr<DensitySource>> m_members;
    std::vector<double> m_weights;
    double m_weightSum = 0.0;
};

}  // namespace

bool isBlendSpec(std::string_view text) {
    return text.find('=') != std::string_view::npos || text.find(',') != std::string_view::npos;
}

std::vector<BlendMember> parseBlendSpec(std::string_view spec) {
    const std::string quoted = "blend '" + std::string(spec) + "'";
    std::vector<BlendMember> members;
    std::set<std::string> seen;
    double sum = 0.0;
    std::size_t begin = 0;
    while (begin <= spec.size()) {
        const std::size_t comma = std::min(spec.find(',', begin), spec.size());
        const std::string_view item = spec.substr(begin, comma - begin);
        begin = comma + 1;
        BlendMember member;
        const std::size_t equals = item.find('=');
        member.source = trimmed(item.substr(0, equals));
        if (member.source.empty())
            throw UsageError(quoted + ": every member needs a source name (NAME=WEIGHT, separated by commas)");
        if (equals != std::string_view::npos) {
            const std::string text = trimmed(item.substr(equals + 1));
            char* end = nullptr;
            member.weight = text.empty() ? std::nan("") : std::strtod(text.c_str(), &end);
            if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(member.weight))
                throw UsageError(quoted + ": the weight of '" + member.source + "' is not a number ('" + text + "')");
            if (member.weight < 0.0)
                throw UsageError(quoted + ": the weight of '" + member.source + "' is negative (" + text +
                                 "); weights must be >= 0");
        }
        if (member.source == "blend") throw UsageError(quoted + ": a blend cannot contain 'blend'");
        if (!seen.insert(member.source).second)
            throw UsageError(quoted + ": source '" + member.source + "' appears twice");
        sum += member.weight;
        members.push_back(std::move(member));
    }
    if (!(sum > 0.0)) throw UsageError(quoted + ": the weights sum to 0; give at least one a positive weight");
    return members;
}

std::unique_ptr<DensitySource> makeBlendDensity(const DensityContext& context) {
    const auto spec = context.params.find("sources");
    if (spec == context.params.end() || spec->second.empty())
        throw UsageError("blend needs its members: pass them as NAME=WEIGHT,NAME=WEIGHT, e.g. "
                         "--density rules:code=0.5,model:surprisal=0.5");
    const std::vector<BlendMember> parsed = parseBlendSpec(spec->second);
    const DensityRegistry& registry = DensityRegistry::instance();
    std::vector<std::unique_ptr<DensitySource>> members;
    std::vector<double> weights;
    for (const BlendMember& member : parsed) {
        if (!registry.contains(member.source)) {
            std::string known;
            for (const auto& entry : registry.list())
                if (entry.first != "blend") known += (known.empty() ? "" : ", ") + entry.first;
            throw UsageError("blend '" + spec->second + "': unknown density source '" + member.source +
                             "'; known sources: " + known);
        }
        DensityContext own;
        own.annotations = context.annotations;
        const std::string prefix = member.source + ".";
        const bool model = member.source.rfind("model:", 0) == 0;
        for (const auto& [key, value] : context.params) {
            if (key == "sources") continue;
            if (key.rfind(prefix, 0) == 0) own.params[key.substr(prefix.size())] = value;
            else if (model && key.find('.') == std::string::npos) own.params.emplace(key, value);
        }
        members.push_back(registry.create(member.source, own));
        weights.push_back(member.weight);
    }
    return std::make_unique<BlendDensity>(std::move(members), std::move(weights));
}

}  // namespace maskscope
