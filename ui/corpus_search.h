// Finds records in the corpus on a worker thread: the next (or previous) record whose id, prompt or
// response contains a text (case-insensitive), or the record with an exact id. Wraps around the end
// of the corpus once. A new search cancels the running one; its result is dropped.
#pragma once

#include "ui/ui_types.h"

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QThreadPool>

#include <atomic>
#include <memory>

namespace maskscope::ui {

class CorpusSearch : public QObject {
    Q_OBJECT
public:
    enum class Mode { Text, ExactId };
    enum class Direction { Forward, Backward };

    explicit CorpusSearch(QObject* parent = nullptr);
    ~CorpusSearch() override;

    // Text: starts after (Forward) or before (Backward) entry `from`. ExactId: scans from the start.
    void start(CorpusHandle corpus, const QString& text, Mode mode, quint64 from, Direction direction);
    void cancel();
    bool isRunning() const { return m_running; }

    // Whether `record` matches `needle` in Text mode (`needle` already case-folded).
    static bool matches(const Record& record, const QString& needle);

Q_SIGNALS:
    void found(quint64 entry);
    void notFound(const QString& text);
    void progress(quint64 done, quint64 total);
    void runningChanged(bool running);

private:
    Q_SIGNAL void workerDone(quint64 generation, qint64 entry, const QString& text);
    Q_SIGNAL void workerProgress(quint64 generation, quint64 done, quint64 total);

    QThreadPool m_pool;
    quint64 m_generation = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

}  // namespace maskscope::ui
