// The runs table: one row per run the RunMonitor tracks (in the order they were added), with its
// colour, name, status, step, tokens, last and lowest loss, tokens per second and masking policy,
// from the monitor's latest snapshots. The colour column carries a check box: whether the run is
// drawn in the charts. A note set by the app (e.g. how the trainer exited) replaces the status
// text of a run that is not running. The pinned baseline's row is bold.
#pragma once

#include "core/run_catalog.h"

#include <QtCore/QAbstractTableModel>
#include <QtCore/QHash>
#include <QtCore/QSet>
#include <QtCore/QStringList>

namespace maskscope::ui {

class RunMonitor;

class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Color, Name, Status, Step, Tokens, LastLoss, MinLoss, TokensPerSecond, Policy, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1,  // QString: the run's path (its identity in the monitor)
        SortRole,                     // a number or lower-case text to sort the column by
        BaselineRole,                 // bool: the row is the pinned baseline
        RunStatusRole,                // int: core RunStatus
        RunKindRole,                  // int: core RunKind
    };

    explicit RunTableModel(RunMonitor& monitor, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int rowOf(const QString& path) const { return static_cast<int>(m_paths.indexOf(path)); }
    QString pathAt(int row) const { return row >= 0 && row < m_paths.size() ? m_paths[row] : QString(); }

    // Whether a run is drawn in the charts (the colour column's check box; default true).
    bool isShown(const QString& path) const { return !m_hidden.contains(path); }
    void setShown(const QString& path, bool shown);

    // Text shown as the status of a run that is not running (empty: the monitor's status).
    void setNote(const QString& path, const QString& note);
    QString note(const QString& path) const { return m_notes.value(path); }

    // Formatting shared with the panels: 1.23M, 45.6k, 2.1B; a loss with 5 significant digits
    // ("NaN", "inf", "-inf" for non-finite values).
    static QString compactNumber(double value);
    static QString lossText(double value);
    static QString statusText(RunStatus status);

Q_SIGNALS:
    void shownChanged(const QString& path, bool shown);

private:
    void rowChanged(const QString& path);

    RunMonitor& m_monitor;
    QStringList m_paths;
    QSet<QString> m_hidden;
    QHash<QString, QString> m_notes;
};

}  // namespace maskscope::ui
