#include "ui/corpus_panel.h"

#include "ui/bad_line_model.h"
#include "ui/corpus_filter_model.h"
#include "ui/corpus_search.h"
#include "ui/corpus_table_model.h"
#include "ui/inspection_context.h"

#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <climits>

namespace maskscope::ui {

namespace {

void setupTable(QTableView* table) {
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setWordWrap(false);
    table->setShowGrid(false);
    table->setAlternatingRowColors(true);
    table->setTextElideMode(Qt::ElideRight);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setStretchLastSection(true);
}

}  // namespace

CorpusPanel::CorpusPanel(InspectionContext& context, QWidget* parent)
    : QWidget(parent),
      m_context(context),
      m_model(new CorpusTableModel(context, this)),
      m_filter(new CorpusFilterModel(this)),
      m_badLines(new BadLineModel(context, this)),
      m_search(new CorpusSearch(this)),
      m_refreshTimer(new QTimer(this)) {
    m_filter->setSourceModel(m_model);
    buildLayout();

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(1000);
    connect(m_refreshTimer, &QTimer::timeout, this, &CorpusPanel::refreshOrder);

    connect(m_idFilter, &QLineEdit::textChanged, m_filter, &CorpusFilterModel::setIdFilter);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_filter->setStatusFilter(static_cast<CorpusFilterModel::StatusFilter>(m_statusFilter->itemData(index).toInt()));
    });
    connect(m_computeAll, &QToolButton::clicked, m_model, &CorpusTableModel::computeAll);
    connect(m_find, &QLineEdit::returnPressed, this, [this]() { findNext(false); });

    connect(m_model, &CorpusTableModel::sweepProgress, this, [this](quint64 done, quint64 total) {
        m_sweepDone = done;
        m_sweepTotal = total;
        updateSummary();
        if (m_filter->isFiltering() || m_filter->sortColumn() > CorpusTableModel::Number) {
            if (!m_refreshTimer->isActive()) m_refreshTimer->start();
        }
    });
    connect(m_model, &CorpusTableModel::sweepFinished, this, [this]() {
        m_sweepDone = m_sweepTotal;
        refreshOrder();
        updateSummary();
    });
    connect(m_model, &CorpusTableModel::settledChanged, this, &CorpusPanel::settledChanged);
    connect(m_model, &CorpusTableModel::modelReset, this, [this]() {
        m_sweepDone = 0;
        m_sweepTotal = 0;
        fitNumberColumn();
        updateSummary();
    });

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (m_following || !current.isValid()) return;
                m_context.setCurrentRecord(m_filter->mapToSource(current).row());
            });
    connect(&context, &InspectionContext::currentRecordChanged, this, &CorpusPanel::showCurrentRecord);
    connect(&context, &InspectionContext::corpusChanged, this, [this]() {
        m_search->cancel();
        showCurrentRecord(m_context.currentRecord());
    });
    connect(&context, &InspectionContext::corpusScanChanged, this, &CorpusPanel::updateSummary);

    connect(m_badTable, &QTableView::activated, this, [this](const QModelIndex& index) {
        const QVariant entry = index.data(BadLineModel::EntryRole);
        if (entry.isValid()) m_context.setCurrentRecord(static_cast<qint64>(entry.toULongLong()));
    });

    connect(m_search, &CorpusSearch::found, this,
            [this](quint64 entry) { m_context.setCurrentRecord(static_cast<qint64>(entry)); });
    connect(m_search, &CorpusSearch::notFound, this,
            [this](const QString& text) { m_context.postStatus(tr("Not found: %1").arg(text)); });
    connect(m_search, &CorpusSearch::progress, this, [this](quint64 done, quint64 total) {
        m_context.postStatus(tr("Searching\u2026 %1 of %2 records").arg(done).arg(total), 1000);
    });
    updateSummary();
}

CorpusPanel::~CorpusPanel() = default;

