// Per-block statistics of the current record for both samples (masked share, longest masked run,
// hub coverage) and the contextual-collapse flag (block_collapse.h), one row per block.
#pragma once

#include "ui/ui_types.h"

#include <QtCore/QAbstractTableModel>

namespace maskscope::ui {

class InspectionContext;

class BlockTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Block,
        Tokens,
        LogicalShare,
        LogicalRun,
        LogicalHubs,
        SyntacticShare,
        SyntacticRun,
        SyntacticHubs,
        Collapse,
        ColumnCount
    };
    enum Role {
        ValueRole = Qt::UserRole + 1,  // double: share or coverage in [0,1], run length; invalid if none
        CollapseRole,                  // bool: the block collapses in the sample of this column (or any, for Collapse)
        RangeRole,                     // QPoint(begin, end): the block's token range
    };

    explicit BlockTableModel(InspectionContext& context, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The inspection the rows describe (null when none or block statistics are off).
    InspectionHandle inspection() const { return m_inspection; }
    int collapsedBlocks(bool logical) const;

private:
    void update();

    InspectionContext& m_context;
    InspectionHandle m_inspection;
};

}  // namespace maskscope::ui
