// Sorting and filtering of the corpus table. Sorting uses CorpusTableModel::SortRole (rows whose
// statistics are unknown sort last); filtering matches the id (case-insensitive substring) and a
// status (all, bad lines, processed, ...). Rows whose statistics are not known yet pass only the
// empty filter. The proxy is not dynamic: the corpus panel re-sorts and re-filters when a sweep
// finishes or the user changes the sort or filter, so that a million rows never re-sort on every
// batch of statistics.
#pragma once

#include <QtCore/QSortFilterProxyModel>

namespace maskscope::ui {

class CorpusFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class StatusFilter { All, Good, Bad, Processed, Unprocessed, WithHubs, WithoutHubs };

    explicit CorpusFilterModel(QObject* parent = nullptr);

    void setIdFilter(const QString& text);
    QString idFilter() const { return m_idFilter; }
    void setStatusFilter(StatusFilter filter);
    StatusFilter statusFilter() const { return m_status; }
    bool isFiltering() const { return !m_idFilter.isEmpty() || m_status != StatusFilter::All; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString m_idFilter;
    StatusFilter m_status = StatusFilter::All;
};

}  // namespace maskscope::ui
