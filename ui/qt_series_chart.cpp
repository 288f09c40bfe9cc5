#include "ui/qt_series_chart.h"

#include "ui/chart_axes.h"
#include "ui/chart_export.h"
#include "ui/chart_style.h"

#include "core/series_downsampling.h"

#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QCategoryAxis>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtCore/QThread>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>
#include <QtGui/QContextMenuEvent>
#include <QtGui/QCursor>
#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtWidgets/QGraphicsObject>
#include <QtWidgets/QGraphicsSceneHoverEvent>
#include <QtWidgets/QGraphicsSimpleTextItem>
#include <QtWidgets/QMenu>
#include <QtWidgets/QToolTip>

#include <algorithm>
#include <array>
#include <cmath>
#include <latch>
#include <limits>

namespace maskscope::ui {

namespace {

constexpr std::size_t kMarkerKinds = 4;
constexpr double kMarkerInsetPixels = 7.0;

std::size_t kindIndex(MarkerKind kind) { return static_cast<std::size_t>(kind); }

// Below this many points per thread, a series is reduced on the calling thread alone.
constexpr std::size_t kMinPointsPerChunk = 200000;

// The threads that reduce long series: all but the GUI thread, which takes a share itself.
QThreadPool& reductionPool() {
    static QThreadPool* pool = [] {
        auto* created = new QThreadPool;  // lives as long as the process (no exit-time join)
        created->setObjectName(QStringLiteral("maskscope-chart-reduction"));
        created->setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
        created->setExpiryTimeout(10000);
        return created;
    }();
    return *pool;
}

// downsampleMinMaxLast(x, y, low, high, columns) computed over chunks of the input on several
// threads: every column's minimum, maximum and last point is one of its chunks' minimum, maximum
// or last point, so reducing the chunks' results (concatenated in input order) once more gives
// the same line, up to which of two points with equal values stands for a column; the non-finite
// points are the chunks' lists one after another, as from one call.
DownsampledSeries reduceInParallel(std::span<const double> x, std::span<const double> y, double low, double high,
                                   std::size_t columns) {
    const std::size_t n = x.size();
    const std::size_t chunks = std::min<std::size_t>(static_cast<std::size_t>(reductionPool().maxThreadCount()) + 1,
                                                     n / kMinPointsPerChunk);
    if (chunks <= 1) return downsampleMinMaxLast(x, y, low, high, columns);
    std::vector<DownsampledSeries> parts(chunks);
    const auto begin = [&](std::size_t chunk) { return n * chunk / chunks; };
    const auto reduceChunk = [&](std::size_t chunk) {
        const std::size_t from = begin(chunk);
        const std::size_t count = begin(chunk + 1) - from;
        parts[chunk] = downsampleMinMaxLast(x.subspan(from, count), y.subspan(from, count), low, high, columns);
    };
    std::latch done(static_cast<std::ptrdiff_t>(chunks - 1));
    for (std::size_t chunk = 1; chunk < chunks; ++chunk)
        reductionPool().start([&, chunk]() {
            reduceChunk(chunk);
            done.count_down();
        });
    reduceChunk(0);
    done.wait();

    std::vector<double> unionX;
    std::vector<double> unionY;
    std::size_t nonFinite = 0;
    for (const DownsampledSeries& part : parts) {
        nonFinite += part.nonFinite.size();
        for (const SeriesPoint& point : part.line) {
            unionX.push_back(point.x);
            unionY.push_back(point.y);
        }
    }
    DownsampledSeries merged = downsampleMinMaxLast(unionX, unionY, low, high, columns);
    merged.nonFinite.reserve(nonFinite);
    for (std::size_t chunk = 0; chunk < chunks; ++chunk)
        for (SeriesPoint point : parts[chunk].nonFinite) {
            point.index += begin(chunk);
            merged.nonFinite.push_back(point);
        }
    return merged;
}

Qt::PenStyle penStyle(ChartLineStyle style) {
    switch (style) {
    case ChartLineStyle::Solid: return Qt::SolidLine;
    case ChartLineStyle::Dashed: return Qt::DashLine;
    case ChartLineStyle::Dotted: return Qt::DotLine;
    }
    return Qt::SolidLine;
}

bool lineUsable(const ChartLine& line) { return line.x && line.y && line.x->size() == line.y->size(); }

}  // namespace

struct QtSeriesChart::Entry {
    QLineSeries* line = nullptr;  // holds no points: the legend entry, pen and axes of the line
    QPolygonF points;             // drawn.points in chart units (chartX, chartY), for PlotLayer
    QPen pen;
    std::array<QScatterSeries*, kMarkerKinds> markers{};  // by MarkerKind, created when first needed
    DrawnLine drawn;
    // What `drawn` was reduced from: the same values over the same range and columns give the
    // same points, which are then neither reduced nor handed to the line series again (a smoothing
    // change leaves the raw series as it was; a tick of one run leaves the other runs' lines).
    struct Key {
        ChartValues x;
        ChartValues y;
        double low = 0.0;
        double high = 0.0;
        std::size_t columns = 0;
        bool logY = false;
        ChartXFormat xFormat = ChartXFormat::Number;
        bool markNonFinite = false;
        friend bool operator==(const Key&, const Key&) = default;
    };
    std::optional<Key> key;
    bool pointsChanged = true;
};

// The lines of the chart, drawn by one item above the grid and below the markers and the legend.
// A QLineSeries rebuilds a stroked hover outline of its whole line on every update, which for the
// few thousand points of a reduced long run cost more than everything else in a redraw; here the
// points go straight to QPainter::drawPolyline. Dense lines (more points than pixel columns) are
// drawn without antialiasing, where it would only blur the min/max strokes. Hovering near a point
// shows its line, x and y.
class QtSeriesChart::PlotLayer : public QGraphicsObject {
public:
    explicit PlotLayer(QtSeriesChart& view) : QGraphicsObject(view.chart()), m_view(view) {
        // Above the grid and the axes, below the markers and the legend (Qt Charts' z order).
        setZValue(3.5);
        setAcceptHoverEvents(true);
        setAcceptedMouseButtons(Qt::NoButton);
    }

