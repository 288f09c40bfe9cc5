#include "ui/masking_controls.h"

#include "ui/form_widgets.h"
#include "ui/inspection_context.h"
#include "ui/view_colors.h"

#include "core/density_source.h"

#include <QtCore/QSignalBlocker>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QVBoxLayout>

#include <limits>
#include <memory>
#include <vector>

namespace maskscope::ui {

// The built-in sources described in the user's language; others (registered later, e.g. by the
// engine) by the description they registered with.
QString MaskingControls::sourceDescription(const QString& name, const QString& registered) {
    if (name == QLatin1String("rules:code"))
        return tr("Rules for source code: conditions, loop headers, return expressions, comparisons and assigned "
                  "calls score high.");
    if (name == QLatin1String("rules:math"))
        return tr("Rules for math: equations, operators, results after '=' and final answers (####, \\boxed) "
                  "score high.");
    if (name == QLatin1String("annotations"))
        return tr("Hub spans from the open annotation file (an LLM annotator or a person).");
    return registered;
}

MaskingControls::MaskingControls(InspectionContext& context, QWidget* parent) : QWidget(parent), m_context(context) {
    setObjectName(QStringLiteral("maskingControls"));
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);
    column->setContentsMargins(4, 4, 4, 4);
    column->setSpacing(6);
    column->addWidget(buildDensityGroup());
    column->addWidget(buildHubGroup());
    column->addWidget(buildMaskingGroup());
    column->addWidget(buildSampleGroup());

    m_problem = new QLabel(content);
    m_problem->setObjectName(QStringLiteral("settingsProblem"));
    m_problem->setWordWrap(true);
    QPalette pal = m_problem->palette();
    pal.setColor(QPalette::WindowText, errorTextColor(palette()));
    m_problem->setPalette(pal);
    m_problem->hide();
    column->addWidget(m_problem);

    auto* reset = new QPushButton(tr("Reset to Defaults"), content);
    reset->setToolTip(tr("Density rules:code, hub threshold 0.5, w = 2, t in [0.3, 0.8], complementary, "
                         "seed 0, step 0, block size 32"));
    connect(reset, &QPushButton::clicked, this, [this]() {
        m_context.setSettings(defaultInspectionSettings());
        m_context.setStep(0);
    });
    column->addWidget(reset, 0, Qt::AlignLeft);
    column->addStretch(1);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    showSettings(context.settings());
    m_step->setValue(static_cast<int>(std::min<std::uint32_t>(context.step(), std::numeric_limits<int>::max())));
    connect(&context, &InspectionContext::settingsChanged, this, [this]() {
        if (!m_applying) showSettings(m_context.settings());
    });
    connect(&context, &InspectionContext::stepChanged, this, [this](std::uint32_t step) {
        const QSignalBlocker block(m_step);
        m_step->setValue(static_cast<int>(std::min<std::uint32_t>(step, std::numeric_limits<int>::max())));
    });
}

QWidget* MaskingControls::buildDensityGroup() {
    auto* group = new QGroupBox(tr("Density"));
    auto* layout = settingsForm(group);
    m_density = comboField(group, "densitySource", true);
    for (const auto& [name, description] : DensityRegistry::instance().list()) {
        const QString id = QString::fromStdString(name);
        // Model sources need a checkpoint: they are chosen in the Checkpoint panel and shown as
        // density tracks beside this source.
        if (id.startsWith(QLatin1String("model:"))) continue;
        m_density->addItem(id, id);
        m_density->setItemData(m_density->count() - 1, sourceDescription(id, QString::fromStdString(description)),
                               Qt::ToolTipRole);
    }
    m_densityDescription = new QLabel(group);
    m_densityDescription->setWordWrap(true);
    m_densityDescription->setForegroundRole(QPalette::PlaceholderText);
    layout->addRow(tr("Source"), m_density);
    layout->addRow(m_densityDescription);
    connect(m_density, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_densityDescription->setText(m_density->itemData(index, Qt::ToolTipRole).toString());
        apply();
    });
    return group;
}

QWidget* MaskingControls::buildHubGroup() {
    auto* group = new QGroupBox(tr("Hubs"));
    auto* layout = settingsForm(group);
    m_hubRule = comboField(group, "hubRule", true);
    m_hubRule->addItem(tr("Threshold"), int(HubOptions::Rule::Threshold));
    m_hubRule->addItem(tr("Top fraction"), int(HubOptions::Rule::TopFraction));
    m_hubRule->setToolTip(tr("Threshold: tokens with density \u2265 the value are hub candidates. "
                             "Top fraction: the given share of response tokens with the highest density."));
    m_hubValue = fractionField(group, "hubValue");
    m_hubGap = counterField(group, "hubGap", 0, 1000);
    m_hubGap->setToolTip(tr("Hub runs separated by at most this many tokens are merged"));
    m_hubMinSpan = counterField(group, "hubMinSpan", 0, 1000);
    m_hubMinSpan->setToolTip(tr("Hub spans shorter than this many tokens are dropped"));
    layout->addRow(tr("Rule"), m_hubRule);
    layout->addRow(tr("Value"), m_hubValue);
    layout->addRow(tr("Merge gap"), m_hubGap);
    layout->addRow(tr("Minimum span"), m_hubMinSpan);
    connect(m_hubRule, &QComboBox::currentIndexChanged, this, [this]() { apply(); });
    connect(m_hubValue, &QDoubleSpinBox::valueChanged, this, [this]() { apply(); });
    connect(m_hubGap, &QSpinBox::valueChanged, this, [this]() { apply(); });
    connect(m_hubMinSpan, &QSpinBox::valueChanged, this, [this]() { apply(); });
    return group;
}

