#include "ui/chart_style.h"

#include <QtCharts/QAbstractAxis>
#include <QtCharts/QChart>
#include <QtCharts/QLegend>
#include <QtGui/QPalette>

namespace maskscope::ui {

void applyChartPalette(QChart& chart, std::initializer_list<QAbstractAxis*> axes, const QPalette& palette) {
    const QColor text = palette.color(QPalette::Text);
    chart.setBackgroundBrush(palette.color(QPalette::Base));
    chart.setPlotAreaBackgroundVisible(false);
    chart.setTitleBrush(text);
    chart.legend()->setLabelColor(text);
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlpha(90);
    for (QAbstractAxis* axis : axes) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(palette.color(QPalette::Mid));
        axis->setGridLineColor(grid);
    }
}

}  // namespace maskscope::ui
