// Desktop app benchmark: how fast the record view lays out and paints a 100k-token record, and how
// soon the first records are shown when a 1 GB JSONL corpus is opened. Prints a table of medians.
// Targets: one screen painted, and a record laid out and its first screen painted, in < 16 ms; first
// records shown in < 1 s. (--bytes 20000000 makes a quick run.)
//
//   bench_record_view [--corpus PATH] [--bytes N] [--keep] [--reps N] [--save DIR]
//     --corpus  the JSONL to open (generated there when missing; default $TMPDIR/maskscope-bench.jsonl)
//     --bytes   size of the generated corpus (default 1073741824)
//     --keep    keep a generated corpus (it is deleted otherwise)
//     --reps    repetitions of each paint measurement (default 50)
//     --save    also write the painted screen as record_light.png and record_dark.png into DIR
// Runs under QT_QPA_PLATFORM=offscreen (set when no platform is given). The corpus is timed from a
// warm page cache (it was just written or read); tokenizer: resources/demo/demo.model.
#include "ui/document_loader.h"
#include "ui/inspection_context.h"
#include "ui/main_window.h"
#include "ui/corpus_panel.h"
#include "ui/corpus_table_model.h"
#include "ui/record_panel.h"
#include "ui/record_view.h"

#include "core/inspection.h"
#include "core/tokenizer.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QThread>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtWidgets/QApplication>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableView>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

using Clock = std::chrono::steady_clock;

double millisecondsSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}

struct Row {
    std::string what;
    double milliseconds;
    std::string target;
};

// A code-like response of about `tokens` tokens: loops, conditions, returns, indentation.
std::string generatedCode(std::size_t lines) {
    std::string text;
    for (std::size_t i = 0; i < lines; ++i) {
        const std::string n = std::to_string(i);
        switch (i % 6) {
        case 0: text += "def step_" + n + "(values, limit):\n"; break;
        case 1: text += "    total = 0\n"; break;
        case 2: text += "    for index, value in enumerate(values):\n"; break;
        case 3: text += "        if value > limit and index % 3 == 0:\n"; break;
        case 4: text += "            total += compute(value, " + n + ")\n"; break;
        default: text += "    return total if total >= 0 else -1\n\n"; break;
        }
    }
    return text;
}

// SplitMix64 words for a deterministic corpus.
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

bool generateCorpus(const QString& path, std::uint64_t bytes) {
    std::ofstream out(QFile::encodeName(path).toStdString(), std::ios::binary);
    if (!out) return false;
    static const char* const words[] = {"if", "x", "<", "limit", "return", "total", "+=", "for", "i", "in",
                                        "range(n)", ":", "value", "==", "0", "while", "sum", "=", "42", "\\n    "};
    SplitMix64 random{7};
    std::uint64_t written = 0;
    std::string line;
    for (std::uint64_t record = 0; written < bytes; ++record) {
        line = "{\"id\": \"r" + std::to_string(record) + "\", \"instruction\": \"Write a loop over the values.\", "
               "\"output\": \"";
        const std::size_t count = 150 + random.next() % 200;
        for (std::size_t w = 0; w < count; ++w) {
            line += words[random.next() % (sizeof(words) / sizeof(words[0]))];
            line += ' ';
        }
        line += "\"}\n";
        out << line;
        written += line.size();
    }
    return static_cast<bool>(out);
}

RecordInspection largeInspection(const Tokenizer& tokenizer, double* analyseMs) {
    Record record{"bench-100k", "Generate a long program.", generatedCode(6000)};
    const Inspector inspector(tokenizer, defaultInspectionSettings(), DensityContext{});
    const auto start = Clock::now();
    RecordInspection inspection = inspector.inspect(record, 0);
    *analyseMs = millisecondsSince(start);
    return inspection;
}

