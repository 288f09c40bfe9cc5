// Run chart benchmark: TensorBoard's debiased EMA and the min/max/last downsampling of a 1 M-point
// series (core/series_smoothing.h, core/series_downsampling.h) and, in GUI builds, the redraw of a
// QtCharts line fed with the downsampled points in an offscreen 1000 px chart. Target: smoothing,
// downsampling and redraw of 1 M points together in < 16 ms. Prints a table of medians.
//
//   bench_series [--points N] [--columns P] [--reps N] [--naive]
//     --points  series length (default 1000000)
//     --columns pixel columns (default 1000)
//     --reps    repetitions of each measurement (default 30)
//     --naive   also time QtCharts drawing all N points without downsampling (slow; once)
// Runs under QT_QPA_PLATFORM=offscreen when no platform is given.
#include "core/series_downsampling.h"
#include "core/series_smoothing.h"

#ifdef MASKSCOPE_BENCH_CHARTS
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCharts/QValueAxis>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtWidgets/QApplication>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <time.h>

using namespace maskscope;

namespace {

struct Options {
    std::size_t points = 1000000;
    std::size_t columns = 1000;
    int reps = 30;
    bool naive = false;
};

struct Timing {
    double median = 0.0;     // wall time
    double best = 0.0;       // wall time
    double cpuMedian = 0.0;  // CPU time of this thread: what the work costs when other jobs share the cores
};

double threadCpuMilliseconds() {
    timespec now{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return 1e3 * static_cast<double>(now.tv_sec) + 1e-6 * static_cast<double>(now.tv_nsec);
}

double medianOf(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Runs `work` `reps` times; returns the median and the best wall time and the median thread CPU
// time, in milliseconds.
Timing timeIt(int reps, const std::function<void()>& work) {
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int i = 0; i < reps; ++i) {
        const double cpuStart = threadCpuMilliseconds();
        const auto start = std::chrono::steady_clock::now();
        work();
        wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
        cpu.push_back(threadCpuMilliseconds() - cpuStart);
    }
    return {medianOf(wall), *std::min_element(wall.begin(), wall.end()), medianOf(cpu)};
}

void printRow(const char* what, const Timing& timing, const char* target = "") {
    std::printf("| %-58s | %9.3f | %9.3f | %9.3f | %-7s |\n", what, timing.median, timing.best, timing.cpuMedian,
                target);
}

// A training-loss-like series: decaying trend, noise, rare spikes, a short diverged stretch.
void makeSeries(std::size_t count, std::vector<double>& x, std::vector<double>& y) {
    std::mt19937_64 random(12345);
    std::normal_distribution<double> noise(0.0, 0.15);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    x.resize(count);
    y.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        x[i] = static_cast<double>(i + 1);
        y[i] = 4.0 * std::exp(-static_cast<double>(i) / (0.2 * static_cast<double>(count))) + 1.2 + noise(random);
        if (unit(random) < 1e-4) y[i] += 20.0;
    }
    for (std::size_t i = count / 2; i < count / 2 + 50 && i < count; ++i) y[i] = std::numeric_limits<double>::quiet_NaN();
}

Options parseOptions(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const auto next = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", argv[i]);
                std::exit(2);
            }
            return argv[++i];
        };
        if (std::strcmp(argv[i], "--points") == 0) options.points = std::strtoull(next(), nullptr, 10);
        else if (std::strcmp(argv[i], "--columns") == 0) options.columns = std::strtoull(next(), nullptr, 10);
        else if (std::strcmp(argv[i], "--reps") == 0) options.reps = std::max(1, std::atoi(next()));
        else if (std::strcmp(argv[i], "--naive") == 0) options.naive = true;
        else {
            std::fprintf(stderr, "usage: bench_series [--points N] [--columns P] [--reps N] [--naive]\n");
            std::exit(2);
        }
    }
    if (options.points < 2 || options.columns < 1) {
        std::fprintf(stderr, "--points must be at least 2 and --columns at least 1\n");
        std::exit(2);
    }
    return options;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef MASKSCOPE_BENCH_CHARTS
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication application(argc, argv);
#endif
    const Options options = parseOptions(argc, argv);
    std::vector<double> x;
    std::vector<double> y;
    makeSeries(options.points, x, y);
    std::vector<double> smoothed(y.size());

    std::printf("bench_series: %zu points, %zu columns, %d repetitions, %u hardware threads\n\n", options.points,
                options.columns, options.reps, std::thread::hardware_concurrency());
    std::printf("| %-58s | %9s | %9s | %9s | %-7s |\n", "measurement", "median ms", "best ms", "cpu ms", "target");
    std::printf("|%s|%s|%s|%s|%s|\n", std::string(60, '-').c_str(), std::string(11, '-').c_str(),
                std::string(11, '-').c_str(), std::string(11, '-').c_str(), std::string(9, '-').c_str());

    for (const double weight : {0.6, 0.999}) {
        const std::string label = "debiased EMA, weight " + std::to_string(weight).substr(0, 5);
        printRow(label.c_str(), timeIt(options.reps, [&] { smoothDebiasedEma(y, weight, smoothed); }));
    }
    DownsampledSeries reduced;
    printRow("downsample min/max/last, full range",
             timeIt(options.reps, [&] { reduced = downsampleMinMaxLast(x, smoothed, options.columns); }));
    const double low = x.front() + 0.4 * (x.back() - x.front());
    const double high = x.front() + 0.6 * (x.back() - x.front());
    printRow("downsample min/max/last, zoomed to 20%",
             timeIt(options.reps, [&] { downsampleMinMaxLast(x, smoothed, low, high, options.columns); }));
    printRow("smoothing + downsampling (what a slider move costs)", timeIt(options.reps, [&] {
                 smoothDebiasedEma(y, 0.6, smoothed);
                 reduced = downsampleMinMaxLast(x, smoothed, options.columns);
             }),
             "< 16");
    std::printf("\nkept %zu line points (bound 3 x %zu + 2) and %zu non-finite markers\n", reduced.line.size(),
                options.columns, reduced.nonFinite.size());

