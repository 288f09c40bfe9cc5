#include "ui/agreement_service.h"

#include "core/density_source.h"
#include "core/error.h"
#include "core/inspection.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QMetaObject>

#include <exception>

namespace maskscope::ui {

AgreementService::AgreementService(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("maskscope-agreement"));
}

AgreementService::~AgreementService() {
    if (m_stop) m_stop->store(true);
    m_pool.waitForDone();
}

AgreementService::Result AgreementService::compute(const Request& request, const Progress& progress) {
    Result result;
    if (!request.corpus || !request.tokenizer || !request.annotations) {
        result.complete = true;
        return result;
    }
    DensityContext context;
    context.annotations = request.annotations.get();
    const Inspector inspector(*request.tokenizer, request.settings, context);
    const AnnotationSet& annotations = *request.annotations;
    AgreementAccumulator accumulator;
    const std::uint64_t total = request.corpus->entryCount();
    for (std::uint64_t entry = 0; entry < total; ++entry) {
        if (progress && entry % 16 == 0 && !progress(entry, total)) {
            result.summary = accumulator.summary();
            return result;
        }
        ++result.recordsRead;
        const Corpus::Entry parsed = request.corpus->read(entry);
        if (!parsed.record || !annotations.find(parsed.record->id)) continue;
        try {
            const RecordInspection inspection = inspector.analyse(*parsed.record);
            const std::optional<Hubs> reference = annotationHubs(annotations, inspection.tokens);
            if (!reference) continue;
            accumulator.add(parsed.record->id, compareHubs(*reference, inspection.hubs, inspection.maskable));
        } catch (const std::exception& e) {
            if (result.skipped++ == 0) result.firstProblem = QString::fromStdString(e.what());
        }
    }
    if (progress) progress(total, total);
    result.summary = accumulator.summary();
    result.complete = true;
    return result;
}

void AgreementService::start(Request request) {
    cancel();
    auto stop = std::make_shared<std::atomic<bool>>(false);
    m_stop = stop;
    const quint64 generation = ++m_generation;
    m_running = true;
    Q_EMIT busyChanged(true);
    m_pool.start([this, stop, generation, request = std::move(request)]() {
        QElapsedTimer clock;
        clock.start();
        auto report = [&](std::uint64_t done, std::uint64_t total) {
            if (clock.elapsed() >= 100 || done == total) {
                clock.restart();
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, done, total]() {
                        if (generation == m_generation) Q_EMIT progress(done, total);
                    },
                    Qt::QueuedConnection);
            }
            return !stop->load();
        };
        std::optional<Result> result;
        QString error;
        try {
            result = compute(request, report);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, generation, result, error]() {
                if (generation != m_generation) return;  // replaced or cancelled
                m_running = false;
                Q_EMIT busyChanged(false);
                if (result) Q_EMIT finished(*result);
                else Q_EMIT failed(error);
            },
            Qt::QueuedConnection);
    });
}

void AgreementService::cancel() {
    if (m_stop) m_stop->store(true);
    ++m_generation;
    if (m_running) {
        m_running = false;
        Q_EMIT busyChanged(false);
    }
}

}  // namespace maskscope::ui
