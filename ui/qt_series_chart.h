// SeriesChart (series_chart.h) drawn with Qt Charts: axes, legend and one (empty) QLineSeries per
// line for its legend entry, the line's points reduced per pixel column of the plot (core
// downsampleMinMaxLast) and drawn as one polyline by a layer item in the chart, and up to four
// QScatterSeries per line for its markers (NaN and +inf at the top edge,
// -inf and, on a log axis, values <= 0 at the bottom edge), one marker per kind and pixel column.
//
// The reduction is redone when the lines change, the plot area changes size, the user zooms (a
// rubber band; a double click or the context menu's "Reset Zoom" undoes it), or the y axis
// switches between linear and log; a line whose values, range and columns are those of the
// previous reduction keeps its points (a smoothing change leaves the raw line behind as it was).
// Series of more than 400 k points are reduced in chunks on several threads (the same min, max
// and last per column). y follows the data in the shown x range unless the user zoomed into a y
// range too. The log scale draws log10 of the values on a linear axis labelled with values at 1,
// 2, 5 (or finer) per decade. The context menu also exports the chart (chart_export.h).
//
// Cost (bench_chart_redraw): a QLineSeries strokes a hover outline of its whole line on every
// update, which cost more than the rest of a redraw; the layer draws the polyline directly.
#pragma once

#include "ui/series_chart.h"

#include <QtCharts/QChartView>

#include <optional>
#include <utility>

QT_BEGIN_NAMESPACE
class QAbstractAxis;
class QAbstractSeries;
class QDateTimeAxis;
class QGraphicsSimpleTextItem;
class QLineSeries;
class QCategoryAxis;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace maskscope::ui {

class QtSeriesChart : public QChartView, public SeriesChart {
    Q_OBJECT
public:
    explicit QtSeriesChart(QWidget* parent = nullptr);
    ~QtSeriesChart() override;

    QWidget* widget() override { return this; }
    void setLines(std::vector<ChartLine> lines) override;
    void setAxisTitles(const QString& x, const QString& y) override;
    void setXFormat(ChartXFormat format) override;
    void setLogY(bool logY) override;
    void setPlaceholderText(const QString& text) override;
    void setExportName(const QString& name) override { m_exportName = name; }
    void zoomX(double low, double high) override;
    void resetZoom() override;
    bool isZoomed() const override { return m_zoomX.has_value(); }
    std::size_t plotColumns() const override { return m_columns; }
    double xMin() const override { return m_xLow; }
    double xMax() const override { return m_xHigh; }
    std::vector<DrawnLine> drawnLines() const override;
    QString exportTo(const QString& path) override;

    // Reduces and hands the lines to Qt Charts now (otherwise done when needed).
    void redraw();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Entry;

    void applyPalette();
    void applyEntryStyle(Entry& entry, const ChartLine& line);
    QScatterSeries* markerSeries(Entry& entry, MarkerKind kind);
    void attach(QAbstractSeries* series);
    void switchAxes();
    QAbstractAxis* xAxis() const;
    QAbstractAxis* yAxis() const;
    void scheduleRedraw();
    void updatePlaceholder();
    std::pair<double, double> shownXRange() const;
    std::pair<double, double> shownYRange() const;
    double chartX(double x) const;  // the x of the chart library for a data x
    double chartY(double y) const;  // the same for y (log10 on a log scale)
    QString xText(double x) const;

    std::vector<ChartLine> m_lines;
    std::vector<std::unique_ptr<Entry>> m_entries;
    class PlotLayer;
    PlotLayer* m_layer = nullptr;  // owned by the chart
    double m_axisLow = 0.0;        // the y axis range in chart units (log10 on a log scale)
    double m_axisHigh = 1.0;
    QValueAxis* m_xValue = nullptr;
    QDateTimeAxis* m_xTime = nullptr;
    QValueAxis* m_yValue = nullptr;
    QCategoryAxis* m_yLog = nullptr;  // log10 of the values, labelled in the values
    QGraphicsSimpleTextItem* m_placeholder = nullptr;
    QString m_placeholderText;
    QString m_exportName = QStringLiteral("run-chart");
    ChartXFormat m_xFormat = ChartXFormat::Number;
    bool m_logY = false;
    bool m_axesAttached = false;
    bool m_redrawPending = false;
    bool m_rubberBanding = false;
    // The finite x range of each distinct x array of the lines, and over all of them (nullopt: no
    // finite x).
    struct XRange {
        ChartValues x;
        double low;
        double high;
    };
    std::vector<XRange> m_xRanges;
    std::optional<std::pair<double, double>> m_dataX;
    std::optional<std::pair<double, double>> m_zoomX;
    std::optional<std::pair<double, double>> m_zoomY;
    std::size_t m_columns = 0;
    double m_xLow = 0.0;
    double m_xHigh = 1.0;
};

}  // namespace maskscope::ui