    void setArea(const QRectF& area) {
        if (area != m_area) {
            prepareGeometryChange();
            m_area = area;
        }
        update();
    }
    QRectF boundingRect() const override { return m_area; }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override {
        QTransform toItem;
        if (!transform(toItem)) return;
        painter->save();
        painter->setClipRect(m_area);
        QPolygonF polyline;
        for (const auto& entry : m_view.m_entries) {
            if (entry->points.size() < 2) continue;
            polyline = toItem.map(entry->points);
            painter->setRenderHint(QPainter::Antialiasing, polyline.size() <= m_area.width());
            painter->setPen(entry->pen);
            painter->drawPolyline(polyline);
        }
        painter->restore();
    }

protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override {
        QTransform toItem;
        const Entry* nearest = nullptr;
        qsizetype index = -1;
        double best = kHoverPixels * kHoverPixels;
        if (transform(toItem))
            for (const auto& entry : m_view.m_entries)
                for (qsizetype i = 0; i < entry->points.size(); ++i) {
                    const QPointF d = toItem.map(entry->points[i]) - event->pos();
                    const double distance = d.x() * d.x() + d.y() * d.y();
                    if (distance < best) {
                        best = distance;
                        nearest = entry.get();
                        index = i;
                    }
                }
        if (nearest == nullptr) {
            QToolTip::hideText();
            return;
        }
        const DrawnLine::Point& point = nearest->drawn.points[static_cast<std::size_t>(index)];
        QToolTip::showText(QCursor::pos(),
                           QtSeriesChart::tr("%1\n%2: %3")
                               .arg(nearest->drawn.name, m_view.xText(point.x), QLocale().toString(point.y, 'g', 5)),
                           &m_view);
    }
    void hoverLeaveEvent(QGraphicsSceneHoverEvent*) override { QToolTip::hideText(); }

private:
    static constexpr double kHoverPixels = 6.0;

