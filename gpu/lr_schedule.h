// The learning-rate schedule: linear warm-up, then a cosine decay to a floor.
//
//   step <= warmup:            lr * step / warmup
//   warmup < step <= horizon:  floor + (lr - floor) * (1 + cos(pi * progress)) / 2,
//                              progress = (step - warmup) / (horizon - warmup)
//   step > horizon:            floor                         (floor = lr * minLrRatio)
//
// Steps count from 1 (the first update). The horizon is TrainConfig::scheduleSteps(): --decay-steps
// when given, else the run's --steps. A run stopped and resumed to the same --steps follows the
// schedule of one that ran straight through; a run extended with `--resume --steps N` continues on
// the schedule of an N-step run (exactly that run's when its first part lay within the warm-up,
// e.g. 10 + 10 steps with the default warm-up of 10), unless --decay-steps fixed the horizon.
#pragma once

#include <cstdint>

namespace maskscope {

struct LrSchedule {
    double peak = 1e-3;
    double minRatio = 0.1;
    std::uint64_t warmup = 0;
    std::uint64_t horizon = 1;

    double at(std::uint64_t step) const;
};

}  // namespace maskscope
