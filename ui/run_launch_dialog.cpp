#include "ui/run_launch_dialog.h"

#include "ui/form_widgets.h"
#include "ui/inspection_context.h"
#include "ui/run_launcher.h"
#include "ui/view_colors.h"

#include "core/density_source.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QLocale>
#include <QtCore/QSignalBlocker>
#include <QtCore/QThread>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDialogButtonBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace maskscope::ui {

namespace {

constexpr int kIntMax = std::numeric_limits<int>::max();

QLineEdit* lineEdit(QWidget* parent, const char* name) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QLatin1String(name));
    edit->setClearButtonEnabled(true);
    return edit;
}

// A field with a "..." button after it.
QWidget* withButton(QWidget* field, QToolButton* button) {
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(field, 1);
    layout->addWidget(button);
    return row;
}

void selectData(QComboBox* box, const QVariant& data) {
    const int index = box->findData(data);
    if (index >= 0) box->setCurrentIndex(index);
}

int clampToInt(std::uint64_t value) { return static_cast<int>(std::min<std::uint64_t>(value, kIntMax)); }

// The learning rate as a user reads it ("0.001", "3e-4").
QString formatRate(double value) { return QString::number(value, 'g', 6); }

std::string trimmed(const QLineEdit* edit) { return edit->text().trimmed().toStdString(); }

// A stem for a new run's directory: "<corpus>-<preset>-<yyyyMMdd-HHmmss>".
QString runStem(const TrainConfig& config) {
    QString corpus = QFileInfo(QString::fromStdString(config.corpus)).completeBaseName();
    if (corpus.isEmpty()) corpus = QStringLiteral("run");
    const QString preset =
        config.modelConfig.empty() ? QString::fromStdString(config.preset) : QStringLiteral("custom");
    return corpus + QLatin1Char('-') + preset + QLatin1Char('-') +
           QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
}

}  // namespace

RunLaunchDialog::RunLaunchDialog(const InspectionContext& context, const QString& runsRoot, QWidget* parent)
    : QDialog(parent) {
    TrainConfig config;
    config.corpus = context.corpusPath().toStdString();
    config.tokenizer = context.tokenizerPath().toStdString();
    config.annotations = context.annotationsPath().toStdString();
    config.masking = context.settings();
    config.masking.blockSize = 0;
    if (context.settings().blockSize > 0) config.blockSize = static_cast<std::int64_t>(context.settings().blockSize);
    config.threads = std::max(1, QThread::idealThreadCount() / 2);
    config.blasThreads = 1;
    const QString root = runsRoot.isEmpty() ? defaultRunsRoot() : runsRoot;
    config.out = uniqueRunDirectory(root, runStem(config)).toStdString();
    setWindowTitle(tr("Launch a Training Run"));
    build(config);
}

RunLaunchDialog::RunLaunchDialog(const TrainConfig& config, const QString& runsRoot, QWidget* parent)
    : QDialog(parent) {
    TrainConfig clone = config;
    if (!config.out.empty()) {
        const QFileInfo original(QString::fromStdString(config.out));
        clone.out = uniqueRunDirectory(original.absolutePath(), original.fileName() + QStringLiteral("-clone"))
                        .toStdString();
    } else {
        clone.out = uniqueRunDirectory(runsRoot.isEmpty() ? defaultRunsRoot() : runsRoot, runStem(config))
                        .toStdString();
    }
    setWindowTitle(tr("Launch a Training Run"));
    build(clone);
}

RunLaunchDialog::~RunLaunchDialog() = default;

