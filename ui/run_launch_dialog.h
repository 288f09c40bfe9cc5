// The dialog that starts a training run: the settings of `maskscope-cli train` the app offers,
// prefilled from the current inspection (corpus, tokenizer, annotations and masking settings) or
// from an existing run (clone and edit: every setting of its run.json, a new run directory).
// Each field's tooltip names its CLI flag. The settings are checked whenever they change
// (TrainConfig::validate, the input files, the device and the run directory); while something is
// wrong the problem is shown under the form and Launch is disabled.
//
// With a launcher (setLauncher), Launch starts the run and the dialog closes only once it has
// started, otherwise the launcher's message is shown and the dialog stays open. Without one,
// accepting leaves config() to the caller.
#pragma once

#include "core/train_config.h"

#include <QtWidgets/QDialog>

#include <cstdint>
#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace maskscope::ui {

class InspectionContext;
class RunLauncher;

class RunLaunchDialog : public QDialog {
    Q_OBJECT
public:
    // A new run on the context's documents with its inspection settings; model, optimisation and
    // output settings start at TrainConfig's defaults (threads: half the cores), the run directory
    // is a new one under `runsRoot` (empty: defaultRunsRoot()).
    RunLaunchDialog(const InspectionContext& context, const QString& runsRoot, QWidget* parent = nullptr);
    // Every setting from `config` (settings the dialog has no field for are kept as they are);
    // the run directory is a new one next to config.out ("<name>-clone", "-clone-2", ...), or under
    // `runsRoot` when config.out is empty.
    RunLaunchDialog(const TrainConfig& config, const QString& runsRoot, QWidget* parent = nullptr);
    ~RunLaunchDialog() override;

    // Clone and edit: the configuration in `runDir`/run.json (a manifest or a launch request).
    // Returns null and sets `error` when it cannot be read.
    static std::unique_ptr<RunLaunchDialog> fromRun(const QString& runDir, QString* error, QWidget* parent = nullptr);

    // ~/maskscope-runs
    static QString defaultRunsRoot();

    // Asks for the total step count to resume `runDir` to, prefilled with suggestedResumeSteps
    // (run_launcher.h). nullopt when cancelled or when the run has no checkpoint.
    static std::optional<std::uint64_t> askResumeSteps(const QString& runDir, QWidget* parent = nullptr);

    // Offers "cuda" as a device (the app knows whether the engine sees a GPU). Default: false.
    void setCudaAvailable(bool available);
    bool cudaAvailable() const { return m_cudaAvailable; }

    // When set, Launch starts the run through `launcher` (not owned).
    void setLauncher(RunLauncher* launcher) { m_launcher = launcher; }
    // The run directory the launcher started, once it did.
    QString launchedRunDirectory() const { return m_launched; }

    // The settings the form describes now.
    TrainConfig config() const;
    // Why Launch is disabled; empty when the settings are valid.
    QString problem() const { return m_problemText; }

public Q_SLOTS:
    void accept() override;

private:
    void build(const TrainConfig& config);
    QWidget* buildDataGroup();
    QWidget* buildMaskingGroup();
    QWidget* buildModelGroup();
    QWidget* buildTrainingGroup();
    QWidget* buildOutputGroup();
    void showConfig(const TrainConfig& config);
    void fillDevices(const QString& current);
    void updateProblem();
    void updateEnabled();
    void showProblem(const QString& problem);
    void chooseFile(QLineEdit* edit, const QString& title, const QString& filter);
    void chooseRunDirectory();

    TrainConfig m_base;  // settings without a field, and the starting point of the fields
    bool m_cudaAvailable = false;
    RunLauncher* m_launcher = nullptr;
    QString m_launched;
    QString m_problemText;

    QLineEdit* m_corpus = nullptr;
    QLineEdit* m_tokenizer = nullptr;
    QLineEdit* m_annotations = nullptr;
    QCheckBox* m_truncate = nullptr;
    QDoubleSpinBox* m_evalFraction = nullptr;

    QComboBox* m_density = nullptr;
    QComboBox* m_hubRule = nullptr;
    QDoubleSpinBox* m_hubValue = nullptr;
    QSpinBox* m_hubGap = nullptr;
    QSpinBox* m_hubMinSpan = nullptr;
    QComboBox* m_mode = nullptr;
    QComboBox* m_weighting = nullptr;
    QDoubleSpinBox* m_w = nullptr;
    QDoubleSpinBox* m_tMin = nullptr;
    QDoubleSpinBox* m_tMax = nullptr;
    QDoubleSpinBox* m_processed = nullptr;
    QDoubleSpinBox* m_seed = nullptr;

    QComboBox* m_preset = nullptr;
    QComboBox* m_layout = nullptr;
    QSpinBox* m_blockSize = nullptr;
    QComboBox* m_lossWeighting = nullptr;

    QSpinBox* m_steps = nullptr;
    QSpinBox* m_batch = nullptr;
    QSpinBox* m_gradAccum = nullptr;
    QLineEdit* m_lr = nullptr;
    QSpinBox* m_warmup = nullptr;
    QComboBox* m_device = nullptr;
    QSpinBox* m_threads = nullptr;

    QLineEdit* m_runDirectory = nullptr;
    QSpinBox* m_evalEvery = nullptr;
    QSpinBox* m_checkpointEvery = nullptr;
    QSpinBox* m_probeEvery = nullptr;

    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

}  // namespace maskscope::ui
