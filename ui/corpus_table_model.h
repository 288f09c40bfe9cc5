// The corpus as a table: one row per entry of the file (bad lines included), virtualised over the
// indexed Corpus. Nothing is read up front: a row's statistics are asked for when a view first
// shows it and filled in by RowStatsService; until then its cells read "…". Small corpora (up to
// kAutoSweepRows entries) are swept completely in the background so that sorting and filtering see
// every row; larger ones on request (computeAll()).
#pragma once

#include "ui/row_stats_service.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QTimer>

#include <array>
#include <memory>
#include <unordered_set>
#include <vector>

namespace maskscope::ui {

class InspectionContext;

class CorpusTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // A bad line shows its reason in the Id column.
    enum Column { Number, Id, PromptTokens, ResponseTokens, Hubs, DensityMean, Processed, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1,  // numbers for numeric columns, the id text for Id; invalid when unknown
        EntryRole,                    // the entry index (quint64)
        BadRole,                      // bool: the entry is a bad line (false while unknown)
        KnownRole,                    // bool: the row's statistics have arrived
    };
    static constexpr quint64 kAutoSweepRows = 100000;

    explicit CorpusTableModel(InspectionContext& context, QObject* parent = nullptr);
    ~CorpusTableModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The statistics of `row`, or nullptr while unknown.
    const RowStats* stats(quint64 row) const;
    quint64 knownRows() const { return m_known; }
    // Computes the statistics of every row in the background.
    void computeAll();
    bool isSweeping() const { return m_service.isSweeping(); }
    // True when every row a view asked for has arrived.
    bool isSettled() const { return m_toRequest.empty() && !m_service.hasPendingRequests(); }

Q_SIGNALS:
    void sweepProgress(quint64 done, quint64 total);
    // All rows are known (after a sweep): sorting and filtering now see every row.
    void sweepFinished();
    void settledChanged();

private:
    // Statistics by row, in pages allocated on first write (memory follows the rows computed).
    class Store {
    public:
        static constexpr quint64 kPageRows = 256;
        const RowStats* find(quint64 row) const;
        void put(RowStats stats);
        void clear() { m_pages.clear(); }

    private:
        struct Page {
            std::array<RowStats, kPageRows> rows;
            std::array<bool, kPageRows> present{};
        };
        std::vector<std::unique_ptr<Page>> m_pages;
    };

    void resetAll();
    void restartStatistics();
    void onRowsReady(const QVector<RowStats>& rows);
    void flushRequests();
    QVariant display(const RowStats* stats, quint64 row, int column) const;
    QVariant sortValue(const RowStats* stats, quint64 row, int column) const;

    InspectionContext& m_context;
    RowStatsService m_service;
    CorpusHandle m_corpus;
    Store m_store;
    quint64 m_known = 0;
    InspectionSettings m_statsSettings;  // the settings the stored statistics were computed with
    mutable std::vector<quint64> m_toRequest;
    mutable std::unordered_set<quint64> m_requested;
    mutable QTimer m_requestTimer;
};

}  // namespace maskscope::ui
