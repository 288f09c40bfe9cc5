// Small factories for the settings forms (masking controls, the run launch dialog): the same
// spacing, ranges and behaviour for every form, and an object name on every field so that tests
// and saved layouts can find it.
#pragma once

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QSpinBox;
class QWidget;

namespace maskscope::ui {

// The form layout of a settings group: labels right-aligned, fields growing, compact spacing.
QFormLayout* settingsForm(QGroupBox* group);
// An integer field in [minimum, maximum] that accelerates while an arrow is held.
QSpinBox* counterField(QWidget* parent, const char* name, int minimum, int maximum);
// A fraction in [0, 1] with three decimals.
QDoubleSpinBox* fractionField(QWidget* parent, const char* name, double step = 0.05);
// A combo box; `compact` lets it shrink below its longest item, so that a dock can stay narrow.
QComboBox* comboField(QWidget* parent, const char* name, bool compact = false);

}  // namespace maskscope::ui
