#include "ui/histogram_chart.h"

#include "ui/chart_export.h"
#include "ui/chart_style.h"
#include "ui/view_colors.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>

namespace maskscope::ui {

HistogramChart::HistogramChart(const QString& xTitle, const QString& yTitle, const QString& exportName, QWidget* parent)
    : QChartView(parent) {
    auto* chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->setLocalizeNumbers(true);
    chart->legend()->hide();
    m_outline = new QLineSeries(chart);
    m_area = new QAreaSeries(m_outline);
    m_x = new QValueAxis(chart);
    m_x->setRange(0.0, 1.0);
    m_x->setTickCount(6);
    m_x->setLabelFormat(QStringLiteral("%.1f"));
    m_x->setTitleText(xTitle);
    m_y = new QValueAxis(chart);
    m_y->setLabelFormat(QStringLiteral("%.0f"));
    m_y->setTitleText(yTitle);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    chart->addSeries(m_area);
    m_area->attachAxis(m_x);
    m_area->attachAxis(m_y);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(240, 150);
    installChartExportMenu(*this, exportName);
    applyPalette();
    setHistogram({});
}

void HistogramChart::applyPalette() {
    const QPalette& pal = palette();
    applyChartPalette(*chart(), {m_x, m_y}, pal);
    QColor fill = densityColor(0.75f, pal);
    m_area->setPen(QPen(hubOutlineColor(pal), 1.2));
    fill.setAlpha(200);
    m_area->setBrush(fill);
}

void HistogramChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QChartView::changeEvent(event);
}

void HistogramChart::setHistogram(const Histogram& histogram) {
    m_counts = histogram.counts;
    QList<QPointF> points;
    std::uint64_t largest = 0;
    points.reserve(qsizetype(2 * histogram.bins() + 2));
    points.append(QPointF(0.0, 0.0));
    for (std::size_t bin = 0; bin < histogram.bins(); ++bin) {
        const double count = double(histogram.counts[bin]);
        points.append(QPointF(histogram.lower(bin), count));
        points.append(QPointF(histogram.upper(bin), count));
        largest = std::max(largest, histogram.counts[bin]);
    }
    points.append(QPointF(1.0, 0.0));
    m_outline->replace(points);
    m_y->setRange(0.0, std::max(1.0, double(largest) * 1.08));
    m_y->applyNiceNumbers();
}

}  // namespace maskscope::ui
