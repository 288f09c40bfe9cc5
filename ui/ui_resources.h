// Registers the resources compiled into the maskscope_ui static library (icons). A static library's
// resources are only linked when something references them; call this once before using them.
#pragma once

namespace maskscope::ui {

void initResources();

}  // namespace maskscope::ui
