// The calibration plot: masking probability against density under the current policy, per
// density bin of the corpus (core CalibrationBin): the mean p with its min/max band, the realized
// mask rate, the uniform baseline (t on average) and the bins flagged by the heuristics marked.
// Right-click exports it as PNG or SVG.
#pragma once

#include "core/corpus_statistics.h"

#include <QtCharts/QChartView>

#include <vector>

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QLineSeries;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace maskscope::ui {

class CalibrationChart : public QChartView {
    Q_OBJECT
public:
    explicit CalibrationChart(QWidget* parent = nullptr);

    void setCalibration(const std::vector<CalibrationBin>& bins);
    // The points of the mean-p line (bin centre, mean p) for bins with observations.
    QList<QPointF> meanPoints() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();

    QLineSeries* m_upper = nullptr;
    QLineSeries* m_lower = nullptr;
    QAreaSeries* m_band = nullptr;
    QLineSeries* m_mean = nullptr;
    QScatterSeries* m_realized = nullptr;
    QLineSeries* m_baseline = nullptr;
    QScatterSeries* m_flagged = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
};

}  // namespace maskscope::ui
