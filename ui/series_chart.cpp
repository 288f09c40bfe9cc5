#include "ui/series_chart.h"

#include "ui/qt_series_chart.h"

namespace maskscope::ui {

std::unique_ptr<SeriesChart> createSeriesChart(QWidget* parent) { return std::make_unique<QtSeriesChart>(parent); }

}  // namespace maskscope::ui
