#include "ui/runs_panel.h"

#include "ui/run_monitor.h"
#include "ui/run_table_model.h"
#include "ui/view_colors.h"

#include <QtCore/QDir>
#include <QtCore/QRegularExpression>
#include <QtCore/QSettings>
#include <QtCore/QSortFilterProxyModel>
#include <QtGui/QAction>
#include <QtGui/QClipboard>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QVBoxLayout>

namespace maskscope::ui {

namespace {

const QString kLastDirectoryKey = QStringLiteral("runMonitor/lastDirectory");

}  // namespace

// The filter of the runs table: a case-insensitive regular expression (or, when it does not
// compile, plain text) over name, status and policy. The baseline passes every filter and sorts
// first in either order.
class RunFilterModel : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setPattern(const QString& text) {
        QRegularExpression pattern(text, QRegularExpression::CaseInsensitiveOption);
        if (!pattern.isValid())
            pattern = QRegularExpression(QRegularExpression::escape(text), QRegularExpression::CaseInsensitiveOption);
        m_pattern = pattern;
        m_valid = QRegularExpression(text).isValid();
        invalidateFilter();
    }
    bool patternValid() const { return m_valid; }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        if (m_pattern.pattern().isEmpty()) return true;
        const QAbstractItemModel* model = sourceModel();
        if (model->index(row, 0, parent).data(RunTableModel::BaselineRole).toBool()) return true;
        for (const int column : {RunTableModel::Name, RunTableModel::Status, RunTableModel::Policy})
            if (m_pattern.match(model->index(row, column, parent).data().toString()).hasMatch()) return true;
        // The full path too: a filter can pick the runs of one directory.
        return m_pattern.match(model->index(row, 0, parent).data(RunTableModel::PathRole).toString()).hasMatch();
    }

    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        const bool leftBaseline = left.data(RunTableModel::BaselineRole).toBool();
        const bool rightBaseline = right.data(RunTableModel::BaselineRole).toBool();
        if (leftBaseline != rightBaseline) return (sortOrder() == Qt::AscendingOrder) == leftBaseline;
        return QSortFilterProxyModel::lessThan(left, right);
    }

private:
    QRegularExpression m_pattern;
    bool m_valid = true;
};

