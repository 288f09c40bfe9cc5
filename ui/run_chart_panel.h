// The chart of the run monitor: one metric of every visible run overlaid in the run's colour, the
// pinned baseline drawn thicker and on top. Controls: the metric (training loss; hub vs non-hub
// loss and logical vs syntactic loss, the second stratum dashed; learning rate; gradient norm;
// tokens per second; eval loss; attention to hubs), the x axis (step, training tokens, time since
// the run's start, wall time), a log-scale y axis, and TensorBoard's smoothing slider (0..0.999,
// default 0.6): the debiased EMA of core/series_smoothing.h over each run's full series, with the
// raw series drawn faintly behind it. Export as PNG or SVG.
//
// The chart is a SeriesChart (series_chart.h): the panel hands it whole series and the chart
// reduces them per pixel column, marking NaN and inf points.
#pragma once

#include "ui/series_chart.h"

#include "core/run_catalog.h"

#include <QtCore/QHash>
#include <QtCore/QStringList>
#include <QtWidgets/QWidget>

#include <memory>
#include <string>
#include <vector>

QT_BEGIN_NAMESPACE
class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
QT_END_NAMESPACE

namespace maskscope::ui {

class RunMonitor;

class RunChartPanel : public QWidget {
    Q_OBJECT
public:
    enum class Metric {
        Loss,
        LossHubVsNonHub,
        LossLogicalVsSyntactic,
        LearningRate,
        GradNorm,
        TokensPerSecond,
        EvalLoss,
        AttentionToHubs,
    };
    static constexpr double kDefaultSmoothing = 0.6;
    static constexpr int kSmoothingSteps = 1000;  // the slider's resolution: 0 .. 0.999

    explicit RunChartPanel(RunMonitor& monitor, QWidget* parent = nullptr);
    ~RunChartPanel() override;

    // The runs drawn (RunsPanel::visibleRunsChanged), in drawing order.
    void setVisibleRuns(const QStringList& paths);
    QStringList visibleRuns() const { return m_runs; }

    void setMetric(Metric metric);
    Metric metric() const;
    void setXAxis(SeriesAxis axis);
    SeriesAxis xAxis() const;
    void setLogScale(bool on);
    bool logScale() const;
    // Smoothing weight in [0, 0.999] (the slider's value / 1000).
    void setSmoothing(double weight);
    double smoothing() const;

    // The series keys of a metric and the label of each (empty for a single series).
    struct MetricSeries {
        std::string key;
        QString label;
        ChartLineStyle style = ChartLineStyle::Solid;
    };
    static std::vector<MetricSeries> metricSeries(Metric metric);
    static QString metricName(Metric metric);

    SeriesChart& chart() { return *m_chart; }
    // The lines last handed to the chart (raw series first, then smoothed ones, baseline last).
    const std::vector<ChartLine>& lines() const { return m_lines; }
    // Writes the chart as PNG or SVG; returns an error message or "".
    QString exportChart(const QString& path);

    // Rebuilds the lines from the monitor's snapshots now (otherwise done on the next event-loop
    // turn after a change).
    void rebuild();

private:
    void scheduleRebuild();
    void chooseExportFile();
    void updateSmoothingLabel();
    ChartValues smoothedValues(const QString& id, const ChartValues& values, double weight);
    ChartValues scaledValues(const QString& id, const ChartValues& values, double divisor);

    RunMonitor& m_monitor;
    std::unique_ptr<SeriesChart> m_chart;
    QComboBox* m_metric = nullptr;
    QComboBox* m_axis = nullptr;
    QCheckBox* m_log = nullptr;
    QSlider* m_smoothing = nullptr;
    QLabel* m_smoothingValue = nullptr;
    QStringList m_runs;
    std::vector<ChartLine> m_lines;
    bool m_rebuildPending = false;

    // Smoothed (or rescaled) series by line id, reused while the input and the weight stay the same.
    struct Cached {
        ChartValues input;
        double parameter = 0.0;
        ChartValues output;
    };
    QHash<QString, Cached> m_smoothed;
    QHash<QString, Cached> m_scaled;
};

}  // namespace maskscope::ui
