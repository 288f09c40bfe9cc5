// safetensors I/O: exact round trips for every dtype, atomic writes, a table of hostile files that
// must each give an InputError with a precise message, exhaustive truncation and byte corruption
// of a valid file (an InputError or a correct load, never a crash), and model weight loading with
// name, shape and dtype checks that leave the model untouched on failure.
#include "core/error.h"
#include "gpu/model.h"
#include "gpu/safetensors.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <cstring>

using namespace maskscope;

namespace {

// 8-byte little-endian length, header text, data bytes. `declaredLength` < 0: the true length.
QByteArray safetensorsBytes(const QByteArray& header, const QByteArray& data, qint64 declaredLength = -1) {
    const quint64 length = declaredLength < 0 ? static_cast<quint64>(header.size()) : static_cast<quint64>(declaredLength);
    QByteArray out;
    for (int i = 0; i < 8; ++i) out.append(static_cast<char>((length >> (8 * i)) & 0xff));
    return out + header + data;
}

QByteArray floatBytes(int count) { return QByteArray(count * 4, '\x01'); }

ModelConfig smallConfig() {
    ModelConfig config;
    config.vocabSize = 17;
    config.hiddenSize = 16;
    config.numLayers = 1;
    config.numHeads = 2;
    config.intermediateSize = 24;
    config.maxPositionEmbeddings = 32;
    config.maskTokenId = 16;
    config.blockSize = 4;
    return config;
}

// Runs `action`, requiring an InputError whose message names `path` and contains `fragment`.
template <typename Action>
void expectInputError(Action action, const std::string& path, const QString& fragment) {
    try {
        action();
    } catch (const InputError& error) {
        const QString message = QString::fromStdString(error.what());
        QVERIFY2(message.contains(fragment), qPrintable(QStringLiteral("message '%1' lacks '%2'").arg(message, fragment)));
        QVERIFY2(message.startsWith(QString::fromStdString(path)), qPrintable(message));
        return;
    } catch (const std::exception& other) {
        QFAIL(qPrintable(QStringLiteral("expected InputError, got: %1").arg(QString::fromStdString(other.what()))));
    }
    QFAIL("expected InputError, the call succeeded");
}

}  // namespace

class SafetensorsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();
    void headerIsAlignedAndSorted();
    void overwriteLeavesNoTemporaryFiles();
    void writerRejectsBadNames();
    void hostileFile_data();
    void hostileFile();
    void everyTruncationIsAnInputError();
    void corruptedBytesNeverCrash();
    void moduleWeightsRoundTrip();
    void moduleWeightsConvertFloatDtypes();
    void moduleWeightsRejectMismatches_data();
    void moduleWeightsRejectMismatches();

private:
    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }
    std::string writeBytes(const QString& name, const QByteArray& bytes) const;

    QTemporaryDir m_dir;
};

void SafetensorsTest::initTestCase() {
    at::set_num_threads(1);
    QVERIFY(m_dir.isValid());
}

std::string SafetensorsTest::writeBytes(const QString& name, const QByteArray& bytes) const {
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        qFatal("cannot write test file");
    return path(name);
}

void SafetensorsTest::roundTrip_data() {
    QTest::addColumn<int>("dtype");  // torch::ScalarType
    QTest::addColumn<QList<qint64>>("shape");
    QTest::newRow("F32 2x3") << int(torch::kFloat32) << QList<qint64>{2, 3};
    QTest::newRow("BF16 4x5") << int(torch::kBFloat16) << QList<qint64>{4, 5};
    QTest::newRow("F16 7") << int(torch::kFloat16) << QList<qint64>{7};
    QTest::newRow("I64 3x2x2") << int(torch::kInt64) << QList<qint64>{3, 2, 2};
    QTest::newRow("I32 5") << int(torch::kInt32) << QList<qint64>{5};
    QTest::newRow("F64 scalar") << int(torch::kFloat64) << QList<qint64>{};
    QTest::newRow("I8 3") << int(torch::kInt8) << QList<qint64>{3};
    QTest::newRow("U8 9") << int(torch::kUInt8) << QList<qint64>{9};
    QTest::newRow("BOOL 2x2") << int(torch::kBool) << QList<qint64>{2, 2};
    QTest::newRow("F32 empty 0x4") << int(torch::kFloat32) << QList<qint64>{0, 4};
}

