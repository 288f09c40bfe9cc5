// Checkpoints: what is written comes back bit for bit (weights, AdamW state, trainer state); a
// write that fails or dies at any stage leaves the previous checkpoint loadable; old checkpoints
// are pruned; and bad files (truncated or corrupt safetensors, a config that disagrees with the
// weights, a tokenizer that does not fit the model, a broken trainer state) are errors that name
// the file and the problem.
#include "core/error.h"
#include "core/tokenizer.h"
#include "gpu/checkpoint.h"
#include "gpu/model_config.h"
#include "gpu/optimizer_state.h"
#include "gpu/safetensors.h"

#include <QtCore/QDir>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace maskscope;
namespace fs = std::filesystem;

namespace {

const std::string kDemoTokenizer = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model";

struct StageFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

template <typename Exception>
QString messageOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Exception& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

void overwrite(const fs::path& path, const std::string& bytes, std::size_t offset) {
    std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(offset));
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

class CheckpointTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void roundTripIsExact();
    void restoredOptimizerContinuesBitForBit();
    void onlyTheNewestAreKept();
    void failedWriteKeepsThePreviousCheckpoint_data();
    void failedWriteKeepsThePreviousCheckpoint();
    void leftoversAreIgnoredAndCleaned();
    void badFilesAreNamed_data();
    void badFilesAreNamed();

private:
    void trainTwoSteps();
    std::string writeStep(std::uint64_t step, const CheckpointWriteOptions& options = {});

    ModelConfig m_config;
    DiffusionTransformer m_model{nullptr};
    std::unique_ptr<torch::optim::AdamW> m_optimizer;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_checkpoints;
};

void CheckpointTest::initTestCase() {
    at::set_num_threads(1);
    const Tokenizer tokenizer = Tokenizer::load(kDemoTokenizer);
    m_config.hiddenSize = 32;
    m_config.numLayers = 2;
    m_config.numHeads = 4;
    m_config.intermediateSize = 48;
    m_config.maxPositionEmbeddings = 64;
    m_config = withTokenizerVocabulary(m_config, tokenizer.vocabSize(), tokenizer.maskId());
}

void CheckpointTest::init() {
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_checkpoints = m_dir->filePath(QStringLiteral("checkpoints")).toStdString();
    m_model = DiffusionTransformer(m_config, 11);
    m_optimizer = makeAdamW(m_model, {1e-2, 0.9, 0.95, 1e-8, 0.1});
    trainTwoSteps();
}

// Two updates with a fixed objective, so that every parameter has non-trivial AdamW state.
void CheckpointTest::trainTwoSteps() {
    torch::manual_seed(5);
    const auto ids = torch::randint(0, m_config.vocabSize, {2, 12}, torch::kInt64);  // [B, L]
    for (int step = 0; step < 2; ++step) {
        m_optimizer->zero_grad();
        m_model->forward(ids).logits.pow(2).mean().backward();
        m_optimizer->step();
    }
}

std::string CheckpointTest::writeStep(std::uint64_t step, const CheckpointWriteOptions& options) {
    TrainerState state;
    state.step = step;
    state.tokens = 100 * step;
    state.bestEvalLoss = 3.5;
    return writeCheckpoint(m_checkpoints, m_model, *m_optimizer, state, kDemoTokenizer, options);
}

void CheckpointTest::roundTripIsExact() {
    const std::string directory = writeStep(2);
    QCOMPARE(QString::fromStdString(directory), QString::fromStdString(m_checkpoints + "/step_2"));
    for (const char* file : {kCheckpointConfigFile, kCheckpointWeightsFile, kCheckpointOptimizerFile,
                             kCheckpointStateFile, kCheckpointTokenizerFile})
        QVERIFY2(fs::exists(fs::path(directory) / file), file);

    const LoadedCheckpoint loaded = loadCheckpoint(directory);
    QVERIFY(loaded.config == m_config);
    QCOMPARE(loaded.state.step, std::uint64_t{2});
    QCOMPARE(loaded.state.tokens, std::uint64_t{200});
    QCOMPARE(loaded.state.bestEvalLoss.value_or(0.0), 3.5);
    const auto original = m_model->named_parameters();
    for (const auto& item : loaded.model->named_parameters())
        QVERIFY2(torch::equal(item.value(), original[item.key()]), item.key().c_str());

    // The weights file is standard safetensors: plain names, F32, and the step in the metadata.
    const SafetensorsHeader header = readSafetensorsHeader(directory + "/" + kCheckpointWeightsFile);
    QCOMPARE(header.entries.size(), original.size());
    QCOMPARE(QString::fromStdString(header.metadata.at("step")), QStringLiteral("2"));
    for (const auto& entry : header.entries) QCOMPARE(QString::fromStdString(entry.dtype), QStringLiteral("F32"));
}

