#include "ui/annotation_panel.h"

#include "ui/agreement_service.h"
#include "ui/annotation_editor.h"
#include "ui/annotation_span_model.h"
#include "ui/density_tracks.h"
#include "ui/inspection_context.h"
#include "ui/view_colors.h"

#include "core/agreement.h"
#include "core/hubs.h"

#include <QtCore/QFileInfo>
#include <QtCore/QLocale>
#include <QtCore/QTime>
#include <QtGui/QAction>
#include <QtGui/QUndoStack>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QTableView>
#include <QtWidgets/QToolBar>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

namespace maskscope::ui {

namespace {

QString figure(const std::optional<double>& value) {
    return value ? QLocale().toString(*value, 'f', 3) : QStringLiteral("\u2014");
}

QLabel* valueLabel(const QString& objectName, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

}  // namespace

AnnotationPanel::AnnotationPanel(InspectionContext& context, AnnotationEditor& editor, QWidget* parent)
    : QWidget(parent), m_context(context), m_editor(editor), m_model(new AnnotationSpanModel(editor, this)),
      m_agreement(new AgreementService(this)) {
    setObjectName(QStringLiteral("annotationPanel"));

    m_toggle = addAction(tr("Toggle &Hub"), tr("Add the selection as a hub, or remove it when it is all hub"),
                         {QKeySequence(Qt::Key_H)});
    connect(m_toggle, &QAction::triggered, &editor, &AnnotationEditor::toggleHub);
    m_accept = addAction(tr("&Accept Suggestion"), tr("Accept the suggestion under review as a hub"),
                         {QKeySequence(Qt::Key_A)});
    connect(m_accept, &QAction::triggered, &editor, &AnnotationEditor::acceptSuggestion);
    m_reject = addAction(tr("&Reject Suggestion"), tr("Reject the suggestion under review"), {QKeySequence(Qt::Key_R)});
    connect(m_reject, &QAction::triggered, &editor, &AnnotationEditor::rejectSuggestion);
    m_acceptAll = addAction(tr("Accept A&ll Suggestions"), tr("Accept every suggestion of this record"),
                            {QKeySequence(Qt::SHIFT | Qt::Key_A)});
    connect(m_acceptAll, &QAction::triggered, &editor, &AnnotationEditor::acceptAllSuggestions);
    m_previous = addAction(tr("&Previous Suggestion"), tr("Review the previous suggestion"),
                           {QKeySequence(Qt::SHIFT | Qt::Key_S)});
    connect(m_previous, &QAction::triggered, &editor, &AnnotationEditor::previousSuggestion);
    m_next = addAction(tr("&Next Suggestion"), tr("Review the next suggestion"), {QKeySequence(Qt::Key_S)});
    connect(m_next, &QAction::triggered, &editor, &AnnotationEditor::nextSuggestion);
    m_done = addAction(tr("&Done, Next Record"), tr("Keep this record's annotation (also without hubs) and go to the next record"),
                       {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(m_done, &QAction::triggered, this, [this]() {
        m_editor.markReviewed();
        m_context.setCurrentRecord(m_context.currentRecord() + 1);
    });

    auto* toolbar = new QToolBar(this);
    toolbar->setObjectName(QStringLiteral("annotationToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->setIconSize(QSize(16, 16));
    QAction* undo = editor.undoStack()->createUndoAction(toolbar, tr("Undo"));
    undo->setToolTip(tr("Undo the last annotation edit (%1)").arg(QKeySequence(QKeySequence::Undo).toString(QKeySequence::NativeText)));
    QAction* redo = editor.undoStack()->createRedoAction(toolbar, tr("Redo"));
    redo->setToolTip(tr("Redo (%1)").arg(QKeySequence(QKeySequence::Redo).toString(QKeySequence::NativeText)));
    // Short labels in the toolbar; the menu shows the full names.
    const std::pair<QAction*, QString> buttons[] = {
        {m_toggle, tr("Hub")}, {m_accept, tr("Accept")}, {m_reject, tr("Reject")}, {m_acceptAll, tr("All")},
        {m_previous, tr("\u25c2")}, {m_next, tr("\u25b8")}, {m_done, tr("Done \u25b8")},
    };
    for (const auto& [action, label] : buttons) {
        action->setIconText(label);  // the toolbar shows the icon text, menus the full text
        toolbar->addAction(action);
    }
    toolbar->addSeparator();
    toolbar->addAction(undo);
    toolbar->addAction(redo);

    m_file = valueLabel(QStringLiteral("annotationFile"), this);
    m_selection = valueLabel(QStringLiteral("annotationSelection"), this);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("annotationTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(AnnotationSpanModel::TextColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(AnnotationSpanModel::KindColumn, m_table->fontMetrics().horizontalAdvance(tr("\u25b6 suggestion")) + 16);
    m_table->setColumnWidth(AnnotationSpanModel::BytesColumn, m_table->fontMetrics().horizontalAdvance(QStringLiteral("[00000, 00000)")) + 12);
    m_table->setColumnWidth(AnnotationSpanModel::SourceColumn, m_table->fontMetrics().horizontalAdvance(QStringLiteral("rules:code")) + 16);
    m_table->setMinimumHeight(90);
    // Clicking a row selects its text in the record view.
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const QPoint bytes = index.siblingAtColumn(0).data(AnnotationSpanModel::kByteRangeRole).toPoint();
        const InspectionHandle inspection = m_context.inspection();
        if (!inspection) return;
        const TokenizedRecord& record = inspection->tokens;
        TokenRange tokens{record.size(), 0};
        for (std::size_t i = record.promptTokens; i < record.size(); ++i) {
            if (int(record.tokens[i].begin) < bytes.y() && int(record.tokens[i].end) > bytes.x()) {
                tokens.begin = std::min(tokens.begin, i);
                tokens.end = i + 1;
            }
        }
        if (!tokens.empty()) m_context.setSelectedTokens(tokens);
    });

    m_recordAgreement = valueLabel(QStringLiteral("recordAgreement"), this);
    m_corpusAgreement = valueLabel(QStringLiteral("corpusAgreement"), this);
    m_trackAgreement = valueLabel(QStringLiteral("trackAgreement"), this);
    m_trackAgreement->setToolTip(tr("The annotation (reference) against the hubs of each model density track "
                                    "(prediction), extracted with the hub settings of the masking controls"));
    m_corpusButton = new QPushButton(tr("Corpus Agreement"), this);
    m_corpusButton->setObjectName(QStringLiteral("corpusAgreementButton"));
    m_corpusButton->setToolTip(tr("Compare the annotation with the density source's hubs over every annotated record"));
    connect(m_corpusButton, &QPushButton::clicked, this, &AnnotationPanel::computeCorpusAgreement);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(12);
    m_progress->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the corpus agreement"));
    m_cancel->hide();
    connect(m_cancel, &QToolButton::clicked, this, [this]() {
        m_agreement->cancel();
        m_corpusAgreement->setText(tr("Cancelled."));
    });
    connect(m_agreement, &AgreementService::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        m_corpusButton->setEnabled(!busy);
    });
    connect(m_agreement, &AgreementService::progress, this, [this](quint64 done, quint64 total) {
        if (total > 0) m_progress->setValue(int(1000.0 * double(done) / double(total)));
    });
    connect(m_agreement, &AgreementService::failed, this,
            [this](const QString& message) { m_corpusAgreement->setText(message); });
    connect(m_agreement, &AgreementService::finished, this, [this](const AgreementService::Result& result) {
        QString text = result.summary.records == 0
                           ? tr("No annotated record to compare.")
                           : tr("%1 over %n annotated record(s); mean \u03ba %2", nullptr, int(result.summary.records))
                                 .arg(formatScores(result.summary.pooled), figure(result.summary.meanKappa.mean));
        for (const AgreementService::SourceSummary& other : result.others) {
            if (other.summary.records > 0)
                text += QLatin1Char('\n') + tr("%1: %2").arg(other.source, formatScores(other.summary.pooled));
        }
        if (result.skipped > 0)
            text += QLatin1Char('\n') + tr("%n record(s) left out: %1", nullptr, int(result.skipped)).arg(result.firstProblem);
        m_corpusAgreement->setText(text);
    });

    auto* corpusRow = new QHBoxLayout;
    corpusRow->addWidget(m_corpusButton);
    corpusRow->addWidget(m_progress, 1);
    corpusRow->addWidget(m_cancel);
    auto* agreement = new QFormLayout;
    agreement->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    agreement->addRow(tr("Record:"), m_recordAgreement);
    agreement->addRow(tr("Tracks:"), m_trackAgreement);
    agreement->addRow(tr("Corpus:"), m_corpusAgreement);

    auto* hint = new QLabel(tr("H hub \u00b7 A accept \u00b7 R reject \u00b7 Shift+A all \u00b7 S/Shift+S next/previous "
                               "suggestion \u00b7 N/P record \u00b7 Ctrl+Enter done, next \u00b7 Alt-drag selects "
                               "characters \u00b7 Ctrl+Z undo"),
                            this);
    hint->setObjectName(QStringLiteral("annotationHints"));
    hint->setWordWrap(true);
    QPalette hintPalette = hint->palette();
    hintPalette.setColor(QPalette::WindowText, palette().color(QPalette::PlaceholderText));
    hint->setPalette(hintPalette);
    QFont small = hint->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    hint->setFont(small);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 4);
    layout->setSpacing(3);
    layout->addWidget(toolbar);
    layout->addWidget(m_file);
    layout->addWidget(m_selection);
    layout->addWidget(m_table, 1);
    layout->addLayout(agreement);
    layout->addLayout(corpusRow);
    layout->addWidget(hint);

    connect(&editor, &AnnotationEditor::changed, this, &AnnotationPanel::updateState);
    connect(&context.densityTracks(), &DensityTrackService::tracksReady, this, [this](qint64 record) {
        if (record == m_context.currentRecord()) updateTrackAgreement();
    });
    connect(&context.densityTracks(), &DensityTrackService::stateChanged, this, &AnnotationPanel::updateTrackAgreement);
    connect(&context, &InspectionContext::inspectionChanged, this, &AnnotationPanel::updateTrackAgreement);
    connect(&editor, &AnnotationEditor::dirtyChanged, this, &AnnotationPanel::updateFileState);
    connect(&editor, &AnnotationEditor::saved, this, [this]() {
        m_savedAt = QLocale().toString(QTime::currentTime(), QLocale::ShortFormat);
        updateFileState();
    });
    connect(&editor, &AnnotationEditor::saveFailed, this, [this](const QString& message) {
        m_context.postStatus(tr("Autosave failed: %1").arg(message), 10000);
        updateFileState();
    });
    connect(&context, &InspectionContext::corpusChanged, this, [this]() {
        m_agreement->cancel();
        m_corpusAgreement->clear();
    });
    updateState();
}

QAction* AnnotationPanel::addAction(const QString& text, const QString& toolTip, const QList<QKeySequence>& shortcuts) {
    auto* action = new QAction(text, this);
    action->setShortcuts(shortcuts);
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(tr("%1 (%2)").arg(toolTip, shortcuts.first().toString(QKeySequence::NativeText)));
    action->setStatusTip(toolTip);
    m_actions << action;
    return action;
}

QString AnnotationPanel::formatScores(const AgreementScores& scores) {
    return tr("\u03ba %1 \u00b7 token F1 %2 \u00b7 span F1 exact %3, overlap %4")
        .arg(figure(scores.kappa), figure(scores.tokens.f1), figure(scores.exactSpans.f1), figure(scores.overlapSpans.f1));
}

QString AnnotationPanel::recordAgreementText() const { return m_recordAgreement->text(); }

QString AnnotationPanel::corpusAgreementText() const { return m_corpusAgreement->text(); }

QString AnnotationPanel::trackAgreementText() const { return m_trackAgreement->text(); }

void AnnotationPanel::updateTrackAgreement() {
    const InspectionHandle inspection = m_context.inspection();
    const AnnotationsHandle annotations = m_editor.annotations();
    const DensityTracksHandle tracks = m_context.densityTracks().tracks(m_context.currentRecord());
    QStringList lines;
    if (inspection && annotations && tracks &&
        m_context.inspectionState() == InspectionContext::InspectionState::Ready) {
        const std::optional<Hubs> reference = annotationHubs(*annotations, inspection->tokens);
        for (const DensityTrack& track : *tracks) {
            if (track.name == QLatin1String("annotations") || track.values.size() != inspection->tokens.size()) continue;
            if (!reference) {
                lines << tr("%1: record not annotated").arg(track.name);
                continue;
            }
            // Small: one pass over the record's tokens, like the record agreement above.
            const Hubs predicted = extractHubs(track.values, inspection->maskable, m_context.settings().hubs);
            lines << tr("%1: %2").arg(track.name, formatScores(compareHubs(*reference, predicted, inspection->maskable).scores));
        }
    }
    m_trackAgreement->setText(lines.isEmpty() ? tr("no model density track") : lines.join(QLatin1Char('\n')));
}

void AnnotationPanel::computeCorpusAgreement() {
    if (!m_context.corpus() || !m_context.tokenizer()) {
        m_corpusAgreement->setText(tr("Open a corpus and a tokenizer first."));
        return;
    }
    AgreementService::Request request;
    request.corpus = m_context.corpus();
    request.tokenizer = m_context.tokenizer();
    request.annotations = m_editor.annotations();
    request.settings = m_context.settings();
    // The model density tracks are compared in the same pass (their sources load the checkpoint).
    const DensityTrackService& tracks = m_context.densityTracks();
    for (const QString& name : tracks.trackNames()) {
        if (name == QLatin1String("annotations")) continue;
        request.otherSources.emplace_back(name.toStdString(),
                                          densityParams(name, tracks.settings(), m_context.tokenizerPath()));
    }
    m_corpusAgreement->setText(tr("Computing\u2026"));
    m_progress->setValue(0);
    m_agreement->start(std::move(request));
}

void AnnotationPanel::updateState() {
    const bool editable = m_editor.canEdit();
    const std::size_t pending = m_editor.suggestions().size();
    m_toggle->setEnabled(editable);
    for (QAction* action : {m_accept, m_reject, m_acceptAll, m_next, m_previous}) action->setEnabled(editable && pending > 0);
    m_done->setEnabled(editable);

    if (!editable) {
        m_selection->setText(tr("No record to annotate yet."));
    } else if (const std::optional<ByteRange> bytes = m_editor.selectionBytes()) {
        const std::string response = m_editor.responseText();
        QString text = QString::fromUtf8(response.data() + bytes->begin, qsizetype(bytes->end - bytes->begin));
        text.replace(QLatin1Char('\n'), QStringLiteral("\u21b5"));
        if (text.size() > 40) text = text.left(39) + QStringLiteral("\u2026");
        const QString unit = m_context.selectedBytes().empty() ? tr("tokens") : tr("characters");
        m_selection->setText(tr("Selection (%1): bytes [%2, %3) \u201c%4\u201d \u00b7 %n suggestion(s) to review", nullptr,
                                int(pending))
                                 .arg(unit)
                                 .arg(bytes->begin)
                                 .arg(bytes->end)
                                 .arg(text));
    } else {
        m_selection->setText(tr("Drag over tokens to select (Alt-drag: characters) \u00b7 %n suggestion(s) to review",
                                nullptr, int(pending)));
    }

    const std::optional<RecordAgreement> agreement = m_editor.recordAgreement();
    m_recordAgreement->setText(agreement ? formatScores(agreement->scores)
                                         : tr("not annotated (vs %1)").arg(m_editor.densitySourceName()));
    m_recordAgreement->setToolTip(tr("The annotation (reference) against the hubs of %1 (prediction), over the response tokens")
                                      .arg(m_editor.densitySourceName()));
    updateTrackAgreement();
    updateFileState();
}

void AnnotationPanel::updateFileState() {
    const QString path = m_editor.filePath();
    const QString name = path.isEmpty() ? tr("no annotation file") : QFileInfo(path).fileName();
    QString state;
    if (m_editor.isDirty()) state = tr("\u25cf unsaved edits (autosave in a moment)");
    else if (!m_savedAt.isEmpty()) state = tr("saved %1").arg(m_savedAt);
    else state = tr("no unsaved edits");
    m_file->setText(tr("%1 \u00b7 %2 annotated record(s) \u00b7 %3")
                        .arg(name)
                        .arg(m_editor.annotations()->size())
                        .arg(state));
    m_file->setToolTip(path);
}

}  // namespace maskscope::ui