void SafetensorsTest::roundTrip() {
    QFETCH(int, dtype);
    QFETCH(QList<qint64>, shape);
    const std::vector<std::int64_t> sizes(shape.begin(), shape.end());
    torch::manual_seed(5);
    const auto type = static_cast<torch::ScalarType>(dtype);
    torch::Tensor value;
    if (type == torch::kBool) value = torch::rand(sizes) < 0.5;
    else if (torch::isFloatingType(type)) value = (torch::randn(sizes) * 100).to(type);
    else value = torch::randint(-100, 100, sizes).to(type).abs();
    // A non-contiguous second tensor: the writer must serialise the logical (row-major) order.
    const auto transposed = torch::arange(12, torch::kFloat32).view({3, 4}).t();
    const SafetensorsMetadata metadata{{"format", "pt"}, {"note", "ünïcode ✓"}};

    const std::string file = path(QStringLiteral("round_trip.safetensors"));
    writeSafetensors(file, {{"value", value}, {"transposed", transposed}}, metadata);
    const auto contents = readSafetensors(file);
    QCOMPARE(contents.tensors.size(), std::size_t{2});
    QVERIFY(contents.metadata == metadata);
    const torch::Tensor* read = contents.find("value");
    QVERIFY(read != nullptr);
    QCOMPARE(read->scalar_type(), type);
    QVERIFY(read->sizes().equals(value.sizes()));
    QVERIFY(torch::equal(*read, value));
    QVERIFY(torch::equal(*contents.find("transposed"), transposed.contiguous()));
    QVERIFY(contents.find("absent") == nullptr);
}

void SafetensorsTest::headerIsAlignedAndSorted() {
    const std::string file = path(QStringLiteral("aligned.safetensors"));
    writeSafetensors(file, {{"b", torch::ones({3}, torch::kInt8)}, {"a", torch::ones({2}, torch::kFloat64)}});
    const auto header = readSafetensorsHeader(file);
    QCOMPARE(header.dataOffset % 8, std::uint64_t{0});
    QCOMPARE(header.entries.size(), std::size_t{2});
    QCOMPARE(header.entries[0].name, std::string("b"));  // written (and sorted) by offset, not name
    QCOMPARE(header.entries[0].dtype, std::string("I8"));
    QCOMPARE(header.entries[1].begin, std::uint64_t{3});
    QCOMPARE(header.entries[1].end, std::uint64_t{19});
    QVERIFY(header.entries[1].shape == std::vector<std::int64_t>{2});
}

void SafetensorsTest::overwriteLeavesNoTemporaryFiles() {
    QTemporaryDir dir;
    const std::string file = dir.filePath(QStringLiteral("weights.safetensors")).toStdString();
    writeSafetensors(file, {{"x", torch::zeros({4})}});
    writeSafetensors(file, {{"x", torch::ones({2})}});
    QVERIFY(torch::equal(*readSafetensors(file).find("x"), torch::ones({2})));
    const QStringList entries = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
    QCOMPARE(entries, QStringList{QStringLiteral("weights.safetensors")});
}

void SafetensorsTest::writerRejectsBadNames() {
    const std::string file = path(QStringLiteral("bad_names.safetensors"));
    QVERIFY_THROWS_EXCEPTION(UsageError, writeSafetensors(file, {{"x", torch::ones({1})}, {"x", torch::ones({1})}}));
    QVERIFY_THROWS_EXCEPTION(UsageError, writeSafetensors(file, {{"", torch::ones({1})}}));
    QVERIFY_THROWS_EXCEPTION(UsageError, writeSafetensors(file, {{"__metadata__", torch::ones({1})}}));
    QVERIFY(!QFile::exists(QString::fromStdString(file)));
}

