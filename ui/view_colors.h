// The colours of the token views and tables, one definition for every panel and the legend.
// Each has a variant for light and for dark palettes (decided by the palette's base colour), so
// that text stays readable on every token background.
#pragma once

#include <QtGui/QColor>
#include <QtGui/QPalette>

#include <array>

namespace maskscope::ui {

enum class MaskSample { Logical, Syntactic };

bool isDarkPalette(const QPalette& palette);

// Background of a response token with information density `density` in [0, 1]: a sequential
// yellow-orange-red map blended into the palette's base colour. Density 0 gives the base colour
// itself (no fill). The result is opaque.
QColor densityColor(float density, const QPalette& palette);

// densityColor for 256 evenly spaced densities (index = round(density * 255)), for painting.
using DensityColorTable = std::array<QColor, 256>;
DensityColorTable densityColorTable(const QPalette& palette);

QColor maskColor(MaskSample sample, const QPalette& palette);  // hatching and bar of masked tokens
QColor hubOutlineColor(const QPalette& palette);                // outline of hub spans
QColor promptBackground(const QPalette& palette);               // prompt tokens (never masked)
QColor errorTextColor(const QPalette& palette);                 // bad lines, failures
QColor collapseColor(const QPalette& palette);                  // blocks flagged for contextual collapse

}  // namespace maskscope::ui