std::unique_ptr<RunLaunchDialog> RunLaunchDialog::fromRun(const QString& runDir, QString* error, QWidget* parent) {
    const QString path = QDir(runDir).filePath(QStringLiteral("run.json"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("Cannot read %1: %2").arg(path, file.errorString());
        return nullptr;
    }
    const QByteArray text = file.readAll();
    TrainConfig config;
    try {
        config = trainConfigFromJson(std::string_view(text.constData(), static_cast<std::size_t>(text.size())),
                                     path.toStdString());
    } catch (const std::exception& problem) {
        if (error) *error = QString::fromStdString(problem.what());
        return nullptr;
    }
    if (config.out.empty()) config.out = QDir::cleanPath(QFileInfo(runDir).absoluteFilePath()).toStdString();
    auto dialog = std::make_unique<RunLaunchDialog>(config, QString(), parent);
    dialog->setWindowTitle(tr("Clone Run %1").arg(QFileInfo(runDir).fileName()));
    return dialog;
}

QString RunLaunchDialog::defaultRunsRoot() { return QDir::home().filePath(QStringLiteral("maskscope-runs")); }

std::optional<std::uint64_t> RunLaunchDialog::askResumeSteps(const QString& runDir, QWidget* parent) {
    const std::optional<std::uint64_t> checkpoint = latestCheckpointStep(runDir);
    const std::optional<std::uint64_t> suggested = suggestedResumeSteps(runDir);
    if (!checkpoint || !suggested || *checkpoint >= std::uint64_t(kIntMax)) return std::nullopt;
    bool ok = false;
    const int steps = QInputDialog::getInt(
        parent, tr("Resume Run %1").arg(QFileInfo(runDir).fileName()),
        tr("The newest checkpoint is at step %1. Train up to this many steps in all (--steps):").arg(*checkpoint),
        clampToInt(*suggested), static_cast<int>(*checkpoint) + 1, kIntMax, 1, &ok);
    if (!ok) return std::nullopt;
    return static_cast<std::uint64_t>(steps);
}

void RunLaunchDialog::build(const TrainConfig& config) {
    setObjectName(QStringLiteral("runLaunchDialog"));
    m_base = config;

    auto* left = new QVBoxLayout;
    left->addWidget(buildDataGroup());
    left->addWidget(buildMaskingGroup());
    left->addStretch(1);
    auto* right = new QVBoxLayout;
    right->addWidget(buildModelGroup());
    right->addWidget(buildTrainingGroup());
    right->addWidget(buildOutputGroup());
    right->addStretch(1);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("launchProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette pal = m_problem->palette();
    pal.setColor(QPalette::WindowText, errorTextColor(palette()));
    m_problem->setPalette(pal);
    m_problem->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Launch"));
    m_buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("launchButton"));
    m_buttons->button(QDialogButtonBox::Ok)->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RunLaunchDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &RunLaunchDialog::reject);

    auto* outer = new QVBoxLayout(this);
    outer->addLayout(columns);
    outer->addWidget(m_problem);
    outer->addWidget(m_buttons);

    showConfig(config);

    // Every edit re-checks the whole configuration.
    for (QLineEdit* edit : findChildren<QLineEdit*>())
        connect(edit, &QLineEdit::textChanged, this, &RunLaunchDialog::updateProblem);
    for (QSpinBox* box : findChildren<QSpinBox*>())
        connect(box, &QSpinBox::valueChanged, this, &RunLaunchDialog::updateProblem);
    for (QDoubleSpinBox* box : findChildren<QDoubleSpinBox*>())
        connect(box, &QDoubleSpinBox::valueChanged, this, &RunLaunchDialog::updateProblem);
    for (QComboBox* box : findChildren<QComboBox*>()) {
        connect(box, &QComboBox::currentIndexChanged, this, &RunLaunchDialog::updateEnabled);
        connect(box, &QComboBox::currentTextChanged, this, &RunLaunchDialog::updateProblem);
    }
    connect(m_truncate, &QCheckBox::toggled, this, &RunLaunchDialog::updateProblem);
    updateEnabled();
    updateProblem();
}

