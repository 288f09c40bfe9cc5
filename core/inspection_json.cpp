#include "inspection_json.h"

#include <nlohmann/json.hpp>

namespace maskscope {

namespace {

using Json = nlohmann::json;

Json tokenPieces(const RecordInspection& inspection) {
    Json pieces = Json::array();
    for (const auto& token : inspection.tokens.tokens) pieces.push_back(token.piece);
    return pieces;
}

Json baseObject(const RecordInspection& inspection) {
    Json out;
    out["id"] = inspection.tokens.record.id;
    out["tokens"] = tokenPieces(inspection);
    out["maskable"] = inspection.maskable;
    return out;
}

Json blocksJson(const std::vector<BlockStats>& blocks) {
    Json out = Json::array();
    for (const auto& b : blocks) {
        Json block;
        block["begin"] = b.begin;
        block["end"] = b.end;
        block["masked_share"] = b.maskedShare;
        block["longest_run"] = b.longestRun;
        block["hub_coverage"] = b.hubCoverage ? Json(*b.hubCoverage) : Json(nullptr);
        out.push_back(std::move(block));
    }
    return out;
}

std::string dump(const Json& json) {
    // Pieces are valid UTF-8 except sentencepiece byte-fallback edge cases; replace rather than throw.
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

std::vector<std::pair<std::uint32_t, std::uint32_t>> hubByteSpans(const RecordInspection& inspection) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;
    const auto& tokens = inspection.tokens.tokens;
    for (const auto& span : inspection.hubs.spans) {
        if (span.begin >= span.end || span.end > tokens.size()) continue;
        spans.emplace_back(tokens[span.begin].begin, tokens[span.end - 1].end);
    }
    return spans;
}

std::string densityJson(const RecordInspection& inspection) {
    Json out = baseObject(inspection);
    out["density"] = inspection.density;
    return dump(out);
}

std::string hubsJson(const RecordInspection& inspection) {
    Json out = baseObject(inspection);
    out["density"] = inspection.density;
    out["hub"] = inspection.hubs.indicator;
    Json spans = Json::array();
    for (const auto& span : inspection.hubs.spans) spans.push_back({span.begin, span.end});
    out["spans"] = std::move(spans);
    Json bytes = Json::array();
    for (const auto& [start, end] : hubByteSpans(inspection)) bytes.push_back({start, end});
    out["byte_spans"] = std::move(bytes);
    return dump(out);
}

std::string maskJson(const RecordInspection& inspection, MaskMode mode) {
    Json out = baseObject(inspection);
    const auto& masks = inspection.masks;
    out["hub"] = inspection.hubs.indicator;
    out["p"] = masks.p;
    out["t"] = masks.t;
    out["logical"] = masks.logical;
    out["syntactic"] = masks.syntactic;
    out["step"] = inspection.step;
    out["processed"] = masks.processed;
    out["mode"] = std::string(toString(masks.processed ? mode : MaskMode::Uniform));
    out["p_syntactic"] = masks.pSecond;
    if (!inspection.logicalBlocks.empty() || !inspection.syntacticBlocks.empty()) {
        out["blocks"] = blocksJson(inspection.logicalBlocks);
        out["blocks_syntactic"] = blocksJson(inspection.syntacticBlocks);
    }
    return dump(out);
}

}  // namespace maskscope