void CheckpointTest::restoredOptimizerContinuesBitForBit() {
    const std::string directory = writeStep(2);
    LoadedCheckpoint loaded = loadCheckpoint(directory);
    auto restored = makeAdamW(loaded.model, {1e-2, 0.9, 0.95, 1e-8, 0.1});
    loadOptimizerState(directory + "/" + kCheckpointOptimizerFile, *restored, *loaded.model);
    QCOMPARE(restored->state().size(), m_optimizer->state().size());

    // One more identical update on both: the parameters stay bit-identical.
    torch::manual_seed(8);
    const auto ids = torch::randint(0, m_config.vocabSize, {2, 12}, torch::kInt64);
    for (auto* pair : {&m_model, &loaded.model}) {
        auto& optimizer = pair == &m_model ? *m_optimizer : *restored;
        optimizer.zero_grad();
        (*pair)->forward(ids).logits.pow(2).mean().backward();
        optimizer.step();
    }
    const auto original = m_model->named_parameters();
    for (const auto& item : loaded.model->named_parameters())
        QVERIFY2(torch::equal(item.value(), original[item.key()]), item.key().c_str());
}

void CheckpointTest::onlyTheNewestAreKept() {
    CheckpointWriteOptions options;
    options.keep = 2;
    for (std::uint64_t step = 1; step <= 5; ++step) writeStep(step * 10, options);
    const auto all = listCheckpoints(m_checkpoints);
    QCOMPARE(all.size(), std::size_t{2});
    QCOMPARE(all[0].first, std::uint64_t{40});
    QCOMPARE(all[1].first, std::uint64_t{50});
    QCOMPARE(QString::fromStdString(*latestCheckpoint(m_checkpoints)), QString::fromStdString(m_checkpoints + "/step_50"));
    // Writing the same step again replaces it.
    writeStep(50, options);
    QCOMPARE(listCheckpoints(m_checkpoints).size(), std::size_t{2});
    QCOMPARE(QDir(QString::fromStdString(m_checkpoints)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).size(), 2);
}

void CheckpointTest::failedWriteKeepsThePreviousCheckpoint_data() {
    QTest::addColumn<QString>("stage");
    for (const char* stage : {kCheckpointConfigFile, kCheckpointWeightsFile, kCheckpointOptimizerFile,
                              kCheckpointTokenizerFile, kCheckpointStateFile, "synced"})
        QTest::newRow(stage) << QString::fromLatin1(stage);
}

void CheckpointTest::failedWriteKeepsThePreviousCheckpoint() {
    QFETCH(QString, stage);
    writeStep(1);
    CheckpointWriteOptions options;
    options.afterStage = [&](const std::string& reached) {
        if (reached == stage.toStdString()) throw StageFailure("disk full (simulated)");
    };
    bool failed = false;
    try {
        writeStep(2, options);
    } catch (const StageFailure&) {
        failed = true;
    }
    QVERIFY(failed);
    const auto all = listCheckpoints(m_checkpoints);
    QCOMPARE(all.size(), std::size_t{1});
    QCOMPARE(all[0].first, std::uint64_t{1});
    QCOMPARE(loadCheckpoint(all[0].second).state.step, std::uint64_t{1});
    // Nothing of the failed write is left behind.
    QCOMPARE(QDir(QString::fromStdString(m_checkpoints)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QStringLiteral("step_1")});
}

void CheckpointTest::leftoversAreIgnoredAndCleaned() {
    writeStep(3);
    // What a process killed in the middle of writing step 4 leaves behind, and a half-deleted one.
    fs::create_directories(m_checkpoints + "/.tmp-step_4.12345");
    std::ofstream(m_checkpoints + "/.tmp-step_4.12345/config.json") << "{";
    fs::create_directories(m_checkpoints + "/.trash-step_1");
    fs::create_directories(m_checkpoints + "/not_a_step");
    QCOMPARE(listCheckpoints(m_checkpoints).size(), std::size_t{1});
    QCOMPARE(QString::fromStdString(*latestCheckpoint(m_checkpoints)), QString::fromStdString(m_checkpoints + "/step_3"));
    cleanCheckpointLeftovers(m_checkpoints);
    QVERIFY(!fs::exists(m_checkpoints + "/.tmp-step_4.12345"));
    QVERIFY(!fs::exists(m_checkpoints + "/.trash-step_1"));
    QVERIFY(fs::exists(m_checkpoints + "/not_a_step"));  // not ours: left alone
    // A replacement interrupted after moving the old step aside gets it back.
    fs::rename(m_checkpoints + "/step_3", m_checkpoints + "/.old-step_3");
    cleanCheckpointLeftovers(m_checkpoints);
    QCOMPARE(loadCheckpoint(m_checkpoints + "/step_3").state.step, std::uint64_t{3});
}