    // Chart units -> item coordinates, from two corners placed by the chart itself (every axis
    // of this chart is linear in chart units).
    bool transform(QTransform& out) const {
        if (m_view.m_entries.empty() || m_area.isEmpty()) return false;
        QAbstractSeries* reference = m_view.m_entries.front()->line;
        const double x0 = m_view.chartX(m_view.m_xLow);
        const double x1 = m_view.chartX(m_view.m_xHigh);
        const double y0 = m_view.m_axisLow;
        const double y1 = m_view.m_axisHigh;
        if (!(x1 > x0) || !(y1 > y0)) return false;
        const QPointF a = mapFromItem(m_view.chart(), m_view.chart()->mapToPosition(QPointF(x0, y0), reference));
        const QPointF b = mapFromItem(m_view.chart(), m_view.chart()->mapToPosition(QPointF(x1, y1), reference));
        const double sx = (b.x() - a.x()) / (x1 - x0);
        const double sy = (b.y() - a.y()) / (y1 - y0);
        out = QTransform(sx, 0.0, 0.0, sy, a.x() - sx * x0, a.y() - sy * y0);
        return std::isfinite(sx) && std::isfinite(sy);
    }

    QtSeriesChart& m_view;
    QRectF m_area;
};

QtSeriesChart::QtSeriesChart(QWidget* parent) : QChartView(parent) {
    setObjectName(QStringLiteral("seriesChart"));
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->setLocalizeNumbers(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setShowToolTips(true);

    m_xValue = new QValueAxis(chart);
    m_xValue->setRange(0.0, 1.0);
    m_xValue->setTickInterval(0.2);
    m_xValue->setTickType(QValueAxis::TicksDynamic);
    m_xValue->setTickAnchor(0.0);
    m_xTime = new QDateTimeAxis(chart);
    m_xTime->setTickCount(5);
    m_yValue = new QValueAxis(chart);
    m_yValue->setRange(0.0, 1.0);
    m_yValue->setTickInterval(0.2);
    m_yValue->setTickType(QValueAxis::TicksDynamic);
    m_yValue->setTickAnchor(0.0);
    // The log scale: log10 of the values on a linear axis with labels at chosen values (Qt's
    // QLogValueAxis labels powers of the base only, so a loss between 2 and 6 had no label).
    m_yLog = new QCategoryAxis(chart);
    m_yLog->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    chart->addAxis(m_xValue, Qt::AlignBottom);
    chart->addAxis(m_xTime, Qt::AlignBottom);
    chart->addAxis(m_yValue, Qt::AlignLeft);
    chart->addAxis(m_yLog, Qt::AlignLeft);
    m_xTime->setVisible(false);
    m_yLog->setVisible(false);

    setChart(chart);
    m_layer = new PlotLayer(*this);
    m_placeholder = new QGraphicsSimpleTextItem(chart);
    m_placeholder->setVisible(false);
    m_placeholder->setZValue(10.0);

    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setMinimumSize(260, 180);
    connect(chart, &QChart::plotAreaChanged, this, [this](const QRectF& area) {
        updatePlaceholder();
        m_layer->setArea(area);
        if (static_cast<std::size_t>(std::max(1.0, std::round(area.width()))) != m_columns) scheduleRedraw();
    });
    applyPalette();
}

QtSeriesChart::~QtSeriesChart() = default;

// ---------------------------------------------------------------------------------------------
// Set-up

void QtSeriesChart::attach(QAbstractSeries* series) {
    chart()->addSeries(series);
    series->attachAxis(xAxis());
    series->attachAxis(yAxis());
}

QAbstractAxis* QtSeriesChart::xAxis() const {
    return m_xFormat == ChartXFormat::EpochSeconds ? static_cast<QAbstractAxis*>(m_xTime) : m_xValue;
}

QAbstractAxis* QtSeriesChart::yAxis() const { return m_logY ? static_cast<QAbstractAxis*>(m_yLog) : m_yValue; }

// Attaches every series to the axes of the current x format and y scale and shows only those. All
// four axes stay on the chart (removing an axis from a QChart and adding another leaves the old
// one drawn in Qt 6.4).
void QtSeriesChart::switchAxes() {
    QChart* c = chart();
    QAbstractAxis* wantX = xAxis();
    QAbstractAxis* wantY = yAxis();
    for (QAbstractAxis* axis : std::initializer_list<QAbstractAxis*>{m_xValue, m_xTime, m_yValue, m_yLog}) {
        const bool wanted = axis == wantX || axis == wantY;
        for (QAbstractSeries* series : c->series()) {
            const bool attached = series->attachedAxes().contains(axis);
            if (attached && !wanted) series->detachAxis(axis);
        }
        axis->setVisible(wanted);
    }
    for (QAbstractSeries* series : c->series()) {
        if (!series->attachedAxes().contains(wantX)) series->attachAxis(wantX);
        if (!series->attachedAxes().contains(wantY)) series->attachAxis(wantY);
    }
}

void QtSeriesChart::applyPalette() {
    const QPalette& pal = palette();
    applyChartPalette(*chart(), {m_xValue, m_xTime, m_yValue, m_yLog}, pal);
    QColor minor = pal.color(QPalette::Mid);
    minor.setAlpha(40);
    for (QAbstractAxis* axis : std::initializer_list<QAbstractAxis*>{m_xValue, m_xTime, m_yValue, m_yLog})
        axis->setMinorGridLineColor(minor);
    m_placeholder->setBrush(pal.color(QPalette::PlaceholderText));
    for (const auto& entry : m_entries)
        for (QScatterSeries* markers : entry->markers)
            if (markers != nullptr) markers->setPen(QPen(pal.color(QPalette::Text), 0.8));
}

void QtSeriesChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QChartView::changeEvent(event);
}

void QtSeriesChart::applyEntryStyle(Entry& entry, const ChartLine& line) {
    // Flat caps and bevel joins: round ones cost the stroker arcs at each of thousands of vertices.
    QPen pen(line.color, line.width, penStyle(line.style), Qt::FlatCap, Qt::BevelJoin);
    entry.line->setPen(pen);
    entry.pen = pen;
    entry.line->setName(line.name);
    for (QLegendMarker* marker : chart()->legend()->markers(entry.line)) marker->setVisible(line.inLegend);
    entry.drawn.name = line.name;
}

QScatterSeries* QtSeriesChart::markerSeries(Entry& entry, MarkerKind kind) {
    QScatterSeries*& series = entry.markers[kindIndex(kind)];
    if (series != nullptr) return series;
    series = new QScatterSeries(chart());
    switch (kind) {
    case MarkerKind::NaN: series->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle); break;
    case MarkerKind::PositiveInfinity:
    case MarkerKind::NegativeInfinity: series->setMarkerShape(QScatterSeries::MarkerShapeTriangle); break;
    case MarkerKind::NonPositive: series->setMarkerShape(QScatterSeries::MarkerShapeRectangle); break;
    }
    series->setMarkerSize(9.0);
    series->setPen(QPen(palette().color(QPalette::Text), 0.8));
    attach(series);
    Entry* owner = &entry;
    connect(series, &QScatterSeries::hovered, this, [this, owner, kind](const QPointF& point, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        std::size_t count = 0;
        double x = point.x();
        for (const DrawnLine::Marker& marker : owner->drawn.markers)
            if (marker.kind == kind && std::abs(chartX(marker.x) - point.x()) <= std::abs(point.x()) * 1e-12) {
                count = marker.count;
                x = marker.x;
            }
        QString what;
        switch (kind) {
        case MarkerKind::NaN: what = tr("NaN"); break;
        case MarkerKind::PositiveInfinity: what = tr("+inf"); break;
        case MarkerKind::NegativeInfinity: what = tr("\u2212inf"); break;
        case MarkerKind::NonPositive: what = tr("\u2264 0 (not shown on a log scale)"); break;
        }
        QToolTip::showText(QCursor::pos(), tr("%1: %2 at %3\n%n point(s) in this pixel column", nullptr, int(count))
                                               .arg(owner->drawn.name, what, xText(x)),
                           this);
    });
    return series;
}

