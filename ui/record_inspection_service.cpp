#include "ui/record_inspection_service.h"

#include "core/error.h"

#include <exception>
#include <string>

namespace maskscope::ui {

// The step-independent analysis of the last record and what it was computed from. The handles are
// kept (not just their addresses) so that a freed document's address cannot match a new one.
struct RecordInspectionService::Cache {
    CorpusHandle corpus;
    std::uint64_t record = 0;
    TokenizerHandle tokenizer;
    AnnotationsHandle annotations;
    std::string densitySource;
    HubOptions hubs;
    std::shared_ptr<const RecordInspection> analysed;

    bool matches(const Request& r) const {
        return analysed && corpus == r.corpus && record == r.record && tokenizer == r.tokenizer &&
               annotations == r.annotations && densitySource == r.settings.densitySource &&
               hubs.rule == r.settings.hubs.rule && hubs.value == r.settings.hubs.value &&
               hubs.maxGap == r.settings.hubs.maxGap && hubs.minSpan == r.settings.hubs.minSpan;
    }
};

RecordInspectionService::RecordInspectionService(QObject* parent)
    : QObject(parent), m_cache(std::make_unique<Cache>()) {
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("maskscope-inspection"));
    connect(this, &RecordInspectionService::workerDone, this, &RecordInspectionService::onWorkerDone,
            Qt::QueuedConnection);
}

RecordInspectionService::~RecordInspectionService() {
    m_waiting.reset();
    m_pool.clear();
    m_pool.waitForDone();
}

RecordInspection RecordInspectionService::inspect(const Request& request) {
    DensityContext context;
    context.annotations = request.annotations.get();
    const Inspector inspector(*request.tokenizer, request.settings, context);
    RecordInspection out = inspector.analyse(request.corpus->record(request.record));
    inspector.drawMasks(out, request.step);
    return out;
}

void RecordInspectionService::request(Request request) {
    m_waiting = Job{++m_generation, std::move(request)};
    if (!m_running) startNext();
    setBusy(isBusy());
}

void RecordInspectionService::cancel() {
    m_waiting.reset();
    ++m_generation;  // whatever runs now is stale
    setBusy(isBusy());
}

void RecordInspectionService::startNext() {
    if (!m_waiting) return;
    Job job = std::move(*m_waiting);
    m_waiting.reset();
    m_running = true;
    Cache* cache = m_cache.get();
    m_pool.start([this, cache, job = std::move(job)]() {
        InspectionHandle result;
        QString error;
        try {
            const Request& r = job.request;
            if (!r.corpus || !r.tokenizer) throw UsageError("no corpus or tokenizer");
            DensityContext context;
            context.annotations = r.annotations.get();
            const Inspector inspector(*r.tokenizer, r.settings, context);
            RecordInspection inspection;
            if (cache->matches(r)) {
                inspection = *cache->analysed;
            } else {
                cache->analysed.reset();
                inspection = inspector.analyse(r.corpus->record(r.record));
                cache->corpus = r.corpus;
                cache->record = r.record;
                cache->tokenizer = r.tokenizer;
                cache->annotations = r.annotations;
                cache->densitySource = r.settings.densitySource;
                cache->hubs = r.settings.hubs;
                cache->analysed = std::make_shared<const RecordInspection>(inspection);
            }
            inspector.drawMasks(inspection, r.step);
            result = std::make_shared<const RecordInspection>(std::move(inspection));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        Q_EMIT workerDone(job.generation, result, error);
    });
}

void RecordInspectionService::onWorkerDone(quint64 generation, const InspectionHandle& inspection,
                                           const QString& error) {
    m_running = false;
    const bool current = generation == m_generation;
    startNext();
    setBusy(isBusy());
    if (!current) return;  // a newer request replaced this one
    if (inspection)
        Q_EMIT finished(inspection);
    else
        Q_EMIT failed(error);
}

void RecordInspectionService::setBusy(bool busy) {
    if (busy == m_busy) return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

}  // namespace maskscope::ui
