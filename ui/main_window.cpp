#include "ui/main_window.h"

#include "ui/annotation_editor.h"
#include "ui/annotation_panel.h"
#include "ui/block_panel.h"
#include "ui/checkpoint_panel.h"
#include "ui/corpus_panel.h"
#include "ui/density_tracks.h"
#include "ui/document_loader.h"
#include "ui/inspection_context.h"
#include "ui/masking_controls.h"
#include "ui/record_panel.h"
#include "ui/record_view.h"
#include "ui/statistics_panel.h"
#include "ui/ui_resources.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QMimeData>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtGui/QAction>
#include <QtGui/QActionGroup>
#include <QtGui/QCloseEvent>
#include <QtGui/QDragEnterEvent>
#include <QtGui/QDropEvent>
#include <QtGui/QIcon>
#include <QtGui/QUndoStack>
#include <QtWidgets/QApplication>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QLayout>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QToolButton>

#include <vector>

namespace maskscope::ui {

namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kRecentKey = QStringLiteral("recentFiles");
constexpr int kLayoutVersion = 1;

QString fileName(const QString& path) { return QFileInfo(path).fileName(); }

}  // namespace

MainWindow::MainWindow(InspectionContext& context, DocumentLoader& loader, AboutInfo about, QWidget* parent)
    : QMainWindow(parent), m_context(context), m_loader(loader), m_about(std::move(about)) {
    initResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/maskscope/icons/maskscope.svg")));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    // The block panel spans under the corpus panel; the masking controls keep the full height.
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resize(kDefaultWidth, kDefaultHeight);

    m_recordPanel = new RecordPanel(context, this);
    setCentralWidget(m_recordPanel);
    m_corpusPanel = new CorpusPanel(context, this);
    m_maskingControls = new MaskingControls(context, this);
    m_blockPanel = new BlockPanel(context, this);
    m_annotationEditor = new AnnotationEditor(context, this);
    m_annotationPanel = new AnnotationPanel(context, *m_annotationEditor, this);
    m_statisticsPanel = new StatisticsPanel(context, this);
    m_checkpointPanel = new CheckpointPanel(context, loader, this);

    buildMenus();
    buildStatusBar();
    addPanel(m_corpusPanel, tr("Corpus"), Qt::LeftDockWidgetArea, QStringLiteral("corpusDock"));
    addPanel(m_maskingControls, tr("Masking Controls"), Qt::RightDockWidgetArea, QStringLiteral("maskingDock"));
    addPanel(m_annotationPanel, tr("Annotations"), Qt::RightDockWidgetArea, QStringLiteral("annotationDock"));
    addPanel(m_checkpointPanel, tr("Checkpoint"), Qt::RightDockWidgetArea, QStringLiteral("checkpointDock"));
    addPanel(m_blockPanel, tr("Blocks"), Qt::BottomDockWidgetArea, QStringLiteral("blockDock"));
    addPanel(m_statisticsPanel, tr("Statistics"), Qt::BottomDockWidgetArea, QStringLiteral("statisticsDock"));
    restoreDefaultLayout();
    updateRecentMenu();

    // The corpus job of the density tracks reports in the status bar like the loader.
    DensityTrackService& tracks = context.densityTracks();
    connect(&tracks, &DensityTrackService::corpusProgress, this, [this](quint64 done, quint64 total) {
        showProgress(tr("Computing density tracks"), done, total);
    });
    connect(&tracks, &DensityTrackService::corpusFinished, this, [this](bool complete, qint64 records, const QString& message) {
        if (!m_loader.isBusy()) {
            m_progress->hide();
            m_cancel->hide();
        }
        statusBar()->showMessage(complete ? tr("Density tracks of %n record(s) computed.", nullptr, int(records)) : message,
                                 6000);
    });

    connect(&loader, &DocumentLoader::failed, this, [this](const QString&, const QString& message) {
        reportError(message);
    });
    connect(&loader, &DocumentLoader::opened, this, [this](const QString& path, FileKind kind) {
        addRecentFile(path);
        statusBar()->showMessage(tr("Opened %1 (%2)").arg(fileName(path), fileKindName(kind)), 4000);
    });
    connect(&loader, &DocumentLoader::cancelled, this, [this](const QString& path) {
        statusBar()->showMessage(tr("Cancelled loading %1").arg(fileName(path)), 5000);
    });
    connect(&loader, &DocumentLoader::progress, this, &MainWindow::showProgress);
    connect(&loader, &DocumentLoader::busyChanged, this, [this](bool busy) {
        if (!busy && !m_context.densityTracks().isCorpusRunning()) {
            m_progress->hide();
            m_cancel->hide();
        }
    });
    connect(&context, &InspectionContext::corpusScanChanged, this, [this]() {
        if (!m_context.corpusScanned() || !m_context.corpus()) return;
        statusBar()->showMessage(tr("%1: %2 records, %3 bad lines")
                                     .arg(fileName(m_context.corpusPath()))
                                     .arg(m_context.corpus()->entryCount())
                                     .arg(m_context.badLines().size()),
                                 8000);
    });
    connect(&context, &InspectionContext::statusPosted, this,
            [this](const QString& message, int timeout) { statusBar()->showMessage(message, timeout); });
    connect(&context, &InspectionContext::inspectionChanged, this, [this]() {
        if (m_context.inspectionState() == InspectionContext::InspectionState::Failed)
            statusBar()->showMessage(m_context.inspectionMessage(), 8000);
    });
    for (auto signal : {&InspectionContext::corpusChanged, &InspectionContext::tokenizerChanged,
                        &InspectionContext::annotationsChanged})
        connect(&context, signal, this, &MainWindow::updateTitle);
    connect(m_annotationEditor, &AnnotationEditor::dirtyChanged, this, &MainWindow::updateTitle);
    connect(m_annotationEditor, &AnnotationEditor::saved, this, &MainWindow::updateTitle);
    connect(m_annotationEditor, &AnnotationEditor::changed, this, &MainWindow::updateAnnotationOverlay);
    // The annotation actions also sit in the record view's context menu.
    RecordView* view = m_recordPanel->view();
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    view->addActions(m_annotationPanel->editActions());
    updateTitle();
}

