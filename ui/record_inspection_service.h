// Runs the core Inspector (tokens -> density -> hubs -> masks -> block statistics) for one record
// on a worker thread, so that what the GUI shows is exactly what training draws and the GUI
// thread never computes.
//
// Requests are served one at a time on a private single-thread pool. A request that arrives while
// another is running waits; a newer request replaces a waiting one, and the result of any request
// that is no longer the newest is dropped. The analysis that does not depend on the masking policy
// (tokens, density, hubs) is cached for the last record, so changing w, t, the seed or the step
// only redraws the masks.
#pragma once

#include "ui/ui_types.h"

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QThreadPool>

#include <cstdint>
#include <memory>
#include <optional>

namespace maskscope::ui {

class RecordInspectionService : public QObject {
    Q_OBJECT
public:
    // Everything one inspection needs, snapshotted on the GUI thread.
    struct Request {
        CorpusHandle corpus;
        TokenizerHandle tokenizer;
        AnnotationsHandle annotations;
        InspectionSettings settings;
        std::uint32_t step = 0;
        std::uint64_t record = 0;
    };

    explicit RecordInspectionService(QObject* parent = nullptr);
    ~RecordInspectionService() override;

    // Queues `request`; it replaces a request that is still waiting.
    void request(Request request);
    // Drops the waiting request and makes the running one stale.
    void cancel();
    // True while a request is running or waiting.
    bool isBusy() const { return m_running || m_waiting.has_value(); }

    // The computation itself, synchronous; used by the worker and by tests. Throws what the core
    // throws (InputError for a bad record or annotation, UsageError for bad settings).
    static RecordInspection inspect(const Request& request);

Q_SIGNALS:
    // The inspection of the newest request.
    void finished(maskscope::ui::InspectionHandle inspection);
    // The newest request failed; `message` says why in words a user can act on.
    void failed(const QString& message);
    void busyChanged(bool busy);

private:
    // Emitted on the worker thread, delivered queued on the GUI thread.
    Q_SIGNAL void workerDone(quint64 generation, maskscope::ui::InspectionHandle inspection, const QString& error);

    struct Cache;
    struct Job {
        quint64 generation = 0;
        Request request;
    };

    void startNext();
    void onWorkerDone(quint64 generation, const InspectionHandle& inspection, const QString& error);
    void setBusy(bool busy);

    QThreadPool m_pool;
    std::optional<Job> m_waiting;
    bool m_running = false;
    bool m_busy = false;
    quint64 m_generation = 0;
    // Touched only by the running job; jobs never overlap.
    std::unique_ptr<Cache> m_cache;
};

}  // namespace maskscope::ui