QWidget* RunLaunchDialog::buildDataGroup() {
    auto* group = new QGroupBox(tr("Data"));
    auto* layout = settingsForm(group);
    const auto browse = [this, group](QLineEdit* edit, const QString& title, const QString& filter) {
        auto* button = new QToolButton(group);
        button->setText(QStringLiteral("\u2026"));
        button->setToolTip(title);
        connect(button, &QToolButton::clicked, this,
                [this, edit, title, filter]() { chooseFile(edit, title, filter); });
        return withButton(edit, button);
    };
    m_corpus = lineEdit(group, "corpus");
    m_corpus->setToolTip(tr("--corpus: the training corpus (JSONL or plain text)"));
    m_tokenizer = lineEdit(group, "tokenizer");
    m_tokenizer->setToolTip(tr("--tokenizer: the sentencepiece model (.model)"));
    m_annotations = lineEdit(group, "annotations");
    m_annotations->setToolTip(tr("--annotations: the annotation sidecar (needed for density source \"annotations\")"));
    m_annotations->setPlaceholderText(tr("none"));
    m_truncate = new QCheckBox(tr("&Truncate long records"), group);
    m_truncate->setObjectName(QStringLiteral("truncate"));
    m_truncate->setToolTip(tr("--truncate: cut records longer than the model's context instead of failing"));
    m_evalFraction = fractionField(group, "evalFraction");
    m_evalFraction->setToolTip(tr("--eval-fraction: share of records held out for evaluation (chosen by id hash)"));
    layout->addRow(tr("&Corpus"), browse(m_corpus, tr("Choose the Corpus"),
                                         tr("Corpora (*.jsonl *.json *.txt);;All files (*)")));
    layout->addRow(tr("T&okenizer"), browse(m_tokenizer, tr("Choose the Tokenizer"),
                                            tr("sentencepiece models (*.model);;All files (*)")));
    layout->addRow(tr("&Annotations"), browse(m_annotations, tr("Choose the Annotations"),
                                              tr("Annotations (*.jsonl *.json);;All files (*)")));
    layout->addRow(tr("&Held out"), m_evalFraction);
    layout->addRow(QString(), m_truncate);
    return group;
}

QWidget* RunLaunchDialog::buildMaskingGroup() {
    auto* group = new QGroupBox(tr("Masking"));
    auto* layout = settingsForm(group);
    m_density = comboField(group, "density");
    m_density->setEditable(true);
    m_density->setInsertPolicy(QComboBox::NoInsert);
    for (const auto& [name, description] : DensityRegistry::instance().list()) {
        const QString id = QString::fromStdString(name);
        m_density->addItem(id, id);
        m_density->setItemData(m_density->count() - 1, QString::fromStdString(description), Qt::ToolTipRole);
    }
    m_density->setToolTip(tr("--density: the density source that finds the hub tokens"));
    m_hubRule = comboField(group, "hubRule");
    m_hubRule->addItem(tr("Threshold"), int(HubOptions::Rule::Threshold));
    m_hubRule->addItem(tr("Top fraction"), int(HubOptions::Rule::TopFraction));
    m_hubRule->setToolTip(tr("--hub-threshold X (density \u2265 X) or --hub-top F (the top fraction F by density)"));
    m_hubValue = fractionField(group, "hubValue");
    m_hubValue->setToolTip(tr("The value of --hub-threshold or --hub-top"));
    m_hubGap = counterField(group, "hubGap", 0, 1000);
    m_hubGap->setToolTip(tr("--hub-gap: merge hub runs separated by at most this many tokens"));
    m_hubMinSpan = counterField(group, "hubMinSpan", 0, 1000);
    m_hubMinSpan->setToolTip(tr("--hub-min-span: drop hub spans shorter than this many tokens"));
    m_mode = comboField(group, "mode");
    m_mode->addItem(tr("Complementary"), int(MaskMode::Complementary));
    m_mode->addItem(tr("Reweighted"), int(MaskMode::Reweighted));
    m_mode->addItem(tr("Hard"), int(MaskMode::Hard));
    m_mode->addItem(tr("Uniform"), int(MaskMode::Uniform));
    m_mode->setToolTip(tr("--mode: complementary, reweighted, hard or uniform"));
    m_weighting = comboField(group, "weighting");
    m_weighting->addItem(tr("Binary"), int(Weighting::Binary));
    m_weighting->addItem(tr("Soft"), int(Weighting::Soft));
    m_weighting->setToolTip(tr("--weighting: binary (s = w on hubs) or soft (s = w^density)"));
    m_w = new QDoubleSpinBox(group);
    m_w->setObjectName(QStringLiteral("w"));
    m_w->setRange(0.01, 1000.0);
    m_w->setDecimals(2);
    m_w->setSingleStep(0.25);
    m_w->setAccelerated(true);
    m_w->setToolTip(tr("--w: priority weight of hub tokens (1: the uniform baseline)"));
    m_tMin = fractionField(group, "tMin");
    m_tMin->setToolTip(tr("--t-range A,B: the lower end A (equal ends: a fixed --t)"));
    m_tMax = fractionField(group, "tMax");
    m_tMax->setToolTip(tr("--t-range A,B: the upper end B (equal ends: a fixed --t)"));
    m_processed = fractionField(group, "processed");
    m_processed->setToolTip(tr("--processed: share of records that get priority masking"));
    m_seed = new QDoubleSpinBox(group);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setDecimals(0);
    m_seed->setRange(0.0, double(std::numeric_limits<std::uint32_t>::max()));
    m_seed->setToolTip(tr("--seed: seed of masks, record order and initialisation (32-bit)"));
    layout->addRow(tr("&Density"), m_density);
    layout->addRow(tr("Hub &rule"), m_hubRule);
    layout->addRow(tr("Hub &value"), m_hubValue);
    layout->addRow(tr("Merge &gap"), m_hubGap);
    layout->addRow(tr("Minimum s&pan"), m_hubMinSpan);
    layout->addRow(tr("&Mode"), m_mode);
    layout->addRow(tr("&Weighting"), m_weighting);
    layout->addRow(tr("w"), m_w);
    layout->addRow(tr("t &from"), m_tMin);
    layout->addRow(tr("t t&o"), m_tMax);
    layout->addRow(tr("Processed &fraction"), m_processed);
    layout->addRow(tr("S&eed"), m_seed);
    return group;
}

