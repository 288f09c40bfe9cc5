#include "ui/annotation_editor.h"

#include "ui/annotation_command.h"
#include "ui/inspection_context.h"

#include "core/content_hash.h"
#include "core/error.h"

#include <QtCore/QFileInfo>
#include <QtCore/QMetaObject>
#include <QtGui/QUndoStack>

#include <algorithm>
#include <exception>

namespace maskscope::ui {

namespace {

const std::string kHumanSource = "human";

// Merges overlapping or touching spans that share source and label; keeps canonical order.
std::vector<AnnotationSpan> normalized(std::vector<AnnotationSpan> spans) {
    std::sort(spans.begin(), spans.end(), [](const AnnotationSpan& a, const AnnotationSpan& b) {
        return std::tie(a.source, a.label, a.start, a.end) < std::tie(b.source, b.label, b.start, b.end);
    });
    std::vector<AnnotationSpan> out;
    for (AnnotationSpan& span : spans) {
        if (span.start >= span.end) continue;
        if (!out.empty() && out.back().source == span.source && out.back().label == span.label &&
            span.start <= out.back().end) {
            out.back().end = std::max(out.back().end, span.end);
            continue;
        }
        out.push_back(std::move(span));
    }
    std::sort(out.begin(), out.end());
    return out;
}

// Whether the union of `spans` covers every byte of `bytes`.
bool covers(const std::vector<AnnotationSpan>& spans, ByteRange bytes) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;
    for (const AnnotationSpan& s : spans) ranges.emplace_back(s.start, s.end);
    std::sort(ranges.begin(), ranges.end());
    std::uint32_t reached = bytes.begin;
    for (const auto& [start, end] : ranges) {
        if (start > reached) break;
        reached = std::max(reached, end);
        if (reached >= bytes.end) return true;
    }
    return reached >= bytes.end;
}

}  // namespace

QString sidecarPath(const QString& corpusPath) {
    return corpusPath.isEmpty() ? QString() : corpusPath + QStringLiteral(".annotations.jsonl");
}

AnnotationEditor::AnnotationEditor(InspectionContext& context, QObject* parent)
    : QObject(parent), m_context(context), m_undo(new QUndoStack(this)),
      m_set(std::make_shared<const AnnotationSet>()) {
    m_pool.setMaxThreadCount(1);
    m_pool.setObjectName(QStringLiteral("maskscope-autosave"));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &AnnotationEditor::startSave);
    connect(&context, &InspectionContext::annotationsChanged, this, &AnnotationEditor::adoptContextAnnotations);
    connect(&context, &InspectionContext::corpusChanged, this, &AnnotationEditor::onCorpusChanged);
    connect(&context, &InspectionContext::tokenizerChanged, this, [this]() {
        m_recordReady = false;
        Q_EMIT changed();
    });
    connect(&context, &InspectionContext::currentRecordChanged, this, [this]() {
        if (isDirty()) startSave();
        m_recordReady = false;
        m_suggestion = 0;
        Q_EMIT changed();
    });
    connect(&context, &InspectionContext::inspectionChanged, this, [this]() {
        const InspectionHandle inspection = m_context.inspection();
        if (m_context.inspectionState() == InspectionContext::InspectionState::Ready && inspection) {
            if (!m_recordReady || m_recordId != inspection->tokens.record.id) m_suggestion = 0;
            m_recordId = inspection->tokens.record.id;
            m_recordReady = true;
        } else if (m_context.inspectionState() != InspectionContext::InspectionState::Pending) {
            m_recordReady = false;
        }
        Q_EMIT changed();
    });
    connect(&context, &InspectionContext::selectedTokensChanged, this, &AnnotationEditor::changed);
    connect(&context, &InspectionContext::selectedBytesChanged, this, &AnnotationEditor::changed);
    adoptContextAnnotations();
}

AnnotationEditor::~AnnotationEditor() {
    m_timer.stop();
    m_pool.waitForDone();
}

QString AnnotationEditor::filePath() const {
    return m_loadedPath.isEmpty() ? sidecarPath(m_context.corpusPath()) : m_loadedPath;
}

bool AnnotationEditor::canEdit() const { return m_recordReady && editedInspection() != nullptr; }

InspectionHandle AnnotationEditor::editedInspection() const {
    const InspectionHandle inspection = m_context.inspection();
    if (!m_recordReady || !inspection || inspection->tokens.record.id != m_recordId) return {};
    return inspection;
}

