#include "ui/statistics_service.h"

#include "core/density_source.h"
#include "core/inspection.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QMetaObject>

#include <algorithm>
#include <exception>
#include <optional>
#include <vector>

namespace maskscope::ui {

StatisticsService::StatisticsService(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("maskscope-statistics"));
}

StatisticsService::~StatisticsService() {
    if (m_stop) m_stop->store(true);
    m_pool.waitForDone();
}

StatisticsService::Result StatisticsService::compute(const Request& request, const Progress& progress) {
    Result result;
    auto statistics = std::make_shared<CorpusStatistics>(request.options);
    result.statistics = statistics;
    if (!request.corpus || !request.tokenizer) {
        result.complete = true;
        return result;
    }
    InspectionSettings settings = request.settings;
    settings.blockSize = 0;  // block statistics are not needed here
    DensityContext context;
    context.annotations = request.annotations.get();
    const Inspector inspector(*request.tokenizer, settings, context);
    result.entries = request.corpus->entryCount();
    const std::uint64_t count = request.limit == 0 ? result.entries : std::min(request.limit, result.entries);
    std::vector<RecordMasks> masks;
    for (std::uint64_t entry = 0; entry < count; ++entry) {
        if (progress && entry % 8 == 0 && !progress(entry, count)) return result;
        ++result.entriesRead;
        const Corpus::Entry parsed = request.corpus->read(entry);
        if (!parsed.record) {
            if (result.skipped++ == 0) result.firstProblem = QString::fromStdString(parsed.error);
            continue;
        }
        try {
            RecordInspection inspection = inspector.analyse(*parsed.record);
            masks.clear();
            for (std::uint32_t step = 0; step < request.steps; ++step) {
                inspector.drawMasks(inspection, step);
                masks.push_back(inspection.masks);
            }
            statistics->add(inspection, masks);
        } catch (const std::exception& e) {
            if (result.skipped++ == 0) result.firstProblem = QString::fromStdString(e.what());
        }
    }
    if (progress) progress(count, count);
    result.complete = true;
    return result;
}

void StatisticsService::request(Request request) {
    if (m_stop) m_stop->store(true);  // the running job stops at its next record
    auto stop = std::make_shared<std::atomic<bool>>(false);
    m_stop = stop;
    const quint64 generation = ++m_generation;
    if (!m_running) {
        m_running = true;
        Q_EMIT busyChanged(true);
    }
    m_pool.start([this, stop, generation, request = std::move(request)]() {
        if (stop->load()) return;  // replaced before it started
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
        if (stop->load()) return;
        QMetaObject::invokeMethod(
            this,
            [this, generation, result, error]() {
                if (generation != m_generation) return;  // a newer request replaced this one
                m_running = false;
                Q_EMIT busyChanged(false);
                if (result) Q_EMIT finished(*result);
                else Q_EMIT failed(error);
            },
            Qt::QueuedConnection);
    });
}

void StatisticsService::cancel() {
    if (m_stop) m_stop->store(true);
    ++m_generation;
    if (m_running) {
        m_running = false;
        Q_EMIT busyChanged(false);
    }
}

}  // namespace maskscope::ui