RunsPanel::RunsPanel(RunMonitor& monitor, QWidget* parent) : QWidget(parent), m_monitor(monitor) {
    setObjectName(QStringLiteral("runsPanel"));
    m_model = new RunTableModel(monitor, this);
    m_proxy = new RunFilterModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(RunTableModel::SortRole);
    m_proxy->setDynamicSortFilter(true);

    m_newRun = new QAction(tr("New Run\u2026"), this);
    m_newRun->setToolTip(tr("Configure and start a training run"));
    m_open = new QAction(tr("Open Run Directory\u2026"), this);
    m_open->setToolTip(tr("Follow the runs in a directory: MaskScope runs, TensorBoard event files or metrics.jsonl"));
    m_stop = new QAction(tr("Stop"), this);
    m_stop->setToolTip(tr("Ask the trainer to write a checkpoint and stop"));
    m_resume = new QAction(tr("Resume\u2026"), this);
    m_resume->setToolTip(tr("Continue the run from its newest checkpoint"));
    m_clone = new QAction(tr("Clone and Edit\u2026"), this);
    m_clone->setToolTip(tr("Start a new run with this run's configuration"));
    m_baseline = new QAction(tr("Pin as Baseline"), this);
    m_baseline->setCheckable(true);
    m_baseline->setToolTip(tr("Keep this run at the top of the table and draw it distinctly in the charts"));
    m_remove = new QAction(tr("Remove from List"), this);
    m_remove->setToolTip(tr("Stop following this run (its files are kept)"));

    // Also the panel's actions() (a window can put them into its menus), named for finding them.
    const std::pair<QAction*, const char*> named[] = {{m_newRun, "newRun"},       {m_open, "openRunDirectory"},
                                                      {m_stop, "stopRun"},        {m_resume, "resumeRun"},
                                                      {m_clone, "cloneRun"},      {m_baseline, "pinBaseline"},
                                                      {m_remove, "removeRun"}};
    for (const auto& [action, name] : named) {
        action->setObjectName(QLatin1String(name));
        addAction(action);
    }

    connect(m_newRun, &QAction::triggered, this, &RunsPanel::newRunRequested);
    connect(m_open, &QAction::triggered, this, &RunsPanel::chooseRunDirectory);
    connect(m_stop, &QAction::triggered, this, [this]() {
        if (!currentRun().isEmpty()) Q_EMIT stopRequested(currentRun());
    });
    connect(m_resume, &QAction::triggered, this, [this]() {
        if (!currentRun().isEmpty()) Q_EMIT resumeRequested(currentRun());
    });
    connect(m_clone, &QAction::triggered, this, [this]() {
        if (!currentRun().isEmpty()) Q_EMIT cloneRequested(currentRun());
    });
    connect(m_baseline, &QAction::triggered, this, &RunsPanel::toggleBaseline);
    connect(m_remove, &QAction::triggered, this, &RunsPanel::removeCurrentRun);

    auto* toolbar = new QToolBar(this);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(m_newRun);
    toolbar->addAction(m_open);
    toolbar->addSeparator();
    toolbar->addAction(m_stop);
    toolbar->addAction(m_resume);
    toolbar->addAction(m_clone);
    toolbar->addSeparator();
    toolbar->addAction(m_baseline);
    toolbar->addAction(m_remove);

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("runFilter"));
    m_filter->setPlaceholderText(tr("Filter runs (regular expression)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMinimumWidth(m_filter->fontMetrics().horizontalAdvance(m_filter->placeholderText()) + 40);
    connect(m_filter, &QLineEdit::textChanged, this, &RunsPanel::setFilterText);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("runsTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    // Sorted by the colour column at first: the order the runs were added, the baseline on top.
    m_table->horizontalHeader()->setSortIndicator(RunTableModel::Color, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(RunTableModel::Color, 64);
    header->resizeSection(RunTableModel::Name, 220);
    header->resizeSection(RunTableModel::Status, 150);
    header->resizeSection(RunTableModel::Step, 110);
    for (const int column : {RunTableModel::Tokens, RunTableModel::LastLoss, RunTableModel::MinLoss, RunTableModel::TokensPerSecond})
        header->resizeSection(column, 80);
    connect(m_table, &QWidget::customContextMenuRequested, this, &RunsPanel::showContextMenu);
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (index.column() != RunTableModel::Color) m_baseline->trigger();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this, &RunsPanel::updateCurrent);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("runsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(toolbar, 1);
    top->addWidget(m_filter);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);

    // Keep the list of charted runs and the actions up to date.
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, [this]() {
            updateVisibleRuns();
            updateCurrent();
        });
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &RunsPanel::updateVisibleRuns);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &RunsPanel::updateVisibleRuns);
    connect(m_model, &RunTableModel::shownChanged, this, &RunsPanel::updateVisibleRuns);
    connect(&monitor, &RunMonitor::runUpdated, this, [this](const QString& path) {
        if (path == m_current) updateActions();
    });
    connect(&monitor, &RunMonitor::baselineChanged, this, [this]() {
        m_proxy->invalidate();  // the baseline passes the filter and sorts first
        updateActions();
        updateVisibleRuns();
    });
    connect(&monitor, &RunMonitor::openFailed, this, [this](const QString&, const QString& message) { showMessage(message); });
    connect(&monitor, &RunMonitor::opened, this, [this](const QString&, const QStringList& runs) {
        showMessage({});
        if (!runs.isEmpty()) setCurrentRun(runs.front());
    });

    m_lastDirectory = QSettings().value(kLastDirectoryKey, QDir::homePath()).toString();
    updateVisibleRuns();
    updateActions();
}

RunsPanel::~RunsPanel() = default;

QSortFilterProxyModel* RunsPanel::filterModel() const { return m_proxy; }

QString RunsPanel::message() const { return m_message->text(); }

