#include "ui/row_stats_service.h"

#include <atomic>
#include <chrono>
#include <deque>
#include <exception>
#include <mutex>

namespace maskscope::ui {

// Work shared between the GUI thread and the worker of one generation.
struct RowStatsService::State {
    quint64 generation = 0;
    Inputs inputs;
    quint64 rowCount = 0;
    std::atomic<bool> cancelled{false};

    std::mutex mutex;            // guards everything below
    std::deque<quint64> queue;   // requested rows, in order
    std::vector<bool> done;      // rows taken by the worker in this generation
    quint64 cursor = 0;          // next row of the sweep
    quint64 taken = 0;           // rows taken so far
    bool sweep = false;
    bool running = false;
};

namespace {

constexpr int kBatchRows = 128;
constexpr auto kBatchInterval = std::chrono::milliseconds(40);

}  // namespace

RowStatsService::RowStatsService(QObject* parent) : QObject(parent) {
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("maskscope-row-stats"));
    connect(this, &RowStatsService::workerBatch, this, &RowStatsService::onWorkerBatch, Qt::QueuedConnection);
}

RowStatsService::~RowStatsService() {
    if (m_state) m_state->cancelled.store(true);
    m_pool.clear();
    m_pool.waitForDone();
}

RowStats RowStatsService::compute(const Corpus& corpus, quint64 row, const Tokenizer* tokenizer,
                                  const Inspector* inspector) {
    RowStats stats;
    stats.row = row;
    Corpus::Entry entry = corpus.read(row);
    stats.line = entry.line;
    if (!entry.record) {
        stats.error = entry.error.empty() ? std::string("unreadable entry") : entry.error;
        return stats;
    }
    stats.id = entry.record->id;
    if (!tokenizer) return stats;
    try {
        if (!inspector) {
            const TokenizedRecord tokens = tokenizer->tokenize(*entry.record);
            stats.promptTokens = static_cast<qint32>(tokens.promptTokens);
            stats.responseTokens = static_cast<qint32>(tokens.size() - tokens.promptTokens);
            return stats;
        }
        const RecordInspection inspection = inspector->analyse(*entry.record);
        const std::size_t prompt = inspection.tokens.promptTokens;
        stats.promptTokens = static_cast<qint32>(prompt);
        stats.responseTokens = static_cast<qint32>(inspection.tokens.size() - prompt);
        stats.hubTokens = static_cast<qint32>(inspection.hubs.count());
        stats.hubSpans = static_cast<qint32>(inspection.hubs.spans.size());
        double sum = 0.0;
        for (std::size_t i = prompt; i < inspection.density.size(); ++i) sum += inspection.density[i];
        stats.densityMean = stats.responseTokens > 0 ? static_cast<float>(sum / stats.responseTokens) : 0.0f;
    } catch (const std::exception& e) {
        stats.densityError = e.what();
    }
    return stats;
}

void RowStatsService::reset(Inputs inputs) {
    if (m_state) m_state->cancelled.store(true);
    auto state = std::make_shared<State>();
    state->generation = ++m_generation;
    state->rowCount = inputs.corpus ? inputs.corpus->entryCount() : 0;
    state->done.assign(state->rowCount, false);
    state->inputs = std::move(inputs);
    m_delivered.assign(state->rowCount, false);
    m_state = std::move(state);
    m_sweep = false;
    const bool hadPending = !m_pending.empty();
    m_pending.clear();
    if (hadPending) Q_EMIT pendingChanged(false);
}

void RowStatsService::request(const std::vector<quint64>& rows) {
    if (!m_state || rows.empty()) return;
    const bool hadPending = !m_pending.empty();
    {
        std::lock_guard lock(m_state->mutex);
        for (quint64 row : rows) {
            // A row that already came back (e.g. with the sweep) would be skipped by the worker and
            // never come back again.
            if (row >= m_state->rowCount || m_delivered[row]) continue;
            m_state->queue.push_back(row);
            m_pending.insert(row);
        }
    }
    if (!hadPending && !m_pending.empty()) Q_EMIT pendingChanged(true);
    ensureRunning();
}

