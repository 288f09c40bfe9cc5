#include "ui/annotation_span_model.h"

#include "ui/annotation_editor.h"

#include <QtCore/QPoint>
#include <QtGui/QFont>

namespace maskscope::ui {

namespace {

constexpr int kMaxShownCharacters = 60;

QString excerpt(const std::string& response, ByteRange bytes) {
    if (bytes.end > response.size() || bytes.empty()) return {};
    QString text = QString::fromUtf8(response.data() + bytes.begin, qsizetype(bytes.end - bytes.begin));
    text.replace(QLatin1Char('\n'), QStringLiteral("\u21b5"));
    text.replace(QLatin1Char('\t'), QStringLiteral("\u2192"));
    if (text.size() > kMaxShownCharacters) text = text.left(kMaxShownCharacters - 1) + QStringLiteral("\u2026");
    return text;
}

}  // namespace

AnnotationSpanModel::AnnotationSpanModel(AnnotationEditor& editor, QObject* parent)
    : QAbstractTableModel(parent), m_editor(editor) {
    connect(&editor, &AnnotationEditor::changed, this, &AnnotationSpanModel::rebuild);
    rebuild();
}

void AnnotationSpanModel::rebuild() {
    std::vector<Row> rows;
    if (m_editor.canEdit()) {
        // The text comes from the inspection the editor works on (it has the response).
        const std::vector<AnnotationSpan> spans = m_editor.recordSpans();
        const std::string response = m_editor.responseText();
        for (const AnnotationSpan& span : spans) {
            rows.push_back({Kind::Hub, {span.start, span.end}, excerpt(response, {span.start, span.end}),
                            QString::fromStdString(span.source), false});
        }
        const std::vector<AnnotationEditor::Suggestion> pending = m_editor.suggestions();
        const int current = m_editor.currentSuggestion();
        const QString source = m_editor.densitySourceName();
        for (std::size_t i = 0; i < pending.size(); ++i)
            rows.push_back({Kind::Suggestion, pending[i].bytes, excerpt(response, pending[i].bytes), source,
                            int(i) == current});
        for (const AnnotationEditor::Suggestion& s : m_editor.rejectedSuggestions())
            rows.push_back({Kind::Rejected, s.bytes, excerpt(response, s.bytes), source, false});
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int AnnotationSpanModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AnnotationSpanModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AnnotationSpanModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& row = m_rows[std::size_t(index.row())];
    if (role == kByteRangeRole) return QPoint(int(row.bytes.begin), int(row.bytes.end));
    if (role == Qt::FontRole && row.current) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role == Qt::ToolTipRole) {
        switch (row.kind) {
        case Kind::Hub: return tr("A hub of the annotation (H on a selection inside it removes it)");
        case Kind::Suggestion:
            return row.current ? tr("The suggestion under review: A accepts, R rejects")
                               : tr("A suggestion of the density source, not reviewed yet");
        case Kind::Rejected: return tr("Rejected in this session (undo with Ctrl+Z)");
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case KindColumn:
        switch (row.kind) {
        case Kind::Hub: return tr("hub");
        case Kind::Suggestion: return row.current ? tr("\u25b6 suggestion") : tr("suggestion");
        case Kind::Rejected: return tr("rejected");
        }
        return {};
    case BytesColumn: return tr("[%1, %2)").arg(row.bytes.begin).arg(row.bytes.end);
    case TextColumn: return row.text;
    case SourceColumn: return row.source;
    default: return {};
    }
}

QVariant AnnotationSpanModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case KindColumn: return tr("Kind");
    case BytesColumn: return tr("Bytes");
    case TextColumn: return tr("Text");
    case SourceColumn: return tr("Source");
    default: return {};
    }
}

}  // namespace maskscope::ui
