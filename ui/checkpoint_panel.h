// The Checkpoint panel: opens a checkpoint (button, recent checkpoints; drag and drop and the File
// menu go through the DocumentLoader), shows its shape (config.json, trainer_state.json), and
// chooses the model density tracks: which registered sources ("model:*", "blend"), k, t and the
// device. Every choice goes to the context's DensityTrackService, which computes the current
// record at once and, on "Compute Corpus", every record in the background (progress and cancel
// here). Errors (a broken checkpoint, a checkpoint trained with another tokenizer) are shown in
// the panel, never as a crash.
//
// Without the engine (a build with MASKSCOPE_TORCH=OFF) no model source is registered; the panel
// says so and offers what there is.
#pragma once

#include <QtCore/QStringList>
#include <QtWidgets/QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace maskscope::ui {

class DocumentLoader;
class InspectionContext;

class CheckpointPanel : public QWidget {
    Q_OBJECT
public:
    CheckpointPanel(InspectionContext& context, DocumentLoader& loader, QWidget* parent = nullptr);

    // Recent checkpoints, newest first (the main window keeps them in its settings).
    void setRecentCheckpoints(const QStringList& paths);
    QStringList recentCheckpoints() const { return m_recent; }

    // Asks for a checkpoint directory and opens it.
    void openDialog();
    // Starts the corpus job / stops it.
    void computeCorpus();
    void cancelCorpus();

    // Texts shown now (for tests).
    QString checkpointText() const;
    QString errorText() const;
    QString corpusText() const;
    // Registry names offered as tracks, in order.
    QStringList offeredSources() const;

Q_SIGNALS:
    void checkpointOpened(const QString& path);

private:
    void buildSources();
    void apply();
    void showSettings();
    void updateInfo();
    void updateState();

    InspectionContext& m_context;
    DocumentLoader& m_loader;
    QStringList m_recent;
    bool m_showing = false;
    QPushButton* m_open = nullptr;
    QComboBox* m_recentBox = nullptr;
    QLabel* m_path = nullptr;
    QLabel* m_info = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_noEngine = nullptr;
    std::vector<QCheckBox*> m_sources;
    QLineEdit* m_blend = nullptr;
    QSpinBox* m_k = nullptr;
    QDoubleSpinBox* m_t = nullptr;
    QComboBox* m_device = nullptr;
    QPushButton* m_compute = nullptr;
    QToolButton* m_cancel = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_corpus = nullptr;
};

}  // namespace maskscope::ui
