// The trainer's plain data: the run configuration and its JSON, the learning-rate schedule, the
// trainer state and the run manifest (run.json), with the errors a user sees for bad files.
#include "core/error.h"
#include "gpu/lr_schedule.h"
#include "gpu/model_config.h"
#include "gpu/run_directory.h"
#include "core/train_config.h"
#include "gpu/trainer_state.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>

using namespace maskscope;

namespace {

TrainConfig sampleConfig() {
    TrainConfig config;
    config.corpus = "/data/corpus.jsonl";
    config.tokenizer = "/data/tok.model";
    config.out = "/runs/a";
    config.masking.densitySource = "rules:math";
    config.masking.hubs.rule = HubOptions::Rule::TopFraction;
    config.masking.hubs.value = 0.25;
    config.masking.policy.mode = MaskMode::Reweighted;
    config.masking.policy.w = 0.5;
    config.masking.policy.tMin = 0.2;
    config.masking.policy.tMax = 0.9;
    config.masking.policy.seed = 77;
    config.layout = TrainLayout::Block;
    config.blockSize = 16;
    config.lossWeighting = TrainLossWeighting::Mean;
    config.batch = 12;
    config.gradAccum = 3;
    config.dumpMaskSteps = {3, 9};
    return config;
}

template <typename Exception>
QString messageOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const Exception& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

}  // namespace

class TrainConfigTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void configRoundTripsThroughJson();
    void unknownAndMistypedFieldsAreNamed_data();
    void unknownAndMistypedFieldsAreNamed();
    void validationNamesTheFlag_data();
    void validationNamesTheFlag();
    void scheduleWarmsUpThenDecays();
    void trainerStateRoundTrips();
    void trainerStateErrorsNameTheField();
    void manifestRoundTripsAndDetectsChangedInputs();
};

void TrainConfigTest::configRoundTripsThroughJson() {
    const TrainConfig config = sampleConfig();
    const std::string text = trainConfigToJson(config);
    const TrainConfig back = trainConfigFromJson(text, "config.json");
    QCOMPARE(QString::fromStdString(trainConfigToJson(back)), QString::fromStdString(text));
    QVERIFY(back.masking.policy.mode == MaskMode::Reweighted);
    QVERIFY(back.masking.hubs.rule == HubOptions::Rule::TopFraction);
    QVERIFY(back.layout == TrainLayout::Block);
    QVERIFY(back.lossWeighting == TrainLossWeighting::Mean);
    QCOMPARE(back.dumpMaskSteps, (std::vector<std::uint64_t>{3, 9}));
    QCOMPARE(back.seed(), 77u);
    // A run.json wraps the configuration; only "config" is read from it.
    const std::string wrapped = "{\"format\": \"maskscope-run\", \"config\": " + text + "}";
    QCOMPARE(QString::fromStdString(trainConfigToJson(trainConfigFromJson(wrapped, "run.json"))),
             QString::fromStdString(text));
}

