#include "ui/bad_line_model.h"

#include "ui/inspection_context.h"

#include <algorithm>
#include <limits>

namespace maskscope::ui {

BadLineModel::BadLineModel(InspectionContext& context, QObject* parent)
    : QAbstractTableModel(parent), m_context(context) {
    auto reset = [this]() {
        beginResetModel();
        m_rows = static_cast<int>(
            std::min<std::size_t>(m_context.badLines().size(), std::numeric_limits<int>::max()));
        endResetModel();
    };
    connect(&context, &InspectionContext::corpusScanChanged, this, reset);
    reset();
}

int BadLineModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : m_rows; }

int BadLineModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant BadLineModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const auto row = static_cast<std::size_t>(index.row());
    const BadLine& bad = m_context.badLines()[row];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == Line ? QString::number(bad.line) : QString::fromStdString(bad.reason);
    case Qt::ToolTipRole: return tr("Line %1: %2").arg(bad.line).arg(QString::fromStdString(bad.reason));
    case Qt::TextAlignmentRole:
        return int((index.column() == Line ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    case EntryRole:
        if (row < m_context.badEntries().size()) return QVariant::fromValue<quint64>(m_context.badEntries()[row]);
        return {};
    default: return {};
    }
}

QVariant BadLineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    if (section == Line) return tr("Line");
    if (section == Reason) return tr("Why it was rejected");
    return {};
}

}  // namespace maskscope::ui
