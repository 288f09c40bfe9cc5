// The masking controls drive the same pipeline as training: setting the widgets as a user would
// gives the settings the CLI flags give, and the record the context then shows carries exactly the
// masks of the core Inspector and of `maskscope-cli mask` for the same flags.
#include "ui_test_support.h"

#include "ui/inspection_context.h"
#include "ui/masking_controls.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QDoubleSpinBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QSpinBox>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

struct Case {
    QString density = QStringLiteral("rules:code");
    bool top = false;
    double hubValue = 0.5;
    int gap = 1;
    int minSpan = 1;
    QString mode = QStringLiteral("complementary");
    QString weighting = QStringLiteral("binary");
    double w = 2.0;
    bool fixedT = false;
    double tMin = 0.3;
    double tMax = 0.8;
    double processed = 1.0;
    double seed = 0;
    int step = 0;
    int blockSize = 32;
};

}  // namespace

Q_DECLARE_METATYPE(Case)

namespace {

template <typename T>
T* child(QWidget& parent, const char* name) {
    T* widget = parent.findChild<T*>(QLatin1String(name));
    if (!widget) qFatal("no widget named %s", name);
    return widget;
}

// Sets the widgets the way a user would, one field at a time.
void setWidgets(MaskingControls& controls, const Case& c) {
    auto select = [&](const char* name, const QVariant& data) {
        auto* box = child<QComboBox>(controls, name);
        const int index = box->findData(data);
        if (index < 0) qFatal("%s has no entry %s", name, qPrintable(data.toString()));
        box->setCurrentIndex(index);
    };
    select("densitySource", c.density);
    select("hubRule", int(c.top ? HubOptions::Rule::TopFraction : HubOptions::Rule::Threshold));
    child<QDoubleSpinBox>(controls, "hubValue")->setValue(c.hubValue);
    child<QSpinBox>(controls, "hubGap")->setValue(c.gap);
    child<QSpinBox>(controls, "hubMinSpan")->setValue(c.minSpan);
    select("mode", int(*parseMaskMode(c.mode.toStdString())));
    select("weighting", int(c.weighting == QLatin1String("soft") ? Weighting::Soft : Weighting::Binary));
    child<QDoubleSpinBox>(controls, "w")->setValue(c.w);
    child<QComboBox>(controls, "tMode")->setCurrentIndex(c.fixedT ? 1 : 0);
    child<QDoubleSpinBox>(controls, "tMax")->setValue(1.0);
    child<QDoubleSpinBox>(controls, "tMin")->setValue(c.tMin);
    child<QDoubleSpinBox>(controls, "tMax")->setValue(c.tMax);
    child<QDoubleSpinBox>(controls, "processed")->setValue(c.processed);
    child<QDoubleSpinBox>(controls, "seed")->setValue(c.seed);
    child<QSpinBox>(controls, "step")->setValue(c.step);
    child<QSpinBox>(controls, "blockSize")->setValue(c.blockSize);
}

QStringList cliFlags(const Case& c) {
    auto number = [](double v) { return QString::number(v, 'g', 17); };
    QStringList flags{QStringLiteral("--density"), c.density,
                      c.top ? QStringLiteral("--hub-top") : QStringLiteral("--hub-threshold"), number(c.hubValue),
                      QStringLiteral("--hub-gap"), QString::number(c.gap),
                      QStringLiteral("--hub-min-span"), QString::number(c.minSpan),
                      QStringLiteral("--mode"), c.mode, QStringLiteral("--weighting"), c.weighting,
                      QStringLiteral("--w"), number(c.w), QStringLiteral("--processed"), number(c.processed),
                      QStringLiteral("--seed"), QString::number(qulonglong(c.seed)),
                      QStringLiteral("--step"), QString::number(c.step),
                      QStringLiteral("--block-size"), QString::number(c.blockSize)};
    if (c.fixedT) flags << QStringLiteral("--t") << number(c.tMin);
    else flags << QStringLiteral("--t-range") << number(c.tMin) + QLatin1Char(',') + number(c.tMax);
    return flags;
}

std::vector<std::uint8_t> bits(const QJsonArray& array) {
    std::vector<std::uint8_t> out;
    for (const QJsonValue& v : array) out.push_back(std::uint8_t(v.toInt()));
    return out;
}

}  // namespace

class TestUiMaskingControls : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sameMasksAsInspectorAndCli_data();
    void sameMasksAsInspectorAndCli();
    void invalidSettingsAreShownNotApplied();
    void followsSettingsFromElsewhere();

private:
    QTemporaryDir m_dir;
};

void TestUiMaskingControls::sameMasksAsInspectorAndCli_data() {
    QTest::addColumn<Case>("settings");
    Case base;
    QTest::newRow("defaults") << base;
    Case stepped = base;
    stepped.step = 17;
    stepped.seed = 4242;
    QTest::newRow("seed and step") << stepped;
    Case fixed = base;
    fixed.fixedT = true;
    fixed.tMin = fixed.tMax = 0.45;
    fixed.w = 5.0;
    QTest::newRow("fixed t, w 5") << fixed;
    Case inverse = base;
    inverse.w = 0.5;
    inverse.top = true;
    inverse.hubValue = 0.2;
    QTest::newRow("w 0.5, top fraction") << inverse;
    Case reweighted = base;
    reweighted.mode = QStringLiteral("reweighted");
    reweighted.weighting = QStringLiteral("soft");
    reweighted.step = 3;
    QTest::newRow("reweighted, soft") << reweighted;
    Case hard = base;
    hard.mode = QStringLiteral("hard");
    hard.gap = 0;
    hard.minSpan = 2;
    QTest::newRow("hard, min span 2") << hard;
    Case math = base;
    math.density = QStringLiteral("rules:math");
    math.processed = 0.5;
    math.mode = QStringLiteral("uniform");
    QTest::newRow("math rules, rho 0.5, uniform") << math;
}

