// Per-record summary statistics for the corpus table (id, token counts, hubs, mean density),
// computed lazily on a worker thread with the same core Inspector the record view uses.
//
// Rows that a view asks for are computed first, in the order asked; with sweeping on, every other
// row follows in file order. Results come back in batches through a queued signal as plain values.
// reset() starts a new generation (new corpus, tokenizer or density settings): queued work is
// dropped, the running batch is cancelled, and stale results never reach rowsReady.
#pragma once

#include "ui/ui_types.h"

#include <QtCore/QObject>
#include <QtCore/QThreadPool>
#include <QtCore/QVector>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace maskscope::ui {

struct RowStats {
    quint64 row = 0;              // entry index in the corpus
    quint64 line = 0;             // 1-based line of the entry
    std::string id;               // record id; empty for a bad entry
    std::string error;            // why the entry is bad; empty when it parsed
    std::string densityError;     // why density/hubs are missing although the entry parsed
    qint32 promptTokens = -1;     // -1: unknown (no tokenizer)
    qint32 responseTokens = -1;
    qint32 hubTokens = -1;        // tokens with C_i = 1; -1: unknown
    qint32 hubSpans = -1;
    float densityMean = NAN;      // mean density over response tokens; NaN: unknown

    bool bad() const { return !error.empty(); }
};

class RowStatsService : public QObject {
    Q_OBJECT
public:
    struct Inputs {
        CorpusHandle corpus;
        TokenizerHandle tokenizer;       // null: ids and status only
        AnnotationsHandle annotations;
        InspectionSettings settings;
    };

    explicit RowStatsService(QObject* parent = nullptr);
    ~RowStatsService() override;

    // Starts a new generation over `inputs`; sweeping is switched off.
    void reset(Inputs inputs);
    // Asks for these rows before anything else (rows already computed in this generation are
    // skipped).
    void request(const std::vector<quint64>& rows);
    // Computes every row after the requested ones.
    void setSweep(bool sweep);
    bool isSweeping() const { return m_sweep; }
    // True while rows asked for with request() have not come back yet.
    bool hasPendingRequests() const { return !m_pending.empty(); }

    // The statistics of one entry, synchronously (used by the worker and tests).
    static RowStats compute(const Corpus& corpus, quint64 row, const Tokenizer* tokenizer, const Inspector* inspector);

Q_SIGNALS:
    void rowsReady(const QVector<maskscope::ui::RowStats>& rows);
    void sweepProgress(quint64 done, quint64 total);
    void sweepFinished();
    void pendingChanged(bool pending);

private:
    struct State;
    // Worker -> GUI thread, queued.
    Q_SIGNAL void workerBatch(quint64 generation, const QVector<maskscope::ui::RowStats>& rows, quint64 swept,
                              bool sweepDone);

    void ensureRunning();
    void onWorkerBatch(quint64 generation, const QVector<RowStats>& rows, quint64 swept, bool sweepDone);
    static void work(RowStatsService* service, std::shared_ptr<State> state);

    QThreadPool m_pool;
    std::shared_ptr<State> m_state;
    quint64 m_generation = 0;
    bool m_sweep = false;
    std::unordered_set<quint64> m_pending;
    std::vector<bool> m_delivered;  // rows that came back in this generation
};

}  // namespace maskscope::ui

Q_DECLARE_METATYPE(maskscope::ui::RowStats)
