// The checks of `maskscope-gpu-check` and `maskscope-cli gpu-check` as a library function: every
// kernel's CPU path against its reference (always), then, on a machine with a CUDA device, every CUDA
// kernel against its CPU reference and a timing table (llm.c's habit: checked before timed). Lines
// go to standard output: "ok"/"FAIL", the case, the error found.
//
// Checks: NLL/entropy of every variant (threads per row auto, 32, 256, 1024) on float32 and bfloat16,
// odd and strided rows, extreme rows, against the double reference with tolerance 1e-4 max(1, |ref|)
// (float accumulation with ex2.approx on CUDA; expected errors ~1e-6, printed per case). Masks of every
// policy of synthetic_inputs.h against core's MaskSampler, bit for bit (t, p, pSecond, both masks).
// Timing: CUDA events around repeated launches after a warm-up; bandwidth counts the bytes the
// kernel must move (logits read once, targets, outputs); copy bandwidth is cudaMemcpy device to
// device counting read + write.
//
// Exit codes of runGpuCheck (and of both commands): 0 every check passed on the GPU; 77 the CPU
// checks passed but no CUDA device is usable here (the reason is printed; the CUDA checks did not
// run); 1 a mismatch; 2 an error (a CUDA call failed).
#pragma once

#include <functional>
#include <string>

namespace maskscope::kernels {

struct GpuCheckOptions {
    bool quick = false;  // smaller timing workloads
    // Extra checks and timings run after the built-in ones when a device is present (the LibTorch
    // part, gpu_check_torch.h); may call gpuCheckResult.
    std::function<void(bool quick)> extra;
};

int runGpuCheck(const GpuCheckOptions& options);

// Records one check: prints "ok"/"FAIL", the name and the detail, and counts failures.
void gpuCheckResult(bool passed, const std::string& name, const std::string& detail);

// Milliseconds per call of `work` enqueued on the legacy default stream (CUDA events); throws
// std::runtime_error where there are no CUDA kernels.
double gpuMilliseconds(const std::function<void()>& work, int warmup, int repeats);

}  // namespace maskscope::kernels