void TestUiMaskingControls::sameMasksAsInspectorAndCli() {
    QFETCH(Case, settings);
    InspectionContext context;
    MaskingControls controls(context);
    const auto tokenizer = test::loadDemoTokenizer();
    const auto corpus = test::openCorpus(test::demoCorpusPath());
    context.setTokenizer(tokenizer);
    context.setCorpus(corpus);
    setWidgets(controls, settings);

    // The widgets produce the settings the CLI flags produce.
    const InspectionSettings& applied = context.settings();
    QCOMPARE(QString::fromStdString(applied.densitySource), settings.density);
    QCOMPARE(applied.hubs.value, settings.hubValue);
    QCOMPARE(applied.policy.w, settings.w);
    QCOMPARE(applied.policy.tMin, settings.tMin);
    QCOMPARE(applied.policy.tMax, settings.tMax);
    QCOMPARE(applied.policy.seed, std::uint32_t(settings.seed));
    QCOMPARE(context.step(), std::uint32_t(settings.step));
    QCOMPARE(applied.blockSize, std::size_t(settings.blockSize));

    // maskscope-cli mask on the first records with the same flags.
    QVERIFY(m_dir.isValid());
    const QString out = m_dir.filePath(QStringLiteral("%1.jsonl").arg(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')));
    QProcess cli;
    cli.start(QStringLiteral(MASKSCOPE_CLI),
              QStringList{QStringLiteral("mask"), QStringLiteral("--corpus"), test::demoCorpusPath(),
                          QStringLiteral("--tokenizer"), test::demoTokenizerPath(), QStringLiteral("--limit"),
                          QStringLiteral("8"), QStringLiteral("--out"), out} +
                  cliFlags(settings));
    QVERIFY(cli.waitForFinished(60000));
    QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    QFile file(out);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');

    const Inspector inspector(*tokenizer, applied, DensityContext{});
    for (const int record : {0, 1, 3, 7}) {
        context.setCurrentRecord(record);
        QVERIFY(test::waitForInspection(context));
        const RecordInspection& shown = *context.inspection();
        const RecordInspection expected = inspector.inspect(corpus->record(std::uint64_t(record)), context.step());
        QCOMPARE(shown.tokens.record.id, expected.tokens.record.id);
        QCOMPARE(shown.masks.t, expected.masks.t);
        QVERIFY(shown.masks.logical == expected.masks.logical);
        QVERIFY(shown.masks.syntactic == expected.masks.syntactic);
        QVERIFY(shown.masks.p == expected.masks.p);
        QVERIFY(shown.hubs.indicator == expected.hubs.indicator);
        QCOMPARE(shown.logicalBlocks.size(), expected.logicalBlocks.size());

        const QJsonObject line = QJsonDocument::fromJson(lines[record]).object();
        QCOMPARE(line.value(QStringLiteral("id")).toString().toStdString(), shown.tokens.record.id);
        QVERIFY(bits(line.value(QStringLiteral("logical")).toArray()) == shown.masks.logical);
        QVERIFY(bits(line.value(QStringLiteral("syntactic")).toArray()) == shown.masks.syntactic);
        QVERIFY(bits(line.value(QStringLiteral("hub")).toArray()) == shown.hubs.indicator);
        QCOMPARE(line.value(QStringLiteral("step")).toInt(), settings.step);
    }
}

void TestUiMaskingControls::invalidSettingsAreShownNotApplied() {
    InspectionContext context;
    MaskingControls controls(context);
    controls.show();
    const InspectionSettings before = context.settings();
    child<QComboBox>(controls, "tMode")->setCurrentIndex(0);
    child<QDoubleSpinBox>(controls, "tMax")->setValue(0.2);  // below t_min = 0.3
    QCOMPARE(context.settings().policy.tMax, before.policy.tMax);
    auto* problem = child<QLabel>(controls, "settingsProblem");
    QVERIFY(problem->isVisible());
    QVERIFY(problem->text().contains(QStringLiteral("t_min")));
    child<QDoubleSpinBox>(controls, "tMax")->setValue(0.9);
    QCOMPARE(context.settings().policy.tMax, 0.9);
    QVERIFY(!problem->isVisible());
}

void TestUiMaskingControls::followsSettingsFromElsewhere() {
    InspectionContext context;
    MaskingControls controls(context);
    InspectionSettings settings = context.settings();
    settings.policy.w = 3.5;
    settings.policy.mode = MaskMode::Reweighted;
    settings.blockSize = 64;
    QVERIFY(context.setSettings(settings).isEmpty());
    context.setStep(12);
    QCOMPARE(child<QDoubleSpinBox>(controls, "w")->value(), 3.5);
    QCOMPARE(child<QComboBox>(controls, "mode")->currentData().toInt(), int(MaskMode::Reweighted));
    QCOMPARE(child<QSpinBox>(controls, "blockSize")->value(), 64);
    QCOMPARE(child<QSpinBox>(controls, "step")->value(), 12);
    // Showing them did not write anything back.
    QCOMPARE(context.settings().policy.w, 3.5);
}

QTEST_MAIN(TestUiMaskingControls)
#include "test_ui_masking_controls.moc"
