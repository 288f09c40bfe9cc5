// The bad lines of the current corpus (lines the reader rejected, with the reason), as a table
// for the corpus panel. Filled when the background scan finishes.
#pragma once

#include <QtCore/QAbstractTableModel>

namespace maskscope::ui {

class InspectionContext;

class BadLineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Line, Reason, ColumnCount };
    enum Role { EntryRole = Qt::UserRole + 1 };  // the entry index (quint64) of the bad line

    explicit BadLineModel(InspectionContext& context, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    InspectionContext& m_context;
    int m_rows = 0;
};

}  // namespace maskscope::ui
