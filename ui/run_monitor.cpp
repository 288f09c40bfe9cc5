#include "ui/run_monitor.h"

#include "core/error.h"
#include "core/tensorboard_events.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QMetaObject>
#include <QtCore/QSettings>
#include <QtCore/QTimer>

#include <atomic>
#include <exception>
#include <utility>

Q_DECLARE_METATYPE(std::vector<maskscope::RunLocation>)

namespace maskscope::ui {

namespace {

std::string toFileName(const QString& path) { return QFile::encodeName(path).toStdString(); }
QString fromFileName(const std::string& path) { return QFile::decodeName(QByteArray::fromStdString(path)); }

// The form every tracked path is kept in: absolute, without "." / ".." parts or a trailing "/".
QString normalizedPath(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

QString warningText(const RunWarning& warning) {
    QString where = fromFileName(warning.file);
    if (warning.line > 0) where += QLatin1Char(':') + QString::number(warning.line);
    return where + QStringLiteral(": ") + QString::fromStdString(warning.reason);
}

std::optional<RunKind> kindFromText(const QString& text) {
    for (const RunKind kind : {RunKind::MaskScope, RunKind::TensorBoard, RunKind::MetricsJsonl})
        if (text == QLatin1String(toString(kind))) return kind;
    return std::nullopt;
}

SeriesValues share(std::vector<double> values) { return std::make_shared<const std::vector<double>>(std::move(values)); }

// Copies of every series of `run` with its x values on every axis.
std::shared_ptr<const RunSeriesMap> copySeries(const Run& run) {
    auto map = std::make_shared<RunSeriesMap>();
    for (const auto& [key, series] : run.allSeries()) {
        RunSeriesSnapshot& copy = (*map)[key];
        for (std::size_t axis = 0; axis < kSeriesAxisCount; ++axis)
            copy.x[axis] = share(run.xValues(key, static_cast<SeriesAxis>(axis)));
        copy.y = share(series.values);
    }
    return map;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The worker: owns the core Run objects, on its own thread.

class RunMonitorWorker : public QObject {
    Q_OBJECT
public:
    RunMonitorWorker(RunOptions options, int intervalMs) : m_options(options), m_intervalMs(intervalMs) {}

    // Everything below runs on the worker thread (called through queued invocations).
    void start() {
        m_timer = new QTimer(this);
        m_timer->setInterval(m_intervalMs);
        connect(m_timer, &QTimer::timeout, this, &RunMonitorWorker::refreshAll);
        m_timer->start();
    }

    void setInterval(int milliseconds) {
        m_intervalMs = milliseconds;
        if (m_timer != nullptr) m_timer->setInterval(milliseconds);
    }

    void track(const RunLocation& location) {
        const QString path = fromFileName(location.path);
        if (m_runs.count(path)) return;
        Tracked& tracked = m_runs[path];
        tracked.run = std::make_unique<Run>(location, m_options);
        refreshOne(path, tracked);  // the first figures at once, not a tick later
    }

    void untrack(const QString& path) { m_runs.erase(path); }

    void discover(const QString& path) {
        std::vector<RunLocation> found;
        QString error;
        try {
            found = discoverRuns(toFileName(path));
        } catch (const InputError& e) {
            error = QString::fromStdString(e.reason());
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        Q_EMIT discovered(path, found, error);
    }

    void refreshAll() {
        for (auto& [path, tracked] : m_runs) {
            if (stopping.load()) return;
            refreshOne(path, tracked);
        }
    }

    std::atomic<bool> stopping{false};

Q_SIGNALS:
    void snapshotReady(const maskscope::ui::RunSnapshotHandle& snapshot);
    void discovered(const QString& path, const std::vector<maskscope::RunLocation>& found, const QString& error);

private:
    struct Tracked {
        std::unique_ptr<Run> run;
        RunSnapshotHandle last;
        QStringList warnings;
        quint64 revision = 0;
    };

    void refreshOne(const QString& path, Tracked& tracked) {
        Run& run = *tracked.run;
        bool changed = false;
        bool newWarnings = false;
        QString error;
        try {
            for (const RunWarning& warning : run.refresh(&changed)) {
                tracked.warnings.append(warningText(warning));
                newWarnings = true;
            }
        } catch (const InputError& e) {
            error = QString::fromStdString(e.reason());
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        while (tracked.warnings.size() > RunMonitor::kMaxWarnings) tracked.warnings.removeFirst();
        const RunStatus status = run.status(wallTimeNow());
        const RunSnapshotHandle& last = tracked.last;
        if (last && !changed && !newWarnings && last->status == status && last->error == error) return;

        auto snapshot = std::make_shared<RunSnapshot>();
        snapshot->path = path;
        snapshot->name = QString::fromStdString(run.name());
        snapshot->kind = run.location().kind;
        snapshot->status = status;
        snapshot->summary = run.summary();
        snapshot->manifest = run.manifest();
        if (changed || !last) {
            snapshot->series = copySeries(run);
            tracked.revision += changed ? 1 : 0;
        } else {
            snapshot->series = last->series;
        }
        snapshot->warnings = tracked.warnings;
        snapshot->error = error;
        snapshot->lastModified = run.lastModified();
        snapshot->revision = tracked.revision;
        snapshot->refreshed = true;
        tracked.last = snapshot;
        Q_EMIT snapshotReady(snapshot);
    }

    RunOptions m_options;
    int m_intervalMs;
    QTimer* m_timer = nullptr;
    std::map<QString, Tracked> m_runs;
};

// ---------------------------------------------------------------------------------------------
// RunMonitor

namespace {

const QString kRunsKey = QStringLiteral("runs");
const QString kPathKey = QStringLiteral("path");
const QString kKindKey = QStringLiteral("kind");
const QString kColorKey = QStringLiteral("color");
const QString kBaselineKey = QStringLiteral("baseline");

}  // namespace

RunMonitor::RunMonitor(QObject* parent) : RunMonitor(Options{}, parent) {}

RunMonitor::RunMonitor(Options options, QObject* parent) : QObject(parent), m_options(std::move(options)) {
    qRegisterMetaType<RunSnapshotHandle>();
    qRegisterMetaType<std::vector<RunLocation>>();
    m_thread.setObjectName(QStringLiteral("maskscope-run-monitor"));
    m_worker = new RunMonitorWorker(m_options.runOptions, m_options.intervalMs);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &RunMonitorWorker::snapshotReady, this, &RunMonitor::receive, Qt::QueuedConnection);
    connect(m_worker, &RunMonitorWorker::discovered, this, &RunMonitor::discovered, Qt::QueuedConnection);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &RunMonitorWorker::start, Qt::QueuedConnection);
    restore();
}

RunMonitor::~RunMonitor() {
    m_worker->stopping.store(true);  // a pass in progress ends after its current run
    m_thread.quit();
    m_thread.wait();
}

void RunMonitor::open(const QString& path) {
    const QString target = normalizedPath(path);
    RunMonitorWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, target]() { worker->discover(target); }, Qt::QueuedConnection);
}

void RunMonitor::discovered(const QString& path, const std::vector<RunLocation>& found, const QString& error) {
    if (!error.isEmpty()) {
        Q_EMIT openFailed(path, tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), error));
        return;
    }
    if (found.empty()) {
        Q_EMIT openFailed(path, tr("No training run was found in %1 (a MaskScope run directory, a directory of "
                                   "TensorBoard event files, or a metrics.jsonl file).")
                                    .arg(QDir::toNativeSeparators(path)));
        return;
    }
    QStringList runs;
    for (const RunLocation& location : found) {
        const QString runPath = normalizedPath(fromFileName(location.path));
        runs.append(runPath);
        if (!m_entries.contains(runPath)) track(RunLocation{toFileName(runPath), location.kind}, freeColor());
    }
    save();
    Q_EMIT opened(path, runs);
}