QWidget* RunLaunchDialog::buildModelGroup() {
    auto* group = new QGroupBox(tr("Model"));
    auto* layout = settingsForm(group);
    m_preset = comboField(group, "preset");
    for (const char* preset : {"tiny", "small", "base"})
        m_preset->addItem(QLatin1String(preset), QLatin1String(preset));
    m_preset->setToolTip(tr("--preset: model size (tiny trains in seconds on a CPU)"));
    m_layout = comboField(group, "layout");
    m_layout->addItem(tr("Full sequence"), QStringLiteral("full"));
    m_layout->addItem(tr("Block diffusion"), QStringLiteral("block"));
    m_layout->setToolTip(tr("--layout: full (masked diffusion) or block (block diffusion on [x_t | x_0])"));
    m_blockSize = counterField(group, "blockSize", 1, 1 << 16);
    m_blockSize->setToolTip(tr("--block-size: block length of block diffusion"));
    m_lossWeighting = comboField(group, "lossWeighting");
    m_lossWeighting->addItem(tr("ELBO (1/t)"), QStringLiteral("elbo"));
    m_lossWeighting->addItem(tr("Mean over masked tokens"), QStringLiteral("mean"));
    m_lossWeighting->setToolTip(tr("--loss-weighting: elbo (LLaDA) or mean (dFactory)"));
    layout->addRow(tr("Pre&set"), m_preset);
    layout->addRow(tr("La&yout"), m_layout);
    layout->addRow(tr("&Block size"), m_blockSize);
    layout->addRow(tr("Loss"), m_lossWeighting);
    return group;
}

QWidget* RunLaunchDialog::buildTrainingGroup() {
    auto* group = new QGroupBox(tr("Training"));
    auto* layout = settingsForm(group);
    m_steps = counterField(group, "steps", 1, kIntMax);
    m_steps->setToolTip(tr("--steps: optimizer steps in total"));
    m_batch = counterField(group, "batch", 1, 1 << 20);
    m_batch->setToolTip(tr("--batch: records per step (each gives a logical and a syntactic sample)"));
    m_gradAccum = counterField(group, "gradAccum", 1, 1 << 16);
    m_gradAccum->setToolTip(tr("--grad-accum: micro-batches per step (--batch must be a multiple of it)"));
    m_lr = lineEdit(group, "lr");
    m_lr->setClearButtonEnabled(false);
    m_lr->setToolTip(tr("--lr: peak learning rate (e.g. 0.001 or 3e-4)"));
    m_warmup = counterField(group, "warmup", 0, kIntMax);
    m_warmup->setToolTip(tr("--warmup: linear warm-up steps"));
    m_device = comboField(group, "device");
    m_device->setToolTip(tr("--device: cpu, or cuda when the engine sees a GPU"));
    m_threads = counterField(group, "threads", 1, 1024);
    m_threads->setToolTip(tr("--threads: torch intra-op threads on the CPU"));
    layout->addRow(tr("S&teps"), m_steps);
    layout->addRow(tr("Batc&h"), m_batch);
    layout->addRow(tr("Gradient a&ccumulation"), m_gradAccum);
    layout->addRow(tr("Learning &rate"), m_lr);
    layout->addRow(tr("&Warm-up steps"), m_warmup);
    layout->addRow(tr("De&vice"), m_device);
    layout->addRow(tr("Thr&eads"), m_threads);
    return group;
}

