// The attention views of the desktop app (issue "Training runs from the app"): the attention panel
// on run directories whose probe files are written here by an independent Python writer (struct
// and json only) in the layout of gpu/attention_probe.h. The panel lists the probes and shows the
// layers x heads thumbnails, the step slider scrubs through the steps (loads run on the worker,
// stale ones are dropped), clicking a thumbnail enlarges the head into a heatmap with the pieces
// on both axes, the hub and masked marks and the values the file holds, block diffusion labels the
// halves, the attention-to-hubs chart has one point per step, a run without probes says how to get
// them, a broken probe file is reported with its name, and new probes of a running training are
// picked up.
//
// Set MASKSCOPE_SCREENSHOT_DIR to also save screenshots of the panel and the enlarged heatmap.
#include "ui/attention_heatmap.h"
#include "ui/attention_panel.h"

#include <QtCharts/QChartView>
#include <QtCharts/QLineSeries>
#include <QtCharts/QScatterSeries>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QLabel>
#include <QtWidgets/QScrollArea>
#include <QtWidgets/QSlider>

#include <cmath>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

// Python source of the fixture writer, at the end of this file (where moc does not read it).
QString fixtureScript();

constexpr int kLayers = 3;
constexpr int kHeads = 4;
const QStringList kPieces = {QStringLiteral("\u2581The"), QStringLiteral("\u2581cat"), QStringLiteral("\u2581sat"),
                             QStringLiteral("\u2581on"),  QStringLiteral("\u2581the"), QStringLiteral("\u2581mat"),
                             QStringLiteral("."),         QStringLiteral("\u21b5"),    QStringLiteral("\u2581It"),
                             QStringLiteral("\u2581purr"), QStringLiteral("ed"),       QStringLiteral("!")};
const std::vector<std::uint8_t> kHub = {0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0};
const std::vector<std::uint8_t> kMasked = {0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1};

}  // namespace

