// The one shared "current state" of the desktop app, in the spirit of RenderDoc's capture context:
// the loaded documents (corpus, tokenizer, annotations), the inspection settings, the current
// record and token selection, and the inspection of the current record. Every panel reads from it
// and writes to it; panels never know each other. Future panels (annotation editing, corpus
// statistics charts) take an InspectionContext& and follow its signals.
//
// Lives on the GUI thread. Documents are immutable shared handles (ui_types.h), so workers may keep
// using them after they are replaced. The inspection of the current record is recomputed off the
// GUI thread whenever anything it depends on changes (RecordInspectionService); until it arrives
// the previous one stays visible.
#pragma once

#include "ui/ui_types.h"

#include <QtCore/QObject>
#include <QtCore/QString>

#include <cstdint>
#include <vector>

namespace maskscope::ui {

class DensityTrackService;
class RecordInspectionService;

class InspectionContext : public QObject {
    Q_OBJECT
public:
    // What the inspection of the current record is doing.
    enum class InspectionState {
        Unavailable,  // nothing to inspect: no corpus, no tokenizer or no record (see message)
        Pending,      // a computation is running; inspection() may still be the previous one
        Ready,        // inspection() belongs to the current record and settings
        Failed,       // the computation failed; inspectionMessage() says why
    };
    Q_ENUM(InspectionState)

    explicit InspectionContext(QObject* parent = nullptr);
    ~InspectionContext() override;

    // --- documents -------------------------------------------------------------------------
    CorpusHandle corpus() const { return m_corpus; }
    QString corpusPath() const;
    // Replaces the corpus (null closes it). Bad-line information is cleared until setCorpusScan;
    // the current record becomes `record` (clamped; -1 when the corpus is empty or null).
    void setCorpus(CorpusHandle corpus, qint64 record = 0);
    // The result of scanning the current corpus: every bad entry in file order (its line and
    // reason, and its entry index) and how many entries are good.
    void setCorpusScan(std::vector<BadLine> badLines, std::vector<std::uint64_t> badEntries, std::uint64_t goodEntries);
    bool corpusScanned() const { return m_scanned; }
    const std::vector<BadLine>& badLines() const { return m_badLines; }
    const std::vector<std::uint64_t>& badEntries() const { return m_badEntries; }
    std::uint64_t goodEntries() const { return m_goodEntries; }

    TokenizerHandle tokenizer() const { return m_tokenizer; }
    QString tokenizerPath() const;
    void setTokenizer(TokenizerHandle tokenizer);

    AnnotationsHandle annotations() const { return m_annotations; }
    QString annotationsPath() const;
    void setAnnotations(AnnotationsHandle annotations);

    // --- settings --------------------------------------------------------------------------
    const InspectionSettings& settings() const { return m_settings; }
    // Applies `settings` when they are valid and returns an empty string; otherwise leaves the
    // current settings alone and returns why (e.g. "t must satisfy 0 <= t_min <= t_max <= 1").
    QString setSettings(const InspectionSettings& settings);
    static QString validate(const InspectionSettings& settings);

    std::uint32_t step() const { return m_step; }
    void setStep(std::uint32_t step);

    // --- selection -------------------------------------------------------------------------
    // Entry index of the current record in the corpus, -1 when none.
    qint64 currentRecord() const { return m_record; }
    void setCurrentRecord(qint64 record);
    // Tokens of the current record that a panel points at (e.g. a block); cleared when the
    // record changes.
    TokenRange selectedTokens() const { return m_selection; }
    void setSelectedTokens(TokenRange range);
    // A character-level override of the token selection (e.g. Alt-drag in the record view): exact
    // byte offsets into the current record's response. Cleared when the token selection or the
    // record changes; empty when the selection snaps to tokens.
    ByteRange selectedBytes() const { return m_selectedBytes; }
    void setSelectedBytes(ByteRange range);

    // --- inspection of the current record --------------------------------------------------
    InspectionHandle inspection() const { return m_inspection; }
    InspectionState inspectionState() const { return m_state; }
    // Why the inspection is unavailable or failed; empty otherwise.
    QString inspectionMessage() const { return m_message; }

    // --- density tracks --------------------------------------------------------------------
    // The annotation and model-based density tracks of the current record (and, on request, of
    // the corpus); it follows the documents and the current record of this context. The
    // checkpoint and the chosen model sources are its settings.
    DensityTrackService& densityTracks() const { return *m_tracks; }

    // A message for the status bar from any panel.
    void postStatus(const QString& message, int timeoutMs = 5000);

Q_SIGNALS:
    void corpusChanged();
    void corpusScanChanged();
    void tokenizerChanged();
    void annotationsChanged();
    void settingsChanged();
    void stepChanged(std::uint32_t step);
    void currentRecordChanged(qint64 record);
    void selectedTokensChanged(maskscope::ui::TokenRange range);
    void selectedBytesChanged(maskscope::ui::ByteRange range);
    // The inspection, its state or its message changed.
    void inspectionChanged();
    void statusPosted(const QString& message, int timeoutMs);

private:
    void scheduleInspection();
    void setInspectionState(InspectionState state, const QString& message);
    void updateTracks();

    CorpusHandle m_corpus;
    std::vector<BadLine> m_badLines;
    std::vector<std::uint64_t> m_badEntries;
    std::uint64_t m_goodEntries = 0;
    bool m_scanned = false;
    TokenizerHandle m_tokenizer;
    AnnotationsHandle m_annotations;
    InspectionSettings m_settings;
    std::uint32_t m_step = 0;
    qint64 m_record = -1;
    TokenRange m_selection;
    ByteRange m_selectedBytes;
    InspectionHandle m_inspection;
    InspectionState m_state = InspectionState::Unavailable;
    QString m_message;
    RecordInspectionService* m_service = nullptr;
    DensityTrackService* m_tracks = nullptr;
};

// The settings a new session starts with: the CLI's defaults plus block size 32 (the paper's).
InspectionSettings defaultInspectionSettings();

}  // namespace maskscope::ui
