// CPU thread settings for training, set deliberately (shared/guide/environment.md): LibTorch's
// OpenMP intra-op threads and OpenBLAS's own pthreads both run matrix work, and on a small
// machine they fight each other when both use every core.
//
// Measured on the 2-core development machine with bench_train (tiny preset, 8 records = 16
// samples of ~90 tokens per step, full layout, packed), while other jobs shared the machine:
//   torch 1, OpenBLAS 1   7 700 - 8 350 tokens/s, 7 800 - 8 900 tokens per CPU-second
//   torch 2, OpenBLAS 1   9 650 tokens/s with the other core idle; 400 - 3 300 when it was not
//   torch 1, OpenBLAS 2   7 400 - 9 900 tokens/s at half the tokens per CPU-second
//   torch 2, OpenBLAS 2   400 - 5 000 tokens/s
// Two OpenMP threads win at most ~15% on an idle machine and collapse as soon as another process
// takes a core (a thread spins at each barrier for its descheduled partner). The default is
// therefore 1 and 1; --threads and --blas-threads change it.
#pragma once

#include <string>

namespace maskscope {

struct ThreadSettings {
    int torchThreads = 1;  // at::set_num_threads
    int blasThreads = 1;   // openblas_set_num_threads, when the BLAS in use is OpenBLAS
};

// Applies the settings to this process; returns a line describing what is in effect
// ("torch 1 thread(s), OpenBLAS 1 thread(s)" or "... BLAS threads not settable: not OpenBLAS").
std::string applyThreadSettings(const ThreadSettings& settings);

}  // namespace maskscope
