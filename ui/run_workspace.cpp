#include "ui/run_workspace.h"

#include "ui/attention_panel.h"
#include "ui/main_window.h"
#include "ui/run_chart_panel.h"
#include "ui/run_launch_dialog.h"
#include "ui/run_launcher.h"
#include "ui/run_monitor.h"
#include "ui/runs_panel.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtGui/QAction>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>

namespace maskscope::ui {

namespace {

RunMonitor::Options monitorOptions(bool persistent) {
    RunMonitor::Options options;
    if (!persistent) options.settingsGroup.clear();
    return options;
}

QString absoluteRunPath(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

}  // namespace

RunWorkspace::RunWorkspace(MainWindow& window, InspectionContext& context, Options options, QObject* parent)
    : QObject(parent), m_window(window), m_context(context), m_options(std::move(options)) {
    m_monitor = new RunMonitor(monitorOptions(m_options.persistent), this);
    m_launcher = new RunLauncher(m_options.cliPath.isEmpty() ? RunLauncher::defaultCliPath() : m_options.cliPath, this);
    m_runsPanel = new RunsPanel(*m_monitor);
    m_chartPanel = new RunChartPanel(*m_monitor);
    m_attentionPanel = new AttentionPanel;
    addDocksAndMenu();
    connectPanels();
    reattach();
}

RunWorkspace::~RunWorkspace() = default;

void RunWorkspace::addDocksAndMenu() {
    QDockWidget* runs = m_window.addPanel(m_runsPanel, tr("Runs"), Qt::LeftDockWidgetArea, QStringLiteral("runsDock"));
    QDockWidget* charts =
        m_window.addPanel(m_chartPanel, tr("Run Charts"), Qt::BottomDockWidgetArea, QStringLiteral("chartsDock"));
    QDockWidget* attention =
        m_window.addPanel(m_attentionPanel, tr("Attention"), Qt::BottomDockWidgetArea, QStringLiteral("attentionDock"));
    // Tabs beside the corpus table and the block view, so that the inspection keeps its space until
    // a run is opened.
    runs->setProperty("tabWith", QStringLiteral("corpusDock"));
    charts->setProperty("tabWith", QStringLiteral("blockDock"));
    attention->setProperty("tabWith", QStringLiteral("blockDock"));
    m_window.restoreDefaultLayout();

    QMenu* menu = m_window.menuBar()->addMenu(tr("&Runs"));
    QAction* newRun = menu->addAction(tr("&New Training Run\u2026"), this, &RunWorkspace::newRun);
    newRun->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    newRun->setToolTip(tr("Start `maskscope-cli train` with the current masking settings"));
    QAction* open = menu->addAction(tr("&Open Run Directory\u2026"), m_runsPanel, [this]() {
        m_window.raisePanel(QStringLiteral("runs"));
        // The panel's own action asks for the directory and reports what it found.
        for (QAction* action : m_runsPanel->actions())
            if (action->objectName() == QLatin1String("openRunDirectory")) action->trigger();
    });
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    menu->addSeparator();
    menu->addAction(tr("Show Run &Charts"), this, [this]() { m_window.raisePanel(QStringLiteral("charts")); });
    menu->addAction(tr("Show &Attention Probes"), this, [this]() { m_window.raisePanel(QStringLiteral("attention")); });
}

void RunWorkspace::connectPanels() {
    connect(m_runsPanel, &RunsPanel::newRunRequested, this, &RunWorkspace::newRun);
    connect(m_runsPanel, &RunsPanel::stopRequested, this, &RunWorkspace::stopRun);
    connect(m_runsPanel, &RunsPanel::resumeRequested, this, &RunWorkspace::resumeRun);
    connect(m_runsPanel, &RunsPanel::cloneRequested, this, &RunWorkspace::cloneRun);
    connect(m_runsPanel, &RunsPanel::currentRunChanged, m_attentionPanel, [this](const QString& dir) {
        // Probes exist only in MaskScope run directories; other runs show the panel's empty state.
        m_attentionPanel->setRunDirectory(QFileInfo(dir).isDir() ? dir : QString());
    });
    connect(m_runsPanel, &RunsPanel::visibleRunsChanged, m_chartPanel, &RunChartPanel::setVisibleRuns);
    m_chartPanel->setVisibleRuns(m_runsPanel->visibleRuns());

    connect(m_launcher, &RunLauncher::trainerEnded, this, &RunWorkspace::trainerEnded);
    connect(m_launcher, &RunLauncher::trainerStarted, this, [this](const QString& dir, qint64) {
        m_runsPanel->setRunNote(dir, QString());
        m_monitor->refreshNow();
    });

    connect(m_monitor, &RunMonitor::opened, this, [this](const QString& path, const QStringList& runs) {
        const QString key = absoluteRunPath(path);
        if (!m_openRequests.removeOne(key)) return;
        if (!runs.isEmpty()) {
            m_runsPanel->setCurrentRun(runs.front());
            m_window.raisePanel(QStringLiteral("runs"));
            m_window.raisePanel(QStringLiteral("charts"));
        }
    });
    connect(m_monitor, &RunMonitor::openFailed, this, [this](const QString& path, const QString& message) {
        if (!m_openRequests.removeOne(absoluteRunPath(path))) return;
        m_window.reportError(message);
    });
}

void RunWorkspace::reattach() {
    const QStringList running = m_launcher->reattach(m_monitor->runs());
    for (const QString& dir : m_monitor->runs()) {
        if (running.contains(dir) || !QFileInfo(dir).isDir()) continue;
        const TrainerStatus status = m_launcher->status(dir);
        if (status.failed() || status.stopped()) showTrainerNote(dir, status);
    }
}

void RunWorkspace::openRuns(const QString& path) {
    m_openRequests << absoluteRunPath(path);
    m_monitor->open(absoluteRunPath(path));
}

void RunWorkspace::newRun() {
    RunLaunchDialog dialog(m_context, m_options.runsRoot, &m_window);
    dialog.setCudaAvailable(m_options.cudaAvailable);
    dialog.setLauncher(m_launcher);
    if (dialog.exec() != QDialog::Accepted || dialog.launchedRunDirectory().isEmpty()) return;
    m_monitor->addRun(dialog.launchedRunDirectory());
    m_runsPanel->setCurrentRun(dialog.launchedRunDirectory());
    m_window.raisePanel(QStringLiteral("runs"));
    m_window.raisePanel(QStringLiteral("charts"));
}

void RunWorkspace::stopRun(const QString& dir) {
    const QString problem = m_launcher->stop(dir);
    if (!problem.isEmpty()) m_window.reportError(problem);
}

void RunWorkspace::resumeRun(const QString& dir) {
    const auto steps = RunLaunchDialog::askResumeSteps(dir, &m_window);
    if (!steps) return;
    RunLauncher::ResumeOptions options;
    const QString problem = m_launcher->resume(dir, *steps, options);
    if (!problem.isEmpty()) m_window.reportError(problem);
}

void RunWorkspace::cloneRun(const QString& dir) {
    QString error;
    auto dialog = RunLaunchDialog::fromRun(dir, &error, &m_window);
    if (!dialog) {
        m_window.reportError(error);
        return;
    }
    dialog->setCudaAvailable(m_options.cudaAvailable);
    dialog->setLauncher(m_launcher);
    if (dialog->exec() != QDialog::Accepted || dialog->launchedRunDirectory().isEmpty()) return;
    m_monitor->addRun(dialog->launchedRunDirectory());
    m_runsPanel->setCurrentRun(dialog->launchedRunDirectory());
}

void RunWorkspace::trainerEnded(const QString& dir, const TrainerStatus& status) {
    showTrainerNote(dir, status);
    m_monitor->refreshNow();
    if (status.failed()) {
        QString message = tr("The training run %1 %2.").arg(QDir::toNativeSeparators(dir), status.summary());
        if (!status.stderrTail.isEmpty())
            message += QLatin1Char('\n') + tr("Last lines of its error output:") + QLatin1Char('\n') +
                       status.stderrTail.mid(std::max<qsizetype>(0, status.stderrTail.size() - 8)).join(QLatin1Char('\n'));
        m_window.reportError(message);
    }
}

void RunWorkspace::showTrainerNote(const QString& dir, const TrainerStatus& status) {
    // Finished runs show the monitor's own status; stopped and failed ones say how they ended.
    m_runsPanel->setRunNote(dir, status.finished() ? QString() : status.summary());
}

bool RunWorkspace::isSettled() const {
    if (!openingDone() || m_attentionPanel->isBusy()) return false;
    for (const QString& path : m_monitor->runs()) {
        const RunSnapshotHandle snapshot = m_monitor->snapshot(path);
        if (!snapshot || !snapshot->refreshed) return false;
    }
    return true;
}

}  // namespace maskscope::ui