void QtSeriesChart::setLines(std::vector<ChartLine> lines) {
    m_lines = std::move(lines);
    // The finite x range of all lines, for the unzoomed view. The x values of a line are often
    // the same shared values as before (another smoothing weight, another run's raw line): their
    // range is taken from the previous call then.
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    std::vector<XRange> ranges;
    for (const ChartLine& line : m_lines) {
        if (!lineUsable(line)) continue;
        const auto known = [&](const std::vector<XRange>& list) {
            return std::find_if(list.begin(), list.end(), [&](const XRange& r) { return r.x == line.x; });
        };
        XRange range{line.x, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
        if (const auto it = known(ranges); it != ranges.end()) range = *it;
        else if (const auto old = known(m_xRanges); old != m_xRanges.end()) range = *old;
        else
            for (const double x : *line.x) {
                if (!std::isfinite(x)) continue;
                range.low = std::min(range.low, x);
                range.high = std::max(range.high, x);
            }
        if (known(ranges) == ranges.end()) ranges.push_back(range);
        low = std::min(low, range.low);
        high = std::max(high, range.high);
    }
    m_xRanges = std::move(ranges);
    m_dataX = low <= high ? std::optional(std::pair(low, high)) : std::nullopt;

    while (m_entries.size() > m_lines.size()) {
        Entry& entry = *m_entries.back();
        chart()->removeSeries(entry.line);
        delete entry.line;
        for (QScatterSeries* markers : entry.markers) {
            if (markers == nullptr) continue;
            chart()->removeSeries(markers);
            delete markers;
        }
        m_entries.pop_back();
    }
    while (m_entries.size() < m_lines.size()) {
        auto entry = std::make_unique<Entry>();
        entry->line = new QLineSeries(chart());
        attach(entry->line);
        m_entries.push_back(std::move(entry));
    }
    for (std::size_t i = 0; i < m_lines.size(); ++i) applyEntryStyle(*m_entries[i], m_lines[i]);
    redraw();
}

void QtSeriesChart::setAxisTitles(const QString& x, const QString& y) {
    m_xValue->setTitleText(x);
    m_xTime->setTitleText(x);
    m_yValue->setTitleText(y);
    m_yLog->setTitleText(y);
}

void QtSeriesChart::setXFormat(ChartXFormat format) {
    if (format == m_xFormat) return;
    m_xFormat = format;
    m_zoomX.reset();
    m_zoomY.reset();
    switchAxes();
    scheduleRedraw();  // normally setLines() follows with lines in the new format
}

void QtSeriesChart::setLogY(bool logY) {
    if (logY == m_logY) return;
    m_logY = logY;
    m_zoomY.reset();
    switchAxes();
    scheduleRedraw();
}

void QtSeriesChart::setPlaceholderText(const QString& text) {
    m_placeholderText = text;
    m_placeholder->setText(text);
    updatePlaceholder();
}

void QtSeriesChart::updatePlaceholder() {
    bool empty = true;
    for (const auto& entry : m_entries)
        if (!entry->drawn.points.empty() || !entry->drawn.markers.empty()) empty = false;
    m_placeholder->setVisible(empty && !m_placeholderText.isEmpty());
    const QRectF area = chart()->plotArea();
    const QRectF text = m_placeholder->boundingRect();
    m_placeholder->setPos(area.center() - QPointF(text.width() / 2.0, text.height() / 2.0));
}

void QtSeriesChart::zoomX(double low, double high) {
    if (!(low < high) || !std::isfinite(low) || !std::isfinite(high)) return;
    m_zoomX = std::pair(low, high);
    m_zoomY.reset();
    redraw();
}

void QtSeriesChart::resetZoom() {
    m_zoomX.reset();
    m_zoomY.reset();
    redraw();
}

// ---------------------------------------------------------------------------------------------
// Drawing

double QtSeriesChart::chartX(double x) const { return m_xFormat == ChartXFormat::EpochSeconds ? x * 1000.0 : x; }

double QtSeriesChart::chartY(double y) const { return m_logY ? std::log10(y) : y; }

QString QtSeriesChart::xText(double x) const {
    if (m_xFormat == ChartXFormat::EpochSeconds)
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::llround(x * 1000.0))),
                                  QLocale::ShortFormat);
    if (std::abs(x) < 1e15 && x == std::floor(x)) return QLocale().toString(static_cast<qint64>(x));
    return QLocale().toString(x, 'g', 8);
}