void RunMonitor::addRun(const QString& path, RunKind kind) {
    const QString runPath = normalizedPath(path);
    if (m_entries.contains(runPath)) return;
    track(RunLocation{toFileName(runPath), kind}, freeColor());
    save();
}

void RunMonitor::track(const RunLocation& location, int color) {
    const QString path = fromFileName(location.path);
    Entry entry;
    entry.location = location;
    entry.color = color;
    auto placeholder = std::make_shared<RunSnapshot>();
    placeholder->path = path;
    placeholder->name = QString::fromStdString(Run(location).name());
    placeholder->kind = location.kind;
    entry.snapshot = std::move(placeholder);
    m_entries.insert(path, std::move(entry));
    m_order.append(path);
    RunMonitorWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, location]() { worker->track(location); }, Qt::QueuedConnection);
    Q_EMIT runAdded(path);
}

void RunMonitor::remove(const QString& path) {
    if (!m_entries.contains(path)) return;
    m_entries.remove(path);
    m_order.removeAll(path);
    RunMonitorWorker* worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker, path]() { worker->untrack(path); }, Qt::QueuedConnection);
    if (m_baseline == path) {
        m_baseline.clear();
        Q_EMIT baselineChanged(m_baseline);
    }
    save();
    Q_EMIT runRemoved(path);
}

