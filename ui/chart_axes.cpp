#include "ui/chart_axes.h"

#include <QtCharts/QCategoryAxis>
#include <QtCharts/QValueAxis>
#include <QtCore/QLocale>
#include <QtCore/QSet>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <vector>

namespace maskscope::ui {

// A tick interval of 1, 2 or 5 times a power of ten giving about `ticks` intervals over `span`.
double niceInterval(double span, double ticks) {
    if (!(span > 0.0) || !std::isfinite(span)) return 1.0;
    const double raw = span / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalized = raw / magnitude;
    const double factor = normalized < 1.5 ? 1.0 : normalized < 3.0 ? 2.0 : normalized < 7.0 ? 5.0 : 10.0;
    return factor * magnitude;
}

// Sets a dynamic-tick axis to [low, high] with ticks every `interval`, in the order that never
// asks Qt Charts for more ticks than the old or the new setting has (it lays out the ticks of
// every intermediate state: a small interval over a huge range would be millions of labels).
void setValueAxis(QValueAxis& axis, double low, double high, double interval) {
    // Labels with as many decimals as the ticks need ("12,288,000", "0.5", "0.00025"), and in
    // scientific notation when that would be more than 8 decimals or beyond 12 digits.
    const double largest = std::max(std::abs(low), std::abs(high));
    const int decimals = interval >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(interval) - 1e-9));
    if (largest >= 1e12 || decimals > 8) axis.setLabelFormat(QStringLiteral("%.3g"));
    else axis.setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f"));
    if (interval >= axis.tickInterval()) {
        axis.setTickInterval(interval);
        axis.setRange(low, high);
    } else {
        axis.setRange(low, high);
        axis.setTickInterval(interval);
    }
}

// The log axis over [10^low, 10^high] (`low`, `high`: log10 of the values): labels at 1, 2, 5 or
// finer steps of each decade, every decade or every few decades, whatever gives at most
// `maxTicks` labels; linear steps when the range is too narrow for two such values.
void setLogAxis(QCategoryAxis& axis, double low, double high, double maxTicks) {
    for (const QString& label : axis.categoriesLabels()) axis.remove(label);
    std::vector<double> ticks;
    const auto collect = [&](std::initializer_list<double> mantissas, int decadeStep) {
        std::vector<double> out;
        const int first = static_cast<int>(std::floor(low));
        const int last = static_cast<int>(std::ceil(high));
        for (int decade = first; decade <= last; ++decade) {
            if (decadeStep > 1 && decade % decadeStep != 0) continue;
            for (const double mantissa : mantissas) {
                const double value = mantissa * std::pow(10.0, decade);
                const double at = std::log10(value);
                if (at >= low && at <= high) out.push_back(value);
            }
        }
        return out;
    };
    for (const auto& mantissas : {std::initializer_list<double>{1, 1.5, 2, 3, 5, 7}, std::initializer_list<double>{1, 2, 5},
                                  std::initializer_list<double>{1}}) {
        ticks = collect(mantissas, 1);
        if (static_cast<double>(ticks.size()) <= maxTicks) break;
    }
    if (static_cast<double>(ticks.size()) > maxTicks)
        ticks = collect({1}, static_cast<int>(std::ceil((high - low) / maxTicks)));
    if (ticks.size() < 2) {
        const double from = std::pow(10.0, low);
        const double to = std::pow(10.0, high);
        const double step = niceInterval(to - from, std::max(2.0, maxTicks - 1.0));
        ticks.clear();
        for (double value = std::ceil(from / step) * step; value <= to && ticks.size() < 64; value += step)
            if (value > 0.0) ticks.push_back(value);
    }
    axis.setStartValue(low);
    QSet<QString> used;
    for (const double value : ticks) {
        const QString label = QLocale().toString(value, 'g', 4);
        if (used.contains(label)) continue;
        used.insert(label);
        axis.append(label, std::log10(value));
    }
    axis.setRange(low, high);
}

}  // namespace maskscope::ui
