#include "desktop_engine.h"

#ifdef MASKSCOPE_HAVE_ENGINE
#include "gpu/density_model.h"
#include "gpu/engine_info.h"
#endif

namespace maskscope::app {

bool registerEngine() {
#ifdef MASKSCOPE_HAVE_ENGINE
    registerModelDensitySources();
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