void RowStatsService::setSweep(bool sweep) {
    m_sweep = sweep;
    if (!m_state) return;
    {
        std::lock_guard lock(m_state->mutex);
        m_state->sweep = sweep;
    }
    ensureRunning();
}

void RowStatsService::ensureRunning() {
    std::shared_ptr<State> state = m_state;
    {
        std::lock_guard lock(state->mutex);
        const bool work = !state->queue.empty() || (state->sweep && state->cursor < state->rowCount);
        if (state->running || !work || !state->inputs.corpus) return;
        state->running = true;
    }
    m_pool.start([this, state]() { work(this, state); });
}

void RowStatsService::work(RowStatsService* service, std::shared_ptr<State> statePointer) {
    State& state = *statePointer;
    const Inputs& inputs = state.inputs;
    std::unique_ptr<Inspector> inspector;
    std::string inspectorError;
    DensityContext context;
    context.annotations = inputs.annotations.get();
    if (inputs.tokenizer) {
        try {
            inspector = std::make_unique<Inspector>(*inputs.tokenizer, inputs.settings, context);
        } catch (const std::exception& e) {
            inspectorError = e.what();
        }
    }

    using Clock = std::chrono::steady_clock;
    QVector<RowStats> batch;
    auto lastEmit = Clock::now();
    for (;;) {
        quint64 row = 0;
        bool have = false;
        bool sweepDone = false;
        quint64 taken = 0;
        {
            std::lock_guard lock(state.mutex);
            if (state.cancelled.load()) {
                state.running = false;
                return;
            }
            while (!state.queue.empty() && !have) {
                const quint64 next = state.queue.front();
                state.queue.pop_front();
                if (!state.done[next]) {
                    row = next;
                    have = true;
                }
            }
            if (!have && state.sweep) {
                while (state.cursor < state.rowCount && state.done[state.cursor]) ++state.cursor;
                if (state.cursor < state.rowCount) {
                    row = state.cursor++;
                    have = true;
                }
            }
            if (have) {
                state.done[row] = true;
                ++state.taken;
            } else {
                state.running = false;
                sweepDone = state.sweep && state.cursor >= state.rowCount;
            }
            taken = state.taken;
        }
        if (!have) {
            Q_EMIT service->workerBatch(state.generation, batch, taken, sweepDone);
            return;
        }
        RowStats stats = compute(*inputs.corpus, row, inputs.tokenizer.get(), inspector.get());
        if (!stats.bad() && stats.densityError.empty() && !inspectorError.empty()) stats.densityError = inspectorError;
        batch.push_back(std::move(stats));
        const auto now = Clock::now();
        if (batch.size() >= kBatchRows || now - lastEmit >= kBatchInterval) {
            Q_EMIT service->workerBatch(state.generation, batch, taken, false);
            batch.clear();
            lastEmit = now;
        }
    }
}

void RowStatsService::onWorkerBatch(quint64 generation, const QVector<RowStats>& rows, quint64 swept, bool sweepDone) {
    if (generation != m_generation) return;  // stale: a reset happened since
    const bool hadPending = !m_pending.empty();
    for (const RowStats& stats : rows) {
        m_pending.erase(stats.row);
        m_delivered[stats.row] = true;
    }
    if (!rows.isEmpty()) Q_EMIT rowsReady(rows);
    if (m_sweep && m_state) Q_EMIT sweepProgress(swept, m_state->rowCount);
    if (hadPending && m_pending.empty()) Q_EMIT pendingChanged(false);
    if (sweepDone && m_sweep) {
        m_sweep = false;
        Q_EMIT sweepFinished();
    }
}

}  // namespace maskscope::ui
