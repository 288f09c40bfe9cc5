// One-line JSON renderings of a RecordInspection, the output formats of `maskscope-cli density`,
// `hubs` and `mask`. Arrays are aligned to the record's tokens (prompt tokens first).
//
//   density: {"id", "tokens": [piece], "maskable": [0|1], "density": [float]}
//   hubs:    the density fields plus "hub": [0|1], "spans": [[first_token, end_token)...],
//            "byte_spans": [[start, end)...] (UTF-8 byte offsets into the response)
//   mask:    {"id", "tokens", "maskable", "hub", "p", "t", "logical", "syntactic"} plus
//            "step", "processed", "mode", "p_syntactic" (probabilities of the second sample), and,
//            with a block size, "blocks" (of the logical sample) and "blocks_syntactic":
//            [{"begin", "end", "masked_share", "longest_run", "hub_coverage" (null: no hub)}]
#pragma once

#include "inspection.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace maskscope {

std::string densityJson(const RecordInspection& inspection);
std::string hubsJson(const RecordInspection& inspection);
std::string maskJson(const RecordInspection& inspection, MaskMode mode);

// The hub spans as UTF-8 byte ranges [start, end) of the response text.
std::vector<std::pair<std::uint32_t, std::uint32_t>> hubByteSpans(const RecordInspection& inspection);

}  // namespace maskscope