QWidget* MaskingControls::buildMaskingGroup() {
    auto* group = new QGroupBox(tr("Masking"));
    auto* layout = settingsForm(group);
    m_mode = comboField(group, "mode", true);
    m_mode->addItem(tr("Complementary"), int(MaskMode::Complementary));
    m_mode->addItem(tr("Reweighted"), int(MaskMode::Reweighted));
    m_mode->addItem(tr("Hard"), int(MaskMode::Hard));
    m_mode->addItem(tr("Uniform"), int(MaskMode::Uniform));
    m_mode->setItemData(0, tr("Logical sample m ~ Bernoulli(p); syntactic sample = its complement"), Qt::ToolTipRole);
    m_mode->setItemData(1, tr("Second sample drawn independently with weight 1/w at the same t"), Qt::ToolTipRole);
    m_mode->setItemData(2, tr("w \u2192 \u221e: hubs are masked first (ablation)"), Qt::ToolTipRole);
    m_mode->setItemData(3, tr("p = t for every response token (the w = 1 baseline)"), Qt::ToolTipRole);
    m_weighting = comboField(group, "weighting", true);
    m_weighting->addItem(tr("Binary"), int(Weighting::Binary));
    m_weighting->addItem(tr("Soft"), int(Weighting::Soft));
    m_weighting->setItemData(0, tr("s = w on hub tokens, 1 elsewhere"), Qt::ToolTipRole);
    m_weighting->setItemData(1, tr("s = w^density for every response token"), Qt::ToolTipRole);
    m_w = new QDoubleSpinBox(group);
    m_w->setObjectName(QStringLiteral("w"));
    m_w->setRange(0.01, 1000.0);
    m_w->setDecimals(2);
    m_w->setSingleStep(0.25);
    m_w->setAccelerated(true);
    m_w->setToolTip(tr("Priority weight of hub tokens; 1 is the uniform baseline, the paper uses 2"));
    m_tMode = comboField(group, "tMode", true);
    m_tMode->addItem(tr("Range"));
    m_tMode->addItem(tr("Fixed"));
    m_tMode->setToolTip(tr("Range: t is drawn uniformly per record and step; Fixed: the same t everywhere"));
    m_tMin = fractionField(group, "tMin");
    m_tMax = fractionField(group, "tMax");
    m_tMinLabel = new QLabel(tr("t from"), group);
    m_tMaxLabel = new QLabel(tr("t to"), group);
    m_processed = fractionField(group, "processed");
    m_processed->setToolTip(tr("Share of records that get priority masking (chosen by a hash of the id); "
                               "the rest are masked uniformly"));
    layout->addRow(tr("Mode"), m_mode);
    layout->addRow(tr("Weighting"), m_weighting);
    layout->addRow(tr("w"), m_w);
    layout->addRow(tr("Ratio t"), m_tMode);
    layout->addRow(m_tMinLabel, m_tMin);
    layout->addRow(m_tMaxLabel, m_tMax);
    layout->addRow(tr("Processed fraction"), m_processed);
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this]() { apply(); });
    connect(m_weighting, &QComboBox::currentIndexChanged, this, [this]() { apply(); });
    connect(m_w, &QDoubleSpinBox::valueChanged, this, [this]() { apply(); });
    connect(m_tMode, &QComboBox::currentIndexChanged, this, [this]() { apply(); });
    connect(m_tMin, &QDoubleSpinBox::valueChanged, this, [this]() { apply(); });
    connect(m_tMax, &QDoubleSpinBox::valueChanged, this, [this]() { apply(); });
    connect(m_processed, &QDoubleSpinBox::valueChanged, this, [this]() { apply(); });
    return group;
}

