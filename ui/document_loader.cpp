#include "ui/document_loader.h"

#include "ui/checkpoint_info.h"
#include "ui/density_tracks.h"
#include "ui/inspection_context.h"

#include "core/density_source.h"

#include <QtCore/QFile>
#include <QtCore/QFileInfo>

#include <chrono>
#include <exception>

namespace maskscope::ui {

namespace {

std::string nativePath(const QString& path) { return QFile::encodeName(path).toStdString(); }

// A Progress callback that reports at most every 50 ms (and always the last call) and stops when
// `cancel` is set.
template <typename Emit>
Progress throttledProgress(const std::shared_ptr<std::atomic<bool>>& cancel, Emit emit) {
    using Clock = std::chrono::steady_clock;
    auto last = std::make_shared<Clock::time_point>(Clock::now() - std::chrono::seconds(1));
    return [cancel, emit, last](std::uint64_t done, std::uint64_t total) {
        if (cancel->load(std::memory_order_relaxed)) return false;
        const auto now = Clock::now();
        if (done == total || now - *last >= std::chrono::milliseconds(50)) {
            *last = now;
            emit(done, total);
        }
        return true;
    };
}

}  // namespace

DocumentLoader::DocumentLoader(InspectionContext& context, QObject* parent)
    : QObject(parent), m_context(context) {
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("maskscope-loader"));
    connect(this, &DocumentLoader::corpusPhase, this, &DocumentLoader::onCorpusPhase, Qt::QueuedConnection);
    connect(
        this, &DocumentLoader::workerProgress, this,
        [this](quint64 generation, const QString& task, quint64 done, quint64 total) {
            if (generation == m_corpusGeneration) Q_EMIT progress(task, done, total);
        },
        Qt::QueuedConnection);
    connect(
        this, &DocumentLoader::tokenizerDone, this,
        [this](quint64 generation, const TokenizerHandle& tokenizer, const QString& error) {
            jobEnded();
            if (generation != m_tokenizerGeneration) return;
            if (tokenizer) {
                m_context.setTokenizer(tokenizer);
                Q_EMIT opened(m_tokenizerPath, FileKind::Tokenizer);
            } else {
                Q_EMIT failed(m_tokenizerPath, error);
            }
        },
        Qt::QueuedConnection);
    connect(
        this, &DocumentLoader::annotationsDone, this,
        [this](quint64 generation, const AnnotationsHandle& annotations, const QString& error) {
            jobEnded();
            if (generation != m_annotationsGeneration) return;
            if (annotations) {
                m_context.setAnnotations(annotations);
                Q_EMIT opened(m_annotationsPath, FileKind::Annotations);
            } else {
                Q_EMIT failed(m_annotationsPath, error);
            }
        },
        Qt::QueuedConnection);
}

DocumentLoader::~DocumentLoader() {
    if (m_corpusCancel) m_corpusCancel->store(true);
    m_pool.clear();
    m_pool.waitForDone();
}

void DocumentLoader::openFiles(const QStringList& paths) {
    for (const QString& path : paths) {
        switch (detectFileKind(path)) {
        case FileKind::Corpus: openCorpus(path); break;
        case FileKind::Tokenizer: openTokenizer(path); break;
        case FileKind::Annotations: openAnnotations(path); break;
        case FileKind::Session: openSession(path); break;
        case FileKind::Checkpoint: openCheckpoint(path); break;
        case FileKind::Unknown:
            Q_EMIT failed(path, QFileInfo::exists(path) ? tr("%1: the file cannot be read.").arg(path)
                                                         : tr("%1: no such file.").arg(path));
            break;
        }
    }
}

void DocumentLoader::openCorpus(const QString& path, qint64 record) {
    if (m_corpusCancel) m_corpusCancel->store(true);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_corpusCancel = cancel;
    const quint64 generation = ++m_corpusGeneration;
    m_corpusPath = path;
    m_pendingRecord = record;
    const QString name = QFileInfo(path).fileName();
    const QString indexing = tr("Indexing %1").arg(name);
    const QString checking = tr("Checking the records of %1").arg(name);
    jobStarted();
    m_pool.start([this, generation, cancel, path, indexing, checking]() {
        auto report = [this, generation](const QString& task) {
            return [this, generation, task](std::uint64_t done, std::uint64_t total) {
                Q_EMIT workerProgress(generation, task, done, total);
            };
        };
        CorpusHandle corpus;
        try {
            corpus = std::make_shared<const Corpus>(
                Corpus::open(nativePath(path), CorpusFormat::Auto, throttledProgress(cancel, report(indexing))));
        } catch (const Cancelled&) {
            Q_EMIT corpusPhase(generation, int(Phase::Cancelled), {}, {}, {}, 0, {});
            return;
        } catch (const std::exception& e) {
            Q_EMIT corpusPhase(generation, int(Phase::Failed), {}, {}, {}, 0, QString::fromStdString(e.what()));
            return;
        }
        Q_EMIT corpusPhase(generation, int(Phase::Indexed), corpus, {}, {}, 0, {});
        try {
            Corpus::Scan scan = corpus->scan(throttledProgress(cancel, report(checking)));
            // Bad entries are the indices missing from the sorted list of good ones, in file order,
            // like scan.bad.
            std::vector<std::uint64_t> badEntries;
            badEntries.reserve(scan.bad.size());
            std::uint64_t next = 0;
            for (std::uint64_t good : scan.good) {
                while (next < good) badEntries.push_back(next++);
                next = good + 1;
            }
            while (next < corpus->entryCount()) badEntries.push_back(next++);
            Q_EMIT corpusPhase(generation, int(Phase::Scanned), corpus, scan.bad, badEntries, scan.good.size(), {});
        } catch (const Cancelled&) {
            Q_EMIT corpusPhase(generation, int(Phase::Cancelled), corpus, {}, {}, 0, {});
        } catch (const std::exception& e) {
            Q_EMIT corpusPhase(generation, int(Phase::Failed), corpus, {}, {}, 0, QString::fromStdString(e.what()));
        }
    });
}

