// The little of the CUDA runtime that callers of the kernels need, behind a header without CUDA
// headers: whether the kernels were built, whether a device can be used (and why not), device
// memory, synchronisation. In builds without CUDA (no nvcc), cudaKernelsBuilt() is false,
// cudaDeviceCount() is 0 with a reason, and everything else throws UsageError.
#pragma once

#include <cstddef>
#include <string>

namespace maskscope::kernels {

// Whether this build compiled the CUDA kernels (nvcc was found; MASKSCOPE_CUDA_KERNELS=ON).
bool cudaKernelsBuilt();

// Number of usable CUDA devices; 0 with `reason` set ("CUDA driver version is insufficient for
// CUDA runtime version", "built without CUDA kernels", ...) when there is none.
int cudaDeviceCount(std::string* reason = nullptr);

// "NVIDIA H200, compute capability 9.0, 132 multiprocessors, driver 13.0, runtime 13.0".
std::string cudaDeviceDescription(int device = 0);

// Waits for all work on the current device; throws std::runtime_error with the pending error.
void cudaSynchronize();

// Device memory, owned (cudaMalloc / cudaFree). Copies are synchronous.
class DeviceBuffer {
public:
    DeviceBuffer() = default;
    explicit DeviceBuffer(std::size_t bytes);
    ~DeviceBuffer();
    DeviceBuffer(DeviceBuffer&& other) noexcept;
    DeviceBuffer& operator=(DeviceBuffer&& other) noexcept;
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;

    void* data() const { return m_data; }
    std::size_t bytes() const { return m_bytes; }
    template <typename T>
    T* as() const { return static_cast<T*>(m_data); }

    void upload(const void* host, std::size_t bytes, std::size_t offset = 0);
    void download(void* host, std::size_t bytes, std::size_t offset = 0) const;
    void fill(int byte);

private:
    void* m_data = nullptr;
    std::size_t m_bytes = 0;
};

}  // namespace maskscope::kernels
