// Editing of hub annotations for the current record: the working AnnotationSet, every edit as a
// QUndoCommand on one QUndoStack, suggestions from the current density source (the hubs the
// Inspector extracted) to accept or reject one by one or all at once, and autosave of the sidecar.
//
// The working set is an immutable shared handle that is replaced on every edit and re-shared
// through InspectionContext::setAnnotations, so the "annotations" density source and every panel
// see an edit at once. Edits are made in UTF-8 byte offsets of the response (the file's unit):
// a token selection covers its tokens' bytes, a character-level selection (Alt-drag) its exact
// bytes. Spans a person adds carry the source "human"; overlapping or touching spans of the same
// source and label are merged.
//
// Autosave: the sidecar is written atomically (AnnotationSet::save) on a worker thread about
// kAutosaveDelayMs after the last edit, at most kMaxUnsavedMs after the first unsaved one, when
// the record or the corpus changes, and synchronously by saveNow() (on close). Without a loaded
// annotation file the sidecar is "<corpus>.annotations.jsonl"; an existing one is loaded before
// the first edit, never overwritten blindly. After a crash at most the last few seconds are lost.
#pragma once

#include "ui/ui_types.h"

#include "core/agreement.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>

#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

class QUndoStack;

namespace maskscope::ui {

class InspectionContext;

class AnnotationEditor : public QObject {
    Q_OBJECT
public:
    static constexpr int kAutosaveDelayMs = 2000;
    static constexpr int kMaxUnsavedMs = 5000;

    // A hub span the current density source proposes, in tokens and in response bytes.
    struct Suggestion {
        TokenRange tokens;
        ByteRange bytes;
    };

    // Everything an edit of one record changes: its annotation (absent: not annotated) and the
    // suggestions a person rejected in this session (byte ranges; not written to the file).
    struct RecordState {
        std::optional<RecordAnnotations> annotations;
        std::set<std::pair<std::uint32_t, std::uint32_t>> rejected;
        friend bool operator==(const RecordState&, const RecordState&) = default;
    };

    explicit AnnotationEditor(InspectionContext& context, QObject* parent = nullptr);
    ~AnnotationEditor() override;

    QUndoStack* undoStack() const { return m_undo; }
    // The working set (never null).
    AnnotationsHandle annotations() const { return m_set; }
    // The sidecar autosave writes; empty while no corpus is open.
    QString filePath() const;
    // Edits not yet on disk.
    bool isDirty() const { return m_generation != m_savedGeneration; }

    // --- the record being edited (the current record, once its inspection has arrived) -------
    bool canEdit() const;
    std::string recordId() const { return canEdit() ? m_recordId : std::string(); }
    std::vector<AnnotationSpan> recordSpans() const;
    // The response text of the record being edited; empty when none.
    std::string responseText() const;
    // The density source whose hubs are suggested (the context's current one).
    QString densitySourceName() const;
    // Hub tokens of the record's annotation (one entry per token); empty when not annotated.
    std::vector<std::uint8_t> annotatedTokens() const;
    // Suggestions neither covered by the annotation nor rejected, in text order.
    std::vector<Suggestion> suggestions() const;
    // Rejected suggestions of the current record.
    std::vector<Suggestion> rejectedSuggestions() const;
    // Index of the suggestion under review in suggestions(), -1 when there is none.
    int currentSuggestion() const;
    // The selection in response bytes (character-level override first, else the selected
    // tokens' bytes); nothing when no response text is selected.
    std::optional<ByteRange> selectionBytes() const;
    // Agreement of the annotation (reference) with the density source's hubs (prediction);
    // nothing when the record is not annotated or its annotation does not fit the text.
    std::optional<RecordAgreement> recordAgreement() const;

    // --- edits: each is one undoable command; false (and a status message) when nothing changes
    bool toggleHub();  // removes the hub when the selection is all hub, else adds it
    bool addHub(ByteRange bytes);
    bool removeHub(ByteRange bytes);
    bool acceptSuggestion();
    bool rejectSuggestion();
    bool acceptAllSuggestions();
    // Records the record as annotated (also with no hubs at all).
    bool markReviewed();
    void nextSuggestion();
    void previousSuggestion();

    // Writes the working set now, on the calling thread (used on close). Returns an error
    // message, or an empty string when saved or nothing was unsaved.
    QString saveNow();

    // Used by the undo commands.
    RecordState recordState(const std::string& id) const;
    void applyRecordState(const std::string& id, const RecordState& state);

Q_SIGNALS:
    // Spans, suggestions, selection or the record being edited changed.
    void changed();
    void dirtyChanged(bool dirty);
    void saved(const QString& path);
    void saveFailed(const QString& message);

private:
    bool pushEdit(const QString& text, const RecordState& after);
    bool ensureBaseSet();
    InspectionHandle editedInspection() const;
    std::optional<RecordAnnotations> editableAnnotations() const;
    void adoptContextAnnotations();
    void onCorpusChanged();
    void scheduleSave();
    void startSave();
    void onSaveDone(quint64 generation, const QString& path, const QString& error);
    void setGeneration(quint64 generation);

    InspectionContext& m_context;
    QUndoStack* m_undo = nullptr;
    AnnotationsHandle m_set;
    QString m_loadedPath;  // the file the set came from; empty: the corpus sidecar
    bool m_baseChecked = false;  // whether an existing sidecar was looked for before editing
    std::map<std::string, std::set<std::pair<std::uint32_t, std::uint32_t>>> m_rejected;
    std::string m_recordId;
    bool m_recordReady = false;
    int m_suggestion = 0;

    quint64 m_generation = 0;       // bumped by every applied change
    quint64 m_savedGeneration = 0;  // the generation on disk
    std::atomic<quint64> m_workerSaved{0};
    bool m_saving = false;
    bool m_saveAgain = false;
    QTimer m_timer;
    QElapsedTimer m_firstUnsaved;
    QThreadPool m_pool;
};

// The sidecar annotation file of a corpus: "<corpus>.annotations.jsonl".
QString sidecarPath(const QString& corpusPath);

}  // namespace maskscope::ui