void CheckpointTest::badFilesAreNamed_data() {
    QTest::addColumn<QString>("damage");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated weights") << "truncate" << "model.safetensors" << "outside the data area";
    QTest::newRow("huge header length") << "header" << "model.safetensors" << "header length";
    QTest::newRow("offsets outside") << "offsets" << "model.safetensors" << "lie outside the data area";
    QTest::newRow("config disagrees") << "config" << "model.safetensors" << "model expects";
    QTest::newRow("tokenizer too large") << "vocab" << "tokenizer.model" << "pieces and mask id";
    QTest::newRow("state broken") << "state" << "trainer_state.json" << "field 'step' missing";
    QTest::newRow("file missing") << "missing" << "optimizer.safetensors" << "";
    QTest::newRow("optimizer shape") << "optimizer" << "optimizer.safetensors" << "has shape";
    QTest::newRow("weights of another step") << "step" << "model.safetensors" << "weights of step 9";
}

void CheckpointTest::badFilesAreNamed() {
    QFETCH(QString, damage);
    QFETCH(QString, file);
    QFETCH(QString, expected);
    const fs::path directory = writeStep(7);
    const fs::path target = directory / file.toStdString();
    if (damage == QLatin1String("truncate")) {
        fs::resize_file(target, fs::file_size(target) / 2);
    } else if (damage == QLatin1String("header")) {
        overwrite(target, std::string("\xff\xff\xff\xff\xff\xff\xff\x0f", 8), 0);
    } else if (damage == QLatin1String("offsets")) {
        // A well-formed header whose tensor claims bytes far past the end of the file.
        const std::string header = "{\"lm_head.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8000]}}";
        std::string bytes(8, '\0');
        for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((header.size() >> (8 * i)) & 0xff);
        std::ofstream(target, std::ios::binary | std::ios::trunc) << bytes << header << std::string(8, '\0');
    } else if (damage == QLatin1String("config")) {
        ModelConfig other = m_config;
        other.hiddenSize = 64;
        writeModelConfig((directory / kCheckpointConfigFile).string(), other);
    } else if (damage == QLatin1String("vocab")) {
        ModelConfig other = m_config;
        other.vocabSize = 500;
        other.maskTokenId = 499;
        writeModelConfig((directory / kCheckpointConfigFile).string(), other);
    } else if (damage == QLatin1String("state")) {
        std::ofstream(target) << "{\"format\": \"maskscope-trainer-state\", \"version\": 1}";
    } else if (damage == QLatin1String("missing")) {
        fs::remove(target);
    } else if (damage == QLatin1String("optimizer")) {
        writeSafetensors(target.string(), {{"exp_avg.final_norm.weight", torch::zeros({3})},
                                           {"exp_avg_sq.final_norm.weight", torch::zeros({3})},
                                           {"step.final_norm.weight", torch::tensor(int64_t{2})}},
                         {{"optimizer", "adamw"}, {"maskscope_optimizer_version", "1"}});
    } else if (damage == QLatin1String("step")) {
        saveModuleWeights(target.string(), *m_model, {{"step", "9"}});
    }

    const QString message = messageOf<InputError>([&] {
        LoadedCheckpoint loaded = loadCheckpoint(directory.string());
        auto optimizer = makeAdamW(loaded.model, {});
        loadOptimizerState((directory / kCheckpointOptimizerFile).string(), *optimizer, *loaded.model);
    });
    QVERIFY2(!message.isEmpty(), "no InputError");
    // The tokenizer error names the checkpoint's tokenizer copy; the others the damaged file.
    QVERIFY2(message.contains(QString::fromStdString(target.string())), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

QTEST_APPLESS_MAIN(CheckpointTest)
#include "test_gpu_checkpoint.moc"
