// Reducing a scalar series to what a chart of P pixel columns can show, without hiding anything:
// every column keeps the lowest and the highest point that falls into it and its last point, so a
// one-step loss spike survives at any zoom level, and the line still ends where the data ends.
// Points whose value is NaN or +-inf are never dropped and never drawn as part of the line: they
// come back in a list of their own, for markers.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace maskscope {

struct SeriesPoint {
    double x = 0.0;
    double y = 0.0;
    std::size_t index = 0;  // position in the input series

    friend bool operator==(const SeriesPoint&, const SeriesPoint&) = default;
};

// The column of an x value: `columns` columns of equal width over [xMin, xMax], x == xMax in the
// last one. A zero-width range (or one so narrow that the scale overflows) maps everything to
// column 0. Callers check that x lies in the range.
class ColumnMapping {
public:
    ColumnMapping(double xMin, double xMax, std::size_t columns)
        : m_xMin(xMin), m_scale(xMax > xMin ? static_cast<double>(columns) / (xMax - xMin) : 0.0),
          m_lastColumn(static_cast<double>(columns == 0 ? 0 : columns - 1)) {
        if (!(m_scale < std::numeric_limits<double>::infinity())) m_scale = 0.0;
    }
    std::size_t operator()(double x) const {
        // Through a signed integer: the value is never negative for x >= xMin, and the signed
        // conversion is one instruction where the unsigned one is a branch.
        return static_cast<std::size_t>(static_cast<std::int64_t>(std::min((x - m_xMin) * m_scale, m_lastColumn)));
    }

private:
    double m_xMin;
    double m_scale;
    double m_lastColumn;
};

struct DownsampledSeries {
    // Points with finite x and y, in x order (ties by input position): per column its minimum, its
    // maximum and its last point (greatest x; ties: the later input point), each once, plus the
    // nearest point left of the range and the nearest right of it when the input has such points
    // (so the line runs to the chart's edges). At most 3 * columns + 2 points.
    std::vector<SeriesPoint> line;
    // Every input point inside the range whose y is NaN or +-inf, in input order (finite x).
    std::vector<SeriesPoint> nonFinite;
};

// Reduces the series (x[i], y[i]) for `columns` columns spread evenly over [xMin, xMax]. The
// input need not be sorted. Linear time in the input, plus O(columns) memory. Points with a
// non-finite x have no position and are left out of both lists. Throws UsageError when x and y
// differ in length, columns < 1, or the range is not finite or has xMax < xMin (xMin == xMax puts
// everything into one column).
DownsampledSeries downsampleMinMaxLast(std::span<const double> x, std::span<const double> y, double xMin, double xMax,
                                       std::size_t columns);

// The same over the range of the input's finite x values (an empty result for no such points).
DownsampledSeries downsampleMinMaxLast(std::span<const double> x, std::span<const double> y, std::size_t columns);

}  // namespace maskscope
