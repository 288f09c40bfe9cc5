// Internal to the CUDA sources of gpu/kernels: turns CUDA runtime errors into exceptions with a
// message that names the operation (library code never exits).
#pragma once

#include <cuda_runtime.h>

#include <stdexcept>
#include <string>

namespace maskscope::kernels::detail {

inline void checkCuda(cudaError_t status, const char* what) {
    if (status != cudaSuccess)
        throw std::runtime_error(std::string("CUDA error in ") + what + ": " + cudaGetErrorString(status));
}

// After a launch: configuration errors now, faults of earlier asynchronous work as they surface.
inline void checkLaunch(const char* kernel) { checkCuda(cudaGetLastError(), kernel); }

}  // namespace maskscope::kernels::detail