MainWindow::~MainWindow() = default;

QDockWidget* MainWindow::addPanel(QWidget* panel, const QString& title, Qt::DockWidgetArea area,
                                  const QString& objectName) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(panel);
    dock->setProperty("defaultArea", int(area));
    addDockWidget(area, dock);
    dock->show();
    QAction* toggle = dock->toggleViewAction();
    m_viewMenu->insertAction(m_panelSeparator, toggle);
    return dock;
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open\u2026"), this, &MainWindow::openDialog);
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Open a corpus, tokenizer, annotation or session file"));
    QAction* openCheckpoint = file->addAction(tr("Open &Checkpoint…"), this, [this]() {
        raisePanel(QStringLiteral("checkpoint"));
        m_checkpointPanel->openDialog();
    });
    openCheckpoint->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openCheckpoint->setToolTip(tr("Open a model checkpoint for the model density tracks"));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(tr("Open &Session\u2026"), this, &MainWindow::openSessionDialog);
    QAction* saveSessionAction = file->addAction(tr("Save Session &As\u2026"), this, &MainWindow::saveSessionDialog);
    saveSessionAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    file->addSeparator();
    QAction* exportAction = file->addAction(tr("&Export Record View\u2026"), this, &MainWindow::exportViewDialog);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_annotationEditor->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_annotationEditor->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcut(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Save Annotations"), this, [this]() {
        const QString error = m_annotationEditor->saveNow();
        if (error.isEmpty()) statusBar()->showMessage(tr("Saved %1").arg(fileName(m_annotationEditor->filePath())), 4000);
        else reportError(error);
    })->setShortcut(QKeySequence::Save);

    QMenu* annotate = menuBar()->addMenu(tr("&Annotate"));
    annotate->addActions(m_annotationPanel->editActions());
    annotate->addSeparator();
    annotate->addAction(tr("&Corpus Agreement"), this, [this]() { m_annotationPanel->computeCorpusAgreement(); });

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    QAction* find = go->addAction(tr("&Find in Records\u2026"), this, [this]() { m_corpusPanel->focusFind(); });
    find->setShortcut(QKeySequence::Find);
    QAction* goTo = go->addAction(tr("&Go to Record\u2026"), this, [this]() { m_corpusPanel->askGoToRecord(); });
    goTo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    go->addSeparator();
    QAction* previous = go->addAction(tr("&Previous Record"), this, [this]() {
        m_context.setCurrentRecord(std::max<qint64>(0, m_context.currentRecord() - 1));
    });
    previous->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_PageUp), QKeySequence(Qt::Key_P), QKeySequence(Qt::ALT | Qt::Key_Up)});
    QAction* next = go->addAction(tr("&Next Record"), this,
                                  [this]() { m_context.setCurrentRecord(m_context.currentRecord() + 1); });
    next->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_PageDown), QKeySequence(Qt::Key_N), QKeySequence(Qt::ALT | Qt::Key_Down)});
    QAction* nextStep = go->addAction(tr("Next &Step"), this, [this]() { m_context.setStep(m_context.step() + 1); });
    nextStep->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    QAction* previousStep = go->addAction(tr("Pre&vious Step"), this, [this]() {
        if (m_context.step() > 0) m_context.setStep(m_context.step() - 1);
    });
    previousStep->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_panelSeparator = m_viewMenu->addSeparator();
    auto* samples = new QActionGroup(this);
    const std::tuple<SampleDisplay, QString, QKeySequence> displays[] = {
        {SampleDisplay::Logical, tr("&Logical Sample"), QKeySequence(Qt::CTRL | Qt::Key_1)},
        {SampleDisplay::Syntactic, tr("&Syntactic Sample"), QKeySequence(Qt::CTRL | Qt::Key_2)},
        {SampleDisplay::SideBySide, tr("Samples Side &by Side"), QKeySequence(Qt::CTRL | Qt::Key_3)},
    };
    for (const auto& [display, text, shortcut] : displays) {
        QAction* action = m_viewMenu->addAction(text, this, [this, display = display]() { m_recordPanel->setDisplay(display); });
        action->setShortcut(shortcut);
        action->setCheckable(true);
        action->setChecked(display == SampleDisplay::Logical);
        samples->addAction(action);
    }
    m_viewMenu->addSeparator();
    QAction* tracks = m_viewMenu->addAction(tr("Density &Tracks"), this,
                                            [this](bool checked) { m_recordPanel->setTracksVisible(checked); });
    tracks->setObjectName(QStringLiteral("showDensityTracks"));
    tracks->setCheckable(true);
    tracks->setChecked(true);
    tracks->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    tracks->setToolTip(tr("Show the annotation and model density tracks under every line of the record view"));
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("&Restore Default Layout"), this, &MainWindow::restoreDefaultLayout);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About MaskScope"), this, [this]() { showAboutBox(this, m_about); });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    updateRecentMenu();
}

