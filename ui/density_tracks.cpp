#include "ui/density_tracks.h"

#include "core/density_source.h"
#include "core/error.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QMetaObject>
#include <QtCore/QSet>

#include <exception>
#include <mutex>
#include <optional>
#include <utility>

namespace maskscope::ui {

namespace {

bool isModelSource(const QString& name) { return name.startsWith(QLatin1String("model:")); }
bool isBlend(const QString& name) { return name == QLatin1String("blend"); }

std::string utf8(const QString& text) { return text.toStdString(); }

}  // namespace

std::map<std::string, std::string> densityParams(const QString& source, const ModelDensitySettings& settings,
                                                 const QString& tokenizerPath) {
    std::map<std::string, std::string> params;
    if (!isModelSource(source) && !isBlend(source)) return params;
    if (isBlend(source)) params["sources"] = utf8(settings.blend);
    // A blend hands these to its model members only; a rule-only blend needs no checkpoint.
    if (isModelSource(source) || needsCheckpoint(source, settings)) {
        params["checkpoint"] = utf8(settings.checkpoint);
        if (!tokenizerPath.isEmpty()) params["tokenizer"] = utf8(tokenizerPath);
        params["k"] = std::to_string(settings.k);
        params["t"] = utf8(QString::number(settings.t, 'g', 17));
        params["device"] = utf8(settings.device);
    }
    return params;
}

bool needsCheckpoint(const QString& source, const ModelDensitySettings& settings) {
    if (isModelSource(source)) return true;
    return isBlend(source) && settings.blend.contains(QLatin1String("model:"));
}

// The sources of one settings generation, created on first use by whichever worker needs them
// first and then shared. The documents they borrow are held here.
struct DensityTrackService::Sources {
    QStringList names;
    ModelDensitySettings settings;
    TokenizerHandle tokenizer;
    AnnotationsHandle annotations;

    // Sources of an earlier generation that only the annotations changed since (a checkpoint is not
    // loaded again because a person edited a span).
    std::map<QString, std::shared_ptr<const DensitySource>> reused;

    std::mutex mutex;
    bool built = false;
    std::string error;
    std::vector<std::shared_ptr<const DensitySource>> sources;

    // Throws the creation error (again, for every later caller).
    void build() {
        std::lock_guard lock(mutex);
        if (!built) {
            built = true;
            try {
                const QString tokenizerPath = tokenizer ? QString::fromStdString(tokenizer->path()) : QString();
                for (const QString& name : names) {
                    if (const auto kept = reused.find(name); kept != reused.end()) {
                        sources.push_back(kept->second);
                        continue;
                    }
                    DensityContext context;
                    context.annotations = annotations.get();
                    context.params = densityParams(name, settings, tokenizerPath);
                    sources.push_back(DensityRegistry::instance().create(utf8(name), context));
                }
            } catch (const std::exception& e) {
                sources.clear();
                error = e.what();
            }
        }
        if (!error.empty()) throw UsageError(error);
    }

