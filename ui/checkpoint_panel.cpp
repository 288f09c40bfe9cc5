#include "ui/checkpoint_panel.h"

#include "ui/checkpoint_info.h"
#include "ui/density_tracks.h"
#include "ui/document_loader.h"
#include "ui/inspection_context.h"
#include "ui/view_colors.h"

#include "core/density_source.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QSignalBlocker>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QProgressBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QToolButton>
#include <QtWidgets/QVBoxLayout>

#include <exception>

namespace maskscope::ui {

namespace {

QLabel* wrappingLabel(QWidget* parent, const char* name) {
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    return label;
}

}  // namespace

CheckpointPanel::CheckpointPanel(InspectionContext& context, DocumentLoader& loader, QWidget* parent)
    : QWidget(parent), m_context(context), m_loader(loader) {
    setObjectName(QStringLiteral("checkpointPanel"));

    m_open = new QPushButton(tr("Open Checkpoint\u2026"), this);
    m_open->setObjectName(QStringLiteral("openCheckpoint"));
    m_open->setToolTip(tr("Open a step_N checkpoint directory, a checkpoints/ folder or a run directory"));
    connect(m_open, &QPushButton::clicked, this, &CheckpointPanel::openDialog);
    m_recentBox = new QComboBox(this);
    m_recentBox->setObjectName(QStringLiteral("recentCheckpoints"));
    m_recentBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_recentBox->setMinimumContentsLength(8);
    m_recentBox->setToolTip(tr("Recent checkpoints"));
    connect(m_recentBox, &QComboBox::activated, this, [this](int index) {
        const QString path = m_recentBox->itemData(index).toString();
        if (!path.isEmpty() && m_loader.openCheckpoint(path)) Q_EMIT checkpointOpened(path);
    });
    auto* openRow = new QHBoxLayout;
    openRow->addWidget(m_open);
    openRow->addWidget(m_recentBox, 1);

    m_path = wrappingLabel(this, "checkpointPath");
    m_info = wrappingLabel(this, "checkpointInfo");
    m_info->setForegroundRole(QPalette::PlaceholderText);
    m_error = wrappingLabel(this, "checkpointError");
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, errorTextColor(palette()));
    m_error->setPalette(errorPalette);
    m_error->hide();

    auto* tracks = new QGroupBox(tr("Density tracks"), this);
    auto* tracksLayout = new QVBoxLayout(tracks);
    m_noEngine = wrappingLabel(tracks, "noEngine");
    m_noEngine->setForegroundRole(QPalette::PlaceholderText);
    m_noEngine->setText(tr("This build has no model engine: only the annotation track and rule blends are available."));
    tracksLayout->addWidget(m_noEngine);
    buildSources();
    for (QCheckBox* box : m_sources) tracksLayout->addWidget(box);
    m_noEngine->setVisible(offeredSources().filter(QStringLiteral("model:")).isEmpty());
    m_blend = new QLineEdit(tracks);
    m_blend->setObjectName(QStringLiteral("blendMembers"));
    m_blend->setPlaceholderText(tr("blend members, e.g. rules:code=0.5,model:surprisal=0.5"));
    m_blend->setToolTip(tr("The sources the blend track averages, each with its weight"));
    m_blend->setVisible(DensityRegistry::instance().contains("blend"));
    tracksLayout->addWidget(m_blend);
    connect(m_blend, &QLineEdit::editingFinished, this, &CheckpointPanel::apply);