void MainWindow::buildStatusBar() {
    m_documents = new QLabel(this);
    m_documents->setObjectName(QStringLiteral("documentsLabel"));
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop loading the corpus or computing its density tracks"));
    m_cancel->hide();
    connect(m_cancel, &QToolButton::clicked, this, [this]() {
        if (m_loader.isBusy()) m_loader.cancelCorpus();
        else m_context.densityTracks().cancelCorpus();
    });
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_documents);
}

void MainWindow::showProgress(const QString& task, quint64 done, quint64 total) {
    if (total == 0) return;
    m_progress->setValue(static_cast<int>(1000.0 * double(done) / double(total)));
    m_progress->show();
    m_cancel->show();
    statusBar()->showMessage(tr("%1\u2026 %2%").arg(task).arg(100.0 * double(done) / double(total), 0, 'f', 0), 2000);
}

void MainWindow::restoreLayout() {
    QSettings settings;
    const QByteArray geometry = settings.value(kGeometryKey).toByteArray();
    const QByteArray state = settings.value(kStateKey).toByteArray();
    if (!geometry.isEmpty()) restoreGeometry(geometry);
    if (!state.isEmpty() && !restoreState(state, kLayoutVersion)) restoreDefaultLayout();
}

void MainWindow::restoreDefaultLayout() {
    resize(kDefaultWidth, kDefaultHeight);
    QList<QDockWidget*> horizontal;
    QList<int> widths;
    QList<QDockWidget*> vertical;
    QList<int> heights;
    for (QDockWidget* dock : findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly)) {
        const auto area = static_cast<Qt::DockWidgetArea>(dock->property("defaultArea").toInt());
        dock->setFloating(false);
        addDockWidget(area, dock);
        dock->show();
        if (area == Qt::LeftDockWidgetArea) {
            horizontal << dock;
            widths << 530;
        } else if (area == Qt::RightDockWidgetArea) {
            horizontal << dock;
            widths << 340;
        } else {
            vertical << dock;
            heights << 300;
        }
    }
    // Annotations share the right column with the masking controls and the statistics share the
    // bottom row with the blocks, as tabs, so that every panel keeps a legible size at 1600x1000.
    // A panel added later names the dock it joins as a tab in its "tabWith" property.
    std::vector<std::pair<QString, QString>> tabs = {{QStringLiteral("maskingDock"), QStringLiteral("annotationDock")},
                                                     {QStringLiteral("maskingDock"), QStringLiteral("checkpointDock")},
                                                     {QStringLiteral("blockDock"), QStringLiteral("statisticsDock")}};
    for (QDockWidget* dock : findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly)) {
        const QString front = dock->property("tabWith").toString();
        if (!front.isEmpty()) tabs.emplace_back(front, dock->objectName());
    }
    for (const auto& [first, second] : tabs) {
        auto* front = findChild<QDockWidget*>(first, Qt::FindDirectChildrenOnly);
        auto* back = findChild<QDockWidget*>(second, Qt::FindDirectChildrenOnly);
        if (!front || !back) continue;
        tabifyDockWidget(front, back);
        horizontal.removeAll(back);
        vertical.removeAll(back);
        front->raise();
    }
    widths.resize(horizontal.size());
    heights.resize(vertical.size());
    // Re-docking places the panels of one area side by side before they become tabs again, which
    // may have widened the window beyond the default: back to it, once the layout knows its new
    // minimum.
    if (layout()) layout()->activate();
    resize(kDefaultWidth, kDefaultHeight);
    resizeDocks(horizontal, widths, Qt::Horizontal);
    resizeDocks(vertical, heights, Qt::Vertical);
}

