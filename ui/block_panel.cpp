#include "ui/block_panel.h"

#include "ui/block_chart.h"
#include "ui/block_collapse.h"
#include "ui/block_table_model.h"
#include "ui/inspection_context.h"
#include "ui/share_bar_delegate.h"
#include "ui/view_colors.h"

#include <QtCore/QPoint>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStackedWidget>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

namespace maskscope::ui {

BlockPanel::BlockPanel(InspectionContext& context, QWidget* parent)
    : QWidget(parent), m_context(context), m_model(new BlockTableModel(context, this)) {
    setObjectName(QStringLiteral("blockPanel"));
    m_chart = new BlockChart(this);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("blockTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Columns as wide as their header or their typical content ("100% (32/32)").
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const QFontMetrics headerMetrics = m_table->horizontalHeader()->fontMetrics();
    const std::pair<int, int> contentDigits[] = {
        {BlockTableModel::Block, 4},          {BlockTableModel::Tokens, 8},         {BlockTableModel::LogicalShare, 11},
        {BlockTableModel::LogicalRun, 3},     {BlockTableModel::LogicalHubs, 5},    {BlockTableModel::SyntacticShare, 11},
        {BlockTableModel::SyntacticRun, 3},   {BlockTableModel::SyntacticHubs, 5},
    };
    for (const auto& [column, digits] : contentDigits) {
        const QString header = m_model->headerData(column, Qt::Horizontal).toString();
        m_table->setColumnWidth(column, std::max(headerMetrics.horizontalAdvance(header) + 16, digits * digit + 12));
    }
    const QPalette& pal = palette();
    auto* logicalBar = new ShareBarDelegate(BlockTableModel::ValueRole, maskColor(MaskSample::Logical, pal), this);
    auto* syntacticBar = new ShareBarDelegate(BlockTableModel::ValueRole, maskColor(MaskSample::Syntactic, pal), this);
    auto* hubBar = new ShareBarDelegate(BlockTableModel::ValueRole, hubOutlineColor(pal), this);
    m_table->setItemDelegateForColumn(BlockTableModel::LogicalShare, logicalBar);
    m_table->setItemDelegateForColumn(BlockTableModel::SyntacticShare, syntacticBar);
    m_table->setItemDelegateForColumn(BlockTableModel::LogicalHubs, hubBar);
    m_table->setItemDelegateForColumn(BlockTableModel::SyntacticHubs, hubBar);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("blockSummary"));
    m_summary->setWordWrap(true);
    m_summary->setToolTip(tr("A block is flagged for contextual collapse when every hub token in it is masked and at "
                             "least %1% of its maskable tokens are masked: its logic must be guessed from nothing.")
                              .arg(kCollapseMaskedShare * 100.0, 0, 'f', 0));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({380, 900});
    splitter->setChildrenCollapsible(false);

    m_placeholder = new QLabel(this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);

    auto* page = new QWidget(this);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->setSpacing(3);
    pageLayout->addWidget(m_summary);
    pageLayout->addWidget(splitter, 1);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(page);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_stack);

    connect(&context, &InspectionContext::inspectionChanged, this, &BlockPanel::update);
    connect(&context, &InspectionContext::settingsChanged, this, &BlockPanel::update);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid()) return;
                const QPoint range = current.data(BlockTableModel::RangeRole).toPoint();
                m_context.setSelectedTokens({std::size_t(range.x()), std::size_t(range.y())});
            });
    update();
}

void BlockPanel::update() {
    const InspectionHandle inspection = m_model->inspection();
    if (m_context.settings().blockSize == 0) {
        m_placeholder->setText(tr("Block statistics are off. Set a block size in the masking controls (32 in the "
                                  "paper) to see how the masks fall into the blocks of block diffusion."));
        m_stack->setCurrentIndex(0);
        return;
    }
    if (!inspection) {
        const QString why = m_context.inspectionMessage();
        m_placeholder->setText(why.isEmpty() ? tr("No record is inspected yet.") : why);
        m_stack->setCurrentIndex(0);
        return;
    }
    m_stack->setCurrentIndex(1);
    m_chart->setInspection(inspection);
    const int logical = m_model->collapsedBlocks(true);
    const int syntactic = m_model->collapsedBlocks(false);
    QString text = tr("%n block(s) of %1 tokens", nullptr, m_model->rowCount()).arg(m_context.settings().blockSize);
    text += tr(" \u00b7 contextual collapse: %1 logical, %2 syntactic").arg(logical).arg(syntactic);
    text += tr(" (all hubs masked and \u2265 %1% of the block masked)").arg(kCollapseMaskedShare * 100.0, 0, 'f', 0);
    m_summary->setText(text);
}

}  // namespace maskscope::ui
