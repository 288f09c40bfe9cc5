// A histogram over [0, 1] (core Histogram: density of every response token, or the hub fraction
// of every record) drawn as a filled step line on value axes, in the palette of the block chart.
// Right-click exports it as PNG or SVG.
#pragma once

#include "core/corpus_statistics.h"

#include <QtCharts/QChartView>

QT_BEGIN_NAMESPACE
class QAreaSeries;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace maskscope::ui {

class HistogramChart : public QChartView {
    Q_OBJECT
public:
    HistogramChart(const QString& xTitle, const QString& yTitle, const QString& exportName, QWidget* parent = nullptr);

    void setHistogram(const Histogram& histogram);
    // The counts shown, one per bin.
    const std::vector<std::uint64_t>& counts() const { return m_counts; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();

    std::vector<std::uint64_t> m_counts;
    QLineSeries* m_outline = nullptr;
    QAreaSeries* m_area = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
};

}  // namespace maskscope::ui