QWidget* RunLaunchDialog::buildOutputGroup() {
    auto* group = new QGroupBox(tr("Output"));
    auto* layout = settingsForm(group);
    m_runDirectory = lineEdit(group, "runDirectory");
    m_runDirectory->setToolTip(tr("--out: the run directory (new, or an empty directory)"));
    auto* browse = new QToolButton(group);
    browse->setText(QStringLiteral("\u2026"));
    browse->setToolTip(tr("Choose where the run goes"));
    connect(browse, &QToolButton::clicked, this, &RunLaunchDialog::chooseRunDirectory);
    m_evalEvery = counterField(group, "evalEvery", 0, kIntMax);
    m_evalEvery->setSpecialValueText(tr("at the end"));
    m_evalEvery->setToolTip(tr("--eval-every: evaluate every N steps (0: after the last step)"));
    m_checkpointEvery = counterField(group, "checkpointEvery", 0, kIntMax);
    m_checkpointEvery->setSpecialValueText(tr("at the end"));
    m_checkpointEvery->setToolTip(tr("--checkpoint-every: checkpoint every N steps (0: at the end and on a stop)"));
    m_probeEvery = counterField(group, "probeEvery", 0, kIntMax);
    m_probeEvery->setSpecialValueText(tr("off"));
    m_probeEvery->setToolTip(tr("--probe-every: attention probe every N steps (0: none)"));
    layout->addRow(tr("R&un directory"), withButton(m_runDirectory, browse));
    layout->addRow(tr("Eval&uate every"), m_evalEvery);
    layout->addRow(tr("Chec&kpoint every"), m_checkpointEvery);
    layout->addRow(tr("&Probe every"), m_probeEvery);
    return group;
}

void RunLaunchDialog::showConfig(const TrainConfig& c) {
    m_corpus->setText(QString::fromStdString(c.corpus));
    m_tokenizer->setText(QString::fromStdString(c.tokenizer));
    m_annotations->setText(QString::fromStdString(c.annotations));
    m_truncate->setChecked(c.truncate);
    m_evalFraction->setValue(c.evalFraction);

    const QString density = QString::fromStdString(c.masking.densitySource);
    if (m_density->findData(density) < 0) m_density->addItem(density, density);
    selectData(m_density, density);
    selectData(m_hubRule, int(c.masking.hubs.rule));
    m_hubValue->setValue(c.masking.hubs.value);
    m_hubGap->setValue(clampToInt(c.masking.hubs.maxGap));
    m_hubMinSpan->setValue(clampToInt(c.masking.hubs.minSpan));
    const MaskPolicy& policy = c.masking.policy;
    selectData(m_mode, int(policy.mode));
    selectData(m_weighting, int(policy.weighting));
    m_w->setValue(policy.w);
    m_tMin->setValue(policy.tMin);
    m_tMax->setValue(policy.tMax);
    m_processed->setValue(policy.processed);
    m_seed->setValue(policy.seed);

    const QString preset = QString::fromStdString(c.preset);
    if (!preset.isEmpty() && m_preset->findData(preset) < 0) m_preset->addItem(preset, preset);
    selectData(m_preset, preset);
    if (!c.modelConfig.empty()) {
        m_preset->setEnabled(false);
        m_preset->setToolTip(tr("The model is given by --model-config %1").arg(QString::fromStdString(c.modelConfig)));
    }
    selectData(m_layout, QString(QLatin1String(toString(c.layout).data(), qsizetype(toString(c.layout).size()))));
    m_blockSize->setValue(static_cast<int>(std::clamp<std::int64_t>(c.blockSize, 1, 1 << 16)));
    const std::string_view weighting = toString(c.lossWeighting);
    selectData(m_lossWeighting, QString(QLatin1String(weighting.data(), qsizetype(weighting.size()))));

    m_steps->setValue(std::max(1, clampToInt(c.steps)));
    m_batch->setValue(static_cast<int>(std::clamp<std::int64_t>(c.batch, 1, 1 << 20)));
    m_gradAccum->setValue(static_cast<int>(std::clamp<std::int64_t>(c.gradAccum, 1, 1 << 16)));
    m_lr->setText(formatRate(c.lr));
    m_warmup->setValue(clampToInt(c.warmup));
    fillDevices(QString::fromStdString(c.device));
    m_threads->setValue(std::clamp(c.threads, 1, 1024));

    m_runDirectory->setText(QString::fromStdString(c.out));
    m_evalEvery->setValue(clampToInt(c.evalEvery));
    m_checkpointEvery->setValue(clampToInt(c.checkpointEvery));
    m_probeEvery->setValue(clampToInt(c.probeEvery));
}