QWidget* MaskingControls::buildSampleGroup() {
    auto* group = new QGroupBox(tr("Sample"));
    auto* layout = settingsForm(group);
    m_seed = new QDoubleSpinBox(group);
    m_seed->setObjectName(QStringLiteral("seed"));
    m_seed->setDecimals(0);
    m_seed->setRange(0.0, double(std::numeric_limits<std::uint32_t>::max()));
    m_seed->setToolTip(tr("Seed of the mask stream (32-bit), as --seed of maskscope-cli"));
    m_step = counterField(group, "step", 0, std::numeric_limits<int>::max());
    m_step->setToolTip(tr("Training step whose masks are drawn (the stream is keyed by seed, record id and step)"));
    m_blockSize = counterField(group, "blockSize", 0, 1 << 16);
    m_blockSize->setSpecialValueText(tr("off"));
    m_blockSize->setToolTip(tr("Block size of block diffusion for the block statistics (32 in the paper); 0: off"));
    layout->addRow(tr("Seed"), m_seed);
    layout->addRow(tr("Step"), m_step);
    layout->addRow(tr("Block size"), m_blockSize);
    connect(m_seed, &QDoubleSpinBox::valueChanged, this, [this]() { apply(); });
    connect(m_blockSize, &QSpinBox::valueChanged, this, [this]() { apply(); });
    connect(m_step, &QSpinBox::valueChanged, this,
            [this](int step) { m_context.setStep(static_cast<std::uint32_t>(std::max(step, 0))); });
    return group;
}

InspectionSettings MaskingControls::settingsFromWidgets() const {
    InspectionSettings settings;
    settings.densitySource = m_density->currentData().toString().toStdString();
    settings.hubs.rule = static_cast<HubOptions::Rule>(m_hubRule->currentData().toInt());
    settings.hubs.value = m_hubValue->value();
    settings.hubs.maxGap = static_cast<std::size_t>(m_hubGap->value());
    settings.hubs.minSpan = static_cast<std::size_t>(m_hubMinSpan->value());
    MaskPolicy& policy = settings.policy;
    policy.mode = static_cast<MaskMode>(m_mode->currentData().toInt());
    policy.weighting = static_cast<Weighting>(m_weighting->currentData().toInt());
    policy.w = m_w->value();
    const bool fixed = m_tMode->currentIndex() == 1;
    policy.tMin = m_tMin->value();
    policy.tMax = fixed ? m_tMin->value() : m_tMax->value();
    policy.processed = m_processed->value();
    policy.seed = static_cast<std::uint32_t>(m_seed->value());
    settings.blockSize = static_cast<std::size_t>(m_blockSize->value());
    return settings;
}

void MaskingControls::apply() {
    updateEnabled();
    m_applying = true;
    const QString problem = m_context.setSettings(settingsFromWidgets());
    m_applying = false;
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    if (!problem.isEmpty()) m_context.postStatus(tr("Settings not applied: %1").arg(problem));
}

void MaskingControls::showSettings(const InspectionSettings& settings) {
    const QList<QWidget*> editors{m_density, m_hubRule, m_hubValue, m_hubGap,     m_hubMinSpan, m_mode,
                                  m_weighting, m_w,     m_tMode,    m_tMin,       m_tMax,       m_processed,
                                  m_seed,      m_blockSize};
    std::vector<std::unique_ptr<QSignalBlocker>> blockers;
    for (QWidget* editor : editors) blockers.push_back(std::make_unique<QSignalBlocker>(editor));
    const int density = m_density->findData(QString::fromStdString(settings.densitySource));
    m_density->setCurrentIndex(std::max(density, 0));
    m_densityDescription->setText(m_density->currentData(Qt::ToolTipRole).toString());
    m_hubRule->setCurrentIndex(m_hubRule->findData(int(settings.hubs.rule)));
    m_hubValue->setValue(settings.hubs.value);
    m_hubGap->setValue(static_cast<int>(settings.hubs.maxGap));
    m_hubMinSpan->setValue(static_cast<int>(settings.hubs.minSpan));
    const MaskPolicy& policy = settings.policy;
    m_mode->setCurrentIndex(m_mode->findData(int(policy.mode)));
    m_weighting->setCurrentIndex(m_weighting->findData(int(policy.weighting)));
    m_w->setValue(policy.w);
    m_tMode->setCurrentIndex(policy.tMin == policy.tMax ? 1 : 0);
    m_tMin->setValue(policy.tMin);
    m_tMax->setValue(policy.tMax);
    m_processed->setValue(policy.processed);
    m_seed->setValue(policy.seed);
    m_blockSize->setValue(static_cast<int>(settings.blockSize));
    m_problem->hide();
    updateEnabled();
}

void MaskingControls::updateEnabled() {
    const bool fixed = m_tMode->currentIndex() == 1;
    m_tMinLabel->setText(fixed ? tr("t") : tr("t from"));
    m_tMax->setVisible(!fixed);
    m_tMaxLabel->setVisible(!fixed);
    const auto mode = static_cast<MaskMode>(m_mode->currentData().toInt());
    const bool weighted = mode == MaskMode::Complementary || mode == MaskMode::Reweighted;
    m_w->setEnabled(weighted);
    m_weighting->setEnabled(weighted);
}

}  // namespace maskscope::ui