void SafetensorsTest::hostileFile_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("fragment");
    const QByteArray f32x2 = R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";

    QTest::newRow("empty file") << QByteArray() << "too short (0 bytes)";
    QTest::newRow("5 bytes") << QByteArray("\x10\0\0\0\0", 5) << "too short (5 bytes)";
    QTest::newRow("header length past the end") << safetensorsBytes(f32x2, floatBytes(2), 4096) << "header length 4096 exceeds the file size";
    QTest::newRow("header length 2^63") << safetensorsBytes(f32x2, floatBytes(2), qint64(1) << 62) << "exceeds the file size";
    QTest::newRow("header length 0") << safetensorsBytes("", floatBytes(2), 0) << "too short to be a JSON object";
    QTest::newRow("header not JSON") << safetensorsBytes("{not json}", {}) << "header is not valid JSON";
    QTest::newRow("header truncated JSON") << safetensorsBytes(f32x2.left(30), {}) << "header is not valid JSON";
    QTest::newRow("header is an array") << safetensorsBytes("[1, 2, 3]", {}) << "does not start with '{'";
    QTest::newRow("header invalid UTF-8") << safetensorsBytes("{\"\xff\xfe\":{}}", {}) << "header is not valid JSON";
    QTest::newRow("unknown dtype") << safetensorsBytes(R"({"a":{"dtype":"F8_E4M3","shape":[2],"data_offsets":[0,2]}})", QByteArray(2, 0))
                                   << "tensor 'a': unsupported dtype 'F8_E4M3'";
    QTest::newRow("dtype not a string") << safetensorsBytes(R"({"a":{"dtype":4,"shape":[2],"data_offsets":[0,8]}})", floatBytes(2))
                                        << "tensor 'a': 'dtype' missing or not a string";
    QTest::newRow("shape missing") << safetensorsBytes(R"({"a":{"dtype":"F32","data_offsets":[0,8]}})", floatBytes(2))
                                   << "tensor 'a': 'shape' missing";
    QTest::newRow("negative dimension") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", floatBytes(2))
                                        << "shape entry must be a non-negative integer";
    QTest::newRow("fractional dimension") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}})", floatBytes(2))
                                          << "shape entry must be a non-negative integer";
    QTest::newRow("wrong shape for the bytes") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,8]}})", floatBytes(2))
                                               << "tensor 'a': data offsets [0, 8] hold 8 bytes, but dtype F32 with shape [2,3] needs 24";
    QTest::newRow("wrong dtype for the bytes") << safetensorsBytes(R"({"a":{"dtype":"I64","shape":[2],"data_offsets":[0,8]}})", floatBytes(2))
                                               << "dtype I64 with shape [2] needs 16";
    QTest::newRow("overflowing shape") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[4294967296,4294967296,16],"data_offsets":[0,8]}})", floatBytes(2))
                                       << "needs more than the file holds";
    QTest::newRow("offsets outside the file") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})", floatBytes(2))
                                              << "data offsets [8, 16] lie outside the data area of 8 bytes";
    QTest::newRow("huge offsets") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[18446744073709551600,18446744073709551608]}})", floatBytes(2))
                                  << "lie outside the data area";
    QTest::newRow("reversed offsets") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}})", floatBytes(2))
                                      << "are reversed";
    QTest::newRow("three offsets") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}})", floatBytes(2))
                                   << "'data_offsets' must be an array [begin, end]";
    QTest::newRow("negative offset") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", floatBytes(2))
                                     << "data offset must be a non-negative integer";
    QTest::newRow("overlapping tensors") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", floatBytes(3))
                                         << "tensor 'b' overlaps tensor 'a'";
    QTest::newRow("identical offsets") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[2],"data_offsets":[0,8]}})", floatBytes(2))
                                       << "overlaps";
    QTest::newRow("hole between tensors") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})", floatBytes(3))
                                          << "4 unused bytes before tensor 'b'";
    QTest::newRow("trailing bytes") << safetensorsBytes(f32x2, floatBytes(3)) << "data area holds 12 bytes, but the tensors cover 8";
    QTest::newRow("duplicate tensor name") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", floatBytes(2))
                                           << "header names 'a' twice";
    QTest::newRow("duplicate field") << safetensorsBytes(R"({"a":{"dtype":"F32","dtype":"I32","shape":[2],"data_offsets":[0,8]}})", floatBytes(2))
                                     << "header names 'dtype' twice";
    QTest::newRow("unknown field") << safetensorsBytes(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"offset":3}})", floatBytes(2))
                                   << "tensor 'a': unknown field 'offset'";
    QTest::newRow("entry not an object") << safetensorsBytes(R"({"a":[1,2]})", {}) << "tensor 'a': header entry must be an object";
    QTest::newRow("empty tensor name") << safetensorsBytes(R"({"":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", floatBytes(2))
                                       << "tensor with an empty name";
    QTest::newRow("metadata not strings") << safetensorsBytes(R"({"__metadata__":{"step":3},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", floatBytes(2))
                                          << "'__metadata__' value of 'step' must be a string";
    QTest::newRow("metadata not an object") << safetensorsBytes(R"({"__metadata__":"x"})", {}) << "'__metadata__' must be an object";
    QTest::newRow("bool byte 2") << safetensorsBytes(R"({"a":{"dtype":"BOOL","shape":[2],"data_offsets":[0,2]}})", QByteArray("\x01\x02", 2))
                                 << "BOOL data holds bytes other than 0 and 1";
}

