// Agreement between the annotation (a person's hubs, the reference) and the hubs a density source
// extracts (the prediction), pooled over every annotated record of the corpus with
// AgreementAccumulator. Runs on a worker thread with progress and cancel; a new request replaces
// the running one, whose result is dropped. Further sources (e.g. the model density tracks, with
// their checkpoint params) can be compared in the same pass: each gets its own summary, with the
// hubs extracted under the same hub settings.
#pragma once

#include "ui/ui_types.h"

#include "core/agreement.h"

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QThreadPool>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace maskscope::ui {

class AgreementService : public QObject {
    Q_OBJECT
public:
    // Everything the computation needs, snapshotted on the GUI thread.
    struct Request {
        CorpusHandle corpus;
        TokenizerHandle tokenizer;
        AnnotationsHandle annotations;
        InspectionSettings settings;
        // Further sources compared in the same pass: registry name and DensityContext params.
        std::vector<std::pair<std::string, std::map<std::string, std::string>>> otherSources;
    };
    struct SourceSummary {
        QString source;
        AgreementSummary summary;
    };
    struct Result {
        AgreementSummary summary;
        std::uint64_t recordsRead = 0;   // corpus entries looked at
        std::uint64_t skipped = 0;       // annotated records left out (bad line, changed text, ...)
        QString firstProblem;            // why the first one was left out
        bool complete = false;           // false when cancelled
        std::vector<SourceSummary> others;  // one per Request::otherSources, in order
    };
    // Called every few records with (entries done, entries in all); returns false to stop.
    using Progress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

    explicit AgreementService(QObject* parent = nullptr);
    ~AgreementService() override;

    void start(Request request);
    void cancel();
    bool isBusy() const { return m_running; }

    // The computation itself, synchronous (used by the worker and by tests). Throws UsageError
    // for settings the Inspector refuses.
    static Result compute(const Request& request, const Progress& progress = {});

Q_SIGNALS:
    void progress(quint64 done, quint64 total);
    void finished(const maskscope::ui::AgreementService::Result& result);
    void failed(const QString& message);
    void busyChanged(bool busy);

private:
    QThreadPool m_pool;
    std::shared_ptr<std::atomic<bool>> m_stop;
    quint64 m_generation = 0;
    bool m_running = false;
};

}  // namespace maskscope::ui