void RunsPanel::showMessage(const QString& text) {
    m_message->setText(text);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText, errorTextColor(this->palette()));
    m_message->setPalette(palette);
    m_message->setVisible(!text.isEmpty());
}

void RunsPanel::chooseRunDirectory() {
    const QString directory = QFileDialog::getExistingDirectory(this, tr("Open Run Directory"), m_lastDirectory);
    if (directory.isEmpty()) return;
    m_lastDirectory = directory;
    QSettings().setValue(kLastDirectoryKey, directory);
    openRunDirectory(directory);
}

void RunsPanel::openRunDirectory(const QString& path) { m_monitor.open(path); }

void RunsPanel::setRunNote(const QString& path, const QString& text) { m_model->setNote(path, text); }

void RunsPanel::setFilterText(const QString& text) {
    if (m_filter->text() != text) m_filter->setText(text);  // comes back here through textChanged
    m_proxy->setPattern(text);
    m_filter->setToolTip(m_proxy->patternValid() ? QString() : tr("Not a regular expression: matched as plain text"));
    updateVisibleRuns();
    updateCurrent();
}

QString RunsPanel::currentRun() const { return m_current; }

void RunsPanel::setCurrentRun(const QString& path) {
    const int row = m_model->rowOf(path);
    if (row < 0) return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, RunTableModel::Name));
    if (!index.isValid()) return;
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

void RunsPanel::updateCurrent() {
    const QModelIndex index = m_table->currentIndex();
    const QString path = index.isValid() ? index.data(RunTableModel::PathRole).toString() : QString();
    if (path != m_current) {
        m_current = path;
        Q_EMIT currentRunChanged(m_current);
    }
    updateActions();
}

void RunsPanel::updateActions() {
    const RunSnapshotHandle run = m_current.isEmpty() ? nullptr : m_monitor.snapshot(m_current);
    const bool maskScope = run && run->kind == RunKind::MaskScope;
    const bool running = run && run->status == RunStatus::Running;
    m_stop->setEnabled(maskScope && running);
    m_resume->setEnabled(maskScope && !running && run->refreshed && run->error.isEmpty());
    m_clone->setEnabled(maskScope && run->error.isEmpty());
    m_baseline->setEnabled(run != nullptr);
    m_baseline->setChecked(run && m_monitor.baseline() == m_current);
    m_remove->setEnabled(run != nullptr);
}

void RunsPanel::updateVisibleRuns() {
    QStringList visible;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QString path = m_proxy->index(row, 0).data(RunTableModel::PathRole).toString();
        if (m_model->isShown(path)) visible.append(path);
    }
    if (visible == m_visible) return;
    m_visible = visible;
    Q_EMIT visibleRunsChanged(m_visible);
}

void RunsPanel::toggleBaseline() {
    if (m_current.isEmpty()) return;
    m_monitor.setBaseline(m_monitor.baseline() == m_current ? QString() : m_current);
    updateActions();
}

void RunsPanel::removeCurrentRun() {
    if (m_current.isEmpty()) return;
    m_monitor.remove(m_current);
}

void RunsPanel::showContextMenu(const QPoint& position) {
    const QModelIndex index = m_table->indexAt(position);
    if (index.isValid()) m_table->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(m_newRun);
    menu.addAction(m_open);
    if (index.isValid()) {
        menu.addSeparator();
        menu.addAction(m_stop);
        menu.addAction(m_resume);
        menu.addAction(m_clone);
        menu.addSeparator();
        menu.addAction(m_baseline);
        const QString path = index.data(RunTableModel::PathRole).toString();
        QAction* shown = menu.addAction(tr("Show in Charts"));
        shown->setCheckable(true);
        shown->setChecked(m_model->isShown(path));
        connect(shown, &QAction::toggled, this, [this, path](bool on) { m_model->setShown(path, on); });
        menu.addAction(tr("Copy Path"), this, [path]() { QGuiApplication::clipboard()->setText(QDir::toNativeSeparators(path)); });
        menu.addSeparator();
        menu.addAction(m_remove);
    }
    menu.exec(m_table->viewport()->mapToGlobal(position));
}

}  // namespace maskscope::ui
