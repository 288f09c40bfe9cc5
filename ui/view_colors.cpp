#include "ui/view_colors.h"

#include <algorithm>
#include <cmath>

namespace maskscope::ui {

namespace {

struct Stop {
    float at;
    QRgb color;
};

// Yellow -> orange -> red, ending light enough for dark text.
constexpr std::array<Stop, 5> kLightStops = {{
    {0.1f, 0xfff7bc}, {0.3f, 0xfee391}, {0.5f, 0xfec44f}, {0.75f, 0xfe9929}, {1.0f, 0xf46d43},
}};
// The same hues, dark enough for light text.
constexpr std::array<Stop, 5> kDarkStops = {{
    {0.1f, 0x3f3b24}, {0.3f, 0x5e5020}, {0.5f, 0x7d5c16}, {0.75f, 0x8f4312}, {1.0f, 0x9c2424},
}};

QColor mix(QRgb a, QRgb b, float t) {
    auto channel = [t](int x, int y) { return static_cast<int>(std::lround(x + (y - x) * t)); };
    return QColor(channel(qRed(a), qRed(b)), channel(qGreen(a), qGreen(b)), channel(qBlue(a), qBlue(b)));
}

}  // namespace

bool isDarkPalette(const QPalette& palette) { return palette.color(QPalette::Base).lightness() < 128; }

QColor densityColor(float density, const QPalette& palette) {
    const QColor base = palette.color(QPalette::Base);
    if (!(density > 0.0f)) return base;
    const auto& stops = isDarkPalette(palette) ? kDarkStops : kLightStops;
    density = std::min(density, 1.0f);
    if (density <= stops.front().at) return mix(base.rgb(), stops.front().color, density / stops.front().at);
    for (std::size_t i = 1; i < stops.size(); ++i) {
        if (density <= stops[i].at) {
            const float t = (density - stops[i - 1].at) / (stops[i].at - stops[i - 1].at);
            return mix(stops[i - 1].color, stops[i].color, t);
        }
    }
    return QColor(stops.back().color);
}

DensityColorTable densityColorTable(const QPalette& palette) {
    DensityColorTable table;
    for (std::size_t i = 0; i < table.size(); ++i) table[i] = densityColor(static_cast<float>(i) / 255.0f, palette);
    return table;
}

QColor maskColor(MaskSample sample, const QPalette& palette) {
    const bool dark = isDarkPalette(palette);
    if (sample == MaskSample::Logical) return dark ? QColor(0x7a, 0xb0, 0xff) : QColor(0x1f, 0x5f, 0xbf);
    return dark ? QColor(0x4f, 0xd1, 0xa8) : QColor(0x0b, 0x7a, 0x5e);
}

QColor hubOutlineColor(const QPalette& palette) {
    return isDarkPalette(palette) ? QColor(0xe0, 0x7c, 0xf0) : QColor(0x8e, 0x24, 0xaa);
}

QColor promptBackground(const QPalette& palette) {
    return isDarkPalette(palette) ? QColor(0x2c, 0x30, 0x36) : QColor(0xec, 0xef, 0xf3);
}

QColor errorTextColor(const QPalette& palette) {
    return isDarkPalette(palette) ? QColor(0xff, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
}

QColor collapseColor(const QPalette& palette) {
    return isDarkPalette(palette) ? QColor(0x7a, 0x26, 0x2b) : QColor(0xfd, 0xd5, 0xd5);
}

}  // namespace maskscope::ui