std::vector<AnnotationSpan> AnnotationEditor::recordSpans() const {
    if (!canEdit()) return {};
    const RecordAnnotations* found = m_set->find(m_recordId);
    return found ? found->spans : std::vector<AnnotationSpan>{};
}

std::string AnnotationEditor::responseText() const {
    const InspectionHandle inspection = editedInspection();
    return inspection ? inspection->tokens.record.response : std::string();
}

QString AnnotationEditor::densitySourceName() const {
    return QString::fromStdString(m_context.settings().densitySource);
}

std::vector<std::uint8_t> AnnotationEditor::annotatedTokens() const {
    const InspectionHandle inspection = editedInspection();
    if (!inspection) return {};
    const RecordAnnotations* found = m_set->find(m_recordId);
    if (!found || !matches(*found, inspection->tokens.record.response)) return {};
    return annotationHubs(found->spans, inspection->tokens).indicator;
}

std::vector<AnnotationEditor::Suggestion> AnnotationEditor::suggestions() const {
    const InspectionHandle inspection = editedInspection();
    if (!inspection) return {};
    const RecordAnnotations* found = m_set->find(m_recordId);
    const std::vector<AnnotationSpan> spans = found ? found->spans : std::vector<AnnotationSpan>{};
    const auto rejected = m_rejected.find(m_recordId);
    std::vector<Suggestion> out;
    const TokenizedRecord& record = inspection->tokens;
    for (const HubSpan& span : inspection->hubs.spans) {
        const std::size_t begin = std::max(span.begin, record.promptTokens);
        if (begin >= span.end || span.end > record.size()) continue;
        const ByteRange bytes{record.tokens[begin].begin, record.tokens[span.end - 1].end};
        if (bytes.empty() || covers(spans, bytes)) continue;
        if (rejected != m_rejected.end() && rejected->second.count({bytes.begin, bytes.end})) continue;
        out.push_back({{begin, span.end}, bytes});
    }
    return out;
}

std::vector<AnnotationEditor::Suggestion> AnnotationEditor::rejectedSuggestions() const {
    const InspectionHandle inspection = editedInspection();
    const auto rejected = m_rejected.find(m_recordId);
    if (!inspection || rejected == m_rejected.end()) return {};
    std::vector<Suggestion> out;
    const TokenizedRecord& record = inspection->tokens;
    for (const auto& [begin, end] : rejected->second) {
        TokenRange tokens{record.size(), 0};
        for (std::size_t i = record.promptTokens; i < record.size(); ++i) {
            if (record.tokens[i].begin < end && record.tokens[i].end > begin) {
                tokens.begin = std::min(tokens.begin, i);
                tokens.end = i + 1;
            }
        }
        out.push_back({tokens.empty() ? TokenRange{} : tokens, {begin, end}});
    }
    return out;
}

int AnnotationEditor::currentSuggestion() const {
    const std::size_t count = suggestions().size();
    if (count == 0) return -1;
    return std::clamp(m_suggestion, 0, int(count) - 1);
}

std::optional<ByteRange> AnnotationEditor::selectionBytes() const {
    const InspectionHandle inspection = editedInspection();
    if (!inspection) return std::nullopt;
    const std::string& response = inspection->tokens.record.response;
    const ByteRange bytes = m_context.selectedBytes();
    if (!bytes.empty() && bytes.end <= response.size()) return bytes;
    const TokenRange tokens = m_context.selectedTokens();
    const TokenizedRecord& record = inspection->tokens;
    const std::size_t begin = std::max(tokens.begin, record.promptTokens);
    const std::size_t end = std::min(tokens.end, record.size());
    if (begin >= end) return std::nullopt;
    const ByteRange range{record.tokens[begin].begin, record.tokens[end - 1].end};
    if (range.empty()) return std::nullopt;
    return range;
}

