#include "lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace maskscope {

double LrSchedule::at(std::uint64_t step) const {
    const double floor = peak * minRatio;
    if (warmup > 0 && step <= warmup) return peak * static_cast<double>(step) / static_cast<double>(warmup);
    if (step >= horizon) return floor;
    const double span = static_cast<double>(std::max<std::uint64_t>(horizon - warmup, 1));
    const double progress = std::clamp(static_cast<double>(step - warmup) / span, 0.0, 1.0);
    constexpr double kPi = 3.14159265358979323846;
    return floor + (peak - floor) * 0.5 * (1.0 + std::cos(kPi * progress));
}

}  // namespace maskscope
