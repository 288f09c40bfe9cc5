// Density tracks: per-token density of the current record (and, on request, of every record of the
// corpus) from sources other than the inspection's own: the annotation set and the model-based
// sources of a checkpoint (model:surprisal, model:entropy, model:attention, a blend). The record
// view draws them as parallel bands under each text line; the annotation panel compares their hubs
// with the annotation.
//
// ui/ never sees the engine: sources are created by name through the core DensityRegistry, with
// the checkpoint and its options handed over as DensityContext params (ModelDensitySettings). When
// the app is built without the engine, no "model:" source is registered and only the annotation
// track (and rule-only blends) can be computed.
//
// Every computation runs off the GUI thread: the current record on one worker, the corpus on
// another (with progress and cancel). Sources are created once per settings (loading a checkpoint
// is the slow part) and shared by both workers; DensitySource::score() may be called from any
// thread. Settings or documents that change make every running job stale: its results are dropped
// and the stored results cleared. Results are plain values handed over by queued calls.
#pragma once

#include "ui/ui_types.h"

#include <QtCore/QHash>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QThreadPool>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace maskscope {
class DensitySource;
}

namespace maskscope::ui {

// Which model-based tracks to compute and how; snapshotted on the GUI thread.
struct ModelDensitySettings {
    QString checkpoint;    // a step_N directory, a checkpoints/ folder or a run directory; empty: none
    QStringList sources;   // registry names, e.g. "model:surprisal", "blend"
    int k = 4;             // strided passes per sweep
    double t = 0.0;        // random context masking ratio in [0, 1)
    QString device = QStringLiteral("cpu");
    QString blend;         // the members of "blend", e.g. "rules:code=0.5,model:surprisal=0.5"
    friend bool operator==(const ModelDensitySettings&, const ModelDensitySettings&) = default;
};

// The DensityContext params of `source` under `settings` (`tokenizerPath` lets the model sources
// refuse a checkpoint whose tokenizer differs from the corpus tokenizer). model:* sources get the
// checkpoint options, "blend" those plus its members, every other source none (rule sources accept
// only their own params).
std::map<std::string, std::string> densityParams(const QString& source, const ModelDensitySettings& settings,
                                                 const QString& tokenizerPath);

// True for a source that needs a checkpoint ("model:*", or a blend with a model member).
bool needsCheckpoint(const QString& source, const ModelDensitySettings& settings);

// One track: a source's score for every token of one record.
struct DensityTrack {
    QString name;
    std::vector<float> values;
};
using DensityTracks = std::vector<DensityTrack>;
using DensityTracksHandle = std::shared_ptr<const DensityTracks>;

class DensityTrackService : public QObject {
    Q_OBJECT
public:
    enum class State {
        Idle,       // nothing to compute (no tracks chosen, or no corpus or tokenizer)
        Computing,  // the current record's tracks are being computed
        Ready,      // the current record's tracks are there
        Failed,     // creating a source or scoring failed; message() says why
    };
    Q_ENUM(State)

    explicit DensityTrackService(QObject* parent = nullptr);
    ~DensityTrackService() override;

    // --- inputs (GUI thread) ------------------------------------------------------------------
    void setDocuments(CorpusHandle corpus, TokenizerHandle tokenizer, AnnotationsHandle annotations);
    void setSettings(const ModelDensitySettings& settings);
    const ModelDensitySettings& settings() const { return m_settings; }
    // Computes the tracks of `record` unless they are stored already; -1 clears the request.
    void setCurrentRecord(qint64 record);
    qint64 currentRecord() const { return m_record; }

    // Names of the tracks computed under the current settings, in order: "annotations" when an
    // annotation set is open, then every chosen source (model:* only with a checkpoint).
    QStringList trackNames() const;

    // --- results --------------------------------------------------------------------------------
    // The stored tracks of `record` (null when not computed yet).
    DensityTracksHandle tracks(qint64 record) const;
    State state() const { return m_state; }
    QString message() const { return m_message; }
    // True while any job (current record or corpus) runs.
    bool isBusy() const { return m_recordRunning || m_corpusRunning; }

    // Computes every record of the corpus in the background; progress() and corpusFinished()
    // report. Records whose tracks are stored are skipped.
    void computeCorpus();
    void cancelCorpus();
    bool isCorpusRunning() const { return m_corpusRunning; }
    qint64 storedRecords() const { return m_results.size(); }

    // The computation of one record, synchronous (used by the workers and by tests). Creates the
    // sources of `names` through the registry and scores the tokenized record. Throws what the
    // sources throw (UsageError, InputError).
    static DensityTracks compute(const QStringList& names, const ModelDensitySettings& settings,
                                 const Tokenizer& tokenizer, const AnnotationSet* annotations, const Record& record);

Q_SIGNALS:
    void stateChanged();
    // Tracks of `record` were stored.
    void tracksReady(qint64 record);
    void corpusProgress(quint64 done, quint64 total);
    // The corpus job ended: `complete` false when cancelled or failed; `records` stored in all.
    void corpusFinished(bool complete, qint64 records, const QString& message);
    void busyChanged(bool busy);
    void settingsChanged();

private:
    struct Sources;
    void invalidate();
    void startRecord();
    void setState(State state, const QString& message);
    void updateBusy();
    std::shared_ptr<Sources> currentSources();

    CorpusHandle m_corpus;
    TokenizerHandle m_tokenizer;
    AnnotationsHandle m_annotations;
    ModelDensitySettings m_settings;
    qint64 m_record = -1;
    QHash<qint64, DensityTracksHandle> m_results;
    quint64 m_generation = 0;
    std::shared_ptr<Sources> m_sources;
    std::map<QString, std::shared_ptr<const DensitySource>> m_reusable;  // for the next m_sources
    State m_state = State::Idle;
    QString m_message;
    bool m_recordRunning = false;
    qint64 m_runningRecord = -1;
    bool m_corpusRunning = false;
    bool m_busy = false;
    std::shared_ptr<std::atomic<bool>> m_corpusStop;
    QThreadPool m_recordPool;
    QThreadPool m_corpusPool;
};

}  // namespace maskscope::ui

Q_DECLARE_METATYPE(maskscope::ui::DensityTracksHandle)