void CorpusPanel::buildLayout() {
    m_idFilter = new QLineEdit(this);
    m_idFilter->setObjectName(QStringLiteral("idFilter"));
    m_idFilter->setPlaceholderText(tr("Filter by id"));
    m_idFilter->setClearButtonEnabled(true);
    m_idFilter->setToolTip(tr("Show only records whose id contains this text"));

    m_statusFilter = new QComboBox(this);
    m_statusFilter->setObjectName(QStringLiteral("statusFilter"));
    using Status = CorpusFilterModel::StatusFilter;
    m_statusFilter->addItem(tr("All records"), int(Status::All));
    m_statusFilter->addItem(tr("Good records"), int(Status::Good));
    m_statusFilter->addItem(tr("Bad lines"), int(Status::Bad));
    m_statusFilter->addItem(tr("Processed"), int(Status::Processed));
    m_statusFilter->addItem(tr("Unprocessed"), int(Status::Unprocessed));
    m_statusFilter->addItem(tr("With hubs"), int(Status::WithHubs));
    m_statusFilter->addItem(tr("Without hubs"), int(Status::WithoutHubs));

    m_computeAll = new QToolButton(this);
    m_computeAll->setText(tr("Compute all"));
    m_computeAll->setToolTip(tr("Compute the statistics of every record in the background, so that sorting and "
                                "filtering see all of them"));

    m_find = new QLineEdit(this);
    m_find->setObjectName(QStringLiteral("find"));
    m_find->setPlaceholderText(tr("Find in records (Ctrl+F)"));
    m_find->setClearButtonEnabled(true);
    m_find->setToolTip(tr("Find the next record whose id, prompt or response contains this text "
                          "(Enter: next, Shift+Enter: previous)"));
    auto* previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Find previous"));
    connect(previous, &QToolButton::clicked, this, [this]() { findNext(true); });
    auto* next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Find next"));
    connect(next, &QToolButton::clicked, this, [this]() { findNext(false); });
    auto* findBackward = new QAction(m_find);
    findBackward->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Return));
    findBackward->setShortcutContext(Qt::WidgetShortcut);
    connect(findBackward, &QAction::triggered, this, [this]() { findNext(true); });
    m_find->addAction(findBackward);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("corpusTable"));
    setupTable(m_table);
    m_table->setModel(m_filter);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    // Columns as wide as their header (with the sort arrow) or their typical content.
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const QFontMetrics headerMetrics = m_table->horizontalHeader()->fontMetrics();
    const std::pair<int, int> contentDigits[] = {
        {CorpusTableModel::Number, 4},         {CorpusTableModel::Id, 11},   {CorpusTableModel::PromptTokens, 4},
        {CorpusTableModel::ResponseTokens, 5}, {CorpusTableModel::Hubs, 4}, {CorpusTableModel::DensityMean, 5},
        {CorpusTableModel::Processed, 3},
    };
    for (const auto& [column, digits] : contentDigits) {
        const QString header = m_model->headerData(column, Qt::Horizontal).toString();
        m_table->setColumnWidth(column, std::max(headerMetrics.horizontalAdvance(header) + 28, digits * digit + 14));
    }
    // The id takes what the numbers leave, so the table fits the dock without scrolling sideways.
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(CorpusTableModel::Id, QHeaderView::Stretch);

    m_badTitle = new QLabel(this);
    m_badTable = new QTableView(this);
    m_badTable->setObjectName(QStringLiteral("badLineTable"));
    setupTable(m_badTable);
    m_badTable->setModel(m_badLines);
    m_badTable->setColumnWidth(BadLineModel::Line, 8 * digit);

    m_badBox = new QWidget(this);
    auto* badLayout = new QVBoxLayout(m_badBox);
    badLayout->setContentsMargins(0, 0, 0, 0);
    badLayout->setSpacing(2);
    badLayout->addWidget(m_badTitle);
    badLayout->addWidget(m_badTable);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_badBox);
    splitter->setStretchFactor(0, 5);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("corpusSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_idFilter, 1);
    filterRow->addWidget(m_statusFilter);
    filterRow->addWidget(m_computeAll);
    auto* findRow = new QHBoxLayout;
    findRow->addWidget(m_find, 1);
    findRow->addWidget(previous);
    findRow->addWidget(next);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(filterRow);
    layout->addLayout(findRow);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_summary);
}

void CorpusPanel::focusFind() {
    m_find->setFocus(Qt::ShortcutFocusReason);
    m_find->selectAll();
}

void CorpusPanel::askGoToRecord() {
    if (!m_context.corpus()) {
        m_context.postStatus(tr("No corpus is open."));
        return;
    }
    auto* dialog = new QInputDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Go to Record"));
    dialog->setLabelText(tr("Record number (1 to %1) or record id:").arg(m_context.corpus()->entryCount()));
    dialog->setTextValue(QString::number(m_context.currentRecord() + 1));
    connect(dialog, &QInputDialog::textValueSelected, this, &CorpusPanel::goToRecord);
    dialog->open();
}