void SafetensorsTest::hostileFile() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, fragment);
    const std::string file = writeBytes(QStringLiteral("hostile.safetensors"), bytes);
    expectInputError([&] { readSafetensors(file); }, file, fragment);
}

void SafetensorsTest::everyTruncationIsAnInputError() {
    const std::string file = path(QStringLiteral("whole.safetensors"));
    writeSafetensors(file, {{"w", torch::randn({3, 5})}, {"ids", torch::arange(4)}}, {{"format", "pt"}});
    QFile whole(QString::fromStdString(file));
    QVERIFY(whole.open(QIODevice::ReadOnly));
    const QByteArray bytes = whole.readAll();
    for (qsizetype size = 0; size < bytes.size(); ++size) {
        const std::string cut = writeBytes(QStringLiteral("cut.safetensors"), bytes.left(size));
        try {
            readSafetensors(cut);
            QFAIL(qPrintable(QStringLiteral("a file truncated to %1 bytes loaded").arg(size)));
        } catch (const InputError&) {
        }
    }
}

void SafetensorsTest::corruptedBytesNeverCrash() {
    // Every byte of the header region replaced by a few different values: each read either
    // succeeds (a flip inside the data, or one that keeps the header consistent) or throws
    // InputError; any other exception or a crash fails.
    const std::string file = path(QStringLiteral("intact.safetensors"));
    writeSafetensors(file, {{"w", torch::randn({2, 3})}, {"b", torch::ones({2}, torch::kBool)}});
    QFile intact(QString::fromStdString(file));
    QVERIFY(intact.open(QIODevice::ReadOnly));
    const QByteArray bytes = intact.readAll();
    int rejected = 0;
    for (qsizetype position = 0; position < bytes.size(); ++position) {
        for (const char replacement : {'\0', '\x7f', '9', '}', '\xff'}) {
            if (bytes[position] == replacement) continue;
            QByteArray damaged = bytes;
            damaged[position] = replacement;
            const std::string damagedFile = writeBytes(QStringLiteral("damaged.safetensors"), damaged);
            try {
                readSafetensors(damagedFile);
            } catch (const InputError&) {
                ++rejected;
            } catch (const std::exception& other) {
                QFAIL(qPrintable(QStringLiteral("byte %1 -> %2: %3").arg(position).arg(int(replacement)).arg(QString::fromStdString(other.what()))));
            }
        }
    }
    QVERIFY(rejected > 0);
}

