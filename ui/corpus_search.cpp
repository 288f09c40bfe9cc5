#include "ui/corpus_search.h"

#include <chrono>

namespace maskscope::ui {

CorpusSearch::CorpusSearch(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("maskscope-search"));
    connect(
        this, &CorpusSearch::workerDone, this,
        [this](quint64 generation, qint64 entry, const QString& text) {
            if (generation != m_generation) return;
            m_running = false;
            Q_EMIT runningChanged(false);
            if (entry >= 0)
                Q_EMIT found(static_cast<quint64>(entry));
            else if (entry == -1)
                Q_EMIT notFound(text);
        },
        Qt::QueuedConnection);
    connect(
        this, &CorpusSearch::workerProgress, this,
        [this](quint64 generation, quint64 done, quint64 total) {
            if (generation == m_generation) Q_EMIT progress(done, total);
        },
        Qt::QueuedConnection);
}

CorpusSearch::~CorpusSearch() {
    if (m_cancel) m_cancel->store(true);
    m_pool.clear();
    m_pool.waitForDone();
}

bool CorpusSearch::matches(const Record& record, const QString& needle) {
    for (const std::string* field : {&record.id, &record.prompt, &record.response}) {
        if (QString::fromStdString(*field).contains(needle, Qt::CaseInsensitive)) return true;
    }
    return false;
}

void CorpusSearch::start(CorpusHandle corpus, const QString& text, Mode mode, quint64 from, Direction direction) {
    cancel();
    if (!corpus || corpus->entryCount() == 0 || text.isEmpty()) return;
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelFlag;
    const quint64 generation = ++m_generation;
    m_running = true;
    Q_EMIT runningChanged(true);
    m_pool.start([this, corpus, text, mode, from, direction, generation, cancelFlag]() {
        using Clock = std::chrono::steady_clock;
        const quint64 count = corpus->entryCount();
        const std::string exactId = text.toStdString();
        auto lastReport = Clock::now();
        for (quint64 step = 1; step <= count; ++step) {
            if (cancelFlag->load(std::memory_order_relaxed)) {
                Q_EMIT workerDone(generation, -2, text);
                return;
            }
            quint64 entry = 0;
            if (mode == Mode::ExactId) entry = step - 1;
            else if (direction == Direction::Forward) entry = (from + step) % count;
            else entry = (from + count - (step % count)) % count;
            const Corpus::Entry read = corpus->read(entry);
            if (read.record) {
                const bool hit = mode == Mode::ExactId ? read.record->id == exactId : matches(*read.record, text);
                if (hit) {
                    Q_EMIT workerDone(generation, static_cast<qint64>(entry), text);
                    return;
                }
            }
            const auto now = Clock::now();
            if (now - lastReport > std::chrono::milliseconds(100)) {
                lastReport = now;
                Q_EMIT workerProgress(generation, step, count);
            }
        }
        Q_EMIT workerDone(generation, -1, text);
    });
}

void CorpusSearch::cancel() {
    if (m_cancel) m_cancel->store(true);
    ++m_generation;
    if (m_running) {
        m_running = false;
        Q_EMIT runningChanged(false);
    }
}

}  // namespace maskscope::ui