void DocumentLoader::onCorpusPhase(quint64 generation, int phase, const CorpusHandle& corpus,
                                   const std::vector<BadLine>& badLines, const std::vector<std::uint64_t>& badEntries,
                                   quint64 goodEntries, const QString& error) {
    const auto which = static_cast<Phase>(phase);
    const bool current = generation == m_corpusGeneration;
    if (which != Phase::Indexed) jobEnded();
    if (!current) return;  // a newer corpus replaced this one
    switch (which) {
    case Phase::Indexed:
        m_context.setCorpus(corpus, m_pendingRecord);
        Q_EMIT opened(m_corpusPath, FileKind::Corpus);
        break;
    case Phase::Scanned:
        m_context.setCorpusScan(badLines, badEntries, goodEntries);
        break;
    case Phase::Failed:
        Q_EMIT failed(m_corpusPath, corpus ? tr("Checking the records failed: %1").arg(error) : error);
        break;
    case Phase::Cancelled:
        Q_EMIT cancelled(m_corpusPath);
        break;
    }
}

void DocumentLoader::openTokenizer(const QString& path) {
    const quint64 generation = ++m_tokenizerGeneration;
    m_tokenizerPath = path;
    jobStarted();
    m_pool.start([this, generation, path]() {
        try {
            auto tokenizer = std::make_shared<const Tokenizer>(Tokenizer::load(nativePath(path)));
            Q_EMIT tokenizerDone(generation, tokenizer, {});
        } catch (const std::exception& e) {
            Q_EMIT tokenizerDone(generation, {}, QString::fromStdString(e.what()));
        }
    });
}

void DocumentLoader::openAnnotations(const QString& path) {
    const quint64 generation = ++m_annotationsGeneration;
    m_annotationsPath = path;
    jobStarted();
    m_pool.start([this, generation, path]() {
        try {
            auto annotations = std::make_shared<const AnnotationSet>(AnnotationSet::load(nativePath(path)));
            Q_EMIT annotationsDone(generation, annotations, {});
        } catch (const std::exception& e) {
            Q_EMIT annotationsDone(generation, {}, QString::fromStdString(e.what()));
        }
    });
}

std::optional<Session> DocumentLoader::openSession(const QString& path) {
    Session session;
    try {
        session = loadSession(path);
    } catch (const std::exception& e) {
        Q_EMIT failed(path, QString::fromStdString(e.what()));
        return std::nullopt;
    }
    const QString problem = m_context.setSettings(session.settings);
    if (!problem.isEmpty()) Q_EMIT failed(path, problem);
    m_context.setStep(session.step);
    if (!session.tokenizer.isEmpty()) openTokenizer(session.tokenizer);
    if (!session.annotations.isEmpty()) openAnnotations(session.annotations);
    if (!session.corpus.isEmpty()) openCorpus(session.corpus, session.record);
    m_context.densityTracks().setSettings(session.model);
    Q_EMIT opened(path, FileKind::Session);
    return session;
}

bool DocumentLoader::openCheckpoint(const QString& path) {
    CheckpointInfo info;
    try {
        info = readCheckpointInfo(path);  // two small JSON files; the weights load on the track worker
    } catch (const std::exception& e) {
        Q_EMIT failed(path, QString::fromStdString(e.what()));
        return false;
    }
    ModelDensitySettings settings = m_context.densityTracks().settings();
    settings.checkpoint = info.directory;
    if (settings.sources.isEmpty() && DensityRegistry::instance().contains("model:surprisal"))
        settings.sources << QStringLiteral("model:surprisal");
    m_context.densityTracks().setSettings(settings);
    Q_EMIT opened(path, FileKind::Checkpoint);
    return true;
}

void DocumentLoader::cancelCorpus() {
    if (m_corpusCancel) m_corpusCancel->store(true);
}

void DocumentLoader::jobStarted() {
    if (m_activeJobs++ == 0) Q_EMIT busyChanged(true);
}

void DocumentLoader::jobEnded() {
    if (--m_activeJobs == 0) Q_EMIT busyChanged(false);
}

}  // namespace maskscope::ui
