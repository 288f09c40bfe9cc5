// Export of a chart (QChartView) as a PNG image or an SVG drawing, and the "Export as PNG / SVG"
// context menu that every statistics chart offers. A chart that is not on screen (e.g. in a
// hidden tab) is exported at kHiddenExportSize.
#pragma once

#include <QtCore/QSize>
#include <QtCore/QString>

class QWidget;

QT_BEGIN_NAMESPACE
class QChartView;
QT_END_NAMESPACE

namespace maskscope::ui {

inline constexpr QSize kHiddenExportSize{800, 500};

// Writes what `view` shows to `path`: SVG (QSvgGenerator) for a ".svg" name, otherwise a raster
// image by extension (PNG). Returns an error message, or an empty string on success.
QString exportChart(QChartView& view, const QString& path);

// Asks for a file name (PNG or SVG) and exports `view`; errors go to a message box.
void exportChartDialog(QChartView& view, QWidget* parent, const QString& suggestedName);

// Gives `view` a context menu with "Export as PNG…" and "Export as SVG…".
void installChartExportMenu(QChartView& view, const QString& suggestedName);

}  // namespace maskscope::ui
