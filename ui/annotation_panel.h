// The Annotations dock: edit the hubs of the current record with the keyboard or the toolbar
// (toggle a hub on the selection, accept or reject the density source's suggestions one by one or
// all at once, mark the record done and go on), see the record's spans and suggestions, the
// dirty/saved state of the sidecar, and the agreement between the annotation and the current
// density source for the record and (on request, in the background) for the corpus.
//
// The actions carry their shortcuts (H, A, R, Shift+A, S / Shift+S, Ctrl+Enter) and are meant for
// the main window's Annotate menu and the record view's context menu, so that they work wherever
// the focus is; a hint line in the dock lists them.
#pragma once

#include "core/agreement.h"

#include <QtCore/QList>
#include <QtWidgets/QWidget>

class QAction;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QToolButton;

namespace maskscope::ui {

class AgreementService;
class AnnotationEditor;
class AnnotationSpanModel;
class InspectionContext;

class AnnotationPanel : public QWidget {
    Q_OBJECT
public:
    AnnotationPanel(InspectionContext& context, AnnotationEditor& editor, QWidget* parent = nullptr);

    // The editing actions, in menu order (separators included as separator actions).
    QList<QAction*> editActions() const { return m_actions; }
    AnnotationSpanModel* model() const { return m_model; }
    AgreementService* agreementService() const { return m_agreement; }

    // The agreement text shown for `scores` (kappa, token F1, exact and overlap span F1).
    static QString formatScores(const AgreementScores& scores);
    QString recordAgreementText() const;
    QString corpusAgreementText() const;
    // One line per model density track of the current record: its hubs against the annotation.
    QString trackAgreementText() const;

    // Starts the corpus agreement with the current documents and settings.
    void computeCorpusAgreement();

private:
    QAction* addAction(const QString& text, const QString& toolTip, const QList<QKeySequence>& shortcuts);
    void updateState();
    void updateFileState();
    void updateTrackAgreement();

    InspectionContext& m_context;
    AnnotationEditor& m_editor;
    AnnotationSpanModel* m_model = nullptr;
    AgreementService* m_agreement = nullptr;
    QList<QAction*> m_actions;
    QLabel* m_file = nullptr;
    QLabel* m_selection = nullptr;
    QLabel* m_recordAgreement = nullptr;
    QLabel* m_corpusAgreement = nullptr;
    QLabel* m_trackAgreement = nullptr;
    QPushButton* m_corpusButton = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
    QTableView* m_table = nullptr;
    QAction* m_toggle = nullptr;
    QAction* m_accept = nullptr;
    QAction* m_reject = nullptr;
    QAction* m_acceptAll = nullptr;
    QAction* m_next = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_done = nullptr;
    QString m_savedAt;
};

}  // namespace maskscope::ui