void paintScreen(const RecordView& view, QImage& image) {
    QPainter painter(&image);
    view.paint(painter, view.viewport()->rect());
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QString corpusPath = QDir(QDir::tempPath()).filePath(QStringLiteral("maskscope-bench.jsonl"));
    std::uint64_t bytes = std::uint64_t{1} << 30;
    bool keep = false;
    int reps = 50;
    QString saveDir;
    const QStringList args = QCoreApplication::arguments();
    for (int i = 1; i < args.size(); ++i) {
        const QString& a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--corpus") && hasValue) corpusPath = args[++i];
        else if (a == QLatin1String("--bytes") && hasValue) bytes = args[++i].toULongLong();
        else if (a == QLatin1String("--keep")) keep = true;
        else if (a == QLatin1String("--reps") && hasValue) reps = std::max(1, args[++i].toInt());
        else if (a == QLatin1String("--save") && hasValue) saveDir = args[++i];
        else {
            const bool help = a == QLatin1String("--help");
            std::fprintf(help ? stdout : stderr,
                         "usage: bench_record_view [--corpus PATH] [--bytes N] [--keep] [--reps N] [--save DIR]\n");
            return help ? 0 : 2;
        }
    }
    const QString tokenizerPath = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model");
    std::vector<Row> rows;

    // --- 1. A 100k-token record in the record view -----------------------------------------------
    const Tokenizer tokenizer = Tokenizer::load(tokenizerPath.toStdString());
    double analyseMs = 0.0;
    auto inspection = std::make_shared<const RecordInspection>(largeInspection(tokenizer, &analyseMs));
    RecordView view;
    view.resize(1100, 800);
    view.show();
    QCoreApplication::processEvents();
    auto start = Clock::now();
    view.setInspection(inspection);  // layout (once per record) + wrap (once per width)
    const double layoutMs = millisecondsSince(start);
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    start = Clock::now();
    paintScreen(view, image);
    const double firstScreenMs = layoutMs + millisecondsSince(start);
    start = Clock::now();
    view.resize(1000, 800);  // a new width: wrap again
    const double rewrapMs = millisecondsSince(start);
    view.resize(1100, 800);

    std::vector<double> paintMs;
    std::vector<double> scrollMs;
    QScrollBar* bar = view.verticalScrollBar();
    for (int r = 0; r < reps; ++r) {
        bar->setValue(static_cast<int>(static_cast<long long>(bar->maximum()) * r / std::max(1, reps - 1)));
        start = Clock::now();
        paintScreen(view, image);
        paintMs.push_back(millisecondsSince(start));
        start = Clock::now();
        bar->setValue(bar->value() + bar->singleStep() * 3);  // a wheel step
        paintScreen(view, image);
        scrollMs.push_back(millisecondsSince(start));
    }
    // Opening the record again, as when going back to it: layout + wrap + paint with warm font caches.
    std::vector<double> firstScreenRepeatMs;
    for (int r = 0; r < reps; ++r) {
        view.setInspection(nullptr);
        start = Clock::now();
        view.setInspection(inspection);
        paintScreen(view, image);
        firstScreenRepeatMs.push_back(millisecondsSince(start));
    }
    view.setDisplay(SampleDisplay::SideBySide);
    std::vector<double> sideMs;
    for (int r = 0; r < reps; ++r) {
        bar->setValue(static_cast<int>(static_cast<long long>(bar->maximum()) * r / std::max(1, reps - 1)));
        start = Clock::now();
        paintScreen(view, image);
        sideMs.push_back(millisecondsSince(start));
    }
    if (!saveDir.isEmpty()) {
        view.setDisplay(SampleDisplay::Logical);
        bar->setValue(0);
        QImage light(view.viewport()->size(), QImage::Format_RGB32);
        paintScreen(view, light);
        light.save(QDir(saveDir).filePath(QStringLiteral("record_light.png")));
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2d, 0x2f, 0x33));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Base, QColor(0x1e, 0x20, 0x23));
        dark.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2c, 0x30));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9e, 0xa5));
        dark.setColor(QPalette::Mid, QColor(0x50, 0x54, 0x5a));
        dark.setColor(QPalette::Highlight, QColor(0x3d, 0x6f, 0xb6));
        view.setPalette(dark);
        QImage darkImage(view.viewport()->size(), QImage::Format_RGB32);
        paintScreen(view, darkImage);
        darkImage.save(QDir(saveDir).filePath(QStringLiteral("record_dark.png")));
    }
    const std::string tokens = std::to_string(inspection->tokens.size()) + " tokens";
    rows.push_back({"inspect 100k-token record (worker thread, once)", analyseMs, "-"});
    rows.push_back({"layout + wrap, once per record (" + tokens + ")", layoutMs, "-"});
    rows.push_back({"re-wrap after a width change", rewrapMs, "-"});
    rows.push_back({"first screen: layout + paint", firstScreenMs, "-"});
    rows.push_back({"first screen: layout + paint, median of reopenings", median(firstScreenRepeatMs), "< 16"});
    rows.push_back({"paint one screen (1100x800), median", median(paintMs), "< 16"});
    rows.push_back({"paint one screen, worst", *std::max_element(paintMs.begin(), paintMs.end()), "< 16"});
    rows.push_back({"scroll 3 lines + paint, median", median(scrollMs), "< 16"});
    rows.push_back({"paint side by side, median", median(sideMs), "< 16"});

    // --- 2. Opening a 1 GB JSONL in the app ------------------------------------------------------
    const bool generated = !QFileInfo::exists(corpusPath);
    if (generated) {
        std::fprintf(stderr, "generating %s (%llu bytes)...\n", qPrintable(corpusPath), (unsigned long long)bytes);
        if (!generateCorpus(corpusPath, bytes)) {
            std::fprintf(stderr, "cannot write %s\n", qPrintable(corpusPath));
            return 1;
        }
    } else {
        QFile warm(corpusPath);  // read once so that the page cache is warm, as after generating
        if (warm.open(QIODevice::ReadOnly)) {
            while (!warm.read(1 << 24).isEmpty()) {
            }
        }
    }
    const double fileMiB = double(QFileInfo(corpusPath).size()) / (1024.0 * 1024.0);
    {
        InspectionContext context;
        DocumentLoader loader(context);
        MainWindow window(context, loader, {});
        window.setInteractive(false);
        window.setPersistent(false);
        window.show();
        QCoreApplication::processEvents();
        double tableRows = -1, firstStats = -1, firstRecord = -1, scanned = -1;
        start = Clock::now();
        loader.openFiles({corpusPath, tokenizerPath});
        const CorpusTableModel* model = window.corpusPanel()->tableModel();
        QTableView* table = window.corpusPanel()->tableView();
        while (millisecondsSince(start) < 600000.0) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
            const double now = millisecondsSince(start);
            if (tableRows < 0 && model->rowCount() > 0 && table->isVisible()) tableRows = now;
            if (firstStats < 0 && model->rowCount() > 0 && model->stats(0) && model->stats(10) &&
                model->stats(0)->hubTokens >= 0)
                firstStats = now;
            if (firstRecord < 0 && window.recordPanel()->view()->inspection() && window.recordPanel()->isSettled())
                firstRecord = now;
            if (scanned < 0 && context.corpusScanned()) scanned = now;
            if (scanned >= 0 && firstRecord >= 0 && firstStats >= 0) break;
            if (window.errorCount() > 0) {
                std::fprintf(stderr, "loading failed\n");
                return 1;
            }
            QThread::usleep(200);
        }
        char what[160];
        std::snprintf(what, sizeof what, "open %.0f MiB JSONL: table rows shown (%llu records)", fileMiB,
                      (unsigned long long)(context.corpus() ? context.corpus()->entryCount() : 0));
        rows.push_back({what, tableRows, "< 1000"});
        rows.push_back({"  first rows with statistics (ids, tokens, hubs)", firstStats, "< 1000"});
        rows.push_back({"  first record inspected and shown", firstRecord, "< 1000"});
        rows.push_back({"  every line checked (bad-line scan, background)", scanned, "-"});
    }
    if (generated && !keep) QFile::remove(corpusPath);

    std::printf("\nbench_record_view  (commit %s, Qt %s, %d threads, %d repetitions)\n", MASKSCOPE_COMMIT, qVersion(),
                QThread::idealThreadCount(), reps);
    std::printf("%-62s %12s %10s\n", "measurement", "ms", "target ms");
    std::printf("%s\n", std::string(86, '-').c_str());
    bool met = true;
    for (const Row& row : rows) {
        std::printf("%-62s %12.2f %10s\n", row.what.c_str(), row.milliseconds, row.target.c_str());
        if (row.target == "< 16") met = met && row.milliseconds < 16.0;
        if (row.target == "< 1000") met = met && row.milliseconds >= 0 && row.milliseconds < 1000.0;
    }
    std::printf("\n%s\n", met ? "all targets met" : "TARGET MISSED");
    return met ? 0 : 1;
}
