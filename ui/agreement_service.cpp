#include "ui/agreement_service.h"

#include "core/density_source.h"
#include "core/error.h"
#include "core/hubs.h"
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
    // The other sources, each with its own context (params) and accumulator.
    std::vector<DensityContext> otherContexts(request.otherSources.size());
    std::vector<std::unique_ptr<DensitySource>> others;
    for (std::size_t i = 0; i < request.otherSources.size(); ++i) {
        otherContexts[i].annotations = request.annotations.get();
        otherContexts[i].params = request.otherSources[i].second;
        others.push_back(DensityRegistry::instance().create(request.otherSources[i].first, otherContexts[i]));
    }
    std::vector<AgreementAccumulator> otherAccumulators(others.size());
    auto finishOthers = [&]() {
        result.others.clear();
        for (std::size_t i = 0; i < others.size(); ++i)
            result.others.push_back({QString::fromStdString(request.otherSources[i].first), otherAccumulators[i].summary()});
    };
    const AnnotationSet& annotations = *request.annotations;
    AgreementAccumulator accumulator;
    const std::uint64_t total = request.corpus->entryCount();
    for (std::uint64_t entry = 0; entry < total; ++entry) {
        if (progress && entry % 16 == 0 && !progress(entry, total)) {
            result.summary = accumulator.summary();
            finishOthers();
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
            for (std::size_t i = 0; i < others.size(); ++i) {
                const std::vector<float> density = others[i]->score(inspection.tokens);
                const Hubs hubs = extractHubs(density, inspection.maskable, request.settings.hubs);
                otherAccumulators[i].add(parsed.record->id, compareHubs(*reference, hubs, inspection.maskable));
            }
        } catch (const std::exception& e) {
            if (result.skipped++ == 0) result.firstProblem = QString::fromStdString(e.what());
        }
    }
    if (progress) progress(total, total);
    result.summary = accumulator.summary();
    finishOthers();
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