void TrainConfigTest::unknownAndMistypedFieldsAreNamed_data() {
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown") << "{\"stepz\": 3}" << "field 'stepz' is not a known setting";
    QTest::newRow("type") << "{\"steps\": \"ten\"}" << "field 'steps' must be a non-negative integer";
    QTest::newRow("negative") << "{\"steps\": -1}" << "field 'steps' must be a non-negative integer";
    QTest::newRow("nested") << "{\"masking\": {\"w\": \"2\"}}" << "field 'masking.w' must be a number";
    QTest::newRow("mode") << "{\"masking\": {\"mode\": \"soft\"}}" << "field 'masking.mode' must be complementary";
    QTest::newRow("layout") << "{\"layout\": \"diagonal\"}" << "--layout must be full or block";
    QTest::newRow("version") << "{\"maskscope_format_version\": 9}" << "this build reads version 1";
    QTest::newRow("not json") << "{steps: 3" << "not valid JSON";
}

void TrainConfigTest::unknownAndMistypedFieldsAreNamed() {
    QFETCH(QString, json);
    QFETCH(QString, expected);
    const QString message =
        messageOf<InputError>([&] { trainConfigFromJson(json.toStdString(), "my-run.json"); });
    QVERIFY2(message.startsWith(QStringLiteral("my-run.json: ")), qPrintable(message));
    QVERIFY2(message.contains(expected), qPrintable(message));
}

void TrainConfigTest::validationNamesTheFlag_data() {
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QString>("expected");
    QTest::newRow("accumulation") << "grad_accum" << "--batch 12 is not a multiple of --grad-accum 5";
    QTest::newRow("lr") << "lr" << "--lr must be a finite number > 0";
    QTest::newRow("eval") << "eval_fraction" << "--eval-fraction must be in [0, 1)";
    QTest::newRow("device") << "device" << "--device must be cpu, cuda or cuda:N";
    QTest::newRow("t") << "t" << "t must satisfy";
    QTest::newRow("decay") << "decay_steps" << "--decay-steps must not be smaller than --warmup";
}

void TrainConfigTest::validationNamesTheFlag() {
    QFETCH(QString, setting);
    QFETCH(QString, expected);
    TrainConfig config = sampleConfig();
    if (setting == QLatin1String("grad_accum")) config.gradAccum = 5;
    if (setting == QLatin1String("lr")) config.lr = 0.0;
    if (setting == QLatin1String("eval_fraction")) config.evalFraction = 1.0;
    if (setting == QLatin1String("device")) config.device = "tpu";
    if (setting == QLatin1String("t")) config.masking.policy.tMax = 1.5;
    if (setting == QLatin1String("decay_steps")) {
        config.warmup = 50;
        config.decaySteps = 20;
    }
    const QString message = messageOf<UsageError>([&] { config.validate(); });
    QVERIFY2(message.contains(expected), qPrintable(message));
    sampleConfig().validate();  // the sample itself is valid
}

void TrainConfigTest::scheduleWarmsUpThenDecays() {
    const LrSchedule schedule{1e-3, 0.1, 10, 110};
    QCOMPARE(schedule.at(1), 1e-4);
    QCOMPARE(schedule.at(5), 5e-4);
    QCOMPARE(schedule.at(10), 1e-3);                          // peak at the end of the warm-up
    QVERIFY(std::abs(schedule.at(60) - 5.5e-4) < 1e-12);      // half-way: (peak + floor) / 2
    QVERIFY(std::abs(schedule.at(110) - 1e-4) < 1e-15);       // the floor at the horizon
    QCOMPARE(schedule.at(500), 1e-4);                         // and after it
    for (std::uint64_t step = 11; step < 110; ++step) QVERIFY(schedule.at(step + 1) <= schedule.at(step));
    const LrSchedule noWarmup{2e-3, 0.0, 0, 4};
    QCOMPARE(noWarmup.at(0), 2e-3);
    QCOMPARE(noWarmup.at(4), 0.0);
}

void TrainConfigTest::trainerStateRoundTrips() {
    TrainerState state;
    state.step = 120;
    state.tokens = 215040;
    state.recordsSeen = 960;
    state.epoch = 2;
    state.epochPosition = 200;
    state.bestEvalLoss = 4.25;
    state.bestEvalStep = 100;
    state.wallSeconds = 35.5;
    QVERIFY(trainerStateFromJson(trainerStateToJson(state), "s.json") == state);
    state.bestEvalLoss.reset();
    QVERIFY(trainerStateFromJson(trainerStateToJson(state), "s.json") == state);
}

void TrainConfigTest::trainerStateErrorsNameTheField() {
    const auto message = [](const std::string& text) {
        return messageOf<InputError>([&] { trainerStateFromJson(text, "trainer_state.json"); });
    };
    QVERIFY(message("{}").contains(QStringLiteral("trainer_state.json: field 'format'")));
    QVERIFY(message("{\"format\": \"maskscope-trainer-state\", \"version\": 1}").contains(QStringLiteral("field 'step' missing")));
    QVERIFY(message("[1").contains(QStringLiteral("not valid JSON")));
    TrainerState state;
    std::string text = trainerStateToJson(state);
    text.replace(text.find("\"step\": 0"), 9, "\"step\": -4");
    QVERIFY(message(text).contains(QStringLiteral("field 'step' must be a non-negative integer")));
}

void TrainConfigTest::manifestRoundTripsAndDetectsChangedInputs() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string corpus = dir.filePath(QStringLiteral("corpus.jsonl")).toStdString();
    const std::string tokenizer = dir.filePath(QStringLiteral("tok.model")).toStdString();
    std::ofstream(corpus) << "{\"prompt\": \"a\", \"response\": \"b\"}\n";
    std::ofstream(tokenizer) << "not really a model";

    RunManifest manifest;
    manifest.config = sampleConfig();
    manifest.model = withTokenizerVocabulary(modelPreset("tiny"), 1000, 1000);
    manifest.corpus = describeInputFile(corpus);
    manifest.tokenizer = describeInputFile(tokenizer);
    manifest.trainRecords = 9;
    manifest.evalRecords = 1;
    manifest.torchVersion = "1.13.1";
    writeRunManifest(dir.path().toStdString(), manifest);

    const RunManifest back = readRunManifest(dir.path().toStdString());
    QCOMPARE(QString::fromStdString(trainConfigToJson(back.config)), QString::fromStdString(trainConfigToJson(manifest.config)));
    QVERIFY(back.model == manifest.model);
    QCOMPARE(back.corpus.hash, manifest.corpus.hash);
    QCOMPARE(back.trainRecords, 9u);
    QVERIFY(!back.annotations);
    requireInputsUnchanged(back);

    std::ofstream(corpus, std::ios::app) << "{\"prompt\": \"c\", \"response\": \"d\"}\n";
    const QString message = messageOf<InputError>([&] { requireInputsUnchanged(back); });
    QVERIFY2(message.contains(QString::fromStdString(corpus)) && message.contains(QStringLiteral("the corpus changed")),
             qPrintable(message));

    const QString notARun = messageOf<InputError>([&] { readRunManifest(dir.filePath(QStringLiteral("nothing")).toStdString()); });
    QVERIFY2(notARun.contains(QStringLiteral("is not a MaskScope run directory")), qPrintable(notARun));
}

QTEST_APPLESS_MAIN(TrainConfigTest)
#include "test_gpu_train_config.moc"
