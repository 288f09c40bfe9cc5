// The Statistics dock: corpus statistics under the current masking policy (Qt Charts), in tabs:
// the density histogram, the hub fraction per record, and the calibration plot of masking
// probability against density with the flagged bins explained. Recomputed in the background
// (StatisticsService) whenever the corpus, tokenizer, annotations or settings change; big corpora
// use the first records until "Compute All" is pressed. Each chart exports as PNG or SVG.
#pragma once

#include "ui/statistics_service.h"

#include <QtCore/QTimer>
#include <QtWidgets/QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QToolButton;

namespace maskscope::ui {

class CalibrationChart;
class HistogramChart;
class InspectionContext;

class StatisticsPanel : public QWidget {
    Q_OBJECT
public:
    static constexpr int kRecomputeDelayMs = 250;

    explicit StatisticsPanel(InspectionContext& context, QWidget* parent = nullptr);

    // The statistics shown (null before the first result).
    std::shared_ptr<const CorpusStatistics> statistics() const { return m_result.statistics; }
    const StatisticsService::Result& result() const { return m_result; }
    StatisticsService* service() const { return m_service; }
    HistogramChart* densityChart() const { return m_density; }
    HistogramChart* hubFractionChart() const { return m_hubFraction; }
    CalibrationChart* calibrationChart() const { return m_calibration; }
    QString summaryText() const;
    QString flagText() const;
    bool isSettled() const;

    // Recomputes now over the first records (or all of them).
    void recompute(bool all = false);

private:
    void showResult(const StatisticsService::Result& result);
    void exportCurrent();

    InspectionContext& m_context;
    StatisticsService* m_service = nullptr;
    StatisticsService::Result m_result;
    bool m_all = false;
    bool m_pending = false;
    QTimer m_debounce;
    QTabWidget* m_tabs = nullptr;
    HistogramChart* m_density = nullptr;
    HistogramChart* m_hubFraction = nullptr;
    CalibrationChart* m_calibration = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_flags = nullptr;
    QPushButton* m_computeAll = nullptr;
    QToolButton* m_export = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
};

}  // namespace maskscope::ui