class TestUiAttention : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QJsonObject m_expected;

    QString dir(const QString& name) const { return QDir(m_dir.path()).filePath(name); }

    // Waits until the panel is idle and shows `step`.
    static bool waitShown(AttentionPanel& panel, quint64 step) {
        return QTest::qWaitFor([&] {
            return !panel.isBusy() && panel.shownProbe() && panel.shownProbe()->step == step &&
                   panel.selectedStep() == step;
        }, 10000);
    }

    int sliderIndexOf(const AttentionPanel& panel, quint64 step) const {
        for (int i = 0; i < panel.steps().size(); ++i)
            if (panel.steps()[i].step == step) return i;
        return -1;
    }

    void runPython(const QStringList& arguments) {
        QProcess python;
        python.start(kPython, QStringList{QStringLiteral("-c"), fixtureScript()} + arguments);
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
                 python.readAllStandardError().constData());
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!QFile::exists(kPython)) QSKIP("/usr/bin/python3 is missing: the probe fixtures cannot be written");
        runPython({m_dir.path(), QStringLiteral("all")});
        QFile expected(dir(QStringLiteral("expected.json")));
        QVERIFY(expected.open(QIODevice::ReadOnly));
        m_expected = QJsonDocument::fromJson(expected.readAll()).object();
        QVERIFY(!m_expected.isEmpty());
    }

    void emptyRunSaysHowToRecordProbes() {
        AttentionPanel panel;
        QVERIFY(panel.message().contains(QStringLiteral("No run selected")));
        QSignalSpy listed(&panel, &AttentionPanel::stepsListed);
        panel.setRunDirectory(dir(QStringLiteral("empty")));
        QVERIFY(listed.wait(10000));
        QCOMPARE(listed.front().front().toInt(), 0);
        QVERIFY(!panel.hasProbes());
        QVERIFY2(panel.message().contains(QStringLiteral("--probe-every N")), qPrintable(panel.message()));
        QVERIFY(!panel.selectedStep());
        QCOMPARE(panel.hubSeries()->count(), 0);
    }

    void showsTheGridOfLayersAndHeads() {
        AttentionPanel panel;
        panel.resize(1000, 800);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRunDirectory(dir(QStringLiteral("run")));
        QVERIFY(waitShown(panel, 300));  // the newest step first
        QVERIFY(panel.message().isEmpty());
        QCOMPARE(panel.steps().size(), 3);
        QCOMPARE(panel.stepSlider()->minimum(), 0);
        QCOMPARE(panel.stepSlider()->maximum(), 2);
        QCOMPARE(panel.stepSlider()->value(), 2);
        QVERIFY(panel.stepLabel()->text().contains(QStringLiteral("300")));

        const AttentionThumbnailGrid* grid = panel.grid();
        QCOMPARE(grid->layers(), kLayers);
        QCOMPARE(grid->heads(), kHeads);
        QCOMPARE(grid->rowHeader(2), QStringLiteral("layer 2"));
        QCOMPARE(grid->columnHeader(3), QStringLiteral("head 3"));
        for (int layer = 0; layer < kLayers; ++layer)
            for (int head = 0; head < kHeads; ++head) {
                const QImage& image = grid->thumbnail(layer, head);
                QCOMPARE(image.size(), QSize(kPieces.size(), kPieces.size()));  // small probes: one pixel a cell
                QVERIFY(grid->thumbnailRect(layer, head).isValid());
            }
        // Thumbnails share the step's scale: the pixel of (layer 1, head 2, query 4, key 5).
        const AttentionProbe& probe = *panel.shownProbe();
        const float value = probe.weight(1, 2, 4, 5);
        QCOMPARE(value, float(m_expected[QStringLiteral("300")].toObject()[QStringLiteral("l1h2")].toArray()[4].toArray()[5].toDouble()));
        QCOMPARE(grid->scale(), attentionScale(probe));
        QCOMPARE(QColor(grid->thumbnail(1, 2).pixel(5, 4)), QColor(attentionColor(value / grid->scale())));
    }

    void sliderScrubsThroughTheSteps() {
        AttentionPanel panel;
        panel.resize(1000, 800);
        panel.show();
        panel.setRunDirectory(dir(QStringLiteral("run")));
        QVERIFY(waitShown(panel, 300));
        QSignalSpy shown(&panel, &AttentionPanel::stepShown);
        panel.stepSlider()->setValue(0);
        QVERIFY(waitShown(panel, 100));
        QVERIFY(panel.stepLabel()->text().contains(QStringLiteral("100")));
        QCOMPARE(panel.shownProbe()->attentionToHubs, m_expected[QStringLiteral("100")].toObject()[QStringLiteral("hubs")].toDouble());
        // The marker of the chart follows the slider.
        QCOMPARE(panel.currentStepMarker()->count(), 1);
        QCOMPARE(panel.currentStepMarker()->at(0).x(), 100.0);

        // Scrubbing fast: the last position wins, and the panel ends on it.
        shown.clear();
        for (const int index : {1, 2, 1, 0, 1}) panel.stepSlider()->setValue(index);
        QVERIFY(waitShown(panel, 200));
        QVERIFY(!shown.isEmpty());
        QCOMPARE(shown.back().front().toULongLong(), quint64{200});
        QVERIFY(shown.size() < 5);  // stale requests were dropped, not all drawn
        QCOMPARE(panel.currentStepMarker()->at(0).x(), 200.0);
        // Different steps hold different weights.
        const float at200 = panel.shownProbe()->weight(0, 0, 1, 1);
        panel.stepSlider()->setValue(2);
        QVERIFY(waitShown(panel, 300));
        QVERIFY(panel.shownProbe()->weight(0, 0, 1, 1) != at200);
    }

    void clickingAThumbnailOpensTheHeatmap() {
        AttentionPanel panel;
        panel.resize(1100, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRunDirectory(dir(QStringLiteral("run")));
        QVERIFY(waitShown(panel, 300));
        QVERIFY(!panel.isHeatmapShown());
        AttentionThumbnailGrid* grid = panel.grid();
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->thumbnailRect(1, 2).center());
        QVERIFY(panel.isHeatmapShown());

        AttentionHeatmap* heatmap = panel.heatmap();
        QCOMPARE(heatmap->layer(), 1);
        QCOMPARE(heatmap->head(), 2);
        QCOMPARE(heatmap->rows(), kPieces.size());
        QCOMPARE(heatmap->columns(), kPieces.size());
        QVERIFY(heatmap->rowAxisTitle().startsWith(QStringLiteral("Query (rows)")));
        QVERIFY(heatmap->columnAxisTitle().startsWith(QStringLiteral("Key (columns)")));
        for (int i = 0; i < kPieces.size(); ++i) {
            QCOMPARE(heatmap->rowLabel(i), kPieces[i]);
            QCOMPARE(heatmap->columnLabel(i), kPieces[i]);
            QCOMPARE(heatmap->isHubRow(i), kHub[std::size_t(i)] != 0);
            QCOMPARE(heatmap->isHubColumn(i), kHub[std::size_t(i)] != 0);
            QCOMPARE(heatmap->isMaskedRow(i), kMasked[std::size_t(i)] != 0);
            QVERIFY(heatmap->halfTitle(i).isEmpty());
        }
        // Every cell holds what the file holds, at (row = query, column = key).
        const QJsonArray expected = m_expected[QStringLiteral("300")].toObject()[QStringLiteral("l1h2")].toArray();
        for (int q = 0; q < kPieces.size(); ++q)
            for (int k = 0; k < kPieces.size(); ++k)
                QCOMPARE(heatmap->valueAt(q, k), float(expected[q].toArray()[k].toDouble()));
        QVERIFY(expected[4].toArray()[5].toDouble() != expected[5].toArray()[4].toDouble());  // not symmetric

        // The cell under the mouse and its tooltip.
        const QRect cell = heatmap->cellRect(4, 5);
        QVERIFY(cell.width() >= 8);
        QCOMPARE(heatmap->cellAt(cell.center()), std::optional<QPoint>(QPoint(5, 4)));
        const QString tip = heatmap->toolTipFor(4, 5);
        QVERIFY2(tip.contains(QStringLiteral("Query 4 \u201c\u2581the\u201d (masked)")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("Key 5 \u201c\u2581mat\u201d (hub)")), qPrintable(tip));
        QVERIFY2(tip.contains(QString::number(double(expected[4].toArray()[5].toDouble()), 'g', 4)), qPrintable(tip));

        // The heatmap follows the slider; Esc goes back to the grid.
        panel.stepSlider()->setValue(0);
        QVERIFY(waitShown(panel, 100));
        QVERIFY(panel.isHeatmapShown());
        QCOMPARE(heatmap->probe()->step, quint64{100});
        const QJsonArray at100 = m_expected[QStringLiteral("100")].toObject()[QStringLiteral("l1h2")].toArray();
        QCOMPARE(heatmap->valueAt(4, 5), float(at100[4].toArray()[5].toDouble()));
        QTest::keyClick(&panel, Qt::Key_Escape);
        QVERIFY(!panel.isHeatmapShown());

        // Keyboard: Enter opens the focused thumbnail.
        grid->setFocus();
        QTest::keyClick(grid, Qt::Key_Right);
        QTest::keyClick(grid, Qt::Key_Down);
        QTest::keyClick(grid, Qt::Key_Return);
        QVERIFY(panel.isHeatmapShown());
        QVERIFY(heatmap->layer() >= 0 && heatmap->head() >= 0);

        // Zoom makes the cells larger than the view (the scroll area scrolls), Fit brings them back.
        panel.showHeatmap(0, 0);
        const double fitted = heatmap->cellSize();
        heatmap->zoomIn();
        QVERIFY(!heatmap->isFitMode());
        QVERIFY(heatmap->cellSize() > fitted);
        heatmap->setFitMode();
        QVERIFY(heatmap->isFitMode());
    }

    void blockLayoutLabelsTheHalves() {
        AttentionPanel panel;
        panel.resize(1000, 800);
        panel.show();
        panel.setRunDirectory(dir(QStringLiteral("block")));
        QVERIFY(waitShown(panel, 50));
        QVERIFY(panel.shownProbe()->isBlock());
        panel.showHeatmap(0, 1);
        const AttentionHeatmap* heatmap = panel.heatmap();
        const int length = 6;
        QCOMPARE(heatmap->rows(), 2 * length);
        QCOMPARE(heatmap->columns(), 2 * length);
        QVERIFY(heatmap->halfTitle(0).contains(QStringLiteral("x_t")));
        QVERIFY(heatmap->halfTitle(length).contains(QStringLiteral("x_0")));
        for (int i = 0; i < length; ++i) {
            QCOMPARE(heatmap->rowLabel(i + length), heatmap->rowLabel(i));
            QCOMPARE(heatmap->isHubColumn(i + length), heatmap->isHubColumn(i));
            QVERIFY(!heatmap->isMaskedRow(i + length));  // x_0 is clean
            QCOMPARE(heatmap->isMaskedRow(i), kMasked[std::size_t(i)] != 0);
        }
        const QJsonArray expected = m_expected[QStringLiteral("block")].toArray();
        QCOMPARE(heatmap->valueAt(3, 8), float(expected[3].toArray()[8].toDouble()));
        QVERIFY(heatmap->toolTipFor(3, 8).contains(QStringLiteral("x_0")));
    }

    void chartHasOnePointPerStep() {
        AttentionPanel panel;
        panel.setRunDirectory(dir(QStringLiteral("run")));
        QVERIFY(waitShown(panel, 300));
        const QLineSeries* series = panel.hubSeries();
        QCOMPARE(series->count(), 3);
        const quint64 steps[] = {100, 200, 300};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(series->at(i).x(), double(steps[i]));
            QCOMPARE(series->at(i).y(),
                     m_expected[QString::number(steps[i])].toObject()[QStringLiteral("hubs")].toDouble());
        }
        QCOMPARE(panel.currentStepMarker()->at(0).x(), 300.0);
    }

    void brokenProbeIsReportedWithItsFile() {
        AttentionPanel panel;
        QSignalSpy failed(&panel, &AttentionPanel::stepFailed);
        panel.setRunDirectory(dir(QStringLiteral("broken")));
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.front().front().toULongLong(), quint64{20});  // the newest one is broken
        const QString message = panel.message();
        QVERIFY2(message.contains(QStringLiteral("step_000020.safetensors")), qPrintable(message));
        QVERIFY(!panel.shownProbe());
        QCOMPARE(panel.grid()->layers(), 0);
        // The intact step still shows.
        panel.stepSlider()->setValue(0);
        QVERIFY(waitShown(panel, 10));
        QVERIFY(panel.message().isEmpty());
    }

    void picksUpProbesOfARunningTraining() {
        AttentionPanel panel;
        const QString run = dir(QStringLiteral("growing"));
        panel.setRunDirectory(run);
        QVERIFY(QTest::qWaitFor([&] { return !panel.isBusy(); }, 10000));
        QVERIFY(!panel.hasProbes());
        runPython({m_dir.path(), QStringLiteral("grow"), QStringLiteral("100")});
        QVERIFY(QTest::qWaitFor([&] { return panel.hasProbes() && !panel.isBusy(); }, 10000));  // the watcher
        QVERIFY(waitShown(panel, 100));
        runPython({m_dir.path(), QStringLiteral("grow"), QStringLiteral("200")});
        panel.refresh();
        QVERIFY(waitShown(panel, 200));  // on the newest step, the panel follows
        QCOMPARE(panel.hubSeries()->count(), 2);
        panel.stepSlider()->setValue(0);
        QVERIFY(waitShown(panel, 100));
        runPython({m_dir.path(), QStringLiteral("grow"), QStringLiteral("300")});
        panel.refresh();
        QVERIFY(QTest::qWaitFor([&] { return panel.steps().size() == 3 && !panel.isBusy(); }, 10000));
        QCOMPARE(panel.selectedStep(), std::optional<quint64>(100));  // not on the newest: it stays
        QCOMPARE(sliderIndexOf(panel, 100), panel.stepSlider()->value());
    }

    void longProbesArePooledAndThinned() {
        // A probe longer than the heatmap's image: one spike must survive the max-pooling of the
        // thumbnail and of the fitted heatmap, and zoomed in every cell is its own.
        auto probe = std::make_shared<AttentionProbe>();
        const int length = 2100;
        probe->step = 1;
        for (int i = 0; i < length; ++i) probe->pieces.push_back("t" + std::to_string(i));
        probe->inputIds.assign(std::size_t(length), 0);
        probe->hub.assign(std::size_t(length), 0);
        probe->masked.assign(std::size_t(length), 0);
        probe->hub[1500] = 1;
        probe->masked[1000] = 1;
        probe->layers = probe->heads = 1;
        probe->queries = probe->keys = length;
        probe->weights.assign(std::size_t(length) * length, 0.0f);
        probe->weights[std::size_t(1000) * length + 1500] = 0.5f;
        const QImage thumbnail = attentionImage(*probe, 0, 0, 0.5f, 96);
        QCOMPARE(thumbnail.size(), QSize(96, 96));
        QCOMPARE(QColor(thumbnail.pixel(1500 * 96 / length, 1000 * 96 / length)), QColor(attentionColor(1.0f)));
        QCOMPARE(QColor(thumbnail.pixel(10, 10)), QColor(attentionColor(0.0f)));

        AttentionHeatmap heatmap;
        heatmap.resize(900, 700);
        heatmap.setProbe(probe, 0, 0);
        QCOMPARE(heatmap.scale(), 0.5f);
        QVERIFY(!heatmap.grab().isNull());  // fitted: about 0.3 pixels a cell, labels thinned
        QCOMPARE(heatmap.rowLabel(1999), QStringLiteral("t1999"));
        for (int i = 0; i < 20 && heatmap.cellSize() < 30.0; ++i) heatmap.zoomIn();
        QVERIFY(heatmap.cellSize() >= 30.0);
        heatmap.resize(heatmap.sizeHint());
        const QRect spike = heatmap.cellRect(1000, 1500);
        QCOMPARE(heatmap.cellAt(spike.center()), std::optional<QPoint>(QPoint(1500, 1000)));
        const QImage part = heatmap.grab(spike.adjusted(-100, -100, 100, 100)).toImage();
        QCOMPARE(QColor(part.pixel(100 + spike.width() / 2, 100 + 3)), QColor(attentionColor(1.0f)));
        QCOMPARE(QColor(part.pixel(100 - 3 * spike.width() / 2, 100 + 3)), QColor(attentionColor(0.0f)));
        QVERIFY(heatmap.isHubColumn(1500));
        QVERIFY(heatmap.isMaskedRow(1000));
        QVERIFY(heatmap.toolTipFor(1000, 1500).contains(QStringLiteral("0.5")));
    }

    void tokenLabelsShowWhitespace() {
        QCOMPARE(attentionTokenLabel("\n"), QStringLiteral("\u21b5"));
        QCOMPARE(attentionTokenLabel("a b"), QStringLiteral("a\u2423b"));
        QCOMPARE(attentionTokenLabel(""), QStringLiteral("\u2205"));
        QCOMPARE(attentionTokenLabel(std::string("\x01", 1)), QStringLiteral("\\x01"));
        QCOMPARE(attentionTokenLabel("abcdefghij", 5), QStringLiteral("abcd\u2026"));
        QCOMPARE(QColor(attentionColor(0.0f)), QColor(0x44, 0x01, 0x54));
        QCOMPARE(QColor(attentionColor(1.0f)), QColor(0xfd, 0xe7, 0x25));
    }

    void screenshots() {
        const QString out = qEnvironmentVariable("MASKSCOPE_SCREENSHOT_DIR");
        if (out.isEmpty()) QSKIP("set MASKSCOPE_SCREENSHOT_DIR to save screenshots");
        QDir().mkpath(out);
        AttentionPanel panel;
        panel.resize(1100, 860);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setRunDirectory(dir(QStringLiteral("run")));
        QVERIFY(waitShown(panel, 300));
        panel.stepSlider()->setValue(1);
        QVERIFY(waitShown(panel, 200));
        QVERIFY(panel.grab().save(QDir(out).filePath(QStringLiteral("attention_grid.png"))));
        panel.showHeatmap(1, 2);
        QTest::qWait(50);
        QVERIFY(panel.grab().save(QDir(out).filePath(QStringLiteral("attention_heatmap.png"))));
        panel.setRunDirectory(dir(QStringLiteral("block")));
        QVERIFY(waitShown(panel, 50));
        panel.showHeatmap(0, 1);
        QTest::qWait(50);
        QVERIFY(panel.grab().save(QDir(out).filePath(QStringLiteral("attention_block.png"))));
        panel.setRunDirectory(dir(QStringLiteral("medium")));
        QVERIFY(waitShown(panel, 70));
        panel.showHeatmap(1, 1);
        QTest::qWait(50);
        QVERIFY(panel.grab().save(QDir(out).filePath(QStringLiteral("attention_medium.png"))));
        panel.setRunDirectory(dir(QStringLiteral("empty")));
        QVERIFY(QTest::qWaitFor([&] { return !panel.isBusy(); }, 10000));
        QVERIFY(panel.grab().save(QDir(out).filePath(QStringLiteral("attention_empty.png"))));
    }
};