void RunMonitor::refreshNow() {
    QMetaObject::invokeMethod(m_worker, &RunMonitorWorker::refreshAll, Qt::QueuedConnection);
}

void RunMonitor::setInterval(int milliseconds) {
    m_options.intervalMs = std::max(10, milliseconds);
    RunMonitorWorker* worker = m_worker;
    const int interval = m_options.intervalMs;
    QMetaObject::invokeMethod(worker, [worker, interval]() { worker->setInterval(interval); }, Qt::QueuedConnection);
}

void RunMonitor::receive(const RunSnapshotHandle& snapshot) {
    auto it = m_entries.find(snapshot->path);
    if (it == m_entries.end()) return;  // removed while the worker read it
    it->snapshot = snapshot;
    ++m_updates;
    Q_EMIT runUpdated(snapshot->path);
}

RunSnapshotHandle RunMonitor::snapshot(const QString& path) const {
    const auto it = m_entries.constFind(path);
    return it == m_entries.constEnd() ? nullptr : it->snapshot;
}

int RunMonitor::colorIndex(const QString& path) const {
    const auto it = m_entries.constFind(path);
    return it == m_entries.constEnd() ? -1 : it->color;
}

QColor RunMonitor::color(const QString& path) const {
    const int index = colorIndex(path);
    return index < 0 ? QColor() : paletteColor(index);
}

int RunMonitor::freeColor() const {
    // The first colour no tracked run has; when all are taken, the least used one.
    std::vector<int> uses(static_cast<std::size_t>(paletteSize()), 0);
    for (const Entry& entry : m_entries) ++uses[static_cast<std::size_t>(entry.color % paletteSize())];
    return static_cast<int>(std::min_element(uses.begin(), uses.end()) - uses.begin());
}

void RunMonitor::setBaseline(const QString& path) {
    const QString next = m_entries.contains(path) ? path : QString();
    if (next == m_baseline) return;
    m_baseline = next;
    save();
    Q_EMIT baselineChanged(m_baseline);
}

QColor RunMonitor::paletteColor(int index) {
    // Tableau 10: distinct hues of similar weight, readable on light and dark backgrounds.
    static const std::array<QColor, 10> colors = {
        QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0xe1, 0x57, 0x59), QColor(0x76, 0xb7, 0xb2),
        QColor(0x59, 0xa1, 0x4f), QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7),
        QColor(0x9c, 0x75, 0x5f), QColor(0xba, 0xb0, 0xac)};
    const int size = static_cast<int>(colors.size());
    return colors[static_cast<std::size_t>(((index % size) + size) % size)];
}

int RunMonitor::paletteSize() { return 10; }

// ---------------------------------------------------------------------------------------------
// Settings

void RunMonitor::save() const {
    if (m_options.settingsGroup.isEmpty() || m_restoring) return;
    QSettings settings;
    settings.beginGroup(m_options.settingsGroup);
    settings.remove(kRunsKey);
    settings.beginWriteArray(kRunsKey, static_cast<int>(m_order.size()));
    for (int i = 0; i < m_order.size(); ++i) {
        const Entry& entry = m_entries[m_order[i]];
        settings.setArrayIndex(i);
        settings.setValue(kPathKey, m_order[i]);
        settings.setValue(kKindKey, QString::fromLatin1(toString(entry.location.kind)));
        settings.setValue(kColorKey, entry.color);
    }
    settings.endArray();
    settings.setValue(kBaselineKey, m_baseline);
    settings.endGroup();
}

void RunMonitor::restore() {
    if (m_options.settingsGroup.isEmpty()) return;
    m_restoring = true;
    QSettings settings;
    settings.beginGroup(m_options.settingsGroup);
    const int count = settings.beginReadArray(kRunsKey);
    for (int i = 0; i < count; ++i) {
        settings.setArrayIndex(i);
        const QString path = settings.value(kPathKey).toString();
        const std::optional<RunKind> kind = kindFromText(settings.value(kKindKey).toString());
        if (path.isEmpty() || !kind || m_entries.contains(path)) continue;
        bool colorOk = false;
        const int color = settings.value(kColorKey).toInt(&colorOk);
        track(RunLocation{toFileName(path), *kind}, colorOk && color >= 0 ? color % paletteSize() : freeColor());
    }
    settings.endArray();
    const QString baseline = settings.value(kBaselineKey).toString();
    if (m_entries.contains(baseline)) m_baseline = baseline;
    settings.endGroup();
    m_restoring = false;
}

}  // namespace maskscope::ui

#include "run_monitor.moc"
