#include "series_downsampling.h"

#include "error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace maskscope {
namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

// The three points a column keeps, as input positions (kNone while the column is empty), with
// the values they are compared by, so that the scan reads no point twice.
struct ColumnPicks {
    double minY = 0.0;
    double maxY = 0.0;
    double lastX = 0.0;
    std::size_t min = kNone;
    std::size_t max = kNone;
    std::size_t last = kNone;
};

}  // namespace

DownsampledSeries downsampleMinMaxLast(std::span<const double> x, std::span<const double> y, double xMin, double xMax,
                                       std::size_t columns) {
    if (x.size() != y.size())
        throw UsageError("downsampleMinMaxLast: " + std::to_string(x.size()) + " x values but " +
                         std::to_string(y.size()) + " y values");
    if (columns < 1) throw UsageError("downsampleMinMaxLast: at least one column is needed");
    if (!std::isfinite(xMin) || !std::isfinite(xMax) || xMax < xMin)
        throw UsageError("downsampleMinMaxLast: the x range must be finite with xMin <= xMax");

    DownsampledSeries result;
    std::vector<ColumnPicks> picks(columns);
    std::size_t beforeRange = kNone;  // greatest x below xMin
    std::size_t afterRange = kNone;   // smallest x above xMax
    const ColumnMapping columnOf(xMin, xMax, columns);

    for (std::size_t i = 0; i < x.size(); ++i) {
        const double px = x[i];
        const double py = y[i];
        if (!std::isfinite(px)) continue;
        if (px < xMin) {
            if (std::isfinite(py) && (beforeRange == kNone || px >= x[beforeRange])) beforeRange = i;
            continue;
        }
        if (px > xMax) {
            if (std::isfinite(py) && (afterRange == kNone || px < x[afterRange])) afterRange = i;
            continue;
        }
        if (!std::isfinite(py)) {
            result.nonFinite.push_back({px, py, i});
            continue;
        }
        ColumnPicks& column = picks[columnOf(px)];
        if (column.last == kNone) {
            column = {py, py, px, i, i, i};
            continue;
        }
        if (py < column.minY) {
            column.minY = py;
            column.min = i;
        }
        if (py > column.maxY) {
            column.maxY = py;
            column.max = i;
        }
        if (px >= column.lastX) {
            column.lastX = px;
            column.last = i;
        }
    }

    // Positions in x order, ties by input position.
    const auto before = [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && a < b); };
    const auto emit = [&](std::size_t i) { result.line.push_back({x[i], y[i], i}); };
    result.line.reserve(3 * columns + 2);
    if (beforeRange != kNone) emit(beforeRange);
    for (const ColumnPicks& column : picks) {
        if (column.last == kNone) continue;
        std::size_t kept[3] = {column.min, column.max, column.last};
        std::sort(std::begin(kept), std::end(kept), before);
        for (int k = 0; k < 3; ++k)
            if (k == 0 || kept[k] != kept[k - 1]) emit(kept[k]);
    }
    if (afterRange != kNone) emit(afterRange);
    return result;
}

DownsampledSeries downsampleMinMaxLast(std::span<const double> x, std::span<const double> y, std::size_t columns) {
    double lowest = std::numeric_limits<double>::infinity();
    double highest = -std::numeric_limits<double>::infinity();
    for (const double value : x) {
        if (!std::isfinite(value)) continue;
        lowest = std::min(lowest, value);
        highest = std::max(highest, value);
    }
    if (lowest > highest) {
        if (x.size() != y.size())
            throw UsageError("downsampleMinMaxLast: " + std::to_string(x.size()) + " x values but " +
                             std::to_string(y.size()) + " y values");
        return {};
    }
    return downsampleMinMaxLast(x, y, lowest, highest, columns);
}

}  // namespace maskscope