    DensityTracks score(const TokenizedRecord& record) {
        build();
        DensityTracks tracks;
        tracks.reserve(sources.size());
        for (std::size_t i = 0; i < sources.size(); ++i) {
            DensityTrack track;
            track.name = names[static_cast<qsizetype>(i)];
            track.values = sources[i]->score(record);
            tracks.push_back(std::move(track));
        }
        return tracks;
    }
};

DensityTrackService::DensityTrackService(QObject* parent) : QObject(parent) {
    qRegisterMetaType<DensityTracksHandle>();
    m_recordPool.setMaxThreadCount(1);
    m_recordPool.setObjectName(QStringLiteral("maskscope-tracks"));
    m_corpusPool.setMaxThreadCount(1);
    m_corpusPool.setObjectName(QStringLiteral("maskscope-tracks-corpus"));
}

DensityTrackService::~DensityTrackService() {
    if (m_corpusStop) m_corpusStop->store(true);
    m_recordPool.waitForDone();
    m_corpusPool.waitForDone();
}

QStringList DensityTrackService::trackNames() const {
    QStringList names;
    if (!m_corpus || !m_tokenizer) return names;
    if (m_annotations && DensityRegistry::instance().contains("annotations")) names << QStringLiteral("annotations");
    for (const QString& source : m_settings.sources) {
        if (names.contains(source) || !DensityRegistry::instance().contains(utf8(source))) continue;
        if (needsCheckpoint(source, m_settings) && m_settings.checkpoint.isEmpty()) continue;
        names << source;
    }
    return names;
}

void DensityTrackService::setDocuments(CorpusHandle corpus, TokenizerHandle tokenizer, AnnotationsHandle annotations) {
    if (corpus == m_corpus && tokenizer == m_tokenizer && annotations == m_annotations) return;
    std::map<QString, std::shared_ptr<const DensitySource>> reused;
    if (corpus == m_corpus && tokenizer == m_tokenizer && m_sources) {
        // Only the annotations changed: keep the sources that do not read them.
        std::lock_guard lock(m_sources->mutex);
        if (m_sources->built && m_sources->error.empty()) {
            for (qsizetype i = 0; i < m_sources->names.size(); ++i) {
                const QString& name = m_sources->names[i];
                if (isModelSource(name)) reused.emplace(name, m_sources->sources[static_cast<std::size_t>(i)]);
            }
        }
    }
    m_corpus = std::move(corpus);
    m_tokenizer = std::move(tokenizer);
    m_annotations = std::move(annotations);
    m_reusable = std::move(reused);
    invalidate();
}

void DensityTrackService::setSettings(const ModelDensitySettings& settings) {
    if (settings == m_settings) return;
    m_settings = settings;
    Q_EMIT settingsChanged();
    invalidate();
}

void DensityTrackService::setCurrentRecord(qint64 record) {
    if (record == m_record) return;
    m_record = record;
    startRecord();
}

DensityTracksHandle DensityTrackService::tracks(qint64 record) const { return m_results.value(record); }

void DensityTrackService::invalidate() {
    ++m_generation;
    m_results.clear();
    m_sources.reset();
    if (m_state == State::Failed) setState(State::Idle, {});
    if (m_corpusStop) m_corpusStop->store(true);
    if (m_corpusRunning) {
        m_corpusRunning = false;
        Q_EMIT corpusFinished(false, 0, tr("Stopped: the checkpoint, the tracks or the documents changed."));
    }
    m_recordRunning = false;  // a running job is stale now; its result will be dropped
    m_runningRecord = -1;
    startRecord();
    updateBusy();
}

std::shared_ptr<DensityTrackService::Sources> DensityTrackService::currentSources() {
    if (!m_sources) {
        m_sources = std::make_shared<Sources>();
        m_sources->names = trackNames();
        m_sources->settings = m_settings;
        m_sources->tokenizer = m_tokenizer;
        m_sources->annotations = m_annotations;
        m_sources->reused = std::move(m_reusable);
        m_reusable.clear();
    }
    return m_sources;
}

void DensityTrackService::startRecord() {
    const QStringList names = trackNames();
    if (names.isEmpty() || m_record < 0) {
        setState(State::Idle, {});
        updateBusy();
        return;
    }
    if (m_results.contains(m_record)) {
        setState(State::Ready, {});
        updateBusy();
        return;
    }
    if (m_state == State::Failed && m_sources && m_sources->built && !m_sources->error.empty()) {
        updateBusy();
        return;  // the sources cannot be created under these settings; the message stays
    }
    setState(State::Computing, {});
    if (m_recordRunning) return;  // the running job's end starts the next record
    m_recordRunning = true;
    m_runningRecord = m_record;
    updateBusy();
    const quint64 generation = m_generation;
    const qint64 record = m_record;
    std::shared_ptr<Sources> sources = currentSources();
    CorpusHandle corpus = m_corpus;
    m_recordPool.start([this, generation, record, sources, corpus]() {
        DensityTracksHandle result;
        QString error;
        try {
            const TokenizedRecord tokens = sources->tokenizer->tokenize(corpus->record(static_cast<std::uint64_t>(record)));
            result = std::make_shared<const DensityTracks>(sources->score(tokens));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, generation, record, result, error]() {
                if (generation != m_generation) return;  // invalidate() started afresh
                m_recordRunning = false;
                m_runningRecord = -1;
                if (result) {
                    m_results.insert(record, result);
                    Q_EMIT tracksReady(record);
                    if (record == m_record) setState(State::Ready, {});
                } else {
                    setState(State::Failed, error);
                }
                // The current record moved on meanwhile (startRecord does not retry sources that
                // cannot be created).
                if (record != m_record) startRecord();
                updateBusy();
            },
            Qt::QueuedConnection);
    });
}

