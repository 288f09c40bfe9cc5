// ModelConfig: presets and their sizes, the HF-style config.json round trip, and validation errors
// that name the file and the field.
#include "core/error.h"
#include "gpu/model_config.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

using namespace maskscope;

namespace {

ModelConfig validConfig() {
    return withTokenizerVocabulary(modelPreset("tiny"), 1000, 1000);  // mask one past the pieces
}

}  // namespace

class ModelConfigTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void presetSizes_data();
    void presetSizes();
    void unknownPresetIsAUsageError();
    void tokenizerVocabularyIncludesTheMaskToken();
    void jsonRoundTrip();
    void fileRoundTrip();
    void readsPlainHfConfig();
    void invalidConfig_data();
    void invalidConfig();
    void missingFileNamesThePath();
};

void ModelConfigTest::presetSizes_data() {
    QTest::addColumn<QString>("preset");
    QTest::addColumn<qint64>("vocab");
    QTest::addColumn<qint64>("minimum");
    QTest::addColumn<qint64>("maximum");
    // The tiny model trains in minutes on 2 CPU cores; small is ~10-20M, base ~100M parameters.
    QTest::newRow("tiny, 8k vocab") << QStringLiteral("tiny") << qint64(8000) << qint64(2'000'000) << qint64(4'000'000);
    QTest::newRow("small, 8k vocab") << QStringLiteral("small") << qint64(8000) << qint64(10'000'000) << qint64(20'000'000);
    QTest::newRow("base, 8k vocab") << QStringLiteral("base") << qint64(8000) << qint64(90'000'000) << qint64(110'000'000);
}

void ModelConfigTest::presetSizes() {
    QFETCH(QString, preset);
    QFETCH(qint64, vocab);
    QFETCH(qint64, minimum);
    QFETCH(qint64, maximum);
    const ModelConfig config = withTokenizerVocabulary(modelPreset(preset.toStdString()), vocab, vocab - 1);
    validateModelConfig(config, "preset");
    const qint64 count = config.parameterCount();
    QVERIFY2(count >= minimum && count <= maximum, qPrintable(QStringLiteral("%1 parameters").arg(count)));
    QCOMPARE(config.blockSize, std::int64_t{32});
}

void ModelConfigTest::unknownPresetIsAUsageError() {
    try {
        modelPreset("huge");
        QFAIL("no exception");
    } catch (const UsageError& error) {
        QVERIFY(QString::fromStdString(error.what()).contains(QStringLiteral("tiny, small, base")));
    }
}

void ModelConfigTest::tokenizerVocabularyIncludesTheMaskToken() {
    QCOMPARE(withTokenizerVocabulary(modelPreset("tiny"), 1000, 1000).vocabSize, std::int64_t{1001});
    QCOMPARE(withTokenizerVocabulary(modelPreset("tiny"), 1000, 3).vocabSize, std::int64_t{1000});
    QCOMPARE(withTokenizerVocabulary(modelPreset("tiny"), 1000, 3).maskTokenId, std::int64_t{3});
}

void ModelConfigTest::jsonRoundTrip() {
    ModelConfig config = validConfig();
    config.ropeTheta = 500000.0;
    config.rmsNormEps = 1e-6;
    config.blockSize = 16;
    const std::string text = modelConfigToJson(config);
    QCOMPARE(modelConfigFromJson(text, "mem"), config);
    const auto json = nlohmann::json::parse(text);  // HF field names
    QCOMPARE(json.at("num_hidden_layers").get<std::int64_t>(), config.numLayers);
    QCOMPARE(json.at("num_attention_heads").get<std::int64_t>(), config.numHeads);
    QCOMPARE(json.at("mask_token_id").get<std::int64_t>(), config.maskTokenId);
    QCOMPARE(json.at("maskscope_format_version").get<int>(), kModelConfigFormatVersion);
}