std::pair<double, double> QtSeriesChart::shownXRange() const {
    if (m_xFormat == ChartXFormat::EpochSeconds)
        return {static_cast<double>(m_xTime->min().toMSecsSinceEpoch()) / 1000.0,
                static_cast<double>(m_xTime->max().toMSecsSinceEpoch()) / 1000.0};
    return {m_xValue->min(), m_xValue->max()};
}

std::pair<double, double> QtSeriesChart::shownYRange() const {
    if (m_logY) return {std::pow(10.0, m_yLog->min()), std::pow(10.0, m_yLog->max())};
    return {m_yValue->min(), m_yValue->max()};
}

void QtSeriesChart::scheduleRedraw() {
    if (m_redrawPending) return;
    m_redrawPending = true;
    QTimer::singleShot(0, this, [this]() {
        if (m_redrawPending) redraw();
    });
}

void QtSeriesChart::redraw() {
    m_redrawPending = false;
    const QRectF area = chart()->plotArea();
    m_columns = static_cast<std::size_t>(std::max(1.0, std::round(area.width())));

    // x range: the zoom, else the data's.
    double low = 0.0;
    double high = 1.0;
    if (m_zoomX) std::tie(low, high) = *m_zoomX;
    else if (m_dataX) std::tie(low, high) = *m_dataX;
    if (!(high > low)) {
        const double pad = low == 0.0 ? 1.0 : std::abs(low) * 0.01;
        low -= pad;
        high += pad;
    }
    m_xLow = low;
    m_xHigh = high;

    // Reduce every line; collect the y extent of the points inside the x range.
    double yLow = std::numeric_limits<double>::infinity();
    double yHigh = -yLow;
    const ColumnMapping columnOf(low, high, m_columns);
    std::vector<double> masked;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        const ChartLine& line = m_lines[i];
        Entry& entry = *m_entries[i];
        DrawnLine& drawn = entry.drawn;
        const Entry::Key key{line.x, line.y, low, high, m_columns, m_logY, m_xFormat, line.markNonFinite};
        if (lineUsable(line) && entry.key == key) {
            entry.pointsChanged = false;
            drawn.name = line.name;
            for (const DrawnLine::Point& point : drawn.points)
                if (point.x >= low && point.x <= high) {
                    yLow = std::min(yLow, point.y);
                    yHigh = std::max(yHigh, point.y);
                }
            continue;
        }
        entry.pointsChanged = true;
        entry.key.reset();
        drawn = DrawnLine{};
        drawn.name = line.name;
        if (!lineUsable(line)) continue;
        entry.key = key;
        std::span<const double> y = *line.y;
        if (m_logY) {
            // Values <= 0 have no place on a log axis: reduce without them, mark them below.
            const bool anyNonPositive = std::any_of(y.begin(), y.end(), [](double v) { return v <= 0.0; });
            if (anyNonPositive) {
                masked.assign(y.begin(), y.end());
                for (double& v : masked)
                    if (v <= 0.0) v = std::numeric_limits<double>::quiet_NaN();
                y = masked;
            }
        }
        const DownsampledSeries reduced = reduceInParallel(*line.x, y, low, high, m_columns);
        drawn.points.reserve(reduced.line.size());
        for (const SeriesPoint& point : reduced.line) {
            drawn.points.push_back({point.x, point.y});
            if (point.x >= low && point.x <= high) {
                yLow = std::min(yLow, point.y);
                yHigh = std::max(yHigh, point.y);
            }
        }
        // One marker per kind and pixel column, counting the points it stands for.
        if (!line.markNonFinite) continue;
        std::vector<std::array<std::size_t, kMarkerKinds>> slot;  // marker index + 1 per column and kind
        if (!reduced.nonFinite.empty()) slot.assign(m_columns, {});
        for (const SeriesPoint& point : reduced.nonFinite) {
            const double original = (*line.y)[point.index];
            MarkerKind kind = MarkerKind::NonPositive;
            if (std::isnan(original)) {
                kind = MarkerKind::NaN;
                ++drawn.nanCount;
            } else if (std::isinf(original)) {
                kind = original > 0.0 ? MarkerKind::PositiveInfinity : MarkerKind::NegativeInfinity;
                ++(original > 0.0 ? drawn.positiveInfinityCount : drawn.negativeInfinityCount);
            } else {
                ++drawn.nonPositiveCount;  // finite, left out on a log axis
            }
            std::size_t& at = slot[columnOf(point.x)][kindIndex(kind)];
            if (at == 0) {
                drawn.markers.push_back({point.x, kind, 0});
                at = drawn.markers.size();
            }
            ++drawn.markers[at - 1].count;
        }
        std::sort(drawn.markers.begin(), drawn.markers.end(),
                  [](const DrawnLine::Marker& a, const DrawnLine::Marker& b) { return a.x < b.x; });
    }

    // y range: the zoom, else the data's with a margin.
    if (m_zoomY) {
        std::tie(yLow, yHigh) = *m_zoomY;
    } else if (!(yLow <= yHigh)) {
        yLow = m_logY ? 1.0 : 0.0;
        yHigh = m_logY ? 10.0 : 1.0;
    } else if (m_logY) {
        const double span = std::log10(yHigh) - std::log10(yLow);
        const double factor = std::pow(10.0, span > 0.0 ? span * 0.05 : 0.02);
        yLow /= factor;
        yHigh *= factor;
    } else {
        const double span = yHigh - yLow;
        const double pad = span > 0.0 ? span * 0.05 : std::max(std::abs(yHigh) * 0.05, 1e-9);
        yLow -= pad;
        yHigh += pad;
    }

    if (m_xFormat == ChartXFormat::EpochSeconds) {
        m_xTime->setFormat(high - low > 2.0 * 86400.0 ? QStringLiteral("MMM d hh:mm") : QStringLiteral("hh:mm:ss"));
        m_xTime->setRange(QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::floor(low * 1000.0))),
                          QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(std::ceil(high * 1000.0))));
    } else {
        setValueAxis(*m_xValue, low, high, niceInterval(high - low, std::max(2.0, area.width() / 110.0)));
    }
    if (m_logY) setLogAxis(*m_yLog, std::log10(yLow), std::log10(yHigh), std::max(2.0, area.height() / 45.0));
    else setValueAxis(*m_yValue, yLow, yHigh, niceInterval(yHigh - yLow, std::max(2.0, area.height() / 50.0)));

    // Markers sit a few pixels inside the top or bottom edge (in the axis' own units).
    const double axisLow = chartY(yLow);
    const double axisHigh = chartY(yHigh);
    m_axisLow = axisLow;
    m_axisHigh = axisHigh;
    const double inset = (axisHigh - axisLow) * kMarkerInsetPixels / std::max(1.0, area.height());
    const double top = axisHigh - inset;
    const double bottom = axisLow + inset;

    QList<QPointF> points;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        Entry& entry = *m_entries[i];
        const DrawnLine& drawn = entry.drawn;
        if (entry.pointsChanged) {
            entry.points.clear();
            entry.points.reserve(static_cast<qsizetype>(drawn.points.size()));
            for (const DrawnLine::Point& point : drawn.points) entry.points.append(QPointF(chartX(point.x), chartY(point.y)));
        }

        const QColor opaque(m_lines[i].color.red(), m_lines[i].color.green(), m_lines[i].color.blue());
        for (std::size_t k = 0; k < kMarkerKinds; ++k) {
            const auto kind = static_cast<MarkerKind>(k);
            std::size_t total = 0;
            switch (kind) {
            case MarkerKind::NaN: total = drawn.nanCount; break;
            case MarkerKind::PositiveInfinity: total = drawn.positiveInfinityCount; break;
            case MarkerKind::NegativeInfinity: total = drawn.negativeInfinityCount; break;
            case MarkerKind::NonPositive: total = drawn.nonPositiveCount; break;
            }
            if (total == 0) {
                if (QScatterSeries* markers = entry.markers[k]) {
                    markers->clear();
                    markers->setVisible(false);
                    for (QLegendMarker* legend : chart()->legend()->markers(markers)) legend->setVisible(false);
                }
                continue;
            }
            QScatterSeries* markers = markerSeries(entry, kind);
            const double y = kind == MarkerKind::NaN || kind == MarkerKind::PositiveInfinity ? top : bottom;
            points.clear();
            for (const DrawnLine::Marker& marker : drawn.markers)
                if (marker.kind == kind) points.append(QPointF(chartX(marker.x), y));
            markers->replace(points);
            markers->setColor(opaque);
            QString label;
            switch (kind) {
            case MarkerKind::NaN: label = tr("%1: NaN (%2)"); break;
            case MarkerKind::PositiveInfinity: label = tr("%1: +inf (%2)"); break;
            case MarkerKind::NegativeInfinity: label = tr("%1: \u2212inf (%2)"); break;
            case MarkerKind::NonPositive: label = tr("%1: \u2264 0 (%2)"); break;
            }
            markers->setName(label.arg(drawn.name).arg(total));
            markers->setVisible(true);
            for (QLegendMarker* legend : chart()->legend()->markers(markers)) legend->setVisible(true);
        }
    }
    // A few entries fit under the plot; more go to its right, where long names are not cut.
    int entries = 0;
    for (std::size_t i = 0; i < m_lines.size(); ++i) {
        entries += m_lines[i].inLegend ? 1 : 0;
        for (const QScatterSeries* markers : m_entries[i]->markers) entries += markers != nullptr && markers->isVisible() ? 1 : 0;
    }
    const Qt::Alignment legendAt = entries > 4 ? Qt::AlignRight : Qt::AlignBottom;
    if (chart()->legend()->alignment() != legendAt) chart()->legend()->setAlignment(legendAt);
    updatePlaceholder();
    m_layer->setArea(area);
}