#ifdef MASKSCOPE_BENCH_CHARTS
    // The chart as the run view builds it: a value-axis line chart with a scatter series for the
    // non-finite markers, no animation, 1000 x 600 px.
    auto* chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->hide();
    auto* line = new QLineSeries;
    auto* markers = new QScatterSeries;
    chart->addSeries(line);
    chart->addSeries(markers);
    auto* axisX = new QValueAxis;
    auto* axisY = new QValueAxis;
    chart->addAxis(axisX, Qt::AlignBottom);
    chart->addAxis(axisY, Qt::AlignLeft);
    for (QAbstractSeries* series : {static_cast<QAbstractSeries*>(line), static_cast<QAbstractSeries*>(markers)}) {
        series->attachAxis(axisX);
        series->attachAxis(axisY);
    }
    axisX->setRange(x.front(), x.back());
    axisY->setRange(0.0, 30.0);
    QChartView view(chart);
    view.resize(static_cast<int>(options.columns), 600);
    view.show();
    QApplication::processEvents();
    QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);

    const auto toPoints = [](const std::vector<SeriesPoint>& points, double yForAll = std::nan("")) {
        QList<QPointF> out;
        out.reserve(static_cast<qsizetype>(points.size()));
        for (const SeriesPoint& p : points) out.append(QPointF(p.x, std::isnan(yForAll) ? p.y : yForAll));
        return out;
    };
    const auto render = [&] {
        QApplication::processEvents();
        QPainter painter(&image);
        view.render(&painter);
    };
    render();
    printRow("chart redraw: replace downsampled points + render", timeIt(options.reps, [&] {
                 line->replace(toPoints(reduced.line));
                 markers->replace(toPoints(reduced.nonFinite, 29.0));
                 render();
             }),
             "< 16");
    printRow("chart redraw: render only", timeIt(options.reps, render), "< 16");
    printRow("full pipeline: smooth + downsample + replace + render", timeIt(options.reps, [&] {
                 smoothDebiasedEma(y, 0.6, smoothed);
                 reduced = downsampleMinMaxLast(x, smoothed, options.columns);
                 line->replace(toPoints(reduced.line));
                 markers->replace(toPoints(reduced.nonFinite, 29.0));
                 render();
             }),
             "< 16");
    if (options.naive) {
        QList<QPointF> all;
        all.reserve(static_cast<qsizetype>(x.size()));
        for (std::size_t i = 0; i < x.size(); ++i)
            if (std::isfinite(smoothed[i])) all.append(QPointF(x[i], smoothed[i]));
        printRow("for contrast: all points into QLineSeries + render", timeIt(1, [&] {
                     line->replace(all);
                     render();
                 }));
    }
#else
    std::printf("\n(no GUI in this build: the QtCharts redraw is not measured)\n");
#endif
    return 0;
}