void RunLaunchDialog::fillDevices(const QString& current) {
    const QString selected = current.isEmpty() ? QStringLiteral("cpu") : current;
    const QSignalBlocker block(m_device);
    m_device->clear();
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    if (m_cudaAvailable) m_device->addItem(tr("CUDA (GPU)"), QStringLiteral("cuda"));
    // A cloned run's device stays selectable (and is reported when it is not available).
    if (m_device->findData(selected) < 0) m_device->addItem(selected, selected);
    selectData(m_device, selected);
}

void RunLaunchDialog::setCudaAvailable(bool available) {
    if (available == m_cudaAvailable) return;
    m_cudaAvailable = available;
    fillDevices(m_device->currentData().toString());
    updateProblem();
}

TrainConfig RunLaunchDialog::config() const {
    TrainConfig c = m_base;
    c.corpus = trimmed(m_corpus);
    c.tokenizer = trimmed(m_tokenizer);
    c.annotations = trimmed(m_annotations);
    c.truncate = m_truncate->isChecked();
    c.evalFraction = m_evalFraction->value();

    c.masking.densitySource = m_density->currentText().trimmed().toStdString();
    c.masking.hubs.rule = static_cast<HubOptions::Rule>(m_hubRule->currentData().toInt());
    c.masking.hubs.value = m_hubValue->value();
    c.masking.hubs.maxGap = static_cast<std::size_t>(m_hubGap->value());
    c.masking.hubs.minSpan = static_cast<std::size_t>(m_hubMinSpan->value());
    c.masking.policy.mode = static_cast<MaskMode>(m_mode->currentData().toInt());
    c.masking.policy.weighting = static_cast<Weighting>(m_weighting->currentData().toInt());
    c.masking.policy.w = m_w->value();
    c.masking.policy.tMin = m_tMin->value();
    c.masking.policy.tMax = m_tMax->value();
    c.masking.policy.processed = m_processed->value();
    c.masking.policy.seed = static_cast<std::uint32_t>(m_seed->value());
    c.masking.blockSize = 0;

    if (m_preset->isEnabled()) c.preset = m_preset->currentData().toString().toStdString();
    c.layout = m_layout->currentData().toString() == QLatin1String("block") ? TrainLayout::Block : TrainLayout::Full;
    c.blockSize = m_blockSize->value();
    c.lossWeighting = m_lossWeighting->currentData().toString() == QLatin1String("mean") ? TrainLossWeighting::Mean
                                                                                          : TrainLossWeighting::Elbo;

    c.steps = static_cast<std::uint64_t>(m_steps->value());
    c.batch = m_batch->value();
    c.gradAccum = m_gradAccum->value();
    bool ok = false;
    const double lr = QLocale::c().toDouble(m_lr->text().trimmed(), &ok);
    c.lr = ok ? lr : std::numeric_limits<double>::quiet_NaN();
    c.warmup = static_cast<std::uint64_t>(m_warmup->value());
    c.device = m_device->currentData().toString().toStdString();
    c.threads = m_threads->value();

    c.out = trimmed(m_runDirectory);
    c.evalEvery = static_cast<std::uint64_t>(m_evalEvery->value());
    c.checkpointEvery = static_cast<std::uint64_t>(m_checkpointEvery->value());
    c.probeEvery = static_cast<std::uint64_t>(m_probeEvery->value());
    return c;
}

