#include "ui/annotation_command.h"

#include <utility>

namespace maskscope::ui {

AnnotationCommand::AnnotationCommand(AnnotationEditor& editor, const QString& text, std::string recordId,
                                     AnnotationEditor::RecordState before, AnnotationEditor::RecordState after)
    : QUndoCommand(text), m_editor(editor), m_recordId(std::move(recordId)), m_before(std::move(before)),
      m_after(std::move(after)) {}

void AnnotationCommand::undo() { m_editor.applyRecordState(m_recordId, m_before); }

void AnnotationCommand::redo() { m_editor.applyRecordState(m_recordId, m_after); }

}  // namespace maskscope::ui
