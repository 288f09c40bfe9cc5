// What tensor engine this build runs on: the LibTorch version and the CUDA devices it can see.
// The header is torch-free so that app/ and the CLI can report it without torch headers.
#pragma once

#include <string>

namespace maskscope {

struct EngineInfo {
    std::string torchVersion;   // e.g. "1.13.1"
    bool cudaAvailable = false;
    int cudaDeviceCount = 0;
    std::string cudaDeviceName; // first device, empty without CUDA
    int cpuThreads = 0;         // at::get_num_threads()
};

EngineInfo queryEngineInfo();

}  // namespace maskscope
