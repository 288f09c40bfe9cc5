#include "ui/inspection_context.h"

#include "ui/density_tracks.h"
#include "ui/record_inspection_service.h"

#include "core/density_source.h"
#include "core/error.h"

#include <algorithm>
#include <cmath>

namespace maskscope::ui {

InspectionSettings defaultInspectionSettings() {
    InspectionSettings settings;
    settings.blockSize = 32;
    return settings;
}

InspectionContext::InspectionContext(QObject* parent)
    : QObject(parent),
      m_settings(defaultInspectionSettings()),
      m_service(new RecordInspectionService(this)),
      m_tracks(new DensityTrackService(this)) {
    connect(m_service, &RecordInspectionService::finished, this, [this](const InspectionHandle& inspection) {
        m_inspection = inspection;
        setInspectionState(InspectionState::Ready, {});
    });
    connect(m_service, &RecordInspectionService::failed, this, [this](const QString& message) {
        m_inspection.reset();
        setInspectionState(InspectionState::Failed, message);
    });
    scheduleInspection();
}

InspectionContext::~InspectionContext() = default;

QString InspectionContext::corpusPath() const {
    return m_corpus ? QString::fromStdString(m_corpus->path()) : QString();
}

QString InspectionContext::tokenizerPath() const {
    return m_tokenizer ? QString::fromStdString(m_tokenizer->path()) : QString();
}

QString InspectionContext::annotationsPath() const {
    return m_annotations ? QString::fromStdString(m_annotations->path()) : QString();
}

void InspectionContext::setCorpus(CorpusHandle corpus, qint64 record) {
    m_corpus = std::move(corpus);
    m_badLines.clear();
    m_badEntries.clear();
    m_goodEntries = 0;
    m_scanned = false;
    const qint64 count = m_corpus ? static_cast<qint64>(m_corpus->entryCount()) : 0;
    m_record = count > 0 ? std::clamp<qint64>(record, 0, count - 1) : -1;
    m_selection = {};
    m_selectedBytes = {};
    m_inspection.reset();
    Q_EMIT corpusChanged();
    Q_EMIT corpusScanChanged();
    Q_EMIT currentRecordChanged(m_record);
    scheduleInspection();
}

void InspectionContext::setCorpusScan(std::vector<BadLine> badLines, std::vector<std::uint64_t> badEntries,
                                       std::uint64_t goodEntries) {
    m_badLines = std::move(badLines);
    m_badEntries = std::move(badEntries);
    m_goodEntries = goodEntries;
    m_scanned = true;
    Q_EMIT corpusScanChanged();
}

void InspectionContext::setTokenizer(TokenizerHandle tokenizer) {
    m_tokenizer = std::move(tokenizer);
    Q_EMIT tokenizerChanged();
    scheduleInspection();
}

void InspectionContext::setAnnotations(AnnotationsHandle annotations) {
    m_annotations = std::move(annotations);
    Q_EMIT annotationsChanged();
    scheduleInspection();
}

QString InspectionContext::validate(const InspectionSettings& settings) {
    if (!DensityRegistry::instance().contains(settings.densitySource))
        return tr("Unknown density source '%1'.").arg(QString::fromStdString(settings.densitySource));
    const double value = settings.hubs.value;
    if (!(value >= 0.0 && value <= 1.0))
        return tr("The hub threshold or fraction must lie in [0, 1], not %1.").arg(value);
    try {
        settings.policy.validate();
    } catch (const UsageError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

QString InspectionContext::setSettings(const InspectionSettings& settings) {
    QString problem = validate(settings);
    if (!problem.isEmpty()) return problem;
    m_settings = settings;
    Q_EMIT settingsChanged();
    scheduleInspection();
    return {};
}

void InspectionContext::setStep(std::uint32_t step) {
    if (step == m_step) return;
    m_step = step;
    Q_EMIT stepChanged(step);
    scheduleInspection();
}

void InspectionContext::setCurrentRecord(qint64 record) {
    const qint64 count = m_corpus ? static_cast<qint64>(m_corpus->entryCount()) : 0;
    record = count > 0 ? std::clamp<qint64>(record, 0, count - 1) : -1;
    if (record == m_record) return;
    m_record = record;
    m_selection = {};
    const bool hadBytes = !m_selectedBytes.empty();
    m_selectedBytes = {};
    Q_EMIT currentRecordChanged(record);
    Q_EMIT selectedTokensChanged(m_selection);
    if (hadBytes) Q_EMIT selectedBytesChanged(m_selectedBytes);
    scheduleInspection();
}

void InspectionContext::setSelectedTokens(TokenRange range) {
    if (range == m_selection) return;
    m_selection = range;
    if (!m_selectedBytes.empty()) {
        m_selectedBytes = {};
        Q_EMIT selectedBytesChanged(m_selectedBytes);
    }
    Q_EMIT selectedTokensChanged(range);
}

void InspectionContext::setSelectedBytes(ByteRange range) {
    if (range == m_selectedBytes) return;
    m_selectedBytes = range;
    Q_EMIT selectedBytesChanged(range);
}

void InspectionContext::postStatus(const QString& message, int timeoutMs) {
    Q_EMIT statusPosted(message, timeoutMs);
}

void InspectionContext::updateTracks() {
    m_tracks->setDocuments(m_corpus, m_tokenizer, m_annotations);
    m_tracks->setCurrentRecord(m_corpus && m_tokenizer ? m_record : -1);
}

void InspectionContext::scheduleInspection() {
    updateTracks();
    if (!m_corpus) {
        m_service->cancel();
        m_inspection.reset();
        setInspectionState(InspectionState::Unavailable,
                           tr("Open (Ctrl+O) or drop a corpus (.jsonl, .txt) and a tokenizer (.model) here to begin."));
        return;
    }
    if (m_record < 0) {
        m_service->cancel();
        m_inspection.reset();
        setInspectionState(InspectionState::Unavailable, tr("The corpus has no records."));
        return;
    }
    if (!m_tokenizer) {
        m_service->cancel();
        m_inspection.reset();
        setInspectionState(InspectionState::Unavailable,
                           tr("Open (Ctrl+O) or drop a tokenizer (.model) here to see tokens, density and masks."));
        return;
    }
    RecordInspectionService::Request request;
    request.corpus = m_corpus;
    request.tokenizer = m_tokenizer;
    request.annotations = m_annotations;
    request.settings = m_settings;
    request.step = m_step;
    request.record = static_cast<std::uint64_t>(m_record);
    m_service->request(std::move(request));
    setInspectionState(InspectionState::Pending, {});
}

void InspectionContext::setInspectionState(InspectionState state, const QString& message) {
    m_state = state;
    m_message = message;
    Q_EMIT inspectionChanged();
}

}  // namespace maskscope::ui
