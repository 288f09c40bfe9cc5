#include "inspection.h"

#include "error.h"
#include "tokenizer.h"

namespace maskscope {

Inspector::Inspector(const Tokenizer& tokenizer, InspectionSettings settings, const DensityContext& context)
    : m_tokenizer(tokenizer),
      m_settings(std::move(settings)),
      m_source(DensityRegistry::instance().create(m_settings.densitySource, context)),
      m_sampler(m_settings.policy) {}

RecordInspection Inspector::analyse(const Record& record) const {
    RecordInspection out;
    out.tokens = m_tokenizer.tokenize(record);
    out.maskable = out.tokens.maskable();
    out.density = m_source->score(out.tokens);
    if (out.density.size() != out.tokens.size())
        throw UsageError("density source '" + m_source->name() + "' returned " + std::to_string(out.density.size()) +
                         " scores for " + std::to_string(out.tokens.size()) + " tokens");
    out.hubs = extractHubs(out.density, out.maskable, m_settings.hubs);
    return out;
}

void Inspector::drawMasks(RecordInspection& inspection, std::uint32_t step) const {
    inspection.step = step;
    m_sampler.drawInto(inspection.tokens.record.id, step, inspection.maskable, inspection.hubs.indicator,
                       inspection.density, inspection.masks);
    inspection.logicalBlocks.clear();
    inspection.syntacticBlocks.clear();
    if (m_settings.blockSize > 0) {
        inspection.logicalBlocks = computeBlockStats(inspection.maskable, inspection.hubs.indicator,
                                                     inspection.masks.logical, m_settings.blockSize);
        inspection.syntacticBlocks = computeBlockStats(inspection.maskable, inspection.hubs.indicator,
                                                       inspection.masks.syntactic, m_settings.blockSize);
    }
}

RecordInspection Inspector::inspect(const Record& record, std::uint32_t step) const {
    RecordInspection out = analyse(record);
    drawMasks(out, step);
    return out;
}

}  // namespace maskscope
