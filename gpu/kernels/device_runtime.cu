// device_runtime.h on the CUDA runtime.
#include "gpu/kernels/cuda_check.h"
#include "gpu/kernels/device_runtime.h"

#include <cstdio>
#include <utility>

namespace maskscope::kernels {

using detail::checkCuda;

bool cudaKernelsBuilt() { return true; }

int cudaDeviceCount(std::string* reason) {
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) {
        cudaGetLastError();  // reset the last-error state so that later calls start clean
        if (reason) *reason = cudaGetErrorString(status);
        return 0;
    }
    if (count == 0 && reason) *reason = "no CUDA device";
    return count;
}

std::string cudaDeviceDescription(int device) {
    cudaDeviceProp properties{};
    checkCuda(cudaGetDeviceProperties(&properties, device), "cudaGetDeviceProperties");
    int driver = 0, runtime = 0;
    cudaDriverGetVersion(&driver);
    cudaRuntimeGetVersion(&runtime);
    char text[512];
    std::snprintf(text, sizeof text,
                  "%s, compute capability %d.%d, %d multiprocessors, %.1f GiB, L2 %d MiB, driver %d.%d, runtime %d.%d",
                  properties.name, properties.major, properties.minor, properties.multiProcessorCount,
                  static_cast<double>(properties.totalGlobalMem) / (1u << 30), properties.l2CacheSize >> 20,
                  driver / 1000, driver % 1000 / 10, runtime / 1000, runtime % 1000 / 10);
    return text;
}

void cudaSynchronize() { checkCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize"); }

DeviceBuffer::DeviceBuffer(std::size_t bytes) : m_bytes(bytes) {
    if (bytes > 0) checkCuda(cudaMalloc(&m_data, bytes), "cudaMalloc");
}

DeviceBuffer::~DeviceBuffer() {
    if (m_data) cudaFree(m_data);
}

DeviceBuffer::DeviceBuffer(DeviceBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_bytes(std::exchange(other.m_bytes, 0)) {}

DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
        if (m_data) cudaFree(m_data);
        m_data = std::exchange(other.m_data, nullptr);
        m_bytes = std::exchange(other.m_bytes, 0);
    }
    return *this;
}

void DeviceBuffer::upload(const void* host, std::size_t bytes, std::size_t offset) {
    if (offset + bytes > m_bytes) throw std::out_of_range("DeviceBuffer::upload past the end of the buffer");
    if (bytes > 0) checkCuda(cudaMemcpy(static_cast<char*>(m_data) + offset, host, bytes, cudaMemcpyHostToDevice), "upload");
}

void DeviceBuffer::download(void* host, std::size_t bytes, std::size_t offset) const {
    if (offset + bytes > m_bytes) throw std::out_of_range("DeviceBuffer::download past the end of the buffer");
    if (bytes > 0) checkCuda(cudaMemcpy(host, static_cast<const char*>(m_data) + offset, bytes, cudaMemcpyDeviceToHost), "download");
}

void DeviceBuffer::fill(int byte) {
    if (m_bytes > 0) checkCuda(cudaMemset(m_data, byte, m_bytes), "cudaMemset");
}

}  // namespace maskscope::kernels
