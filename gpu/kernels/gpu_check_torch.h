// The LibTorch part of the GPU check (gpu_check_suite.h): the glue on CUDA tensors against
// LibTorch in float64, sampleMasks on CUDA tensors against CPU tensors, and the surprisal sweep's
// inner step timed against plain LibTorch. Needs a CUDA LibTorch; elsewhere it prints that it was
// skipped.
#pragma once

namespace maskscope::kernels {

// Pass as GpuCheckOptions::extra.
void torchGpuChecks(bool quick);

}  // namespace maskscope::kernels