void ModelConfigTest::fileRoundTrip() {
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("config.json")).toStdString();
    writeModelConfig(path, validConfig());
    QCOMPARE(readModelConfig(path), validConfig());
    ModelConfig invalid = validConfig();
    invalid.numHeads = 3;
    QVERIFY_THROWS_EXCEPTION(InputError, writeModelConfig(path, invalid));
    QCOMPARE(readModelConfig(path), validConfig());  // the rejected write left the file alone
}

void ModelConfigTest::readsPlainHfConfig() {
    // No format version, no block size, extra HF fields: defaults apply, extras are ignored.
    const std::string text = R"({"architectures": ["X"], "vocab_size": 50, "hidden_size": 64,
        "num_hidden_layers": 2, "num_attention_heads": 4, "intermediate_size": 128,
        "max_position_embeddings": 128, "mask_token_id": 49, "torch_dtype": "bfloat16"})";
    const ModelConfig config = modelConfigFromJson(text, "hf.json");
    QCOMPARE(config.blockSize, std::int64_t{32});
    QCOMPARE(config.ropeTheta, 10000.0);
    QCOMPARE(config.hiddenSize, std::int64_t{64});
}

void ModelConfigTest::invalidConfig_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");  // JSON text
    QTest::addColumn<QString>("fragment");
    QTest::newRow("heads do not divide") << "num_attention_heads" << "6" << "field 'num_attention_heads' (6) must divide 'hidden_size' (128)";
    QTest::newRow("odd head size") << "num_attention_heads" << "128" << "must be even for rotary";
    QTest::newRow("zero layers") << "num_hidden_layers" << "0" << "field 'num_hidden_layers' (0) must be at least 1";
    QTest::newRow("negative vocab") << "vocab_size" << "-5" << "field 'vocab_size' (-5) must be at least 2";
    QTest::newRow("mask beyond vocab") << "mask_token_id" << "1001" << "field 'mask_token_id' (1001) must be a token id below 'vocab_size' (1001)";
    QTest::newRow("string size") << "hidden_size" << "\"128\"" << "field 'hidden_size' must be an integer, found \"128\"";
    QTest::newRow("fractional size") << "intermediate_size" << "344.5" << "field 'intermediate_size' must be an integer";
    QTest::newRow("huge size") << "hidden_size" << "18446744073709551615" << "field 'hidden_size' is out of range";
    QTest::newRow("zero block") << "block_size" << "0" << "field 'block_size' (0) must be at least 1";
    QTest::newRow("bad theta") << "rope_theta" << "\"big\"" << "field 'rope_theta' must be a number";
    QTest::newRow("negative eps") << "rms_norm_eps" << "-1e-5" << "field 'rms_norm_eps' must be in (0, 1)";
    QTest::newRow("missing field") << "max_position_embeddings" << "" << "field 'max_position_embeddings' missing";
    QTest::newRow("future version") << "maskscope_format_version" << "2" << "this build reads 1";
}

void ModelConfigTest::invalidConfig() {
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, fragment);
    auto json = nlohmann::json::parse(modelConfigToJson(validConfig()));
    if (value.isEmpty()) json.erase(field.toStdString());
    else json[field.toStdString()] = nlohmann::json::parse(value.toStdString());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("config.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QByteArray::fromStdString(json.dump()));
    file.close();
    try {
        readModelConfig(path.toStdString());
        QFAIL("no exception");
    } catch (const InputError& error) {
        QCOMPARE(QString::fromStdString(error.file()), path);
        QVERIFY2(QString::fromStdString(error.what()).contains(fragment), error.what());
    }
}

void ModelConfigTest::missingFileNamesThePath() {
    try {
        readModelConfig("/nonexistent/config.json");
        QFAIL("no exception");
    } catch (const InputError& error) {
        QCOMPARE(error.file(), std::string("/nonexistent/config.json"));
    }
    try {
        modelConfigFromJson("{\"vocab_size\": ", "broken.json");
        QFAIL("no exception");
    } catch (const InputError& error) {
        QVERIFY(QString::fromStdString(error.what()).startsWith(QStringLiteral("broken.json: not valid JSON")));
    }
}

QTEST_APPLESS_MAIN(ModelConfigTest)
#include "test_gpu_model_config.moc"
