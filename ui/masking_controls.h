// The masking controls: every parameter of density, hub extraction and Complementary Priority
// Masking (method.md sections 2 and 3) as the CLI names them, plus the seed, step and block size.
// Every change goes straight to the InspectionContext, which redraws the current record's masks
// through the core Inspector; invalid combinations (t_min > t_max, ...) are shown, not applied.
// Follows the context when another part of the app (a session) changes the settings. The model
// density sources (model:*) are not offered here: they need a checkpoint and are chosen in the
// Checkpoint panel, which shows them as tracks beside this source.
#pragma once

#include "core/inspection.h"

#include <QtWidgets/QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace maskscope::ui {

class InspectionContext;

class MaskingControls : public QWidget {
    Q_OBJECT
public:
    explicit MaskingControls(InspectionContext& context, QWidget* parent = nullptr);

    // The settings the widgets describe now.
    InspectionSettings settingsFromWidgets() const;

private:
    static QString sourceDescription(const QString& name, const QString& registered);
    QWidget* buildDensityGroup();
    QWidget* buildHubGroup();
    QWidget* buildMaskingGroup();
    QWidget* buildSampleGroup();
    void apply();
    void showSettings(const InspectionSettings& settings);
    void updateEnabled();

    InspectionContext& m_context;
    bool m_applying = false;
    QComboBox* m_density = nullptr;
    QLabel* m_densityDescription = nullptr;
    QComboBox* m_hubRule = nullptr;
    QDoubleSpinBox* m_hubValue = nullptr;
    QSpinBox* m_hubGap = nullptr;
    QSpinBox* m_hubMinSpan = nullptr;
    QComboBox* m_mode = nullptr;
    QComboBox* m_weighting = nullptr;
    QDoubleSpinBox* m_w = nullptr;
    QComboBox* m_tMode = nullptr;
    QDoubleSpinBox* m_tMin = nullptr;
    QDoubleSpinBox* m_tMax = nullptr;
    QLabel* m_tMinLabel = nullptr;
    QLabel* m_tMaxLabel = nullptr;
    QDoubleSpinBox* m_processed = nullptr;
    QDoubleSpinBox* m_seed = nullptr;
    QSpinBox* m_step = nullptr;
    QSpinBox* m_blockSize = nullptr;
    QLabel* m_problem = nullptr;
};

}  // namespace maskscope::ui
