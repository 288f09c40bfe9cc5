// The spans of the record being annotated, as a table for the Annotations dock: the hubs of its
// annotation, the suggestions of the density source still to review (the current one marked) and
// the suggestions rejected in this session. Rebuilt whenever the AnnotationEditor changes.
#pragma once

#include "ui/ui_types.h"

#include <QtCore/QAbstractTableModel>

#include <vector>

namespace maskscope::ui {

class AnnotationEditor;

class AnnotationSpanModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { KindColumn, BytesColumn, TextColumn, SourceColumn, ColumnCount };
    enum class Kind { Hub, Suggestion, Rejected };
    // Role of column 0 holding the row's first byte and one past its last (QPoint(begin, end)).
    static constexpr int kByteRangeRole = Qt::UserRole + 1;

    struct Row {
        Kind kind = Kind::Hub;
        ByteRange bytes;
        QString text;    // the response text of the span
        QString source;  // who marked it (hubs), else the density source
        bool current = false;
    };

    explicit AnnotationSpanModel(AnnotationEditor& editor, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const std::vector<Row>& rows() const { return m_rows; }

private:
    void rebuild();

    AnnotationEditor& m_editor;
    std::vector<Row> m_rows;
};

}  // namespace maskscope::ui