std::vector<DrawnLine> QtSeriesChart::drawnLines() const {
    std::vector<DrawnLine> out;
    out.reserve(m_entries.size());
    for (const auto& entry : m_entries) out.push_back(entry->drawn);
    return out;
}

QString QtSeriesChart::exportTo(const QString& path) { return exportChart(*this, path); }

// ---------------------------------------------------------------------------------------------
// Interaction

void QtSeriesChart::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::RightButton) {
        // Qt Charts would zoom out; the right button opens the context menu instead.
        event->accept();
        return;
    }
    const auto xBefore = shownXRange();
    const auto yBefore = shownYRange();
    QChartView::mouseReleaseEvent(event);
    if (event->button() != Qt::LeftButton) return;
    const auto xAfter = shownXRange();
    const auto yAfter = shownYRange();
    if (xAfter == xBefore && yAfter == yBefore) return;
    // A rubber band zoomed the axes: keep that range and reduce the lines for it.
    m_zoomX = xAfter;
    m_zoomY = yAfter;
    redraw();
}

void QtSeriesChart::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        resetZoom();
        event->accept();
        return;
    }
    QChartView::mouseDoubleClickEvent(event);
}

void QtSeriesChart::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    QAction* reset = menu.addAction(tr("Reset Zoom"), this, &QtSeriesChart::resetZoom);
    reset->setEnabled(isZoomed() || m_zoomY.has_value());
    menu.addSeparator();
    menu.addAction(tr("Export Chart\u2026"), this, [this]() { exportChartDialog(*this, this, m_exportName); });
    menu.exec(event->globalPos());
}

}  // namespace maskscope::ui
