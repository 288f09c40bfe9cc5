#include "ui/block_table_model.h"

#include "ui/block_collapse.h"
#include "ui/inspection_context.h"
#include "ui/view_colors.h"

#include <QtCore/QPoint>
#include <QtGui/QGuiApplication>

#include <algorithm>

namespace maskscope::ui {

namespace {

QString percent(double value) { return QStringLiteral("%1%").arg(value * 100.0, 0, 'f', 0); }

}  // namespace

BlockTableModel::BlockTableModel(InspectionContext& context, QObject* parent)
    : QAbstractTableModel(parent), m_context(context) {
    connect(&context, &InspectionContext::inspectionChanged, this, &BlockTableModel::update);
    update();
}

void BlockTableModel::update() {
    InspectionHandle next = m_context.inspection();
    if (next && next->logicalBlocks.empty()) next.reset();
    const int oldRows = rowCount();
    const int newRows = next ? static_cast<int>(next->logicalBlocks.size()) : 0;
    if (oldRows == newRows && next) {
        m_inspection = std::move(next);
        if (newRows > 0) Q_EMIT dataChanged(index(0, 0), index(newRows - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_inspection = std::move(next);
    endResetModel();
}

int BlockTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_inspection) return 0;
    return static_cast<int>(m_inspection->logicalBlocks.size());
}

int BlockTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

int BlockTableModel::collapsedBlocks(bool logical) const {
    if (!m_inspection) return 0;
    const auto& blocks = logical ? m_inspection->logicalBlocks : m_inspection->syntacticBlocks;
    return static_cast<int>(std::count_if(blocks.begin(), blocks.end(), isContextualCollapse));
}

QVariant BlockTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const BlockStats& logical = m_inspection->logicalBlocks[row];
    const BlockStats& syntactic = m_inspection->syntacticBlocks[row];
    const int column = index.column();
    const bool isLogical = column >= LogicalShare && column <= LogicalHubs;
    const BlockStats& sample = isLogical ? logical : syntactic;
    const bool logicalCollapse = isContextualCollapse(logical);
    const bool syntacticCollapse = isContextualCollapse(syntactic);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Block: return QString::number(row);
        case Tokens: return tr("%1\u2013%2").arg(logical.begin).arg(logical.end - 1);
        case LogicalShare:
        case SyntacticShare:
            return sample.maskable ? tr("%1 (%2/%3)").arg(percent(sample.maskedShare)).arg(sample.masked).arg(sample.maskable)
                                   : QStringLiteral("\u2013");
        case LogicalRun:
        case SyntacticRun: return QString::number(sample.longestRun);
        case LogicalHubs:
        case SyntacticHubs: return sample.hubCoverage ? percent(*sample.hubCoverage) : QStringLiteral("\u2013");
        case Collapse:
            if (logicalCollapse && syntacticCollapse) return tr("both");
            if (logicalCollapse) return tr("logical");
            if (syntacticCollapse) return tr("syntactic");
            return QString();
        default: return {};
        }
    case ValueRole:
        switch (column) {
        case LogicalShare:
        case SyntacticShare: return sample.maskable ? QVariant(sample.maskedShare) : QVariant();
        case LogicalRun:
        case SyntacticRun: return double(sample.longestRun);
        case LogicalHubs:
        case SyntacticHubs: return sample.hubCoverage ? QVariant(*sample.hubCoverage) : QVariant();
        default: return {};
        }
    case CollapseRole:
        if (column == Collapse) return logicalCollapse || syntacticCollapse;
        if (column >= LogicalShare && column <= SyntacticHubs) return isLogical ? logicalCollapse : syntacticCollapse;
        return false;
    case RangeRole: return QPoint(int(logical.begin), int(logical.end));
    case Qt::BackgroundRole:
        if (column == Collapse && (logicalCollapse || syntacticCollapse))
            return collapseColor(QGuiApplication::palette());
        return {};
    case Qt::TextAlignmentRole:
        return int((column == Collapse ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == Collapse && (logicalCollapse || syntacticCollapse))
            return tr("Contextual collapse: every hub of the block is masked and at least %1% of its tokens are "
                      "masked")
                .arg(kCollapseMaskedShare * 100.0, 0, 'f', 0);
        return tr("Tokens %1 to %2: %3 maskable, %4 masked in the logical and %5 in the syntactic sample")
            .arg(logical.begin)
            .arg(logical.end - 1)
            .arg(logical.maskable)
            .arg(logical.masked)
            .arg(syntactic.masked);
    default: return {};
    }
}

QVariant BlockTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Block: return tr("Block");
        case Tokens: return tr("Tokens");
        case LogicalShare: return tr("Masked (L)");
        case LogicalRun: return tr("Run (L)");
        case LogicalHubs: return tr("Hubs masked (L)");
        case SyntacticShare: return tr("Masked (S)");
        case SyntacticRun: return tr("Run (S)");
        case SyntacticHubs: return tr("Hubs masked (S)");
        case Collapse: return tr("Collapse");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case LogicalShare:
        case SyntacticShare: return tr("Masked share of the block's maskable tokens (L: logical, S: syntactic sample)");
        case LogicalRun:
        case SyntacticRun: return tr("Longest run of consecutive masked positions in the block");
        case LogicalHubs:
        case SyntacticHubs: return tr("Share of the block's hub tokens that are masked (\u2013: no hubs)");
        case Collapse:
            return tr("Flagged when every hub of the block is masked and at least %1% of the block is masked")
                .arg(kCollapseMaskedShare * 100.0, 0, 'f', 0);
        default: return {};
        }
    }
    return {};
}

}  // namespace maskscope::ui
