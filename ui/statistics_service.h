// Corpus statistics under the current masking policy (core CorpusStatistics: density histogram,
// hub fraction per record, calibration of p against density) computed on a worker thread with
// progress and cancel. The newest request replaces the running one, whose result is dropped, so
// changing a setting while a computation runs never shows stale figures.
//
// Every record is analysed by the same Inspector the record view uses and its masks are drawn at
// steps 0 .. steps-1, so the calibration shows what training draws over those steps. Big corpora
// are limited to the first `limit` records unless the user asks for all of them.
#pragma once

#include "ui/ui_types.h"

#include "core/corpus_statistics.h"

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QThreadPool>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

namespace maskscope::ui {

class StatisticsService : public QObject {
    Q_OBJECT
public:
    static constexpr std::uint64_t kDefaultLimit = 2000;
    static constexpr std::uint32_t kDefaultSteps = 8;

    // Everything the computation needs, snapshotted on the GUI thread.
    struct Request {
        CorpusHandle corpus;
        TokenizerHandle tokenizer;
        AnnotationsHandle annotations;
        InspectionSettings settings;
        std::uint64_t limit = kDefaultLimit;  // records to look at; 0: all
        std::uint32_t steps = kDefaultSteps;  // masks drawn per record (steps 0 .. steps-1)
        CorpusStatisticsOptions options;
    };
    struct Result {
        std::shared_ptr<const CorpusStatistics> statistics;
        std::uint64_t entriesRead = 0;   // corpus entries looked at
        std::uint64_t entries = 0;       // entries in the corpus
        std::uint64_t skipped = 0;       // bad entries or records the Inspector refused
        QString firstProblem;
        bool complete = false;           // false when cancelled
        bool limited() const { return entriesRead < entries; }
    };
    using Progress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

    explicit StatisticsService(QObject* parent = nullptr);
    ~StatisticsService() override;

    void request(Request request);
    void cancel();
    bool isBusy() const { return m_running; }

    // The computation itself, synchronous (used by the worker and by tests).
    static Result compute(const Request& request, const Progress& progress = {});

Q_SIGNALS:
    void progress(quint64 done, quint64 total);
    void finished(const maskscope::ui::StatisticsService::Result& result);
    void failed(const QString& message);
    void busyChanged(bool busy);

private:
    QThreadPool m_pool;
    std::shared_ptr<std::atomic<bool>> m_stop;
    quint64 m_generation = 0;
    bool m_running = false;
};

}  // namespace maskscope::ui
