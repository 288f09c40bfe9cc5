#include "ui/block_collapse.h"

namespace maskscope::ui {

bool isContextualCollapse(const BlockStats& block) {
    return block.maskable > 0 && block.hubCoverage.has_value() && *block.hubCoverage >= 1.0 &&
           block.maskedShare >= kCollapseMaskedShare;
}

}  // namespace maskscope::ui
