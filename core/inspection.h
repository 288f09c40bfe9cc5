// The whole per-record pipeline that training, the CLI and the GUI share: tokens -> density ->
// hubs -> the logical and syntactic masks of a given step -> block statistics. Whoever shows a
// mask uses this, so what is shown is what training draws.
#pragma once

#include "block_stats.h"
#include "density_source.h"
#include "hubs.h"
#include "mask_sampler.h"
#include "record.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace maskscope {

class Tokenizer;

struct InspectionSettings {
    std::string densitySource = "rules:code";
    HubOptions hubs;
    MaskPolicy policy;
    std::size_t blockSize = 0;  // 0: no block statistics
};

struct RecordInspection {
    TokenizedRecord tokens;
    std::vector<std::uint8_t> maskable;
    std::vector<float> density;
    Hubs hubs;
    RecordMasks masks;
    std::uint32_t step = 0;
    std::vector<BlockStats> logicalBlocks;    // empty when blockSize is 0
    std::vector<BlockStats> syntacticBlocks;
};

class Inspector {
public:
    // Creates the density source through the registry; throws UsageError on bad settings.
    // `tokenizer` and `context` are borrowed and must outlive the inspector.
    Inspector(const Tokenizer& tokenizer, InspectionSettings settings, const DensityContext& context);

    const InspectionSettings& settings() const { return m_settings; }

    // Tokenization, density and hubs: everything that does not depend on the step.
    RecordInspection analyse(const Record& record) const;
    // Draws the masks (and block statistics) of `step` into an analysed record.
    void drawMasks(RecordInspection& inspection, std::uint32_t step) const;
    RecordInspection inspect(const Record& record, std::uint32_t step) const;

private:
    const Tokenizer& m_tokenizer;
    InspectionSettings m_settings;
    std::unique_ptr<DensitySource> m_source;
    MaskSampler m_sampler;
};

}  // namespace maskscope
