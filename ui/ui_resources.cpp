#include "ui/ui_resources.h"

#include <QtCore/QtGlobal>

// Q_INIT_RESOURCE declares the initialiser at the scope it is used in, so it must run outside any
// namespace.
static void initMaskScopeUiResources() { Q_INIT_RESOURCE(maskscope_ui); }

namespace maskscope::ui {

void initResources() { initMaskScopeUiResources(); }

}  // namespace maskscope::ui
