// The look every chart of the app shares: the palette's base colour behind the plot, text-coloured
// titles, labels and legend, and faint grid lines, so that charts follow light and dark palettes.
#pragma once

#include <initializer_list>

class QAbstractAxis;
class QChart;
class QPalette;

namespace maskscope::ui {

// Applies the palette to `chart` (background, title, legend) and to each of `axes`.
void applyChartPalette(QChart& chart, std::initializer_list<QAbstractAxis*> axes, const QPalette& palette);

}  // namespace maskscope::ui
