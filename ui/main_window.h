// The desktop shell: the record panel in the centre, the corpus, masking-controls, annotation,
// checkpoint, block and statistics panels in docks, menus (Edit: undo/redo of annotation edits; Annotate: the
// annotation actions with their shortcuts), a status bar with background-job progress and cancel, drag and drop of files,
// recent files, saved window layouts ("Restore Default Layout") and sessions.
//
// The window owns no state of its own: it shows the InspectionContext it is given and opens
// documents through the DocumentLoader. Later panels are added with addPanel(), which docks them and
// lists them in the View menu; they take the same InspectionContext.
#pragma once

#include "ui/about_info.h"
#include "ui/session_file.h"

#include <QtCore/QByteArray>
#include <QtCore/QStringList>
#include <QtWidgets/QMainWindow>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;

namespace maskscope::ui {

class AnnotationEditor;
class AnnotationPanel;
class BlockPanel;
class CheckpointPanel;
class CorpusPanel;
class DocumentLoader;
class InspectionContext;
class MaskingControls;
class RecordPanel;
class StatisticsPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    static constexpr int kDefaultWidth = 1600;
    static constexpr int kDefaultHeight = 1000;
    static constexpr int kMaxRecentFiles = 10;

    MainWindow(InspectionContext& context, DocumentLoader& loader, AboutInfo about, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Docks `panel` in `area` under `title`, lists it in the View menu and returns its dock. The
    // object name keeps the dock's place in saved layouts.
    QDockWidget* addPanel(QWidget* panel, const QString& title, Qt::DockWidgetArea area, const QString& objectName);

    // Interactive windows show errors in message boxes; otherwise (the --screenshot mode) errors
    // only go to errorReported() and the status bar.
    void setInteractive(bool interactive) { m_interactive = interactive; }
    // Whether the window saves its layout, recent files and the last session (not in --screenshot).
    void setPersistent(bool persistent) { m_persistent = persistent; }

    // Restores geometry and dock layout from QSettings (or the default layout).
    void restoreLayout();
    void restoreDefaultLayout();
    // Brings the dock of `panel` ("corpus", "masking", "annotation(s)", "block(s)", "statistics")
    // to the front; returns false for an unknown name.
    bool raisePanel(const QString& panel);
    // Reopens the session saved when the app last closed; returns false when there is none.
    bool openLastSession();
    static QString lastSessionPath();

    // The documents, settings and record shown now.
    Session currentSession() const;
    // Writes currentSession() atomically; returns an error message or an empty string.
    QString saveSession(const QString& path) const;

    // Reports an error to the user (message box when interactive, status bar, errorReported()).
    void reportError(const QString& message);
    int errorCount() const { return m_errorCount; }

    // True when nothing loads or computes and every panel shows the current state.
    bool isSettled() const;

    CorpusPanel* corpusPanel() const { return m_corpusPanel; }
    RecordPanel* recordPanel() const { return m_recordPanel; }
    MaskingControls* maskingControls() const { return m_maskingControls; }
    BlockPanel* blockPanel() const { return m_blockPanel; }
    AnnotationEditor* annotationEditor() const { return m_annotationEditor; }
    AnnotationPanel* annotationPanel() const { return m_annotationPanel; }
    StatisticsPanel* statisticsPanel() const { return m_statisticsPanel; }
    CheckpointPanel* checkpointPanel() const { return m_checkpointPanel; }
    QStringList recentFiles() const;

Q_SIGNALS:
    void errorReported(const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenus();
    void buildStatusBar();
    void openDialog();
    void openSessionDialog();
    void saveSessionDialog();
    void exportViewDialog();
    void addRecentFile(const QString& path);
    void updateRecentMenu();
    void updateTitle();
    void updateAnnotationOverlay();
    void showProgress(const QString& task, quint64 done, quint64 total);

    InspectionContext& m_context;
    DocumentLoader& m_loader;
    AboutInfo m_about;
    bool m_interactive = true;
    bool m_persistent = true;
    int m_errorCount = 0;
    QByteArray m_defaultState;
    RecordPanel* m_recordPanel = nullptr;
    CorpusPanel* m_corpusPanel = nullptr;
    MaskingControls* m_maskingControls = nullptr;
    BlockPanel* m_blockPanel = nullptr;
    AnnotationEditor* m_annotationEditor = nullptr;
    AnnotationPanel* m_annotationPanel = nullptr;
    StatisticsPanel* m_statisticsPanel = nullptr;
    CheckpointPanel* m_checkpointPanel = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QAction* m_panelSeparator = nullptr;
    QLabel* m_documents = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
};

}  // namespace maskscope::ui
