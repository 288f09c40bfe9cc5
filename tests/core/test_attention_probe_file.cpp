// Attention probe files (core/attention_probe_file.h) and the validating safetensors header parser
// under them (core/safetensors_header.h). The fixtures are written by an independent Python
// writer (struct and json only, so that no torch is needed) in the layout gpu/attention_probe.h
// documents: full and block layouts, F32, BF16, F16 and F64 weights, and hostile files
// (truncated, offsets outside the file, shapes that do not match the pieces, missing tensors,
// flags other than 0/1, metadata that disagrees with the tensors).
#include "core/attention_probe_file.h"
#include "core/error.h"
#include "core/safetensors_header.h"

#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <filesystem>
#include <string>

using namespace maskscope;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");

// The weight every fixture stores at (layer, head, query, key): exact in F16, BF16 and F32, and
// different under a swap of query and key.
float expectedWeight(int layer, int head, std::int64_t query, std::int64_t key) {
    return static_cast<float>((layer * 7 + head * 5 + query * 3 + key) % 16) / 16.0f;
}

// The fixture writer (Python source at the end of this file, where moc does not read it).
QString fixtureScript();

}  // namespace

class TestAttentionProbeFile : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char* relative) const { return (m_dir.path() + QLatin1Char('/')).toStdString() + relative; }

    void checkWeights(const AttentionProbe& probe) {
        for (int layer = 0; layer < probe.layers; ++layer)
            for (int head = 0; head < probe.heads; ++head)
                for (std::int64_t q = 0; q < probe.queries; ++q)
                    for (std::int64_t k = 0; k < probe.keys; ++k)
                        if (probe.weight(layer, head, q, k) != expectedWeight(layer, head, q, k))
                            QFAIL(qPrintable(QStringLiteral("weight (%1,%2,%3,%4) is %5, expected %6")
                                                 .arg(layer).arg(head).arg(q).arg(k)
                                                 .arg(probe.weight(layer, head, q, k))
                                                 .arg(expectedWeight(layer, head, q, k))));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        if (!QFile::exists(kPython)) QSKIP("/usr/bin/python3 is missing: the probe fixtures cannot be written");
        QProcess python;
        python.start(kPython, {QStringLiteral("-c"), fixtureScript(), m_dir.path()});
        QVERIFY(python.waitForFinished(60000));
        QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
                 python.readAllStandardError().constData());
    }

    void listsProbesSortedByStep() {
        const auto files = listAttentionProbes(path("run"));
        QCOMPARE(files.size(), std::size_t{4});
        const std::uint64_t steps[] = {5, 20, 100, 300};
        const char* names[] = {"step_5.safetensors", "step_000020.safetensors", "step_000100.safetensors",
                               "step_000300.safetensors"};
        for (std::size_t i = 0; i < files.size(); ++i) {
            QCOMPARE(files[i].step, steps[i]);
            QCOMPARE(std::filesystem::path(files[i].path).filename().string(), std::string(names[i]));
        }
        QVERIFY(listAttentionProbes(path("files")).empty());   // no probes/ folder
        QVERIFY(listAttentionProbes(path("nowhere")).empty());
    }

    void readsFullLayout() {
        const AttentionProbe probe = readAttentionProbe(path("run/probes/step_000100.safetensors"));
        QCOMPARE(probe.step, std::uint64_t{100});
        QCOMPARE(probe.recordId, std::string("rec-100"));
        QVERIFY(!probe.isBlock());
        QCOMPARE(probe.blockSize, std::uint64_t{4});
        QCOMPARE(probe.attentionToHubs, 0.1);
        const std::vector<std::string> pieces{"\u2581The", "\u2581cat", "\n", "\u00e9t\u00e9", "."};
        QCOMPARE(probe.pieces, pieces);
        QCOMPARE(probe.inputIds, (std::vector<std::int64_t>{1000, 1001, 1002, 1003, 1004}));
        QCOMPARE(probe.hub, (std::vector<std::uint8_t>{0, 1, 0, 0, 1}));
        QCOMPARE(probe.masked, (std::vector<std::uint8_t>{1, 0, 1, 0, 1}));
        QCOMPARE(probe.layers, 2);
        QCOMPARE(probe.heads, 3);
        QCOMPARE(probe.queries, std::int64_t{5});
        QCOMPARE(probe.keys, std::int64_t{5});
        QCOMPARE(probe.weights.size(), std::size_t{2 * 3 * 5 * 5});
        checkWeights(probe);
        QCOMPARE(probe.position(3), std::int64_t{3});
        QVERIFY(!probe.isCleanHalf(4));
    }

    void readsBlockLayout() {
        for (const char* file : {"files/block.safetensors", "files/block_no_layout.safetensors"}) {
            const AttentionProbe probe = readAttentionProbe(path(file));
            QVERIFY(probe.isBlock());
            QCOMPARE(probe.tokenCount(), std::int64_t{4});
            QCOMPARE(probe.queries, std::int64_t{8});
            QCOMPARE(probe.keys, std::int64_t{8});
            QCOMPARE(probe.heads, 2);
            checkWeights(probe);
            QCOMPARE(probe.position(6), std::int64_t{2});
            QVERIFY(probe.isCleanHalf(4));
            QVERIFY(!probe.isCleanHalf(3));
        }
    }

    void convertsOtherFloatTypes() {
        for (const char* file : {"files/bf16.safetensors", "files/f16.safetensors", "files/f64.safetensors"}) {
            const AttentionProbe probe = readAttentionProbe(path(file));
            QCOMPARE(probe.layers, 2);
            checkWeights(probe);
        }
    }

    void readsSummariesFromHeaders() {
        const auto summary = readAttentionProbeSummary(path("run/probes/step_000300.safetensors"));
        QCOMPARE(summary.step, std::uint64_t{300});
        QCOMPARE(summary.recordId, std::string("rec-300"));
        QCOMPARE(summary.attentionToHubs, 0.3);
        QVERIFY(std::isnan(readAttentionProbeSummary(path("run/probes/step_000020.safetensors")).attentionToHubs));
        QVERIFY(std::isnan(readAttentionProbe(path("run/probes/step_000020.safetensors")).attentionToHubs));
    }

    void convertsHalfAndBfloat16() {
        QCOMPARE(halfToFloat(0x3c00), 1.0f);
        QCOMPARE(halfToFloat(0xc000), -2.0f);
        QCOMPARE(halfToFloat(0x7bff), 65504.0f);
        QCOMPARE(halfToFloat(0x3555), 0.333251953125f);
        QCOMPARE(halfToFloat(0x0001), std::ldexp(1.0f, -24));
        QCOMPARE(halfToFloat(0x8000), -0.0f);
        QVERIFY(std::signbit(halfToFloat(0x8000)));
        QVERIFY(std::isinf(halfToFloat(0x7c00)));
        QVERIFY(std::isnan(halfToFloat(0x7e00)));
        QCOMPARE(bfloat16ToFloat(0x3f80), 1.0f);
        QCOMPARE(bfloat16ToFloat(0xc040), -3.0f);
    }

    void rejectsHostileFiles_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("fragment");
        const auto row = [](const char* file, const char* fragment) {
            QTest::newRow(file) << QString::fromLatin1(file) << QString::fromLatin1(fragment);
        };
        row("truncated_data", "data area");
        row("truncated_header", "exceeds the file size");
        row("tiny", "too short");
        row("offsets_outside", "outside the data area");
        row("huge_shape", "more than the file holds");
        row("overlap", "overlaps");
        row("trailing", "trailing bytes");
        row("pieces_short", "for 4 token pieces");
        row("wrong_side", "expected [H, 5, 5]");
        row("block_but_full", "expected [H, 10, 10]");
        row("heads_differ", "like layer_0");
        row("missing_hub", "tensor 'hub' missing");
        row("missing_ids", "tensor 'input_ids' missing");
        row("no_layers", "tensor 'layer_0' missing");
        row("layer_gap", "tensor 'layer_1' missing");
        row("layer_name", "layer_<number>");
        row("hub_two", "only 0 and 1");
        row("hub_disagrees", "disagrees");
        row("no_step", "'step' missing");
        row("bad_step", "'step' is not");
        row("no_pieces", "'pieces' missing");
        row("pieces_not_json", "not valid JSON");
        row("empty_pieces", "is empty");
        row("bad_layout", "'layout' is 'diagonal'");
        row("int_weights", "must be F32");
        row("bad_ratio", "'attention_to_hubs' is not a number");
        row("not_json", "not valid JSON");
    }

    void rejectsHostileFiles() {
        QFETCH(QString, file);
        QFETCH(QString, fragment);
        const std::string target = path(("bad/" + file.toStdString() + ".safetensors").c_str());
        try {
            readAttentionProbe(target);
            QFAIL("no InputError");
        } catch (const InputError& error) {
            const QString message = QString::fromStdString(error.what());
            QCOMPARE(error.file(), target);
            QVERIFY2(message.contains(fragment), qPrintable(message));
        }
        QVERIFY(readAttentionProbe(path("bad/whole.safetensors")).layers == 2);  // the untouched original
    }

    void summaryRejectsWhatTheHeaderGetsWrong() {
        QVERIFY_THROWS_EXCEPTION(InputError, readAttentionProbeSummary(path("bad/truncated_header.safetensors")));
        QVERIFY_THROWS_EXCEPTION(InputError, readAttentionProbeSummary(path("bad/offsets_outside.safetensors")));
        QVERIFY_THROWS_EXCEPTION(InputError, readAttentionProbeSummary(path("bad/no_step.safetensors")));
        QVERIFY_THROWS_EXCEPTION(InputError, readAttentionProbeSummary(path("missing.safetensors")));
    }

    void refusesProbesBeyondTheMemoryLimit() {
        AttentionProbeReadOptions options;
        options.maxWeightBytes = 100;
        try {
            readAttentionProbe(path("run/probes/step_000100.safetensors"), options);
            QFAIL("no InputError");
        } catch (const InputError& error) {
            QVERIFY2(QString::fromStdString(error.what()).contains(QStringLiteral("more than the limit")), error.what());
        }
    }

    void headerParserReadsEntriesAndData() {
        SafetensorsReader reader(path("run/probes/step_000100.safetensors"));
        QCOMPARE(reader.metadata().at("step"), std::string("100"));
        const SafetensorsEntry* hub = reader.find("hub");
        QVERIFY(hub != nullptr);
        QCOMPARE(hub->dtype, std::string("U8"));
        QCOMPARE(hub->shape, std::vector<std::int64_t>{5});
        QCOMPARE(hub->elementCount(), std::uint64_t{5});
        std::uint8_t flags[5] = {};
        reader.readData(*hub, flags);
        QCOMPARE(flags[1], std::uint8_t{1});
        QCOMPARE(flags[2], std::uint8_t{0});
        QVERIFY(reader.find("nope") == nullptr);
        // Sorted by data offset, tiling the data area.
        std::uint64_t position = 0;
        for (const auto& entry : reader.header().entries) {
            QCOMPARE(entry.begin, position);
            position = entry.end;
        }
        QCOMPARE(safetensorsDTypeBytes("BF16"), std::uint64_t{2});
        QCOMPARE(safetensorsDTypeBytes("F8"), std::uint64_t{0});
        QCOMPARE(safetensorsShapeText({2, 3}), std::string("[2,3]"));
    }
};