    auto* options = new QFormLayout;
    options->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_k = new QSpinBox(tracks);
    m_k->setObjectName(QStringLiteral("modelK"));
    m_k->setRange(1, 1024);
    m_k->setToolTip(tr("Strided passes per sweep: every response token is scored once, while masked"));
    m_t = new QDoubleSpinBox(tracks);
    m_t->setObjectName(QStringLiteral("modelT"));
    m_t->setRange(0.0, 0.99);
    m_t->setDecimals(2);
    m_t->setSingleStep(0.05);
    m_t->setToolTip(tr("Also mask this share of the other response tokens as context"));
    m_device = new QComboBox(tracks);
    m_device->setObjectName(QStringLiteral("modelDevice"));
    m_device->addItem(tr("CPU"), QStringLiteral("cpu"));
    m_device->addItem(tr("CUDA"), QStringLiteral("cuda"));
    options->addRow(tr("Passes k"), m_k);
    options->addRow(tr("Context t"), m_t);
    options->addRow(tr("Device"), m_device);
    tracksLayout->addLayout(options);
    connect(m_k, &QSpinBox::valueChanged, this, &CheckpointPanel::apply);
    connect(m_t, &QDoubleSpinBox::valueChanged, this, &CheckpointPanel::apply);
    connect(m_device, &QComboBox::currentIndexChanged, this, &CheckpointPanel::apply);

