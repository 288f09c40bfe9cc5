#include "series_smoothing.h"

#include "error.h"

#include <algorithm>
#include <cmath>

namespace maskscope {

void smoothDebiasedEma(std::span<const double> values, double weight, std::span<double> out) {
    if (out.size() != values.size())
        throw UsageError("smoothDebiasedEma: the output has " + std::to_string(out.size()) + " elements, the input " +
                         std::to_string(values.size()));
    if (!std::isfinite(weight)) weight = 0.0;
    weight = std::clamp(weight, 0.0, 1.0);

    const bool constant =
        !values.empty() && std::all_of(values.begin(), values.end(), [first = values.front()](double v) { return v == first; });
    if (constant) {
        if (out.data() != values.data()) std::copy(values.begin(), values.end(), out.begin());
        return;
    }

    double last = 0.0;
    double numAccum = 0.0;  // a double, as in JavaScript; exact far beyond any series length
    // Once weight^numAccum drops below 2^-54, 1 - weight^numAccum rounds to exactly 1.0 and stays
    // there (the power only shrinks), so pow() is skipped from then on without changing a bit.
    constexpr double kNegligiblePower = 0x1p-54;
    bool debiasIsOne = weight == 1.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const double next = values[i];
        if (!std::isfinite(next)) {
            out[i] = next;
            continue;
        }
        last = last * weight + (1.0 - weight) * next;
        numAccum += 1.0;
        double debias = 1.0;
        if (!debiasIsOne) {
            const double power = std::pow(weight, numAccum);
            debiasIsOne = power < kNegligiblePower;
            debias = 1.0 - power;
        }
        out[i] = last / debias;
    }
}

std::vector<double> smoothDebiasedEma(std::span<const double> values, double weight) {
    std::vector<double> out(values.size());
    smoothDebiasedEma(values, weight, out);
    return out;
}

}  // namespace maskscope