bool MainWindow::raisePanel(const QString& panel) {
    QString name = panel.trimmed().toLower();
    if (name == QLatin1String("annotations") || name == QLatin1String("blocks")) name.chop(1);
    auto* dock = findChild<QDockWidget*>(name + QStringLiteral("Dock"), Qt::FindDirectChildrenOnly);
    if (!dock) return false;
    dock->show();
    dock->raise();
    return true;
}

QString MainWindow::lastSessionPath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("last-session.maskscope"));
}

bool MainWindow::openLastSession() {
    const QString path = lastSessionPath();
    if (!QFileInfo::exists(path)) return false;
    const std::optional<Session> session = m_loader.openSession(path);
    if (session) m_recordPanel->setDisplay(session->display);
    return session.has_value();
}

Session MainWindow::currentSession() const {
    Session session;
    session.corpus = m_context.corpusPath();
    session.tokenizer = m_context.tokenizerPath();
    session.annotations = m_context.annotationsPath();
    // Annotations made here live in the corpus's sidecar once autosave has written it.
    if (session.annotations.isEmpty() && QFileInfo::exists(m_annotationEditor->filePath()))
        session.annotations = m_annotationEditor->filePath();
    session.settings = m_context.settings();
    session.step = m_context.step();
    session.record = std::max<qint64>(0, m_context.currentRecord());
    session.display = m_recordPanel->display();
    session.model = m_context.densityTracks().settings();
    return session;
}

