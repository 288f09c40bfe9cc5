// The runs table with its tools: a filter (a case-insensitive regular expression over name,
// status and masking policy; the pinned baseline always stays listed, at the top), buttons and a
// context menu for New Run…, Open Run Directory…, Stop, Resume…, Clone and Edit…, Pin as Baseline
// and Remove from List, and a line for problems (a directory without runs). The actions are also
// the panel's actions(), named newRun, openRunDirectory, stopRun, resumeRun, cloneRun, pinBaseline
// and removeRun.
//
// Starting, stopping, resuming and cloning runs is not done here: the panel asks for it through
// its signals (the app connects them to the run launcher) and shows what the launcher reports
// through setRunNote(). The runs drawn in the charts are those listed (filter) and checked in the
// colour column: visibleRunsChanged(). Double-clicking a row pins (or unpins) it as the baseline.
#pragma once

#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtWidgets/QWidget>

QT_BEGIN_NAMESPACE
class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
QT_END_NAMESPACE

namespace maskscope::ui {

class RunMonitor;
class RunTableModel;
class RunFilterModel;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(RunMonitor& monitor, QWidget* parent = nullptr);
    ~RunsPanel() override;

    // Asks for a directory and opens it ("Open Run Directory…").
    void chooseRunDirectory();
    // Adds the runs at or below `path` (what "Open Run Directory…" does after its dialog).
    void openRunDirectory(const QString& path);
    // Text shown as the status of a run that is not running, e.g. "failed (exit code 1): ...";
    // empty to show the monitor's status again.
    void setRunNote(const QString& path, const QString& text);

    // The run of the current row ("" when none), and making a run current.
    QString currentRun() const;
    void setCurrentRun(const QString& path);
    // Runs listed (passing the filter) and checked, in table order.
    QStringList visibleRuns() const { return m_visible; }
    void setFilterText(const QString& text);
    // Pins the current run as the baseline, or unpins it when it is the baseline already.
    void toggleBaseline();
    void removeCurrentRun();

    RunTableModel* tableModel() const { return m_model; }
    QSortFilterProxyModel* filterModel() const;
    QTableView* tableView() const { return m_table; }
    QLineEdit* filterEdit() const { return m_filter; }
    // The message line (e.g. "No training run was found in ..."); hidden when empty.
    QString message() const;

Q_SIGNALS:
    void newRunRequested();
    void stopRequested(const QString& dir);
    void resumeRequested(const QString& dir);
    void cloneRequested(const QString& dir);
    void currentRunChanged(const QString& dir);
    void visibleRunsChanged(const QStringList& paths);

private:
    void updateActions();
    void updateVisibleRuns();
    void updateCurrent();
    void showMessage(const QString& text);
    void showContextMenu(const QPoint& position);

    RunMonitor& m_monitor;
    RunTableModel* m_model = nullptr;
    RunFilterModel* m_proxy = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_message = nullptr;
    QAction* m_newRun = nullptr;
    QAction* m_open = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_resume = nullptr;
    QAction* m_clone = nullptr;
    QAction* m_baseline = nullptr;
    QAction* m_remove = nullptr;
    QStringList m_visible;
    QString m_current;
    QString m_lastDirectory;
};

}  // namespace maskscope::ui
