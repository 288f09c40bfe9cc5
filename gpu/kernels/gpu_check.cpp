// maskscope-gpu-check: every CUDA kernel of gpu/kernels against its CPU reference on this machine's
// GPU, then a timing table; the same checks as `maskscope-cli gpu-check` (gpu_check_suite.h, which
// documents the checks, tolerances and exit codes). Plain C++ on the CUDA runtime, no Qt; built with
// MASKSCOPE_GPU_CHECK_TORCH it also checks the LibTorch glue on CUDA tensors and times a plain
// LibTorch baseline (gpu_check_torch.h). tests/gpu/gpu_check.sh builds and runs it on a GPU machine.
//
//   maskscope-gpu-check [--quick]      (--quick: smaller timing workloads)
// Exit code: 0 every check passed, 1 a mismatch, 77 no CUDA device, 2 an error.
#include "gpu/kernels/gpu_check_suite.h"
#if defined(MASKSCOPE_GPU_CHECK_TORCH)
#include "gpu/kernels/gpu_check_torch.h"
#endif

#include <cstring>

int main(int argc, char** argv) {
    maskscope::kernels::GpuCheckOptions options;
    options.quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
#if defined(MASKSCOPE_GPU_CHECK_TORCH)
    options.extra = maskscope::kernels::torchGpuChecks;
#endif
    return maskscope::kernels::runGpuCheck(options);
}