void RunLaunchDialog::updateEnabled() {
    const auto mode = static_cast<MaskMode>(m_mode->currentData().toInt());
    const bool weighted = mode == MaskMode::Complementary || mode == MaskMode::Reweighted;
    m_w->setEnabled(weighted);
    m_weighting->setEnabled(weighted);
    m_blockSize->setEnabled(m_layout->currentData().toString() == QLatin1String("block"));
}

void RunLaunchDialog::updateProblem() {
    const TrainConfig c = config();
    QString problem;
    const auto missingFile = [](const std::string& path) {
        const QFileInfo info(QString::fromStdString(path));
        return !info.isFile() || !info.isReadable();
    };
    if (!m_lr->text().trimmed().isEmpty() && std::isnan(c.lr)) {
        problem = tr("--lr must be a number (e.g. 0.001 or 3e-4).");
    } else {
        try {
            c.validate();
        } catch (const std::exception& error) {
            problem = QString::fromStdString(error.what());
        }
    }
    if (problem.isEmpty() && missingFile(c.corpus))
        problem = tr("The corpus %1 cannot be read.").arg(QString::fromStdString(c.corpus));
    if (problem.isEmpty() && missingFile(c.tokenizer))
        problem = tr("The tokenizer %1 cannot be read.").arg(QString::fromStdString(c.tokenizer));
    if (problem.isEmpty() && !c.annotations.empty() && missingFile(c.annotations))
        problem = tr("The annotation file %1 cannot be read.").arg(QString::fromStdString(c.annotations));
    if (problem.isEmpty() && c.masking.densitySource == "annotations" && c.annotations.empty())
        problem = tr("The density source \"annotations\" needs an annotation file.");
    if (problem.isEmpty() && c.device != "cpu" && !m_cudaAvailable)
        problem = tr("The device %1 is not available here; choose the CPU.").arg(QString::fromStdString(c.device));
    if (problem.isEmpty()) problem = newRunDirectoryProblem(QString::fromStdString(c.out));
    showProblem(problem);
}

void RunLaunchDialog::showProblem(const QString& problem) {
    m_problemText = problem;
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void RunLaunchDialog::chooseFile(QLineEdit* edit, const QString& title, const QString& filter) {
    const QString start = edit->text().trimmed().isEmpty() ? QDir::homePath() : edit->text().trimmed();
    const QString path = QFileDialog::getOpenFileName(this, title, start, filter);
    if (!path.isEmpty()) edit->setText(path);
}

void RunLaunchDialog::chooseRunDirectory() {
    const QFileInfo current(m_runDirectory->text().trimmed());
    const QString start = current.absoluteDir().exists() ? current.absolutePath() : QDir::homePath();
    const QString chosen = QFileDialog::getExistingDirectory(this, tr("Choose the Run Directory"), start);
    if (chosen.isEmpty()) return;
    // An empty directory becomes the run directory; the run goes into a non-empty one.
    const QDir dir(chosen);
    if (dir.isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot))
        m_runDirectory->setText(QDir::cleanPath(chosen));
    else
        m_runDirectory->setText(uniqueRunDirectory(chosen, current.fileName().isEmpty() ? runStem(config())
                                                                                         : current.fileName()));
}

void RunLaunchDialog::accept() {
    updateProblem();
    if (!m_problemText.isEmpty()) return;
    if (m_launcher) {
        const TrainConfig c = config();
        const QString error = m_launcher->launch(c);
        if (!error.isEmpty()) {
            showProblem(tr("The run was not started: %1").arg(error));
            m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
            return;
        }
        m_launched = QDir::cleanPath(QFileInfo(QString::fromStdString(c.out)).absoluteFilePath());
    }
    QDialog::accept();
}

}  // namespace maskscope::ui
