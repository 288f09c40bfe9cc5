// The CUDA entry points of gpu/kernels in builds without nvcc (MASKSCOPE_CUDA_KERNELS=OFF): they
// report that no device can be used, and throw UsageError when asked to run anyway.
#include "core/error.h"
#include "gpu/kernels/device_runtime.h"
#include "gpu/kernels/mask_batch.h"
#include "gpu/kernels/nll_entropy.h"

namespace maskscope::kernels {

namespace {

constexpr const char* kNotBuilt = "this build has no CUDA kernels (nvcc was not found when it was configured)";

[[noreturn]] void notBuilt() { throw UsageError(kNotBuilt); }

}  // namespace

bool cudaKernelsBuilt() { return false; }

int cudaDeviceCount(std::string* reason) {
    if (reason) *reason = kNotBuilt;
    return 0;
}

std::string cudaDeviceDescription(int) { notBuilt(); }
void cudaSynchronize() { notBuilt(); }

DeviceBuffer::DeviceBuffer(std::size_t) { notBuilt(); }
DeviceBuffer::~DeviceBuffer() = default;
DeviceBuffer::DeviceBuffer(DeviceBuffer&&) noexcept = default;
DeviceBuffer& DeviceBuffer::operator=(DeviceBuffer&&) noexcept = default;
void DeviceBuffer::upload(const void*, std::size_t, std::size_t) { notBuilt(); }
void DeviceBuffer::download(void*, std::size_t, std::size_t) const { notBuilt(); }
void DeviceBuffer::fill(int) { notBuilt(); }

int nllEntropyThreadsPerRow(std::int64_t, std::int64_t vocab) { return vocab <= 2048 ? 32 : 256; }

void nllEntropyCuda(const LogitsView&, const std::int64_t*, float*, float*, void*, int) { notBuilt(); }

void sampleMasksCuda(const MaskPolicy&, std::uint32_t, const MaskBatchView&, const MaskBatchOutput&, void*) {
    notBuilt();
}

}  // namespace maskscope::kernels