    m_compute = new QPushButton(tr("Compute Corpus"), this);
    m_compute->setObjectName(QStringLiteral("computeCorpusTracks"));
    m_compute->setToolTip(tr("Compute the tracks of every record in the background"));
    connect(m_compute, &QPushButton::clicked, this, &CheckpointPanel::computeCorpus);
    m_cancel = new QToolButton(this);
    m_cancel->setObjectName(QStringLiteral("cancelCorpusTracks"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop computing the corpus tracks"));
    m_cancel->setEnabled(false);
    connect(m_cancel, &QToolButton::clicked, this, &CheckpointPanel::cancelCorpus);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("corpusTracksProgress"));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(10);
    m_corpus = wrappingLabel(this, "corpusTracksStatus");
    auto* corpusRow = new QHBoxLayout;
    corpusRow->addWidget(m_compute);
    corpusRow->addWidget(m_progress, 1);
    corpusRow->addWidget(m_cancel);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(openRow);
    layout->addWidget(m_path);
    layout->addWidget(m_info);
    layout->addWidget(m_error);
    layout->addWidget(tracks);
    layout->addLayout(corpusRow);
    layout->addWidget(m_corpus);
    layout->addStretch(1);

    DensityTrackService& service = context.densityTracks();
    connect(&service, &DensityTrackService::settingsChanged, this, [this]() {
        showSettings();
        updateInfo();
        updateState();
    });
    connect(&service, &DensityTrackService::stateChanged, this, &CheckpointPanel::updateState);
    connect(&service, &DensityTrackService::busyChanged, this, &CheckpointPanel::updateState);
    connect(&service, &DensityTrackService::corpusProgress, this, [this](quint64 done, quint64 total) {
        m_progress->setValue(total > 0 ? static_cast<int>(1000.0 * double(done) / double(total)) : 0);
        m_corpus->setText(tr("%1 of %2 records").arg(done).arg(total));
    });
    connect(&service, &DensityTrackService::corpusFinished, this,
            [this](bool complete, qint64 records, const QString& message) {
                if (complete) {
                    m_progress->setValue(1000);
                    m_corpus->setText(tr("Tracks of %n record(s) computed.", nullptr, int(records)));
                } else {
                    m_corpus->setText(message);
                }
                updateState();
            });
    connect(&context, &InspectionContext::corpusChanged, this, &CheckpointPanel::updateState);
    connect(&context, &InspectionContext::tokenizerChanged, this, &CheckpointPanel::updateState);
    showSettings();
    updateInfo();
    updateState();
}

void CheckpointPanel::buildSources() {
    for (const auto& [name, description] : DensityRegistry::instance().list()) {
        const QString id = QString::fromStdString(name);
        if (!id.startsWith(QLatin1String("model:")) && id != QLatin1String("blend")) continue;
        auto* box = new QCheckBox(id, this);
        box->setObjectName(QStringLiteral("track:%1").arg(id));
        box->setToolTip(QString::fromStdString(description));
        box->setProperty("source", id);
        connect(box, &QCheckBox::toggled, this, &CheckpointPanel::apply);
        m_sources.push_back(box);
    }
}

QStringList CheckpointPanel::offeredSources() const {
    QStringList names;
    for (const QCheckBox* box : m_sources) names << box->property("source").toString();
    return names;
}

void CheckpointPanel::setRecentCheckpoints(const QStringList& paths) {
    m_recent = paths;
    const QSignalBlocker block(m_recentBox);
    m_recentBox->clear();
    m_recentBox->addItem(paths.isEmpty() ? tr("no recent checkpoints") : tr("Recent\u2026"), QString());
    for (const QString& path : paths) {
        const QFileInfo info(path);
        const QString parent = info.dir().dirName();
        m_recentBox->addItem(parent.isEmpty() ? info.fileName() : QStringLiteral("%1/%2").arg(parent, info.fileName()), path);
        m_recentBox->setItemData(m_recentBox->count() - 1, QDir::toNativeSeparators(path), Qt::ToolTipRole);
    }
    m_recentBox->setEnabled(!paths.isEmpty());
}

void CheckpointPanel::openDialog() {
    const QString start = m_context.densityTracks().settings().checkpoint;
    const QString path = QFileDialog::getExistingDirectory(this, tr("Open Checkpoint"), start);
    if (path.isEmpty()) return;
    if (m_loader.openCheckpoint(path)) Q_EMIT checkpointOpened(path);
}

void CheckpointPanel::computeCorpus() {
    m_progress->setValue(0);
    m_corpus->setText(tr("Computing\u2026"));
    m_context.densityTracks().computeCorpus();
    updateState();
}

void CheckpointPanel::cancelCorpus() { m_context.densityTracks().cancelCorpus(); }

QString CheckpointPanel::checkpointText() const { return m_path->text() + QLatin1Char('\n') + m_info->text(); }

QString CheckpointPanel::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

QString CheckpointPanel::corpusText() const { return m_corpus->text(); }

void CheckpointPanel::apply() {
    if (m_showing) return;
    ModelDensitySettings settings = m_context.densityTracks().settings();
    settings.sources.clear();
    for (const QCheckBox* box : m_sources)
        if (box->isChecked()) settings.sources << box->property("source").toString();
    settings.blend = m_blend->text().trimmed();
    settings.k = m_k->value();
    settings.t = m_t->value();
    settings.device = m_device->currentData().toString();
    m_context.densityTracks().setSettings(settings);
}

void CheckpointPanel::showSettings() {
    m_showing = true;
    const ModelDensitySettings& settings = m_context.densityTracks().settings();
    for (QCheckBox* box : m_sources) box->setChecked(settings.sources.contains(box->property("source").toString()));
    m_blend->setText(settings.blend);
    m_k->setValue(settings.k);
    m_t->setValue(settings.t);
    const int device = m_device->findData(settings.device);
    m_device->setCurrentIndex(device >= 0 ? device : 0);
    m_showing = false;
}

void CheckpointPanel::updateInfo() {
    const QString checkpoint = m_context.densityTracks().settings().checkpoint;
    if (checkpoint.isEmpty()) {
        m_path->setText(tr("No checkpoint open."));
        m_info->setText(tr("Open or drop a checkpoint directory to compute model density tracks."));
        return;
    }
    m_path->setText(QDir::toNativeSeparators(checkpoint));
    m_path->setToolTip(m_path->text());
    try {
        const CheckpointInfo info = readCheckpointInfo(checkpoint);
        m_info->setText(info.hasTokenizer ? info.summary()
                                          : tr("%1 \u00b7 no tokenizer.model beside the weights").arg(info.summary()));
    } catch (const std::exception& e) {
        m_info->setText(QString::fromStdString(e.what()));
    }
}

void CheckpointPanel::updateState() {
    const DensityTrackService& service = m_context.densityTracks();
    const bool running = service.isCorpusRunning();
    m_cancel->setEnabled(running);
    m_compute->setEnabled(!running && !service.trackNames().isEmpty());
    for (QCheckBox* box : m_sources) box->setEnabled(!running);
    const QString message = service.state() == DensityTrackService::State::Failed ? service.message() : QString();
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

}  // namespace maskscope::ui
