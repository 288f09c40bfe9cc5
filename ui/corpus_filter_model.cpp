#include "ui/corpus_filter_model.h"

#include "ui/corpus_table_model.h"

namespace maskscope::ui {

CorpusFilterModel::CorpusFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setSortRole(CorpusTableModel::SortRole);
    setDynamicSortFilter(false);
}

void CorpusFilterModel::setIdFilter(const QString& text) {
    if (text == m_idFilter) return;
    m_idFilter = text;
    invalidateFilter();
}

void CorpusFilterModel::setStatusFilter(StatusFilter filter) {
    if (filter == m_status) return;
    m_status = filter;
    invalidateFilter();
}

bool CorpusFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (!isFiltering()) return true;
    const auto* model = qobject_cast<const CorpusTableModel*>(sourceModel());
    if (!model) return true;
    const RowStats* stats = model->stats(static_cast<quint64>(sourceRow));
    if (!stats) return false;
    if (!m_idFilter.isEmpty() &&
        !QString::fromStdString(stats->id).contains(m_idFilter, Qt::CaseInsensitive))
        return false;
    const QModelIndex processed = model->index(sourceRow, CorpusTableModel::Processed, sourceParent);
    switch (m_status) {
    case StatusFilter::All: return true;
    case StatusFilter::Good: return !stats->bad();
    case StatusFilter::Bad: return stats->bad();
    case StatusFilter::Processed: return processed.data(CorpusTableModel::SortRole).toInt() == 1;
    case StatusFilter::Unprocessed: return processed.data(CorpusTableModel::SortRole).toInt() == 0;
    case StatusFilter::WithHubs: return stats->hubTokens > 0;
    case StatusFilter::WithoutHubs: return stats->hubTokens == 0;
    }
    return true;
}

}  // namespace maskscope::ui
