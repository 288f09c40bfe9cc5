#include "ui/block_chart.h"

#include "ui/block_collapse.h"
#include "ui/chart_style.h"
#include "ui/view_colors.h"

#include <QtCharts/QChart>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>

#include <algorithm>

namespace maskscope::ui {

BlockChart::BlockChart(QWidget* parent) : QChartView(parent) {
    setObjectName(QStringLiteral("blockChart"));
    auto* chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->setLocalizeNumbers(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_logical = new QLineSeries(chart);
    m_logical->setName(tr("logical"));
    m_syntactic = new QLineSeries(chart);
    m_syntactic->setName(tr("syntactic"));
    m_expectedLogical = new QLineSeries(chart);
    m_expectedLogical->setName(tr("expected"));
    m_expectedSyntactic = new QLineSeries(chart);
    m_expectedSyntactic->setName(tr("expected 1 \u2212 t"));
    m_collapsed = new QScatterSeries(chart);
    m_collapsed->setName(tr("collapse"));
    m_collapsed->setMarkerSize(9);
    m_x = new QValueAxis(chart);
    m_x->setTitleText(tr("block"));
    m_x->setLabelFormat(QStringLiteral("%.0f"));
    m_y = new QValueAxis(chart);
    m_y->setRange(0.0, 1.0);
    m_y->setTickCount(5);
    m_y->setLabelFormat(QStringLiteral("%.2f"));
    m_y->setTitleText(tr("masked share"));
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    for (QXYSeries* series : std::initializer_list<QXYSeries*>{m_expectedLogical, m_expectedSyntactic, m_logical,
                                                                m_syntactic, m_collapsed}) {
        chart->addSeries(series);
        series->attachAxis(m_x);
        series->attachAxis(m_y);
    }
    // The expected-ratio lines explain themselves through their tooltips; keep the legend short.
    chart->legend()->markers(m_expectedSyntactic).first()->setVisible(false);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(260, 150);
    applyPalette();
}

void BlockChart::applyPalette() {
    const QPalette& pal = palette();
    QChart* chart = this->chart();
    applyChartPalette(*chart, {m_x, m_y}, pal);
    m_logical->setPen(QPen(maskColor(MaskSample::Logical, pal), 2));
    m_syntactic->setPen(QPen(maskColor(MaskSample::Syntactic, pal), 2));
    m_expectedLogical->setPen(QPen(maskColor(MaskSample::Logical, pal), 1, Qt::DashLine));
    m_expectedSyntactic->setPen(QPen(maskColor(MaskSample::Syntactic, pal), 1, Qt::DashLine));
    m_collapsed->setColor(errorTextColor(pal));
    m_collapsed->setBorderColor(errorTextColor(pal));
}

void BlockChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) applyPalette();
    QChartView::changeEvent(event);
}

void BlockChart::setInspection(const InspectionHandle& inspection) {
    QList<QPointF> logical;
    QList<QPointF> syntactic;
    QList<QPointF> collapsed;
    const std::size_t blocks = inspection ? inspection->logicalBlocks.size() : 0;
    logical.reserve(qsizetype(blocks));
    syntactic.reserve(qsizetype(blocks));
    for (std::size_t i = 0; i < blocks; ++i) {
        const BlockStats& l = inspection->logicalBlocks[i];
        const BlockStats& s = inspection->syntacticBlocks[i];
        if (l.maskable == 0) continue;  // prompt-only blocks have nothing to mask
        logical.append(QPointF(double(i), l.maskedShare));
        syntactic.append(QPointF(double(i), s.maskedShare));
        if (isContextualCollapse(l)) collapsed.append(QPointF(double(i), l.maskedShare));
        if (isContextualCollapse(s)) collapsed.append(QPointF(double(i), s.maskedShare));
    }
    m_logical->replace(logical);
    m_syntactic->replace(syntactic);
    m_collapsed->replace(collapsed);
    const double last = std::max(1.0, double(blocks) - 1.0);
    const double t = inspection ? inspection->masks.t : 0.0;
    m_expectedLogical->replace({QPointF(0, t), QPointF(last, t)});
    m_expectedSyntactic->replace({QPointF(0, 1.0 - t), QPointF(last, 1.0 - t)});
    m_x->setRange(0.0, last);
    m_x->setTickCount(std::clamp(int(blocks), 2, 9));
}

}  // namespace maskscope::ui
