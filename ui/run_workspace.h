// The training-run side of the main window: the runs table, the run charts and the attention
// probes as docks, a Runs menu, and the run launcher behind them. The panels never know each other;
// this class follows their signals:
//
//   RunsPanel  new / clone  -> RunLaunchDialog (prefilled from the inspection or the run) -> RunLauncher
//              stop, resume -> RunLauncher (resume asks for the total step count)
//              current run  -> AttentionPanel
//              visible runs -> RunChartPanel
//   RunLauncher trainer ended -> the run's note in the table (exit status, last stderr line) and
//                                an error report when it failed
//
// On start it re-attaches to the runs the monitor restored from the settings: their trainers are
// watched again and a run that failed while the app was closed shows why.
#pragma once

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>

class QAction;

namespace maskscope::ui {

class AttentionPanel;
class InspectionContext;
class MainWindow;
class RunChartPanel;
class RunLauncher;
class RunMonitor;
class RunsPanel;
struct TrainerStatus;

class RunWorkspace : public QObject {
    Q_OBJECT
public:
    struct Options {
        QString cliPath;              // maskscope-cli; empty: RunLauncher::defaultCliPath()
        bool cudaAvailable = false;   // offer "cuda" as a training device
        bool persistent = true;       // keep the tracked runs in the settings (not in --screenshot)
        QString runsRoot;             // where new runs go; empty: RunLaunchDialog::defaultRunsRoot()
    };

    // Adds the Runs, Charts and Attention docks and the Runs menu to `window`.
    RunWorkspace(MainWindow& window, InspectionContext& context, Options options, QObject* parent = nullptr);
    ~RunWorkspace() override;

    // Tracks the runs at or below `path` and makes the first one found current.
    void openRuns(const QString& path);
    // Shows the dialog for a new run (prefilled from the current inspection).
    void newRun();

    // True when every tracked run was read at least once and the attention panel is idle.
    bool isSettled() const;
    // Opens run paths given before the window was shown have all been answered (found or failed).
    bool openingDone() const { return m_openRequests.isEmpty(); }

    RunMonitor& monitor() { return *m_monitor; }
    RunLauncher& launcher() { return *m_launcher; }
    RunsPanel* runsPanel() const { return m_runsPanel; }
    RunChartPanel* chartPanel() const { return m_chartPanel; }
    AttentionPanel* attentionPanel() const { return m_attentionPanel; }

private:
    void addDocksAndMenu();
    void connectPanels();
    void reattach();
    void stopRun(const QString& dir);
    void resumeRun(const QString& dir);
    void cloneRun(const QString& dir);
    void trainerEnded(const QString& dir, const TrainerStatus& status);
    void showTrainerNote(const QString& dir, const TrainerStatus& status);

    MainWindow& m_window;
    InspectionContext& m_context;
    Options m_options;
    RunMonitor* m_monitor = nullptr;
    RunLauncher* m_launcher = nullptr;
    RunsPanel* m_runsPanel = nullptr;
    RunChartPanel* m_chartPanel = nullptr;
    AttentionPanel* m_attentionPanel = nullptr;
    QStringList m_openRequests;  // paths not yet answered; their first run becomes current when found
};

}  // namespace maskscope::ui
