// The "contextual collapse" flag of a block (method.md section 3): under block diffusion a block is
// denoised from what is left visible inside it and the clean blocks before it. When every hub of a
// block is masked and almost nothing around the hubs is left either, the block's logic has to be
// guessed from nothing; this is the failure hard masking causes.
//
// Definition used by MaskScope: a block collapses in a sample when
//   (1) it contains at least one hub token,
//   (2) every hub token in it is masked (hub coverage = 100%), and
//   (3) at least kCollapseMaskedShare (90%) of its maskable tokens are masked.
// A block without maskable tokens or without hubs never collapses. The thresholds are named
// constants so that tests and the legend refer to the same numbers.
#pragma once

#include "core/block_stats.h"

namespace maskscope::ui {

inline constexpr double kCollapseMaskedShare = 0.9;

bool isContextualCollapse(const BlockStats& block);

}  // namespace maskscope::ui
