// The attention probes of one training run (RUNDIR/probes/step_*.safetensors, written with
// `maskscope-cli train --probe-every N`): a step slider over the probe steps, the layer x head
// grid of thumbnails of the probe at that step (click one to enlarge it into a labelled heatmap,
// see ui/attention_heatmap.h), and a chart over steps of how much attention the masked positions
// pay to hub tokens (the probes' "attention_to_hubs", read from the file headers, so that it works
// without the run's TensorBoard events).
//
// Files are read on a private single-thread pool, never on the GUI thread. Only one probe is held
// in memory; while the slider moves, a newer request replaces one that is still waiting, and the
// result of any request that is no longer the newest is dropped. The panel watches the run's
// probes/ folder and picks up the probes of a running training; when the slider sits on the
// newest step it follows new ones.
#pragma once

#include "ui/attention_heatmap.h"

#include <QtCore/QString>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>
#include <QtCore/QVector>
#include <QtWidgets/QWidget>

#include <cstdint>
#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QChartView;
class QFileSystemWatcher;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QScrollArea;
class QSlider;
class QStackedWidget;
class QToolButton;
class QValueAxis;
QT_END_NAMESPACE

namespace maskscope::ui {

class AttentionPanel : public QWidget {
    Q_OBJECT
public:
    // One probe file as listed (its header read).
    struct StepEntry {
        quint64 step = 0;
        QString path;
        double attentionToHubs = NAN;  // NaN: not measurable or unreadable header
        QString error;                 // why the header could not be read; empty when it could
    };
    // A loaded step: the probe, its thumbnails (row-major layer * heads + head) and their scale.
    struct LoadedStep {
        AttentionProbeHandle probe;
        QVector<QImage> thumbnails;
        float scale = 1.0f;
    };

    explicit AttentionPanel(QWidget* parent = nullptr);
    ~AttentionPanel() override;

    // Shows the probes of `runDirectory` (empty: none). Lists them on the worker and shows the
    // newest step.
    void setRunDirectory(const QString& runDirectory);
    const QString& runDirectory() const { return m_runDirectory; }
    // Lists the probes again (new steps of a running training); keeps the step shown, or follows
    // the newest when the slider is on the last step.
    void refresh();

    // What the panel shows (for tests and the main window).
    const QVector<StepEntry>& steps() const { return m_steps; }
    bool hasProbes() const { return !m_steps.isEmpty(); }
    // The step the slider is on; nullopt without probes.
    std::optional<quint64> selectedStep() const;
    // The probe drawn now (it may lag the slider while a load runs); null when none.
    const AttentionProbeHandle& shownProbe() const { return m_shown.probe; }
    bool isBusy() const { return m_running || m_waiting.has_value() || m_listWaiting; }
    bool isHeatmapShown() const;
    // The empty-state or error text shown instead of the probes; empty when probes are shown.
    QString message() const;

    QSlider* stepSlider() const { return m_slider; }
    QLabel* stepLabel() const { return m_stepLabel; }
    AttentionThumbnailGrid* grid() const { return m_grid; }
    AttentionHeatmap* heatmap() const { return m_heatmap; }
    QChartView* hubChart() const { return m_chartView; }
    QLineSeries* hubSeries() const { return m_hubSeries; }
    QScatterSeries* currentStepMarker() const { return m_marker; }

    // Enlarges one head of the shown probe / goes back to the grid.
    void showHeatmap(int layer, int head);
    void showGrid();

    // Reads `path` and renders its thumbnails; what the worker runs. Throws InputError.
    static LoadedStep loadStep(const QString& path, int thumbnailSide);
    // Lists the probes of `runDirectory` and reads their headers; what the worker runs.
    static QVector<StepEntry> listSteps(const QString& runDirectory);

Q_SIGNALS:
    // The probes of the run directory were listed (count may be 0).
    void stepsListed(int count);
    // The probe of `step` is drawn (grid, heatmap and chart marker).
    void stepShown(quint64 step);
    // Reading the probe of `step` failed; `message` names the file and the problem.
    void stepFailed(quint64 step, const QString& message);
    void busyChanged(bool busy);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct LoadJob {
        quint64 generation = 0;
        quint64 step = 0;
        QString path;
    };
    void requestList();
    void requestLoad(int index);
    void startNext();
    void onListed(quint64 generation, const QVector<StepEntry>& steps);
    void onLoaded(quint64 generation, quint64 step, const LoadedStep& loaded, const QString& error);
    void onSliderMoved(int index);
    void updateStepLabel();
    void updateChart();
    void updateMarker();
    void updateInfo();
    void updateWatcher();
    void showMessage(const QString& message);
    void showContent();
    void applyChartPalette();
    void setBusy(bool busy);
    void fitThumbnails();

    QString m_runDirectory;
    QVector<StepEntry> m_steps;
    LoadedStep m_shown;
    quint64 m_shownStep = 0;
    int m_heatLayer = -1;  // the enlarged head, -1 when the grid is shown
    int m_heatHead = -1;

    // Worker state (GUI thread only).
    QThreadPool m_pool;
    quint64 m_listGeneration = 0;
    quint64 m_loadGeneration = 0;
    bool m_running = false;
    bool m_listWaiting = false;
    std::optional<LoadJob> m_waiting;
    bool m_busy = false;

    QFileSystemWatcher* m_watcher = nullptr;
    QTimer m_refreshTimer;

    QStackedWidget* m_pages = nullptr;       // message | content
    QLabel* m_message = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_stepLabel = nullptr;
    QLabel* m_info = nullptr;
    QLabel* m_error = nullptr;
    QStackedWidget* m_views = nullptr;       // grid | heatmap
    QScrollArea* m_gridScroll = nullptr;
    AttentionThumbnailGrid* m_grid = nullptr;
    QLabel* m_gridCaption = nullptr;
    QScrollArea* m_heatScroll = nullptr;
    AttentionHeatmap* m_heatmap = nullptr;
    QLabel* m_heatTitle = nullptr;
    QToolButton* m_back = nullptr;
    QChartView* m_chartView = nullptr;
    QLineSeries* m_hubSeries = nullptr;
    QLineSeries* m_cursor = nullptr;
    QScatterSeries* m_marker = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
};

}  // namespace maskscope::ui