std::optional<RecordAgreement> AnnotationEditor::recordAgreement() const {
    const InspectionHandle inspection = editedInspection();
    if (!inspection) return std::nullopt;
    try {
        const std::optional<Hubs> reference = annotationHubs(*m_set, inspection->tokens);
        if (!reference) return std::nullopt;
        return compareHubs(*reference, inspection->hubs, inspection->maskable);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// The record's current annotation, or a fresh one for its text; nothing (with a status message)
// when the stored annotation was made for another text.
std::optional<RecordAnnotations> AnnotationEditor::editableAnnotations() const {
    const InspectionHandle inspection = editedInspection();
    if (!inspection) return std::nullopt;
    const std::string& response = inspection->tokens.record.response;
    if (const RecordAnnotations* found = m_set->find(m_recordId)) {
        if (!matches(*found, response)) {
            m_context.postStatus(tr("The annotation of record %1 was made for a different text; it cannot be edited.")
                                     .arg(QString::fromStdString(m_recordId)),
                                 8000);
            return std::nullopt;
        }
        return *found;
    }
    RecordAnnotations fresh;
    fresh.id = m_recordId;
    fresh.textHash = hashBytes(response);
    return fresh;
}

AnnotationEditor::RecordState AnnotationEditor::recordState(const std::string& id) const {
    RecordState state;
    if (const RecordAnnotations* found = m_set->find(id)) state.annotations = *found;
    if (const auto it = m_rejected.find(id); it != m_rejected.end()) state.rejected = it->second;
    return state;
}

bool AnnotationEditor::pushEdit(const QString& text, const RecordState& after) {
    const RecordState before = recordState(m_recordId);
    if (before == after) return false;
    m_undo->push(new AnnotationCommand(*this, text, m_recordId, before, after));
    return true;
}

bool AnnotationEditor::ensureBaseSet() {
    if (m_baseChecked || !m_loadedPath.isEmpty()) return true;
    // No annotation file is open: an existing sidecar is the base, never overwritten blindly.
    const QString path = filePath();
    if (path.isEmpty()) {
        m_context.postStatus(tr("Open a corpus before annotating."));
        return false;
    }
    if (!QFileInfo::exists(path)) {
        m_baseChecked = true;
        return true;
    }
    try {
        auto loaded = std::make_shared<const AnnotationSet>(AnnotationSet::load(path.toStdString()));
        m_set = loaded;
        m_loadedPath = path;
        m_baseChecked = true;
        m_context.setAnnotations(loaded);
        return true;
    } catch (const std::exception& e) {
        m_context.postStatus(tr("Cannot annotate: %1").arg(QString::fromStdString(e.what())), 10000);
        return false;
    }
}

bool AnnotationEditor::addHub(ByteRange bytes) {
    if (bytes.empty() || !ensureBaseSet()) return false;
    std::optional<RecordAnnotations> annotations = editableAnnotations();
    if (!annotations) return false;
    annotations->spans.push_back({bytes.begin, bytes.end, kHumanSource, {}});
    annotations->spans = normalized(std::move(annotations->spans));
    RecordState after = recordState(m_recordId);
    after.annotations = std::move(annotations);
    return pushEdit(tr("Add hub [%1, %2)").arg(bytes.begin).arg(bytes.end), after);
}

bool AnnotationEditor::removeHub(ByteRange bytes) {
    if (bytes.empty() || !ensureBaseSet()) return false;
    std::optional<RecordAnnotations> annotations = editableAnnotations();
    if (!annotations) return false;
    std::vector<AnnotationSpan> kept;
    for (const AnnotationSpan& span : annotations->spans) {
        if (span.end <= bytes.begin || span.start >= bytes.end) {
            kept.push_back(span);
            continue;
        }
        if (span.start < bytes.begin) kept.push_back({span.start, bytes.begin, span.source, span.label});
        if (span.end > bytes.end) kept.push_back({bytes.end, span.end, span.source, span.label});
    }
    std::sort(kept.begin(), kept.end());
    annotations->spans = std::move(kept);
    RecordState after = recordState(m_recordId);
    after.annotations = std::move(annotations);
    return pushEdit(tr("Remove hub [%1, %2)").arg(bytes.begin).arg(bytes.end), after);
}

bool AnnotationEditor::toggleHub() {
    const std::optional<ByteRange> bytes = selectionBytes();
    if (!bytes) {
        m_context.postStatus(tr("Select response tokens first (drag; Alt-drag selects characters)."));
        return false;
    }
    const RecordAnnotations* found = canEdit() ? m_set->find(m_recordId) : nullptr;
    if (found && covers(found->spans, *bytes)) return removeHub(*bytes);
    return addHub(*bytes);
}

bool AnnotationEditor::acceptSuggestion() {
    const std::vector<Suggestion> pending = suggestions();
    const int index = currentSuggestion();
    if (index < 0) {
        m_context.postStatus(tr("No suggestion left in this record."));
        return false;
    }
    const ByteRange bytes = pending[std::size_t(index)].bytes;
    if (!ensureBaseSet()) return false;
    std::optional<RecordAnnotations> annotations = editableAnnotations();
    if (!annotations) return false;
    annotations->spans.push_back({bytes.begin, bytes.end, kHumanSource, {}});
    annotations->spans = normalized(std::move(annotations->spans));
    RecordState after = recordState(m_recordId);
    after.annotations = std::move(annotations);
    return pushEdit(tr("Accept suggestion [%1, %2)").arg(bytes.begin).arg(bytes.end), after);
}

bool AnnotationEditor::rejectSuggestion() {
    const std::vector<Suggestion> pending = suggestions();
    const int index = currentSuggestion();
    if (index < 0) {
        m_context.postStatus(tr("No suggestion left in this record."));
        return false;
    }
    const ByteRange bytes = pending[std::size_t(index)].bytes;
    RecordState after = recordState(m_recordId);
    after.rejected.insert({bytes.begin, bytes.end});
    return pushEdit(tr("Reject suggestion [%1, %2)").arg(bytes.begin).arg(bytes.end), after);
}

bool AnnotationEditor::acceptAllSuggestions() {
    const std::vector<Suggestion> pending = suggestions();
    if (pending.empty()) {
        m_context.postStatus(tr("No suggestion left in this record."));
        return false;
    }
    if (!ensureBaseSet()) return false;
    std::optional<RecordAnnotations> annotations = editableAnnotations();
    if (!annotations) return false;
    for (const Suggestion& s : pending) annotations->spans.push_back({s.bytes.begin, s.bytes.end, kHumanSource, {}});
    annotations->spans = normalized(std::move(annotations->spans));
    RecordState after = recordState(m_recordId);
    after.annotations = std::move(annotations);
    return pushEdit(tr("Accept %n suggestion(s)", nullptr, int(pending.size())), after);
}

bool AnnotationEditor::markReviewed() {
    if (!canEdit() || !ensureBaseSet()) return false;
    if (m_set->find(m_recordId)) return false;
    std::optional<RecordAnnotations> annotations = editableAnnotations();
    if (!annotations) return false;
    RecordState after = recordState(m_recordId);
    after.annotations = std::move(annotations);
    return pushEdit(tr("Mark record %1 as annotated").arg(QString::fromStdString(m_recordId)), after);
}

void AnnotationEditor::nextSuggestion() {
    const int count = int(suggestions().size());
    if (count == 0) return;
    m_suggestion = (currentSuggestion() + 1) % count;
    Q_EMIT changed();
}

void AnnotationEditor::previousSuggestion() {
    const int count = int(suggestions().size());
    if (count == 0) return;
    m_suggestion = (currentSuggestion() + count - 1) % count;
    Q_EMIT changed();
}

void AnnotationEditor::applyRecordState(const std::string& id, const RecordState& state) {
    auto next = std::make_shared<AnnotationSet>(*m_set);
    if (state.annotations) next->set(*state.annotations);
    else next->remove(id);
    if (state.rejected.empty()) m_rejected.erase(id);
    else m_rejected[id] = state.rejected;
    m_set = std::move(next);
    setGeneration(m_generation + 1);
    m_context.setAnnotations(m_set);  // the density source and every panel see the edit
    scheduleSave();
    Q_EMIT changed();
}

void AnnotationEditor::adoptContextAnnotations() {
    const AnnotationsHandle shared = m_context.annotations();
    if (shared == m_set) return;
    if (!shared) {
        // Annotations closed: keep editing an empty set that autosave writes to the sidecar.
        if (isDirty()) saveNow();
        m_set = std::make_shared<const AnnotationSet>();
        m_loadedPath.clear();
    } else {
        // A file was opened (or reopened with a session): its contents become the working set.
        if (isDirty()) saveNow();
        m_set = shared;
        m_loadedPath = QString::fromStdString(shared->path());
    }
    m_rejected.clear();
    m_undo->clear();
    m_baseChecked = false;
    m_savedGeneration = m_generation;
    m_firstUnsaved.invalidate();
    Q_EMIT dirtyChanged(false);
    Q_EMIT changed();
}

void AnnotationEditor::onCorpusChanged() {
    if (isDirty()) saveNow();
    m_undo->clear();
    m_rejected.clear();
    m_recordReady = false;
    // A set built here (not loaded from a file) belongs to the previous corpus.
    m_baseChecked = false;
    if (m_loadedPath.isEmpty() && m_context.annotations() == m_set) {
        m_set = std::make_shared<const AnnotationSet>();
        m_context.setAnnotations(m_set);
    }
    Q_EMIT changed();
    // The corpus's sidecar opens by itself (in the background) when no annotation file is open.
    const QString sidecar = sidecarPath(m_context.corpusPath());
    if (!m_loadedPath.isEmpty() || sidecar.isEmpty() || !QFileInfo::exists(sidecar)) return;
    const AnnotationsHandle placeholder = m_set;
    m_pool.start([this, sidecar, placeholder]() {
        AnnotationsHandle loaded;
        QString error;
        try {
            loaded = std::make_shared<const AnnotationSet>(AnnotationSet::load(sidecar.toStdString()));
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, sidecar, placeholder, loaded, error]() {
                // Dropped when anything changed meanwhile (another file, an edit, another corpus).
                if (m_set != placeholder || sidecarPath(m_context.corpusPath()) != sidecar) return;
                if (!error.isEmpty()) {
                    m_context.postStatus(tr("Cannot open the annotations beside the corpus: %1").arg(error), 10000);
                    return;
                }
                m_context.setAnnotations(loaded);
            },
            Qt::QueuedConnection);
    });
}

void AnnotationEditor::setGeneration(quint64 generation) {
    const bool wasDirty = isDirty();
    m_generation = generation;
    if (isDirty() != wasDirty) Q_EMIT dirtyChanged(isDirty());
}

void AnnotationEditor::scheduleSave() {
    if (!m_firstUnsaved.isValid()) m_firstUnsaved.start();
    if (m_firstUnsaved.elapsed() >= kMaxUnsavedMs) startSave();
    else m_timer.start(kAutosaveDelayMs);
}

void AnnotationEditor::startSave() {
    m_timer.stop();
    if (!isDirty()) return;
    if (m_saving) {
        m_saveAgain = true;
        return;
    }
    const QString path = filePath();
    if (path.isEmpty()) {
        Q_EMIT saveFailed(tr("Annotations cannot be saved before a corpus is open."));
        return;
    }
    m_saving = true;
    m_saveAgain = false;
    m_firstUnsaved.invalidate();
    const AnnotationsHandle snapshot = m_set;
    const quint64 generation = m_generation;
    m_pool.start([this, snapshot, generation, path]() {
        QString error;
        try {
            snapshot->save(path.toStdString());
            quint64 saved = m_workerSaved.load();
            while (saved < generation && !m_workerSaved.compare_exchange_weak(saved, generation)) {}
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(
            this, [this, generation, path, error]() { onSaveDone(generation, path, error); }, Qt::QueuedConnection);
    });
}

void AnnotationEditor::onSaveDone(quint64 generation, const QString& path, const QString& error) {
    m_saving = false;
    if (!error.isEmpty()) {
        Q_EMIT saveFailed(error);
        return;
    }
    const bool wasDirty = isDirty();
    m_savedGeneration = std::max(m_savedGeneration, generation);
    Q_EMIT saved(path);
    if (wasDirty != isDirty()) Q_EMIT dirtyChanged(isDirty());
    if (m_saveAgain || isDirty()) scheduleSave();
}

QString AnnotationEditor::saveNow() {
    m_timer.stop();
    m_pool.waitForDone();
    m_saving = false;
    const bool wasDirty = isDirty();
    m_savedGeneration = std::max(m_savedGeneration, m_workerSaved.load());
    if (!isDirty()) {
        if (wasDirty) Q_EMIT dirtyChanged(false);
        return {};
    }
    const QString path = filePath();
    if (path.isEmpty()) return tr("Annotations cannot be saved before a corpus is open.");
    try {
        m_set->save(path.toStdString());
    } catch (const std::exception& e) {
        const QString message = QString::fromStdString(e.what());
        Q_EMIT saveFailed(message);
        return message;
    }
    m_savedGeneration = m_generation;
    m_firstUnsaved.invalidate();
    Q_EMIT saved(path);
    Q_EMIT dirtyChanged(false);
    return {};
}

}  // namespace maskscope::ui
