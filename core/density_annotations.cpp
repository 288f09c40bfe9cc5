#include "density_annotations.h"

#include "annotations.h"
#include "content_hash.h"
#include "error.h"

#include <algorithm>

namespace maskscope {
namespace {

class AnnotationDensity final : public DensitySource {
public:
    explicit AnnotationDensity(const AnnotationSet& annotations) : m_annotations(annotations) {}

    std::string name() const override { return "annotations"; }

    std::vector<float> score(const TokenizedRecord& record) const override {
        std::vector<float> scores(record.size(), 0.0f);
        const RecordAnnotations* annotations = m_annotations.find(record.record.id);
        if (!annotations) return scores;

        const std::string& response = record.record.response;
        const std::string file = m_annotations.path().empty() ? std::string("annotations") : m_annotations.path();
        if (!matches(*annotations, response))
            throw InputError(file, 0,
                             "the annotation for id '" + record.record.id +
                                 "' was made for a different text (text_hash " + hashToHex(annotations->textHash) +
                                 ", current response " + hashToHex(hashBytes(response)) +
                                 "); re-annotate the record or use the matching corpus");
        if (const auto problem = spanProblem(*annotations, response))
            throw InputError(file, 0, "the annotation for id '" + record.record.id + "': " + *problem);

        // Spans are sorted by start. A token [begin, end) overlaps some span [start, stop) exactly
        // when one of the spans with start < end has stop > begin, i.e. when the largest stop
        // among the spans starting before `end` exceeds `begin`.
        const std::vector<AnnotationSpan>& spans = annotations->spans;
        if (spans.empty()) return scores;
        std::vector<std::uint32_t> largestStop(spans.size());
        std::uint32_t running = 0;
        for (std::size_t i = 0; i < spans.size(); ++i) {
            // Empty spans cover no byte; they must not extend the coverage of earlier spans.
            if (spans[i].end > spans[i].start) running = std::max(running, spans[i].end);
            largestStop[i] = running;
        }
        for (std::size_t i = record.promptTokens; i < record.size(); ++i) {
            const Token& token = record.tokens[i];
            if (token.end <= token.begin) continue;
            const auto after = std::lower_bound(spans.begin(), spans.end(), token.end,
                                                [](const AnnotationSpan& span, std::uint32_t end) { return span.start < end; });
            const auto count = static_cast<std::size_t>(after - spans.begin());
            if (count > 0 && largestStop[count - 1] > token.begin) scores[i] = 1.0f;
        }
        return scores;
    }

private:
    const AnnotationSet& m_annotations;
};

}  // namespace

std::unique_ptr<DensitySource> makeAnnotationDensity(const DensityContext& context) {
    if (!context.annotations) throw UsageError("the annotations source needs --annotations FILE");
    return std::make_unique<AnnotationDensity>(*context.annotations);
}

}  // namespace maskscope
