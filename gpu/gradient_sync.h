// The trainer's hook for data parallelism. After the backward passes of a step's micro-batches
// and before gradient clipping, the trainer hands the gradients to a GradientSync; a data-parallel
// implementation (c10d: Gloo on CPU, NCCL on CUDA) sums them over the ranks in place. Each rank
// trains on its own share of the step (BatchBuilder::build(step, rank, worldSize)), and the loss
// of every share is already normalised by the whole step's totals, so summing is all that is
// needed: the result equals the gradient of the single-process step.
//
// The same object reduces the logged statistics, so that rank 0 logs the whole step's numbers.
// Only rank 0 writes the run directory (metrics, probes, checkpoints).
#pragma once

#include <torch/types.h>

#include <vector>

namespace maskscope {

class GradientSync {
public:
    virtual ~GradientSync() = default;
    virtual int rank() const = 0;
    virtual int worldSize() const = 0;
    // Sums each gradient over all ranks, in place. Gradients may be undefined (skipped).
    virtual void synchronise(std::vector<torch::Tensor>& gradients) = 0;
    // Sums a small float64 tensor of statistics over all ranks, in place.
    virtual void sumStatistics(torch::Tensor& values) = 0;
    // Throws std::runtime_error on every rank when `parameters` differ between any rank and rank 0
    // (e.g. ranks that read different checkpoints, or initialised with different seeds).
    virtual void requireIdenticalParameters(const std::vector<torch::Tensor>& parameters) = 0;
};

// One process: nothing to synchronise.
class LocalGradientSync final : public GradientSync {
public:
    int rank() const override { return 0; }
    int worldSize() const override { return 1; }
    void synchronise(std::vector<torch::Tensor>&) override {}
    void sumStatistics(torch::Tensor&) override {}
    void requireIdenticalParameters(const std::vector<torch::Tensor>&) override {}
};

}  // namespace maskscope
