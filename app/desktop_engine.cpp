#include "desktop_engine.h"

#ifdef MASKSCOPE_HAVE_ENGINE
#include "gpu/density_model.h"
#include "gpu/engine_info.h"
#include "gpu/thread_settings.h"
#endif

namespace maskscope::app {

bool registerEngine() {
#ifdef MASKSCOPE_HAVE_ENGINE
    registerModelDensitySources();
    // The density tracks run on worker threads beside the GUI: one torch thread each and OpenBLAS
    // on one, so that the two pools do not fight over the cores (gpu/thread_settings.h).
    applyThreadSettings({1, 1});
    return true;
#else
    return false;
#endif
}

bool engineHasCuda() {
#ifdef MASKSCOPE_HAVE_ENGINE
    return queryEngineInfo().cudaAvailable;
#else
    return false;
#endif
}

}  // namespace maskscope::app
