// The training runs the app follows: MaskScope run directories, TensorBoard log directories and
// JSONL metrics files (core/run_catalog.h), read whole once and then tailed while they grow.
//
// RunMonitor lives on the GUI thread; the runs themselves (core Run objects) live on a worker
// thread of its own, which refreshes every tracked run about once a second (setInterval) and never
// blocks the GUI. After a pass, every run whose data, status or problems changed is handed to the
// GUI thread as an immutable RunSnapshot (copies of its series with their x values on every axis,
// the table figures, the status and the warnings) through a queued signal; runUpdated() then says
// that snapshot(path) is new. Opening a directory (open()) discovers the runs in it on the worker
// thread too (core discoverRuns: a run directory, a TensorBoard log directory, a directory of runs).
//
// The list of tracked runs (path, kind, colour) and the pinned baseline are kept in QSettings
// (group "runMonitor" unless Options says otherwise), so the app re-attaches to them when it is
// opened again; a run whose files are gone stays listed with an error until it is removed.
//
// Each run keeps a colour from a fixed qualitative palette (paletteColor) for the table, the
// legends and the chart lines: the first colour no other tracked run has.
//
// Memory: a snapshot holds every series of its run with the x values on all four axes (five
// doubles per point); a pass that finds a run changed copies that run's series whole (on the
// worker thread), one that finds it unchanged hands on the previous copies.
#pragma once

#include "core/run_catalog.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QThread>
#include <QtGui/QColor>

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace maskscope::ui {

// Shared, immutable values (the same type as ChartValues in series_chart.h).
using SeriesValues = std::shared_ptr<const std::vector<double>>;

inline constexpr std::size_t kSeriesAxisCount = 4;  // SeriesAxis::Step .. RelativeTime

// One series of a run as a chart needs it: the x value of every point on each axis
// (Run::xValues; NaN where unknown) and the values (NaN and +-inf kept).
struct RunSeriesSnapshot {
    std::array<SeriesValues, kSeriesAxisCount> x;  // by SeriesAxis
    SeriesValues y;

    const SeriesValues& xOn(SeriesAxis axis) const { return x[static_cast<std::size_t>(axis)]; }
    std::size_t size() const { return y ? y->size() : 0; }
};

using RunSeriesMap = std::map<std::string, RunSeriesSnapshot>;

// Everything the GUI knows about one run, as of the worker's latest pass. Never changed once made.
struct RunSnapshot {
    QString path;  // the run's identity: a directory, or a JSONL file
    QString name;
    RunKind kind = RunKind::MaskScope;
    RunStatus status = RunStatus::Empty;
    RunSummary summary;
    RunManifestInfo manifest;
    std::shared_ptr<const RunSeriesMap> series = std::make_shared<const RunSeriesMap>();  // never null
    QStringList warnings;  // problems met while reading ("file:line: reason"), newest last
    QString error;         // why the run cannot be read now (e.g. its directory is gone); "" otherwise
    double lastModified = 0.0;
    quint64 revision = 0;  // grows whenever the series change
    bool refreshed = false;  // false until the worker read the run once

    // The series of `key` (e.g. "train/loss"), nullptr when the run has none.
    const RunSeriesSnapshot* find(const std::string& key) const {
        const auto it = series->find(key);
        return it == series->end() ? nullptr : &it->second;
    }
};
using RunSnapshotHandle = std::shared_ptr<const RunSnapshot>;

class RunMonitorWorker;

class RunMonitor : public QObject {
    Q_OBJECT
public:
    struct Options {
        int intervalMs = 1000;                            // time between refresh passes
        QString settingsGroup = QStringLiteral("runMonitor");  // empty: nothing is saved or restored
        RunOptions runOptions;
    };
    static constexpr int kMaxWarnings = 200;  // per run; older ones are dropped

    explicit RunMonitor(QObject* parent = nullptr);
    explicit RunMonitor(Options options, QObject* parent = nullptr);
    ~RunMonitor() override;

    // Tracks every run at or below `path` (a run directory, a TensorBoard log directory, a JSONL
    // file, or a directory holding such runs). Discovery runs on the worker thread; then
    // runAdded() for each run not yet tracked and opened(), or openFailed() when none is found.
    void open(const QString& path);
    // Tracks `path` as a run of `kind` at once, even when it has no files yet (a run the app has
    // just launched). Does nothing when it is tracked already.
    void addRun(const QString& path, RunKind kind = RunKind::MaskScope);
    void remove(const QString& path);
    // Starts a refresh pass now instead of at the next tick.
    void refreshNow();
    void setInterval(int milliseconds);
    int interval() const { return m_options.intervalMs; }

    // Tracked runs, in the order they were added.
    QStringList runs() const { return m_order; }
    bool contains(const QString& path) const { return m_entries.contains(path); }
    // The latest snapshot of a tracked run (an empty one until its first refresh); null when
    // `path` is not tracked.
    RunSnapshotHandle snapshot(const QString& path) const;
    QColor color(const QString& path) const;
    int colorIndex(const QString& path) const;

    // The pinned baseline run ("" when none). Setting an untracked path unpins.
    QString baseline() const { return m_baseline; }
    void setBaseline(const QString& path);

    // Snapshots handed over so far (for tests that wait for a pass).
    quint64 updateCount() const { return m_updates; }

    // The qualitative palette of run colours (Tableau 10), index taken modulo its size.
    static QColor paletteColor(int index);
    static int paletteSize();

Q_SIGNALS:
    void runAdded(const QString& path);
    void runRemoved(const QString& path);
    void runUpdated(const QString& path);
    void opened(const QString& path, const QStringList& runs);  // every run found there, tracked now
    void openFailed(const QString& path, const QString& message);
    void baselineChanged(const QString& path);

private:
    struct Entry {
        RunLocation location;
        int color = 0;
        RunSnapshotHandle snapshot;
    };

    void track(const RunLocation& location, int color);
    void receive(const maskscope::ui::RunSnapshotHandle& snapshot);
    void discovered(const QString& path, const std::vector<maskscope::RunLocation>& found, const QString& error);
    void save() const;
    void restore();
    int freeColor() const;

    Options m_options;
    QThread m_thread;
    RunMonitorWorker* m_worker = nullptr;  // lives on m_thread
    QHash<QString, Entry> m_entries;
    QStringList m_order;
    QString m_baseline;
    quint64 m_updates = 0;
    bool m_restoring = false;
};

}  // namespace maskscope::ui

Q_DECLARE_METATYPE(maskscope::ui::RunSnapshotHandle)
