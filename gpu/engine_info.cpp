#include "engine_info.h"

#include <torch/torch.h>

namespace maskscope {

EngineInfo queryEngineInfo() {
    EngineInfo info;
    info.torchVersion = TORCH_VERSION;
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDeviceCount = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    info.cpuThreads = at::get_num_threads();
#if defined(MASKSCOPE_HAVE_CUDA_NAME)
    if (info.cudaAvailable) info.cudaDeviceName = at::cuda::getDeviceProperties(0)->name;
#endif
    return info;
}

}  // namespace maskscope