QTEST_GUILESS_MAIN(TestAttentionProbeFile)
#include "test_attention_probe_file.moc"

namespace {

// The fixture writer. probe(...) writes one probe file; keyword arguments make it hostile.
QString fixtureScript() {
    return QString::fromUtf8(R"PY(
import json, os, struct, sys

FORMATS = {"F32": "f", "F16": "e", "F64": "d", "I64": "q", "I32": "i", "U8": "B", "BOOL": "B"}

def pack(dtype, values):
    if dtype == "BF16":
        return b"".join(struct.pack("<f", v)[2:] for v in values)
    if dtype not in ("F32", "F16", "F64"):
        values = [int(v) for v in values]
    return struct.pack("<%d%s" % (len(values), FORMATS[dtype]), *values)

def write(path, tensors, metadata=None, patch=None, tail=b"", cut=None):
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name, dtype, shape, values in tensors:
        raw = pack(dtype, values)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    if patch:
        patch(header)
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    blob = struct.pack("<Q", len(text)) + text + b"".join(blobs) + tail
    if cut is not None:
        blob = blob[:cut]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(blob)

def weight(l, h, q, k):
    return ((l * 7 + h * 5 + q * 3 + k) % 16) / 16.0

PIECES = ["\u2581The", "\u2581cat", "\n", "\u00e9t\u00e9", "."]

def probe(path, step, L=5, layers=2, heads=3, layout="full", dtype="F32", pieces=None, hub=None, masked=None,
          drop=(), meta=None, drop_meta=(), patch=None, cut=None, side=None, layer_heads=None, layer_names=None,
          hub_values=None, hub_meta=None, tail=b""):
    pieces = pieces if pieces is not None else (PIECES + ["t%d" % i for i in range(5, L)])[:L]
    hub = hub if hub is not None else [1 if i % 3 == 1 else 0 for i in range(L)]
    masked = masked if masked is not None else [1 if i % 2 == 0 else 0 for i in range(L)]
    side = side if side is not None else (2 * L if layout == "block" else L)
    tensors = []
    for l in range(layers):
        h_count = layer_heads[l] if layer_heads else heads
        values = [weight(l, h, q, k) for h in range(h_count) for q in range(side) for k in range(side)]
        name = layer_names[l] if layer_names else "layer_%d" % l
        tensors.append((name, dtype, [h_count, side, side], values))
    tensors.append(("input_ids", "I64", [L], [1000 + i for i in range(L)]))
    tensors.append(("masked", "U8", [L], masked))
    tensors.append(("hub", "U8", [L], hub_values if hub_values is not None else hub))
    tensors = [t for t in tensors if t[0] not in drop]
    metadata = {"record_id": "rec-%d" % step, "step": str(step), "layout": layout, "block_size": "4",
                "pieces": json.dumps(pieces), "hub": json.dumps(hub_meta if hub_meta is not None else hub),
                "masked": json.dumps(masked), "attention_to_hubs": "%.6f" % (step / 1000.0)}
    metadata.update(meta or {})
    for key in drop_meta:
        metadata.pop(key, None)
    write(path, tensors, metadata, patch=patch, cut=cut, tail=tail)

root = sys.argv[1]
run = os.path.join(root, "run", "probes")
probe(os.path.join(run, "step_000100.safetensors"), 100)
probe(os.path.join(run, "step_000020.safetensors"), 20, meta={"attention_to_hubs": "nan"})
probe(os.path.join(run, "step_5.safetensors"), 5)
probe(os.path.join(run, "step_000300.safetensors"), 300)
open(os.path.join(run, ".step_000400.safetensors.tmp123"), "wb").write(b"partial")
open(os.path.join(run, "notes.txt"), "w").write("not a probe")
os.makedirs(os.path.join(run, "step_000500.safetensors"), exist_ok=True)  # a directory, skipped

good = os.path.join(root, "files")
probe(os.path.join(good, "block.safetensors"), 7, L=4, layers=1, heads=2, layout="block")
probe(os.path.join(good, "block_no_layout.safetensors"), 7, L=4, layers=1, heads=2, layout="block", drop_meta=("layout",))
probe(os.path.join(good, "bf16.safetensors"), 8, dtype="BF16")
probe(os.path.join(good, "f16.safetensors"), 9, dtype="F16")
probe(os.path.join(good, "f64.safetensors"), 10, dtype="F64")

bad = os.path.join(root, "bad")
full = os.path.join(bad, "whole.safetensors")
probe(full, 1)
size = os.path.getsize(full)
probe(os.path.join(bad, "truncated_data.safetensors"), 1, cut=size - 10)
probe(os.path.join(bad, "truncated_header.safetensors"), 1, cut=40)
probe(os.path.join(bad, "tiny.safetensors"), 1, cut=3)
def far(header):
    header["hub"]["data_offsets"] = [header["hub"]["data_offsets"][0], 10 ** 9]
probe(os.path.join(bad, "offsets_outside.safetensors"), 1, patch=far)
def huge(header):
    header["layer_0"]["shape"] = [2 ** 40, 2 ** 40, 2 ** 40]
probe(os.path.join(bad, "huge_shape.safetensors"), 1, patch=huge)
def overlap(header):
    header["hub"]["data_offsets"] = header["masked"]["data_offsets"]
probe(os.path.join(bad, "overlap.safetensors"), 1, patch=overlap)
probe(os.path.join(bad, "trailing.safetensors"), 1, tail=b"\0" * 8)
probe(os.path.join(bad, "pieces_short.safetensors"), 1, meta={"pieces": json.dumps(PIECES[:4])})
probe(os.path.join(bad, "wrong_side.safetensors"), 1, side=6)
probe(os.path.join(bad, "block_but_full.safetensors"), 1, meta={"layout": "block"})
probe(os.path.join(bad, "heads_differ.safetensors"), 1, layer_heads=[3, 2])
probe(os.path.join(bad, "missing_hub.safetensors"), 1, drop=("hub",))
probe(os.path.join(bad, "missing_ids.safetensors"), 1, drop=("input_ids",))
probe(os.path.join(bad, "no_layers.safetensors"), 1, drop=("layer_0", "layer_1"))
probe(os.path.join(bad, "layer_gap.safetensors"), 1, layers=2, layer_names=["layer_0", "layer_2"])
probe(os.path.join(bad, "layer_name.safetensors"), 1, layers=1, layer_names=["layer_x"])
probe(os.path.join(bad, "hub_two.safetensors"), 1, hub_values=[0, 2, 0, 0, 1])
probe(os.path.join(bad, "hub_disagrees.safetensors"), 1, hub_meta=[0, 0, 0, 0, 1])
probe(os.path.join(bad, "no_step.safetensors"), 1, drop_meta=("step",))
probe(os.path.join(bad, "bad_step.safetensors"), 1, meta={"step": "12x"})
probe(os.path.join(bad, "no_pieces.safetensors"), 1, drop_meta=("pieces",))
probe(os.path.join(bad, "pieces_not_json.safetensors"), 1, meta={"pieces": "[\"a\", "})
probe(os.path.join(bad, "empty_pieces.safetensors"), 1, meta={"pieces": "[]"})
probe(os.path.join(bad, "bad_layout.safetensors"), 1, meta={"layout": "diagonal"})
probe(os.path.join(bad, "int_weights.safetensors"), 1, dtype="I32")
probe(os.path.join(bad, "bad_ratio.safetensors"), 1, meta={"attention_to_hubs": "lots"})
with open(os.path.join(bad, "not_json.safetensors"), "wb") as f:
    text = b"{not json}      "
    f.write(struct.pack("<Q", len(text)) + text)
)PY");
}

}  // namespace
