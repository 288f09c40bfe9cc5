// Run chart benchmark: the redraw of a 1 M-point training series through the app's chart adapter
// (ui/series_chart.h, Qt Charts implementation): TensorBoard's debiased EMA over the full series,
// min/max/last downsampling per pixel column, replacing the Qt Charts series in one call, and
// rendering the chart view into a QImage at 1600x900. Once for one run, once as the app draws a
// smoothed run (its raw series faintly behind it), and with 4 runs overlaid. Prints a table of
// medians. Target: one 1 M-point series redrawn in < 16 ms.
//
//   bench_chart_redraw [--points N] [--reps N] [--width W] [--height H] [--save DIR]
//     --points  points per series (default 1000000)
//     --reps    repetitions of each measurement (default 30)
//     --width, --height  the chart's size in pixels (default 1600 x 900)
//     --save    also write the rendered 1-run and 4-run charts as PNG files into DIR
// Runs under QT_QPA_PLATFORM=offscreen (set when no platform is given).
#include "ui/qt_series_chart.h"
#include "ui/run_monitor.h"
#include "ui/series_chart.h"

#include "core/series_smoothing.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QThread>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtWidgets/QApplication>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <time.h>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

using Clock = std::chrono::steady_clock;

struct Row {
    std::string what;
    double median = 0.0;     // wall time
    double best = 0.0;       // wall time
    double cpuMedian = 0.0;  // CPU time of the process (every thread): the work, also when other jobs share the cores
    std::string target;
};

