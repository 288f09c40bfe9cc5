// One edit of one record's hub annotation as a QUndoCommand: it holds the record's state before
// and after the edit (AnnotationEditor::RecordState), so undo restores the previous annotation
// exactly, byte for byte, and redo reproduces the edit.
#pragma once

#include "ui/annotation_editor.h"

#include <QtGui/QUndoCommand>

#include <string>

namespace maskscope::ui {

class AnnotationCommand : public QUndoCommand {
public:
    AnnotationCommand(AnnotationEditor& editor, const QString& text, std::string recordId,
                      AnnotationEditor::RecordState before, AnnotationEditor::RecordState after);

    void undo() override;
    void redo() override;

private:
    AnnotationEditor& m_editor;
    std::string m_recordId;
    AnnotationEditor::RecordState m_before;
    AnnotationEditor::RecordState m_after;
};

}  // namespace maskscope::ui