void CorpusPanel::goToRecord(const QString& text) {
    const CorpusHandle corpus = m_context.corpus();
    const QString trimmed = text.trimmed();
    if (!corpus || trimmed.isEmpty()) return;
    bool isNumber = false;
    const qulonglong number = trimmed.toULongLong(&isNumber);
    if (isNumber && number >= 1 && number <= corpus->entryCount()) {
        m_context.setCurrentRecord(static_cast<qint64>(number - 1));
        return;
    }
    m_search->start(corpus, trimmed, CorpusSearch::Mode::ExactId, 0, CorpusSearch::Direction::Forward);
}

void CorpusPanel::fitNumberColumn() {
    // Wide enough for the largest entry number of this corpus (at least four digits).
    const QString largest = QString::number(std::max(m_model->rowCount(), 1000));
    const int width = m_table->fontMetrics().horizontalAdvance(largest) + 16;
    m_table->setColumnWidth(CorpusTableModel::Number, std::max(width, m_table->columnWidth(CorpusTableModel::Number)));
}

void CorpusPanel::showBadLineTable(bool show) {
    m_badTable->setVisible(show);
    // Without bad lines the box shrinks to its title.
    m_badBox->setMaximumHeight(show ? QWIDGETSIZE_MAX : m_badTitle->sizeHint().height());
}

bool CorpusPanel::isSettled() const { return m_model->isSettled(); }

void CorpusPanel::findNext(bool backward) {
    const QString text = m_find->text();
    if (text.isEmpty() || !m_context.corpus()) return;
    const qint64 current = std::max<qint64>(m_context.currentRecord(), 0);
    m_search->start(m_context.corpus(), text, CorpusSearch::Mode::Text, static_cast<quint64>(current),
                    backward ? CorpusSearch::Direction::Backward : CorpusSearch::Direction::Forward);
}

void CorpusPanel::showCurrentRecord(qint64 record) {
    if (record < 0 || record >= m_model->rowCount()) return;
    const QModelIndex proxy = m_filter->mapFromSource(m_model->index(static_cast<int>(record), 0));
    if (!proxy.isValid()) return;  // filtered out
    m_following = true;
    m_table->selectionModel()->setCurrentIndex(proxy, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(proxy);
    m_following = false;
}

void CorpusPanel::refreshOrder() {
    if (m_filter->isFiltering()) m_filter->invalidate();
    const int column = m_filter->sortColumn();
    if (column > CorpusTableModel::Number) m_filter->sort(column, m_filter->sortOrder());
    showCurrentRecord(m_context.currentRecord());
}

void CorpusPanel::updateSummary() {
    const CorpusHandle corpus = m_context.corpus();
    if (!corpus) {
        m_summary->setText(tr("No corpus open"));
        m_badTitle->setText(tr("Bad lines"));
        showBadLineTable(false);
        m_computeAll->setEnabled(false);
        return;
    }
    QStringList parts;
    parts << tr("%n record(s)", nullptr, static_cast<int>(std::min<quint64>(corpus->entryCount(), INT_MAX)));
    parts << QString::fromUtf8(toString(corpus->format()));
    if (m_context.corpusScanned()) {
        const auto bad = static_cast<int>(std::min<std::size_t>(m_context.badLines().size(), INT_MAX));
        parts << tr("%n bad line(s)", nullptr, bad);
        m_badTitle->setText(bad == 0 ? tr("Bad lines: none") : tr("Bad lines: %1").arg(bad));
        showBadLineTable(bad > 0);
    } else {
        parts << tr("checking lines\u2026");
        m_badTitle->setText(tr("Bad lines: checking\u2026"));
        showBadLineTable(false);
    }
    if (m_sweepTotal > 0 && m_sweepDone < m_sweepTotal)
        parts << tr("statistics %1%").arg(100 * m_sweepDone / m_sweepTotal);
    m_summary->setText(parts.join(QStringLiteral(" \u00b7 ")));
    m_computeAll->setEnabled(m_model->knownRows() < corpus->entryCount() && !m_model->isSweeping());
}

}  // namespace maskscope::ui