QTEST_MAIN(TestUiAttention)
#include "test_ui_attention.moc"

namespace {

QString fixtureScript() {
    return QString::fromUtf8(R"PY(
import json, math, os, struct, sys

FORMATS = {"F32": "f", "I64": "q", "U8": "B"}

def pack(dtype, values):
    return struct.pack("<%d%s" % (len(values), FORMATS[dtype]), *values)

def f32(value):
    return struct.unpack("<f", struct.pack("<f", value))[0]

def write(path, tensors, metadata):
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, dtype, shape, values in tensors:
        raw = pack(dtype, values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    os.replace(tmp, path)

PIECES = ["\u2581The", "\u2581cat", "\u2581sat", "\u2581on", "\u2581the", "\u2581mat", ".", "\n",
          "\u2581It", "\u2581purr", "ed", "!"]
HUB = [0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0]
MASKED = [0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1]

def attention(step, layer, head, side, L, hubs_keys):
    # Rows are softmax distributions: locality, a head-specific offset, a pull towards hubs that
    # grows with the step.
    pull = step / 100.0 * (0.4 + 0.3 * layer)
    rows = []
    for q in range(side):
        logits = []
        for k in range(side):
            value = -abs((q % L) - (k % L) - (head - 1)) * (0.6 + 0.2 * head) + pull * hubs_keys[k]
            value += 0.05 * ((q * 7 + k * 3 + head) % 5)
            logits.append(value)
        top = max(logits)
        weights = [math.exp(v - top) for v in logits]
        total = sum(weights)
        rows.append([f32(w / total) for w in weights])
    return rows

def probe(path, step, layers=3, heads=4, layout="full", L=12):
    pieces = [PIECES[i % len(PIECES)] for i in range(L)]
    hub = [HUB[i % len(HUB)] for i in range(L)]
    masked = [MASKED[i % len(MASKED)] for i in range(L)]
    side = 2 * L if layout == "block" else L
    hubs_keys = hub + hub if layout == "block" else hub
    tensors, matrices = [], {}
    mass, count = 0.0, 0
    for layer in range(layers):
        values = []
        for head in range(heads):
            rows = attention(step, layer, head, side, L, hubs_keys)
            matrices[(layer, head)] = rows
            values.extend(v for row in rows for v in row)
        tensors.append(("layer_%d" % layer, "F32", [heads, side, side], values))
        if any(masked) and any(hub):
            per = [sum(w for w, h in zip(matrices[(layer, head)][q], hubs_keys) if h)
                   for head in range(heads) for q in range(L) if masked[q]]
            mass += sum(per) / len(per)
            count += 1
    tensors.append(("input_ids", "I64", [L], [9 if masked[i] else 100 + i for i in range(L)]))
    tensors.append(("masked", "U8", [L], masked))
    tensors.append(("hub", "U8", [L], hub))
    hubs = mass / count
    metadata = {"record_id": "probe-record", "step": str(step), "layout": layout, "block_size": "4",
                "pieces": json.dumps(pieces), "hub": json.dumps(hub), "masked": json.dumps(masked),
                "attention_to_hubs": "%.6f" % hubs}
    write(path, tensors, metadata)
    return matrices, float("%.6f" % hubs)

root = sys.argv[1]
mode = sys.argv[2]
if mode == "grow":
    step = int(sys.argv[3])
    probe(os.path.join(root, "growing", "probes", "step_%06d.safetensors" % step), step, layers=1, heads=2)
    sys.exit(0)

expected = {}
for step in (100, 200, 300):
    matrices, hubs = probe(os.path.join(root, "run", "probes", "step_%06d.safetensors" % step), step)
    expected[str(step)] = {"hubs": hubs, "l1h2": matrices[(1, 2)]}
matrices, _ = probe(os.path.join(root, "block", "probes", "step_000050.safetensors"), 50, layers=2, heads=2,
                    layout="block", L=6)
expected["block"] = matrices[(0, 1)]
probe(os.path.join(root, "medium", "probes", "step_000070.safetensors"), 70, layers=2, heads=2, L=72)
os.makedirs(os.path.join(root, "empty"), exist_ok=True)
os.makedirs(os.path.join(root, "growing"), exist_ok=True)
probe(os.path.join(root, "broken", "probes", "step_000010.safetensors"), 10, layers=1, heads=1)
probe(os.path.join(root, "broken", "probes", "step_000020.safetensors"), 20, layers=1, heads=1)
path = os.path.join(root, "broken", "probes", "step_000020.safetensors")
blob = open(path, "rb").read()
open(path, "wb").write(blob[:len(blob) - 100])
with open(os.path.join(root, "expected.json"), "w") as f:
    json.dump(expected, f)
)PY");
}

}  // namespace
