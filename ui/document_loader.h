// Opens corpora, tokenizers, annotation files, checkpoints and sessions in the background and hands the results
// to the InspectionContext. Nothing here blocks the GUI thread.
//
// A corpus opens in two phases: Corpus::open indexes the file (progress in bytes), the corpus is
// handed to the context at once so that its first records show, and then Corpus::scan parses
// every entry to list the bad lines (progress in entries). Both phases can be cancelled. Opening
// another file of the same kind makes the running job stale: its result is dropped.
#pragma once

#include "ui/file_kind.h"
#include "ui/session_file.h"
#include "ui/ui_types.h"

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>
#include <QtCore/QThreadPool>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace maskscope::ui {

class InspectionContext;

class DocumentLoader : public QObject {
    Q_OBJECT
public:
    explicit DocumentLoader(InspectionContext& context, QObject* parent = nullptr);
    ~DocumentLoader() override;

    // Opens each file according to detectFileKind (a session opens what it names). Files of
    // unknown kind are reported through failed().
    void openFiles(const QStringList& paths);
    // `record` becomes the current record once the corpus is indexed.
    void openCorpus(const QString& path, qint64 record = 0);
    void openTokenizer(const QString& path);
    void openAnnotations(const QString& path);
    // Makes the checkpoint `path` names (a step_N directory, a checkpoints/ folder or a run
    // directory) the one the model density tracks use; when no track is chosen yet, model:surprisal
    // is. The weights load on the track worker. Returns false (and failed()) when `path` names no
    // checkpoint or its config.json is broken.
    bool openCheckpoint(const QString& path);
    // Opens the documents a session names and applies its settings, step and record. Returns the
    // session, or nothing when the file cannot be read (failed() says why).
    std::optional<Session> openSession(const QString& path);

    // Stops the corpus job (indexing or scanning). An indexed corpus stays open without its
    // bad-line list.
    void cancelCorpus();
    bool isBusy() const { return m_activeJobs > 0; }

Q_SIGNALS:
    // Throttled progress of the corpus job: `task` says what runs ("Indexing corpus.jsonl").
    void progress(const QString& task, quint64 done, quint64 total);
    void busyChanged(bool busy);
    // A file opened successfully (for the corpus: once indexed).
    void opened(const QString& path, maskscope::ui::FileKind kind);
    void failed(const QString& path, const QString& message);
    void cancelled(const QString& path);

private:
    enum class Phase { Indexed, Scanned, Failed, Cancelled };

    // Worker -> GUI thread, queued.
    Q_SIGNAL void corpusPhase(quint64 generation, int phase, maskscope::ui::CorpusHandle corpus,
                              const std::vector<maskscope::BadLine>& badLines,
                              const std::vector<std::uint64_t>& badEntries, quint64 goodEntries,
                              const QString& error);
    Q_SIGNAL void tokenizerDone(quint64 generation, maskscope::ui::TokenizerHandle tokenizer, const QString& error);
    Q_SIGNAL void annotationsDone(quint64 generation, maskscope::ui::AnnotationsHandle annotations,
                                  const QString& error);
    Q_SIGNAL void workerProgress(quint64 generation, const QString& task, quint64 done, quint64 total);

    void onCorpusPhase(quint64 generation, int phase, const CorpusHandle& corpus,
                       const std::vector<BadLine>& badLines, const std::vector<std::uint64_t>& badEntries,
                       quint64 goodEntries, const QString& error);
    void jobStarted();
    void jobEnded();

    InspectionContext& m_context;
    QThreadPool m_pool;
    int m_activeJobs = 0;
    quint64 m_corpusGeneration = 0;
    quint64 m_tokenizerGeneration = 0;
    quint64 m_annotationsGeneration = 0;
    QString m_corpusPath;
    QString m_tokenizerPath;
    QString m_annotationsPath;
    qint64 m_pendingRecord = 0;
    std::shared_ptr<std::atomic<bool>> m_corpusCancel;
};

}  // namespace maskscope::ui
