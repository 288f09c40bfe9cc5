// Data parallelism across processes through PyTorch's c10d: a GradientSync (gpu/gradient_sync.h)
// over ProcessGroupGloo (CPU tensors) or ProcessGroupNCCL (CUDA tensors, where the LibTorch this
// is built against has NCCL: MASKSCOPE_HAVE_NCCL, set by gpu/CMakeLists.txt after a compile check).
//
// Configuration is torchrun's environment:
//   WORLD_SIZE   number of processes (unset or 1: one process, no synchronisation)
//   RANK         this process, 0 .. WORLD_SIZE-1
//   LOCAL_RANK   this process on its machine (default RANK); picks cuda:LOCAL_RANK for --device cuda
//   MASTER_ADDR  host of rank 0, which serves the rendezvous store (c10d::TCPStore)
//   MASTER_PORT  its port
// and, specific to MaskScope:
//   MASKSCOPE_DIST_TIMEOUT   seconds any rendezvous or collective may wait for the other ranks
//                            (default 300); a rank that dies or hangs makes the others fail with a
//                            message naming the operation instead of waiting forever
//   MASKSCOPE_DIST_BACKEND   auto (NCCL for CUDA tensors where built with it, else Gloo), gloo, nccl
//   GLOO_SOCKET_IFNAME       network interface Gloo binds to (as in PyTorch); without it, Gloo
//                            binds to 127.0.0.1 when MASTER_ADDR is a loopback address and to the
//                            address of this machine's host name otherwise
//
// Every rank runs the same program with the same flags; rank r trains on the r-th share of each
// step (BatchBuilder::build(step, r, worldSize)). Since each share's loss is already normalised
// by the whole step, the gradients are SUMMED over the ranks, giving the single-process step's
// gradient up to float rounding. The gradients are flattened into one buffer per (dtype, device)
// and reduced with one allreduce each. Parameters start identical on every rank because the
// initialisation is keyed by the seed; DataParallelGroup::broadcastParameters() and
// requireIdenticalParameters() let a caller enforce or check that. This header is torch-free.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace maskscope {

class GradientSync;  // gpu/gradient_sync.h

inline constexpr int kDefaultDistributedTimeoutSeconds = 300;

struct DistributedEnvironment {
    int rank = 0;
    int worldSize = 1;
    int localRank = 0;
    std::string masterAddr;
    std::uint16_t masterPort = 0;
    std::chrono::milliseconds timeout{kDefaultDistributedTimeoutSeconds * 1000};
    std::string backend = "auto";   // auto | gloo | nccl
    std::string socketInterface;    // GLOO_SOCKET_IFNAME
};

// Reads the variables above through `lookup` (returns nullopt for an unset variable; default: the
// process environment). Returns nullopt when WORLD_SIZE is unset or 1 (with RANK unset or 0).
// Throws UsageError naming the variable when the environment is inconsistent: WORLD_SIZE not a
// positive integer, RANK missing or outside [0, WORLD_SIZE), MASTER_ADDR or MASTER_PORT missing,
// a port outside 1..65535, a bad timeout or backend name.
using EnvironmentLookup = std::function<std::optional<std::string>(const std::string& name)>;
std::optional<DistributedEnvironment> readDistributedEnvironment(const EnvironmentLookup& lookup = {});

// One process's membership of the data-parallel group. Torch-free (app/ includes it): the tensor
// functions take at::Tensor (torch::Tensor), declared here only.
class DataParallelGroup {
public:
    // Joins the process group: rank 0 starts the TCPStore server on MASTER_PORT and waits for the
    // others; every rank then connects to every other through Gloo (or NCCL). `device` is where
    // the gradients live ("cpu", "cuda:N"). Blocks until all ranks have joined; throws
    // std::runtime_error naming the address and the timeout when they do not within it, and
    // UsageError when the backend asked for is not built in.
    DataParallelGroup(const DistributedEnvironment& environment, const std::string& device);
    ~DataParallelGroup();
    DataParallelGroup(const DataParallelGroup&) = delete;
    DataParallelGroup& operator=(const DataParallelGroup&) = delete;

    int rank() const;
    int worldSize() const;
    // The backend in use: "gloo" or "nccl".
    const std::string& backend() const;

    // The trainer's hook (TrainerHooks::gradientSync): synchronise() sums the gradients over the
    // ranks in place, one flattened allreduce per dtype and device; every rank must hand over the
    // same list (a gradient defined on some ranks only is an error naming its index).
    // sumStatistics() sums the logged statistics. It shares this group's connection.
    std::shared_ptr<GradientSync> gradientSync() const;

    // True on every rank when `flag` is true on at least one (a collective: all ranks must call).
    bool anyRank(bool flag);
    // Copies rank 0's values into `tensors` on every rank (in place, e.g. the model parameters).
    void broadcastParameters(std::vector<at::Tensor>& tensors);
    // Throws std::runtime_error on every rank when the tensors (e.g. the parameters after
    // initialisation) differ between any rank and rank 0, judged by float64 checksums.
    void requireIdenticalParameters(const std::vector<at::Tensor>& tensors);

    struct Impl;

private:
    std::shared_ptr<Impl> m_impl;
};

// The group `maskscope-cli train` joins: when the environment asks for more than one process, a
// DataParallelGroup on `device` (where "cuda" is first made "cuda:LOCAL_RANK", written back to
// `device`); else nullptr (the trainer then runs alone).
std::shared_ptr<DataParallelGroup> joinDataParallelFromEnvironment(std::string& device);

// "cuda" becomes "cuda:LOCAL_RANK" for a multi-process run; anything else is returned unchanged.
std::string deviceForRank(const std::string& device, const DistributedEnvironment& environment);

// Whether this build can use NCCL (CUDA LibTorch with c10d NCCL headers).
bool distributedHasNccl();

}  // namespace maskscope
