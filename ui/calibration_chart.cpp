#include "ui/calibration_chart.h"

#include "ui/chart_export.h"
#include "ui/chart_style.h"
#include "ui/view_colors.h"

#include <QtCharts/QAreaSeries>
#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

namespace maskscope::ui {

CalibrationChart::CalibrationChart(QWidget* parent) : QChartView(parent) {
    setObjectName(QStringLiteral("calibrationChart"));
    auto* chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->setLocalizeNumbers(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_upper = new QLineSeries(chart);
    m_lower = new QLineSeries(chart);
    m_band = new QAreaSeries(m_upper, m_lower);
    m_band->setName(tr("min\u2013max p"));
    m_mean = new QLineSeries(chart);
    m_mean->setName(tr("mean p"));
    m_mean->setPointsVisible(true);
    m_realized = new QScatterSeries(chart);
    m_realized->setName(tr("realized rate"));
    m_realized->setMarkerSize(7);
    m_baseline = new QLineSeries(chart);
    m_baseline->setName(tr("uniform (t)"));
    m_flagged = new QScatterSeries(chart);
    m_flagged->setName(tr("flagged"));
    m_flagged->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    m_flagged->setMarkerSize(12);
    m_x = new QValueAxis(chart);
    m_x->setRange(0.0, 1.0);
    m_x->setTickCount(6);
    m_x->setLabelFormat(QStringLiteral("%.1f"));
    m_x->setTitleText(tr("density"));
    m_y = new QValueAxis(chart);
    m_y->setRange(0.0, 1.0);
    m_y->setTickCount(5);
    m_y->setLabelFormat(QStringLiteral("%.2f"));
    m_y->setTitleText(tr("rate"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QAbstractSeries* series : std::initializer_list<QAbstractSeries*>{m_band, m_baseline, m_mean, m_realized, m_flagged}) {
        chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 170);
    installChartExportMenu(*this, QStringLiteral("calibration"));
    applyPalette();
}

void CalibrationChart::applyPalette() {
    const QPalette& pal = palette();
    applyChartPalette(*chart(), {m_x, m_y}, pal);
    const QColor logical = maskColor(MaskSample::Logical, pal);
    QColor band = logical;
    band.setAlpha(60);
    m_band->setBrush(band);
    m_band->setPen(Qt::NoPen);
    m_mean->setPen(QPen(logical, 2));
    m_realized->setColor(pal.color(QPalette::Text));
    m_realized->setBorderColor(pal.color(QPalette::Text));
    m_baseline->setPen(QPen(pal.color(QPalette::PlaceholderText), 1.5, Qt::DashLine));
    m_flagged->setColor(Qt::transparent);
    m_flagged->setBorderColor(errorTextColor(pal));
    m_flagged->setPen(QPen(errorTextColor(pal), 2));
}

void CalibrationChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QChartView::changeEvent(event);
}

void CalibrationChart::setCalibration(const std::vector<CalibrationBin>& bins) {
    QList<QPointF> upper, lower, mean, realized, baseline, flagged;
    for (const CalibrationBin& bin : bins) {
        if (bin.pairs == 0) continue;
        const double x = 0.5 * (bin.lower + bin.upper);
        upper.append(QPointF(x, bin.maxP));
        lower.append(QPointF(x, bin.minP));
        mean.append(QPointF(x, bin.meanP));
        realized.append(QPointF(x, bin.realizedRate));
        baseline.append(QPointF(x, bin.meanBaseline));
        if (bin.maskedTooMuch || bin.maskedTooLittle) flagged.append(QPointF(x, bin.meanP));
    }
    m_upper->replace(upper);
    m_lower->replace(lower);
    m_mean->replace(mean);
    m_realized->replace(realized);
    m_baseline->replace(baseline);
    m_flagged->replace(flagged);
}

QList<QPointF> CalibrationChart::meanPoints() const { return m_mean->points(); }

}  // namespace maskscope::ui
