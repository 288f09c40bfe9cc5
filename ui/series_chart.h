// The charts of the run monitor behind one small interface, so that the chart library can be
// swapped: callers hand in plain data (lines of x/y values with a name, colour and style, axis
// titles, a linear or log y axis) and never see a type of the library. The one implementation is
// QtSeriesChart (qt_series_chart.h, Qt Charts); createSeriesChart() makes it.
//
// What an implementation promises:
// - Every line is handed in whole (a run's full series, 1 M points and more) and reduced to what
//   the plot can show per pixel column with core's downsampleMinMaxLast (series_downsampling.h):
//   each column keeps its lowest, highest and last point, so a one-step spike is never hidden.
//   The reduction is redone when the plot is resized or zoomed.
// - Points whose y is NaN or +-inf are not dropped: they become markers at the top (NaN, +inf) or
//   bottom (-inf) edge of the plot, at their x, with a legend entry and a tooltip that counts them.
//   On a log y axis, finite values <= 0 cannot be placed and are marked at the bottom edge too.
// - x values that are not finite have no position and are left out (e.g. tokens before the first
//   token count).
// - drawnLines() tells exactly what was handed to the library, for tests and benchmarks.
#pragma once

#include <QtCore/QString>
#include <QtGui/QColor>

#include <cstddef>
#include <memory>
#include <vector>

class QWidget;

namespace maskscope::ui {

// Shared, immutable values: a run's series is handed to the chart without copying it.
using ChartValues = std::shared_ptr<const std::vector<double>>;

enum class ChartLineStyle { Solid, Dashed, Dotted };

struct ChartLine {
    QString name;            // legend and tooltip text
    QColor color;            // its alpha is kept (a faint raw series behind a smoothed one)
    ChartValues x;           // same length as y
    ChartValues y;           // NaN and +-inf are marked, see above
    ChartLineStyle style = ChartLineStyle::Solid;
    double width = 1.0;      // pen width in pixels (1 is by far the cheapest to draw in Qt Charts)
    bool inLegend = true;
    bool markNonFinite = true;  // false: non-finite points of this line are not marked (e.g. a raw
                                // series whose smoothed line marks the same points)
};

enum class ChartXFormat {
    Number,        // plain numbers (step, tokens, seconds)
    EpochSeconds,  // seconds since the Unix epoch, labelled as local date and time
};

// Where a non-finite (or, on a log axis, non-positive) point is marked.
enum class MarkerKind { NaN, PositiveInfinity, NegativeInfinity, NonPositive };

// What an implementation handed to its chart library for one line.
struct DrawnLine {
    QString name;
    struct Point {
        double x = 0.0;
        double y = 0.0;
    };
    std::vector<Point> points;  // the reduced line, in x order (x in the data's units)
    struct Marker {
        double x = 0.0;
        MarkerKind kind = MarkerKind::NaN;
        std::size_t count = 1;  // points of this kind that fall into the marker's pixel column
    };
    std::vector<Marker> markers;
    std::size_t nanCount = 0;               // every NaN point in the x range
    std::size_t positiveInfinityCount = 0;  // every +inf point in the x range
    std::size_t negativeInfinityCount = 0;  // every -inf point in the x range
    std::size_t nonPositiveCount = 0;       // finite values <= 0 on a log axis
};

class SeriesChart {
public:
    virtual ~SeriesChart() = default;

    // The widget to put into a layout. It is the SeriesChart itself: deleting the SeriesChart
    // deletes the widget (and takes it out of its parent).
    virtual QWidget* widget() = 0;

    // Replaces every line (drawn in the given order, later ones on top). Keeps a zoomed range.
    virtual void setLines(std::vector<ChartLine> lines) = 0;
    virtual void setAxisTitles(const QString& x, const QString& y) = 0;
    virtual void setXFormat(ChartXFormat format) = 0;
    virtual void setLogY(bool logY) = 0;
    // Text shown in the empty plot (e.g. "No run has this series"); empty for none.
    virtual void setPlaceholderText(const QString& text) = 0;
    // The file name (without extension) that the chart's own "Export" menu suggests.
    virtual void setExportName(const QString& name) = 0;

    // Zoom to an x range (y follows the data in it); resetZoom() shows the data's full range
    // again. The user zooms with a rubber band and resets with a double click.
    virtual void zoomX(double low, double high) = 0;
    virtual void resetZoom() = 0;
    virtual bool isZoomed() const = 0;

    // The number of pixel columns the lines are reduced to, and the x range they cover.
    virtual std::size_t plotColumns() const = 0;
    virtual double xMin() const = 0;
    virtual double xMax() const = 0;

    // What was handed to the chart library, one entry per line given to setLines().
    virtual std::vector<DrawnLine> drawnLines() const = 0;

    // Writes the chart as PNG or SVG (by the name's extension); returns an error message or "".
    virtual QString exportTo(const QString& path) = 0;
};

// The library's implementation (QtSeriesChart), as a child of `parent`.
std::unique_ptr<SeriesChart> createSeriesChart(QWidget* parent = nullptr);

}  // namespace maskscope::ui
