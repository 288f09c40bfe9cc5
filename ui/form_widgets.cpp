#include "ui/form_widgets.h"

#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QFormLayout>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QSpinBox>

namespace maskscope::ui {

QFormLayout* settingsForm(QGroupBox* group) {
    auto* layout = new QFormLayout(group);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setVerticalSpacing(4);
    return layout;
}

QSpinBox* counterField(QWidget* parent, const char* name, int minimum, int maximum) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(minimum, maximum);
    box->setAccelerated(true);
    return box;
}

QDoubleSpinBox* fractionField(QWidget* parent, const char* name, double step) {
    auto* box = new QDoubleSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(0.0, 1.0);
    box->setDecimals(3);
    box->setSingleStep(step);
    box->setAccelerated(true);
    return box;
}

QComboBox* comboField(QWidget* parent, const char* name, bool compact) {
    auto* box = new QComboBox(parent);
    box->setObjectName(QLatin1String(name));
    if (compact) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(8);
    }
    return box;
}

}  // namespace maskscope::ui