double processCpuMilliseconds() {
    timespec now{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return 1e3 * static_cast<double>(now.tv_sec) + 1e-6 * static_cast<double>(now.tv_nsec);
}

double medianOf(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

Row timeIt(const std::string& what, int reps, const std::string& target, const std::function<void(int)>& work) {
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int i = 0; i < reps; ++i) {
        const double cpuStart = processCpuMilliseconds();
        const auto start = Clock::now();
        work(i);
        wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        cpu.push_back(processCpuMilliseconds() - cpuStart);
    }
    return {what, medianOf(wall), *std::min_element(wall.begin(), wall.end()), medianOf(cpu), target};
}

// A training-loss-like series: decaying trend, noise, rare spikes, a diverged stretch of NaN, a
// few inf.
ChartValues makeLoss(std::size_t count, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::normal_distribution<double> noise(0.0, 0.15);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto y = std::make_shared<std::vector<double>>(count);
    const double scale = 3.5 + 0.5 * unit(random);
    for (std::size_t i = 0; i < count; ++i) {
        (*y)[i] = scale * std::exp(-static_cast<double>(i) / (0.2 * static_cast<double>(count))) + 1.2 + noise(random);
        if (unit(random) < 1e-4) (*y)[i] += 20.0;
        if (unit(random) < 2e-6) (*y)[i] = std::numeric_limits<double>::infinity();
    }
    for (std::size_t i = count / 2; i < count / 2 + 50 && i < count; ++i) (*y)[i] = std::numeric_limits<double>::quiet_NaN();
    return y;
}

std::string cpuModel() {
    QFile info(QStringLiteral("/proc/cpuinfo"));
    if (!info.open(QIODevice::ReadOnly)) return "unknown CPU";
    for (const QByteArray& line : info.readAll().split('\n'))
        if (line.startsWith("model name")) return line.mid(line.indexOf(':') + 1).trimmed().toStdString();
    return "unknown CPU";
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::size_t points = 1000000;
    int reps = 30;
    int width = 1600;
    int height = 900;
    QString saveDir;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--points") && hasValue) points = std::max<qulonglong>(2, args[++i].toULongLong());
        else if (a == QLatin1String("--reps") && hasValue) reps = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--width") && hasValue) width = std::max(200, args[++i].toInt());
        else if (a == QLatin1String("--height") && hasValue) height = std::max(150, args[++i].toInt());
        else if (a == QLatin1String("--save") && hasValue) saveDir = args[++i];
        else {
            const bool help = a == QLatin1String("--help");
            std::fprintf(help ? stdout : stderr,
                         "usage: bench_chart_redraw [--points N] [--reps N] [--width W] [--height H] [--save DIR]\n");
            return help ? 0 : 2;
        }
    }

    // Four runs of `points` steps each, x = step.
    auto steps = std::make_shared<std::vector<double>>(points);
    for (std::size_t i = 0; i < points; ++i) (*steps)[i] = static_cast<double>(i + 1);
    std::vector<ChartValues> losses;
    for (std::uint64_t run = 0; run < 4; ++run) losses.push_back(makeLoss(points, 100 + run));

    std::unique_ptr<SeriesChart> chart = createSeriesChart();
    QWidget* view = chart->widget();
    // Laid out as on screen but painted only into the image below (not also into a backing store).
    view->setAttribute(Qt::WA_DontShowOnScreen);
    view->resize(width, height);
    view->show();
    QApplication::processEvents();
    chart->setAxisTitles(QStringLiteral("step"), QStringLiteral("Training loss"));
    QImage image(view->size(), QImage::Format_ARGB32_Premultiplied);
    const auto render = [&](int = 0) {
        // The chart's layout after the axes changed, and nothing else: a full processEvents()
        // would also repaint the view into its backing store, painting every frame twice.
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        QPainter painter(&image);
        view->render(&painter);
    };
    const double weight = 0.6;
    // The lines as the run chart panel makes them: optionally the raw series faintly behind, then
    // the smoothed one (the EMA over the full series).
    const auto linesFor = [&](std::size_t runs, bool withRaw) {
        std::vector<ChartLine> raw;
        std::vector<ChartLine> smooth;
        for (std::size_t r = 0; r < runs; ++r) {
            ChartLine line;
            line.name = QStringLiteral("run-%1").arg(r);
            line.color = RunMonitor::paletteColor(static_cast<int>(r));
            line.x = steps;
            if (withRaw) {
                ChartLine faint = line;
                faint.color.setAlphaF(0.28f);
                faint.y = losses[r];
                faint.width = 1.0;
                faint.inLegend = false;
                faint.markNonFinite = false;
                raw.push_back(faint);
            }
            line.y = std::make_shared<const std::vector<double>>(smoothDebiasedEma(*losses[r], weight));
            smooth.push_back(line);
        }
        raw.insert(raw.end(), smooth.begin(), smooth.end());
        return raw;
    };

    std::vector<Row> rows;
    // Warm up: first layout, font caches.
    chart->setLines(linesFor(1, false));
    render();
    const std::size_t columns = chart->plotColumns();

    rows.push_back(timeIt("smoothing: debiased EMA of 1 series", reps, "-", [&](int) {
        volatile double sink = smoothDebiasedEma(*losses[0], weight).back();
        (void)sink;
    }));
    rows.push_back(timeIt("1 run: smooth + downsample + replace + render", reps, "< 16", [&](int) {
        chart->setLines(linesFor(1, false));
        render();
    }));
    rows.push_back(timeIt("1 run as drawn: + raw series behind (2 lines)", reps, "< 16", [&](int) {
        chart->setLines(linesFor(1, true));
        render();
    }));
    // A smoothing slider move: the raw series behind stays as it is (reduced once, kept).
    std::vector<ChartLine> one = linesFor(1, true);
    rows.push_back(timeIt("1 run as drawn, smoothing changed: smooth + downsample + render", reps, "< 16", [&](int i) {
        one[1].y = std::make_shared<const std::vector<double>>(smoothDebiasedEma(*losses[0], 0.5 + 0.01 * (i % 40)));
        chart->setLines(one);
        render();
    }));
    one = linesFor(1, true);
    // Every repetition with other (equal) values, so that nothing reduced before is reused.
    const auto copies = [](std::vector<ChartLine> lines) {
        for (ChartLine& line : lines) line.y = std::make_shared<const std::vector<double>>(*line.y);
        return lines;
    };
    const std::vector<ChartLine> oneCopy = copies(one);
    rows.push_back(timeIt("  of that: downsample + replace (setLines)", reps, "-", [&](int i) {
        chart->setLines(i % 2 == 0 ? oneCopy : one);
    }));
    rows.push_back(timeIt("  of that: render only", reps, "-", render));
    const double span = static_cast<double>(points);
    rows.push_back(timeIt("1 run as drawn, zoom (20% of x): downsample + replace + render", reps, "< 16", [&](int i) {
        const double from = (0.1 + 0.02 * (i % 10)) * span;  // a new range every time
        chart->zoomX(from, from + 0.2 * span);
        render();
    }));
    chart->resetZoom();
    if (!saveDir.isEmpty()) {
        chart->setLines(linesFor(1, true));
        render();
        image.save(QDir(saveDir).filePath(QStringLiteral("chart_1run.png")));
    }
    rows.push_back(timeIt("4 runs overlaid: smooth + downsample + replace + render", reps, "-", [&](int) {
        chart->setLines(linesFor(4, false));
        render();
    }));
    rows.push_back(timeIt("4 runs as drawn: + raw series behind (8 lines)", reps, "-", [&](int) {
        chart->setLines(linesFor(4, true));
        render();
    }));
    std::vector<ChartLine> four = linesFor(4, true);
    const std::vector<ChartLine> fourCopy = copies(four);
    rows.push_back(timeIt("  of that: downsample + replace (setLines)", reps, "-", [&](int i) {
        chart->setLines(i % 2 == 0 ? fourCopy : four);
    }));
    rows.push_back(timeIt("  of that: render only", reps, "-", render));
    std::size_t drawnPoints = 0;
    std::size_t markers = 0;
    for (const DrawnLine& line : chart->drawnLines()) {
        drawnPoints += line.points.size();
        markers += line.markers.size();
    }
    if (!saveDir.isEmpty()) image.save(QDir(saveDir).filePath(QStringLiteral("chart_4runs.png")));

    std::printf("\nbench_chart_redraw  (commit %s, Qt %s, %s, %d threads, %zu points per series, %dx%d px = %zu plot "
                "columns, %d repetitions)\n",
                MASKSCOPE_COMMIT, qVersion(), cpuModel().c_str(), QThread::idealThreadCount(), points, width, height,
                columns, reps);
    std::printf("%-64s %10s %10s %10s %10s\n", "measurement", "median ms", "best ms", "cpu ms", "target ms");
    std::printf("%s\n", std::string(108, '-').c_str());
    bool met = true;
    for (const Row& row : rows) {
        std::printf("%-64s %10.2f %10.2f %10.2f %10s\n", row.what.c_str(), row.median, row.best, row.cpuMedian,
                    row.target.c_str());
        if (row.target == "< 16") met = met && row.median < 16.0;
    }
    std::printf("(cpu ms: CPU time of all threads, the reduction of long series runs on several; on a busy machine\n"
                " the wall times grow while cpu ms stays)\n");
    std::printf("\n4 runs: %zu line points handed to Qt Charts for %zu input points, %zu non-finite markers\n",
                drawnPoints, 8 * points, markers);
    std::printf("%s\n", met ? "all targets met (medians)" : "TARGET MISSED");
    return met ? 0 : 1;
}
