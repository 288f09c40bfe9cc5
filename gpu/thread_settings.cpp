#include "thread_settings.h"

#include <ATen/Parallel.h>

#include <dlfcn.h>

namespace maskscope {

std::string applyThreadSettings(const ThreadSettings& settings) {
    at::set_num_threads(settings.torchThreads);
    std::string text = "torch " + std::to_string(at::get_num_threads()) + " thread(s), ";
    // OpenBLAS reads OPENBLAS_NUM_THREADS when it is loaded; afterwards only its own function
    // changes the count. It is looked up at run time because the BLAS behind LibTorch is chosen
    // by the system (Debian's libblas.so.3 alternative), not by this build.
    using SetThreads = void (*)(int);
    using GetThreads = int (*)();
    const auto set = reinterpret_cast<SetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    const auto get = reinterpret_cast<GetThreads>(::dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    if (set != nullptr) {
        set(settings.blasThreads);
        text += "OpenBLAS " + std::to_string(get != nullptr ? get() : settings.blasThreads) + " thread(s)";
    } else {
        text += "BLAS threads not settable (not OpenBLAS)";
    }
    return text;
}

}  // namespace maskscope