void DensityTrackService::computeCorpus() {
    if (m_corpusRunning) return;
    const QStringList names = trackNames();
    if (names.isEmpty()) {
        Q_EMIT corpusFinished(false, m_results.size(),
                              m_settings.checkpoint.isEmpty() && !m_settings.sources.isEmpty()
                                  ? tr("Open a checkpoint first.")
                                  : tr("Open a corpus and a tokenizer and choose at least one track first."));
        return;
    }
    auto stop = std::make_shared<std::atomic<bool>>(false);
    m_corpusStop = stop;
    m_corpusRunning = true;
    updateBusy();
    const quint64 generation = m_generation;
    std::shared_ptr<Sources> sources = currentSources();
    CorpusHandle corpus = m_corpus;
    QList<qint64> done = m_results.keys();
    m_corpusPool.start([this, generation, sources, corpus, stop, done]() {
        const std::uint64_t total = corpus->entryCount();
        const QSet<qint64> skip(done.begin(), done.end());
        QElapsedTimer clock;
        clock.start();
        QString error;
        bool complete = true;
        for (std::uint64_t entry = 0; entry < total; ++entry) {
            if (stop->load()) {
                complete = false;
                break;
            }
            if (clock.elapsed() >= 100) {
                clock.restart();
                QMetaObject::invokeMethod(
                    this,
                    [this, generation, entry, total]() {
                        if (generation == m_generation && m_corpusRunning) Q_EMIT corpusProgress(entry, total);
                    },
                    Qt::QueuedConnection);
            }
            const auto record = static_cast<qint64>(entry);
            if (skip.contains(record)) continue;
            const Corpus::Entry parsed = corpus->read(entry);
            if (!parsed.record) continue;  // a bad line: the corpus panel lists it
            DensityTracksHandle result;
            try {
                result = std::make_shared<const DensityTracks>(sources->score(sources->tokenizer->tokenize(*parsed.record)));
            } catch (const std::exception& e) {
                error = QString::fromStdString(e.what());
                complete = false;
                break;
            }
            QMetaObject::invokeMethod(
                this,
                [this, generation, record, result]() {
                    if (generation != m_generation) return;
                    m_results.insert(record, result);
                    Q_EMIT tracksReady(record);
                },
                Qt::QueuedConnection);
        }
        QMetaObject::invokeMethod(
            this,
            [this, generation, complete, total, error]() {
                if (generation != m_generation || !m_corpusRunning) return;
                m_corpusRunning = false;
                if (complete) Q_EMIT corpusProgress(total, total);
                if (!error.isEmpty() && m_state != State::Failed) setState(State::Failed, error);
                Q_EMIT corpusFinished(complete, m_results.size(), complete ? QString() : error.isEmpty() ? tr("Cancelled.") : error);
                updateBusy();
            },
            Qt::QueuedConnection);
    });
}

void DensityTrackService::cancelCorpus() {
    if (!m_corpusRunning) return;
    if (m_corpusStop) m_corpusStop->store(true);
    // The worker's final call reports corpusFinished(false, ...) once it has stopped.
}

DensityTracks DensityTrackService::compute(const QStringList& names, const ModelDensitySettings& settings,
                                           const Tokenizer& tokenizer, const AnnotationSet* annotations,
                                           const Record& record) {
    DensityTracks tracks;
    const TokenizedRecord tokens = tokenizer.tokenize(record);
    const QString tokenizerPath = QString::fromStdString(tokenizer.path());
    for (const QString& name : names) {
        DensityContext context;
        context.annotations = annotations;
        context.params = densityParams(name, settings, tokenizerPath);
        const std::unique_ptr<DensitySource> source = DensityRegistry::instance().create(utf8(name), context);
        tracks.push_back({name, source->score(tokens)});
    }
    return tracks;
}

void DensityTrackService::setState(State state, const QString& message) {
    if (state == m_state && message == m_message) return;
    m_state = state;
    m_message = message;
    Q_EMIT stateChanged();
}

void DensityTrackService::updateBusy() {
    const bool busy = isBusy();
    if (busy == m_busy) return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

}  // namespace maskscope::ui
