#include "ui/record_legend.h"

#include "ui/view_colors.h"

#include <QtGui/QPainter>

namespace maskscope::ui {

namespace {

constexpr int kSwatchWidth = 22;
constexpr int kSwatchHeight = 13;
constexpr int kGradientWidth = 120;
constexpr int kGap = 5;       // between a swatch and its label
constexpr int kSpacing = 16;  // between entries

}  // namespace

RecordLegend::RecordLegend(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("recordLegend"));
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

std::vector<RecordLegend::Entry> RecordLegend::entries() const {
    const QFontMetrics metrics = fontMetrics();
    auto entry = [&](Kind kind, const QString& label, int swatch) {
        return Entry{kind, label, swatch + kGap + metrics.horizontalAdvance(label)};
    };
    const int digits = metrics.horizontalAdvance(QStringLiteral("0")) + metrics.horizontalAdvance(QStringLiteral("1"));
    return {
        entry(Kind::Density, tr("Density"), kGradientWidth + 2 * kGap + digits),
        entry(Kind::Hub, tr("hub span"), kSwatchWidth),
        entry(Kind::LogicalMask, tr("masked (logical)"), kSwatchWidth),
        entry(Kind::SyntacticMask, tr("masked (syntactic)"), kSwatchWidth),
        entry(Kind::Prompt, tr("prompt (never masked)"), kSwatchWidth),
        entry(Kind::BlockStart, tr("block start"), 8),
    };
}

int RecordLegend::rowHeight() const { return fontMetrics().height() + 8; }

int RecordLegend::rowsForWidth(int width) const {
    int rows = 1;
    int x = 0;
    for (const Entry& e : entries()) {
        if (x > 0 && x + e.width > width) {
            ++rows;
            x = 0;
        }
        x += e.width + kSpacing;
    }
    return rows;
}

bool RecordLegend::hasHeightForWidth() const { return true; }

int RecordLegend::heightForWidth(int width) const { return rowsForWidth(width - 8) * rowHeight(); }

QSize RecordLegend::sizeHint() const {
    int width = 8;
    for (const Entry& e : entries()) width += e.width + kSpacing;
    return {width, rowHeight()};
}

QSize RecordLegend::minimumSizeHint() const { return {200, rowHeight()}; }

void RecordLegend::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const QPalette& pal = palette();
    const QFontMetrics metrics = fontMetrics();
    const int row = rowHeight();
    int x = 4;
    int top = 0;
    for (const Entry& e : entries()) {
        if (x > 4 && x + e.width > width() - 4) {
            x = 4;
            top += row;
        }
        const int swatchTop = top + (row - kSwatchHeight) / 2;
        const QRect swatch(x, swatchTop, kSwatchWidth, kSwatchHeight);
        painter.setPen(pal.color(QPalette::WindowText));
        int labelX = x + kSwatchWidth + kGap;
        switch (e.kind) {
        case Kind::Density: {
            const QString zero = QStringLiteral("0");
            const int titleWidth = metrics.horizontalAdvance(e.label);
            painter.drawText(QRect(x, top, titleWidth + 2, row), Qt::AlignVCenter, e.label);
            int gx = x + titleWidth + kGap;
            painter.drawText(QRect(gx, top, metrics.horizontalAdvance(zero) + 2, row), Qt::AlignVCenter, zero);
            gx += metrics.horizontalAdvance(zero) + 3;
            for (int i = 0; i < kGradientWidth; ++i)
                painter.fillRect(QRect(gx + i, swatchTop, 1, kSwatchHeight),
                                 densityColor(static_cast<float>(i) / (kGradientWidth - 1), pal));
            painter.setPen(pal.color(QPalette::Mid));
            painter.drawRect(QRect(gx, swatchTop, kGradientWidth - 1, kSwatchHeight - 1));
            painter.setPen(pal.color(QPalette::WindowText));
            painter.drawText(QRect(gx + kGradientWidth + 3, top, 20, row), Qt::AlignVCenter, QStringLiteral("1"));
            x += e.width + kSpacing;
            continue;
        }
        case Kind::Hub:
            painter.fillRect(swatch, pal.color(QPalette::Base));
            painter.setRenderHint(QPainter::Antialiasing, true);
            painter.setPen(QPen(hubOutlineColor(pal), 1.6));
            painter.drawRoundedRect(QRectF(swatch).adjusted(0.8, 0.8, -0.8, -0.8), 2, 2);
            painter.setRenderHint(QPainter::Antialiasing, false);
            break;
        case Kind::LogicalMask:
        case Kind::SyntacticMask: {
            const QColor color = maskColor(e.kind == Kind::LogicalMask ? MaskSample::Logical : MaskSample::Syntactic, pal);
            QColor hatch = color;
            hatch.setAlpha(120);
            painter.fillRect(swatch, pal.color(QPalette::Base));
            painter.fillRect(swatch, QBrush(hatch, Qt::BDiagPattern));
            painter.fillRect(QRect(swatch.left(), swatch.bottom() - 2, swatch.width(), 3), color);
            break;
        }
        case Kind::Prompt:
            painter.fillRect(swatch, promptBackground(pal));
            painter.setPen(pal.color(QPalette::Mid));
            painter.drawRect(swatch.adjusted(0, 0, -1, -1));
            break;
        case Kind::BlockStart: {
            QColor wedge = pal.color(QPalette::WindowText);
            wedge.setAlpha(170);
            painter.setPen(Qt::NoPen);
            painter.setBrush(wedge);
            const QPointF points[] = {{x + 0.5, double(swatchTop)}, {x + 7.5, double(swatchTop)}, {x + 4.0, swatchTop + 5.0}};
            painter.drawPolygon(points, 3);
            painter.setBrush(Qt::NoBrush);
            labelX = x + 8 + kGap;
            break;
        }
        }
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QRect(labelX, top, metrics.horizontalAdvance(e.label) + 2, row), Qt::AlignVCenter, e.label);
        x += e.width + kSpacing;
    }
}

}  // namespace maskscope::ui
