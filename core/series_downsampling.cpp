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

// Every x finite and in non-decreasing order, as the series of a run are (by step, tokens or time).
bool finiteAndSorted(std::span<const double> x) {
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i])) return false;
        if (i > 0 && x[i] < x[i - 1]) return false;
    }
    return true;
}

// The kept points of one column in x order (ties by input position), each once.
void emitColumn(const ColumnPicks& column, std::span<const double> x, std::span<const double> y,
                std::vector<SeriesPoint>& line) {
    if (column.last == kNone) return;
    const auto before = [&](std::size_t a, std::size_t b) { return x[a] < x[b] || (x[a] == x[b] && a < b); };
    std::size_t kept[3] = {column.min, column.max, column.last};
    std::sort(std::begin(kept), std::end(kept), before);
    for (int k = 0; k < 3; ++k)
        if (k == 0 || kept[k] != kept[k - 1]) line.push_back({x[kept[k]], y[kept[k]], kept[k]});
}

// Any input: one pass over every point.
void downsampleScan(std::span<const double> x, std::span<const double> y, double xMin, double xMax,
                    std::size_t columns, DownsampledSeries& result) {
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
    if (beforeRange != kNone) result.line.push_back({x[beforeRange], y[beforeRange], beforeRange});
    for (const ColumnPicks& column : picks) emitColumn(column, x, y, result.line);
    if (afterRange != kNone) result.line.push_back({x[afterRange], y[afterRange], afterRange});
}

// Finite, sorted x: the range's ends and each column's run of points are found by binary search,
// and only the points inside the range are read, column by column. Same result as the scan: in a
// sorted input the last point of a column is its last finite one, the nearest point left of the
// range the last finite one before it, the nearest right the first finite one after it.
void downsampleSorted(std::span<const double> x, std::span<const double> y, double xMin, double xMax,
                      std::size_t columns, DownsampledSeries& result) {
    const std::size_t n = x.size();
    const std::size_t first = static_cast<std::size_t>(std::lower_bound(x.begin(), x.end(), xMin) - x.begin());
    const std::size_t end = static_cast<std::size_t>(std::upper_bound(x.begin(), x.end(), xMax) - x.begin());
    for (std::size_t i = first; i-- > 0;)
        if (std::isfinite(y[i])) {
            result.line.push_back({x[i], y[i], i});
            break;
        }
    const ColumnMapping columnOf(xMin, xMax, columns);
    for (std::size_t i = first; i < end;) {
        const std::size_t column = columnOf(x[i]);
        const auto stop = std::partition_point(x.begin() + static_cast<std::ptrdiff_t>(i), x.begin() + static_cast<std::ptrdiff_t>(end),
                                               [&](double value) { return columnOf(value) <= column; });
        const std::size_t next = static_cast<std::size_t>(stop - x.begin());
        ColumnPicks picks;
        // Most columns hold only finite values: then one branch-free pass finds the extremes and
        // their first positions follow by search; other columns take the careful loop below.
        double low = std::numeric_limits<double>::infinity();
        double high = -low;
        double finite = 0.0;  // stays 0 exactly when every value is finite (v - v is NaN otherwise)
        for (std::size_t k = i; k < next; ++k) {
            const double v = y[k];
            low = v < low ? v : low;
            high = v > high ? v : high;
            finite += v - v;
        }
        if (finite == 0.0) {
            const auto at = [&](double value) {
                return static_cast<std::size_t>(std::find(y.begin() + static_cast<std::ptrdiff_t>(i), y.begin() + static_cast<std::ptrdiff_t>(next), value) - y.begin());
            };
            picks = {low, high, x[next - 1], at(low), at(high), next - 1};
            emitColumn(picks, x, y, result.line);
            i = next;
            continue;
        }
        for (std::size_t k = i; k < next; ++k) {
            const double py = y[k];
            if (!std::isfinite(py)) {
                result.nonFinite.push_back({x[k], py, k});
                continue;
            }
            if (picks.last == kNone) {
                picks = {py, py, x[k], k, k, k};
                continue;
            }
            if (py < picks.minY) {
                picks.minY = py;
                picks.min = k;
            }
            if (py > picks.maxY) {
                picks.maxY = py;
                picks.max = k;
            }
            picks.last = k;
        }
        emitColumn(picks, x, y, result.line);
        i = next;
    }
    for (std::size_t i = end; i < n; ++i)
        if (std::isfinite(y[i])) {
            result.line.push_back({x[i], y[i], i});
            break;
        }
}

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
    result.line.reserve(3 * columns + 2);
    if (finiteAndSorted(x)) downsampleSorted(x, y, xMin, xMax, columns, result);
    else downsampleScan(x, y, xMin, xMax, columns, result);
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