void SafetensorsTest::moduleWeightsRoundTrip() {
    DiffusionTransformer saved(smallConfig(), /*seed=*/1);
    DiffusionTransformer loaded(smallConfig(), /*seed=*/2);
    const std::string file = path(QStringLiteral("model.safetensors"));
    saveModuleWeights(file, *saved, {{"step", "12"}});
    const auto metadata = loadModuleWeights(file, *loaded);
    QCOMPARE(metadata.at("step"), std::string("12"));
    QCOMPARE(metadata.at("format"), std::string("pt"));
    QCOMPARE(metadata.at("maskscope_weights_version"), std::to_string(kWeightsFormatVersion));
    const auto savedParameters = saved->named_parameters();
    for (const auto& item : loaded->named_parameters())
        QVERIFY2(torch::equal(item.value(), savedParameters[item.key()]), item.key().c_str());
}

void SafetensorsTest::moduleWeightsConvertFloatDtypes() {
    DiffusionTransformer source(smallConfig(), 3);
    std::vector<NamedTensor> halfPrecision;
    for (const auto& item : source->named_parameters()) halfPrecision.push_back({item.key(), item.value().to(torch::kBFloat16)});
    const std::string file = path(QStringLiteral("bf16.safetensors"));
    writeSafetensors(file, halfPrecision);
    DiffusionTransformer target(smallConfig(), 4);
    loadModuleWeights(file, *target);
    const auto reference = source->named_parameters();
    for (const auto& item : target->named_parameters()) {
        QCOMPARE(item.value().scalar_type(), torch::kFloat32);
        QVERIFY(torch::equal(item.value(), reference[item.key()].to(torch::kBFloat16).to(torch::kFloat32)));
    }
}

void SafetensorsTest::moduleWeightsRejectMismatches_data() {
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("shape") << "shape" << "tensor 'layers.0.mlp.gate_proj.weight' has shape [32,16], model expects [24,16]";
    QTest::newRow("missing") << "missing" << "tensor 'lm_head.weight' missing";
    QTest::newRow("unexpected") << "unexpected" << "unexpected tensor 'layers.1.attn.q_proj.weight'";
    QTest::newRow("dtype") << "dtype" << "tensor 'final_norm.weight' has dtype I64, model expects Float";
}

void SafetensorsTest::moduleWeightsRejectMismatches() {
    QFETCH(QString, change);
    QFETCH(QString, fragment);
    DiffusionTransformer source(smallConfig(), 5);
    std::vector<NamedTensor> tensors;
    for (const auto& item : source->named_parameters()) {
        torch::Tensor value = item.value();
        if (change == QLatin1String("shape") && item.key() == "layers.0.mlp.gate_proj.weight") value = torch::zeros({32, 16});
        if (change == QLatin1String("missing") && item.key() == "lm_head.weight") continue;
        if (change == QLatin1String("dtype") && item.key() == "final_norm.weight") value = value.to(torch::kInt64);
        tensors.push_back({item.key(), value});
    }
    if (change == QLatin1String("unexpected")) tensors.push_back({"layers.1.attn.q_proj.weight", torch::zeros({16, 16})});
    const std::string file = path(QStringLiteral("mismatch.safetensors"));
    writeSafetensors(file, tensors);

    DiffusionTransformer target(smallConfig(), 6);
    std::vector<torch::Tensor> before;
    for (const auto& parameter : target->parameters()) before.push_back(parameter.clone());
    expectInputError([&] { loadModuleWeights(file, *target); }, file, fragment);
    const auto after = target->parameters();
    for (std::size_t i = 0; i < before.size(); ++i) QVERIFY(torch::equal(before[i], after[i]));  // untouched
}

QTEST_APPLESS_MAIN(SafetensorsTest)
#include "test_gpu_safetensors.moc"
