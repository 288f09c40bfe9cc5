#include "ui/chart_export.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFileInfo>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtSvg/QSvgGenerator>
#include <QtWidgets/QFileDialog>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtWidgets/QGraphicsScene>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMessageBox>

namespace maskscope::ui {

QString exportChart(QChartView& view, const QString& path) {
    const QSize size = view.isVisible() && !view.viewport()->size().isEmpty() ? view.viewport()->size() : kHiddenExportSize;
    // The chart is laid out at the export size for the time of the export.
    QChart* chart = view.chart();
    const QSizeF shownSize = chart->size();
    chart->resize(QSizeF(size));
    struct Restore {
        QChart* chart;
        QSizeF size;
        ~Restore() { chart->resize(size); }
    } restore{chart, shownSize};
    if (size.isEmpty()) return QCoreApplication::translate("ChartExport", "The chart has no size to export.");
    if (path.endsWith(QLatin1String(".svg"), Qt::CaseInsensitive)) {
        QSvgGenerator generator;
        generator.setFileName(path);
        generator.setSize(size);
        generator.setViewBox(QRect(QPoint(0, 0), size));
        generator.setTitle(QFileInfo(path).completeBaseName());
        generator.setDescription(QCoreApplication::translate("ChartExport", "Exported from MaskScope"));
        QPainter painter;
        if (!painter.begin(&generator)) return QCoreApplication::translate("ChartExport", "Cannot write %1.").arg(path);
        view.scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), QRectF(chart->pos(), QSizeF(size)));
        painter.end();
        if (QFileInfo(path).size() <= 0) return QCoreApplication::translate("ChartExport", "Cannot write %1.").arg(path);
        return {};
    }
    const qreal ratio = std::max<qreal>(1.0, view.devicePixelRatioF());
    QImage image(size * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(view.palette().color(QPalette::Base));
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    view.scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), QRectF(chart->pos(), QSizeF(size)));
    painter.end();
    if (!image.save(path)) return QCoreApplication::translate("ChartExport", "Cannot write %1 (use a .png or .svg file name).").arg(path);
    return {};
}

void exportChartDialog(QChartView& view, QWidget* parent, const QString& suggestedName) {
    QString selected;
    const QString path = QFileDialog::getSaveFileName(parent, QCoreApplication::translate("ChartExport", "Export Chart"), suggestedName + QStringLiteral(".png"),
                                                      QCoreApplication::translate("ChartExport", "PNG image (*.png);;SVG drawing (*.svg)"), &selected);
    if (path.isEmpty()) return;
    const QString error = exportChart(view, path);
    if (!error.isEmpty()) QMessageBox::warning(parent, QCoreApplication::translate("ChartExport", "Export Chart"), error);
}

void installChartExportMenu(QChartView& view, const QString& suggestedName) {
    view.setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(&view, &QWidget::customContextMenuRequested, &view, [&view, suggestedName](const QPoint& point) {
        QMenu menu(&view);
        for (const QString& extension : {QStringLiteral("png"), QStringLiteral("svg")}) {
            const QString label = extension == QLatin1String("png") ? QCoreApplication::translate("ChartExport", "Export as PNG\u2026") : QCoreApplication::translate("ChartExport", "Export as SVG\u2026");
            menu.addAction(label, &view, [&view, suggestedName, extension]() {
                const QString filter = extension == QLatin1String("png") ? QCoreApplication::translate("ChartExport", "PNG image (*.png)") : QCoreApplication::translate("ChartExport", "SVG drawing (*.svg)");
                const QString path = QFileDialog::getSaveFileName(&view, QCoreApplication::translate("ChartExport", "Export Chart"),
                                                                  suggestedName + QLatin1Char('.') + extension, filter);
                if (path.isEmpty()) return;
                const QString error = exportChart(view, path);
                if (!error.isEmpty()) QMessageBox::warning(&view, QCoreApplication::translate("ChartExport", "Export Chart"), error);
            });
        }
        menu.exec(view.viewport()->mapToGlobal(point));
    });
}

}  // namespace maskscope::ui
