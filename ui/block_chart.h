// Masked share per block of the current record, logical and syntactic sample, as two lines over the
// block index; blocks flagged for contextual collapse are marked, and the expected ratios (t and
// 1 - t) are dashed lines.
#pragma once

#include "ui/ui_types.h"

#include <QtCharts/QChartView>

QT_BEGIN_NAMESPACE
class QLineSeries;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace maskscope::ui {

class BlockChart : public QChartView {
    Q_OBJECT
public:
    explicit BlockChart(QWidget* parent = nullptr);
    void setInspection(const InspectionHandle& inspection);

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyPalette();

    QLineSeries* m_logical = nullptr;
    QLineSeries* m_syntactic = nullptr;
    QLineSeries* m_expectedLogical = nullptr;
    QLineSeries* m_expectedSyntactic = nullptr;
    QScatterSeries* m_collapsed = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
};

}  // namespace maskscope::ui