QString MainWindow::saveSession(const QString& path) const {
    try {
        QDir().mkpath(QFileInfo(path).absolutePath());
        ui::saveSession(currentSession(), path);
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

void MainWindow::reportError(const QString& message) {
    ++m_errorCount;
    statusBar()->showMessage(message, 10000);
    Q_EMIT errorReported(message);
    if (!m_interactive) return;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("MaskScope"), message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::isSettled() const {
    return !m_loader.isBusy() && m_corpusPanel->isSettled() && m_recordPanel->isSettled() &&
           m_statisticsPanel->isSettled();
}

QStringList MainWindow::recentFiles() const { return QSettings().value(kRecentKey).toStringList(); }

void MainWindow::addRecentFile(const QString& path) {
    if (!m_persistent || path.isEmpty() || path == lastSessionPath()) return;
    QStringList files = recentFiles();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles) files.removeLast();
    QSettings().setValue(kRecentKey, files);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    for (const QString& path : files) {
        QAction* action = m_recentMenu->addAction(fileName(path), this, [this, path]() { m_loader.openFiles({path}); });
        action->setToolTip(path);
        action->setStatusTip(path);
    }
    if (files.isEmpty()) m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    if (m_checkpointPanel) {
        QStringList checkpoints;
        for (const QString& path : files) {
            if (QFileInfo(path).isDir()) checkpoints << path;
        }
        m_checkpointPanel->setRecentCheckpoints(checkpoints);
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear Menu"), this, [this]() {
        QSettings().remove(kRecentKey);
        updateRecentMenu();
    });
}

void MainWindow::updateTitle() {
    QStringList names;
    QString annotations = m_context.annotationsPath();
    if (annotations.isEmpty() && QFileInfo::exists(m_annotationEditor->filePath())) annotations = m_annotationEditor->filePath();
    for (const QString& path : {m_context.corpusPath(), m_context.tokenizerPath(), annotations}) {
        if (!path.isEmpty()) names << fileName(path);
    }
    // '*' marks annotation edits that autosave has not written yet.
    const QString dirty = m_annotationEditor->isDirty() ? QStringLiteral("*") : QString();
    setWindowTitle(names.isEmpty() ? tr("MaskScope") + dirty
                                   : tr("%1%2 \u2014 MaskScope").arg(names.join(QStringLiteral(", ")), dirty));
    m_documents->setText(names.isEmpty() ? tr("No documents open") : names.join(QStringLiteral(" \u00b7 ")));
    m_documents->setToolTip(QStringList{m_context.corpusPath(), m_context.tokenizerPath(), m_context.annotationsPath()}
                                .join(QLatin1Char('\n'))
                                .trimmed());
}

void MainWindow::updateAnnotationOverlay() {
    TokenRange suggestion;
    const int current = m_annotationEditor->currentSuggestion();
    if (current >= 0) suggestion = m_annotationEditor->suggestions()[std::size_t(current)].tokens;
    m_recordPanel->view()->setAnnotationOverlay(m_annotationEditor->annotatedTokens(), suggestion);
    updateTitle();
}

void MainWindow::openDialog() {
    const QStringList paths = QFileDialog::getOpenFileNames(
        this, tr("Open"), QString(),
        tr("MaskScope files (*.jsonl *.json *.txt *.model *.maskscope);;Corpora (*.jsonl *.json *.txt);;"
           "Tokenizers (*.model);;Annotations (*.annotations.jsonl);;Sessions (*.maskscope);;All files (*)"));
    if (!paths.isEmpty()) m_loader.openFiles(paths);
}

void MainWindow::openSessionDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Session"), QString(), tr("Sessions (*.maskscope);;All files (*)"));
    if (path.isEmpty()) return;
    if (const std::optional<Session> session = m_loader.openSession(path)) m_recordPanel->setDisplay(session->display);
}

void MainWindow::saveSessionDialog() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save Session"), QString(), tr("Sessions (*.maskscope)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QLatin1String(".maskscope"))) path += QStringLiteral(".maskscope");
    const QString error = saveSession(path);
    if (error.isEmpty()) {
        statusBar()->showMessage(tr("Saved session %1").arg(fileName(path)), 4000);
        addRecentFile(path);
    } else {
        reportError(error);
    }
}

void MainWindow::exportViewDialog() {
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Record View"), QString(),
                                                      tr("PNG image (*.png);;SVG drawing (*.svg)"));
    if (path.isEmpty()) return;
    const QString error = m_recordPanel->view()->exportView(path);
    if (error.isEmpty()) statusBar()->showMessage(tr("Exported %1").arg(fileName(path)), 4000);
    else reportError(error);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    const QString saveError = m_annotationEditor->saveNow();
    if (!saveError.isEmpty()) qWarning("MaskScope: could not save the annotations: %s", qPrintable(saveError));
    if (m_persistent) {
        QSettings settings;
        settings.setValue(kGeometryKey, saveGeometry());
        settings.setValue(kStateKey, saveState(kLayoutVersion));
        if (m_context.corpus() || m_context.tokenizer()) {
            const QString error = saveSession(lastSessionPath());
            if (!error.isEmpty()) qWarning("MaskScope: could not save the session: %s", qPrintable(error));
        }
    }
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QMimeData* mime = event->mimeData();
    if (!mime->hasUrls()) return;
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile()) {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) paths << url.toLocalFile();
    }
    if (paths.isEmpty()) return;
    event->acceptProposedAction();
    m_loader.openFiles(paths);
}

}  // namespace maskscope::ui
