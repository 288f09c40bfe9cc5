// maskscope-cli driven as a user would: exit codes, messages, and the documented output formats.
// The mask output is checked against its own invariants and against the core sampler.
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(MASKSCOPE_CLI), args);
    if (!p.waitForFinished(120000)) return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QList<QJsonObject> readJsonLines(const QString& path) {
    QFile f(path);
    QList<QJsonObject> out;
    if (!f.open(QIODevice::ReadOnly)) return out;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (line.isEmpty()) continue;
        out.push_back(QJsonDocument::fromJson(line).object());
    }
    return out;
}

const QString kCorpus = QStringLiteral(MASKSCOPE_SOURCE_DIR "/tests/app/data/small.jsonl");
const QString kTokenizer = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model");

QStringList maskArgs(const QString& out, const QStringList& extra = {}) {
    return QStringList{QStringLiteral("mask"), QStringLiteral("--corpus"), kCorpus, QStringLiteral("--tokenizer"),
                       kTokenizer, QStringLiteral("--density"), QStringLiteral("rules:code"), QStringLiteral("--w"),
                       QStringLiteral("2"), QStringLiteral("--t-range"), QStringLiteral("0.3,0.8"),
                       QStringLiteral("--mode"), QStringLiteral("complementary"), QStringLiteral("--seed"),
                       QStringLiteral("5"), QStringLiteral("--out"), out} +
           extra;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void helpAndUsageErrors_data();
    void helpAndUsageErrors();
    void inputErrorsNameTheFile();
    void maskOutputFollowsTheFormat();
    void maskIsDeterministicPerStep();
    void blockStatisticsMatchTheMasks();
    void hubsRoundTripThroughAnnotations();
    void inspectReportsBadLines();
    void tokenizerTrainWritesAModel();

private:
    QTemporaryDir m_dir;
};

void TestCli::helpAndUsageErrors_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << 0 << QStringLiteral("mask");
    QTest::newRow("mask help") << QStringList{QStringLiteral("mask"), QStringLiteral("--help")} << 0
                               << QStringLiteral("--t-range");
    QTest::newRow("no subcommand") << QStringList{} << 2 << QString();
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("inspect"), QStringLiteral("--corpus"), kCorpus, QStringLiteral("--bogus")} << 2
                                  << QStringLiteral("bogus");
    QTest::newRow("t and t-range") << maskArgs(QStringLiteral("/dev/null"), {QStringLiteral("--t"), QStringLiteral("0.5")})
                                   << 2 << QStringLiteral("excludes");
    QTest::newRow("bad w") << maskArgs(QStringLiteral("/dev/null"), {QStringLiteral("--w"), QStringLiteral("0")}) << 2
                           << QStringLiteral("w must be");
    QTest::newRow("bad mode") << maskArgs(QStringLiteral("/dev/null"), {QStringLiteral("--mode"), QStringLiteral("x")})
                              << 2 << QStringLiteral("--mode");
    QTest::newRow("big seed") << maskArgs(QStringLiteral("/dev/null"), {QStringLiteral("--seed"), QStringLiteral("5000000000")})
                              << 2 << QStringLiteral("32 bits");
    QTest::newRow("unknown source") << maskArgs(QStringLiteral("/dev/null"), {QStringLiteral("--density"), QStringLiteral("rules:poetry")})
                                    << 2 << QStringLiteral("rules:code");
}

void TestCli::helpAndUsageErrors() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Run r = runCli(args);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2((r.out + r.err).contains(message), qPrintable(r.out + r.err));
}

void TestCli::inputErrorsNameTheFile() {
    const QString missing = m_dir.filePath(QStringLiteral("nope.jsonl"));
    Run r = runCli({QStringLiteral("inspect"), QStringLiteral("--corpus"), missing});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(missing));

    const QString badTokenizer = m_dir.filePath(QStringLiteral("bad.model"));
    QFile f(badTokenizer);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("not a model");
    f.close();
    const QString out = m_dir.filePath(QStringLiteral("never.jsonl"));
    QStringList args = maskArgs(out);
    args[args.indexOf(kTokenizer)] = badTokenizer;
    r = runCli(args);
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(badTokenizer));
    QVERIFY(!QFileInfo::exists(out));
    QVERIFY(!QFileInfo::exists(out + QStringLiteral(".partial")));
}

void TestCli::maskOutputFollowsTheFormat() {
    const QString out = m_dir.filePath(QStringLiteral("masks.jsonl"));
    const Run r = runCli(maskArgs(out));
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.contains(QStringLiteral(":3:")), qPrintable(r.err));  // the bad line is reported by number
    const auto records = readJsonLines(out);
    QCOMPARE(records.size(), 4);
    QCOMPARE(records[0][QStringLiteral("id")].toString(), QStringLiteral("c1"));
    for (const QJsonObject& rec : records) {
        const QJsonArray tokens = rec[QStringLiteral("tokens")].toArray();
        const QJsonArray maskable = rec[QStringLiteral("maskable")].toArray();
        const QJsonArray hub = rec[QStringLiteral("hub")].toArray();
        const QJsonArray p = rec[QStringLiteral("p")].toArray();
        const QJsonArray logical = rec[QStringLiteral("logical")].toArray();
        const QJsonArray syntactic = rec[QStringLiteral("syntactic")].toArray();
        QVERIFY(tokens.size() > 0);
        for (const auto& a : {maskable, hub, p, logical, syntactic}) QCOMPARE(a.size(), tokens.size());
        const double t = rec[QStringLiteral("t")].toDouble();
        QVERIFY(t >= 0.3 && t <= 0.8);
        double sumP = 0;
        int responseTokens = 0;
        bool sawPrompt = false;
        for (qsizetype i = 0; i < tokens.size(); ++i) {
            const int m = maskable[i].toInt();
            if (!m) {
                sawPrompt = true;
                QCOMPARE(logical[i].toInt() + syntactic[i].toInt() + hub[i].toInt(), 0);
            } else {
                QCOMPARE(logical[i].toInt() + syntactic[i].toInt(), 1);  // complementary pair
                sumP += p[i].toDouble();
                ++responseTokens;
            }
        }
        QVERIFY(sawPrompt);
        QVERIFY(std::abs(sumP - t * responseTokens) < 1e-3 * responseTokens);  // expected ratio is t
    }
}

void TestCli::maskIsDeterministicPerStep() {
    const QString a = m_dir.filePath(QStringLiteral("a.jsonl")), b = m_dir.filePath(QStringLiteral("b.jsonl")),
                  c = m_dir.filePath(QStringLiteral("c.jsonl"));
    QCOMPARE(runCli(maskArgs(a, {QStringLiteral("--step"), QStringLiteral("3")})).exitCode, 0);
    QCOMPARE(runCli(maskArgs(b, {QStringLiteral("--step"), QStringLiteral("3")})).exitCode, 0);
    QCOMPARE(runCli(maskArgs(c, {QStringLiteral("--step"), QStringLiteral("4")})).exitCode, 0);
    QFile fa(a), fb(b), fc(c);
    QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly) && fc.open(QIODevice::ReadOnly));
    const QByteArray da = fa.readAll();
    QCOMPARE(da, fb.readAll());
    QVERIFY(da != fc.readAll());
}

void TestCli::blockStatisticsMatchTheMasks() {
    const QString out = m_dir.filePath(QStringLiteral("blocks.jsonl"));
    QCOMPARE(runCli(maskArgs(out, {QStringLiteral("--block-size"), QStringLiteral("8")})).exitCode, 0);
    for (const QJsonObject& rec : readJsonLines(out)) {
        const QJsonArray maskable = rec[QStringLiteral("maskable")].toArray();
        const QJsonArray logical = rec[QStringLiteral("logical")].toArray();
        const QJsonArray blocks = rec[QStringLiteral("blocks")].toArray();
        QCOMPARE(blocks.size(), (maskable.size() + 7) / 8);
        for (qsizetype b = 0; b < blocks.size(); ++b) {
            int inS = 0, masked = 0, run = 0, longest = 0;
            for (qsizetype i = b * 8; i < std::min<qsizetype>(maskable.size(), b * 8 + 8); ++i) {
                inS += maskable[i].toInt();
                masked += logical[i].toInt();
                run = logical[i].toInt() ? run + 1 : 0;
                longest = std::max(longest, run);
            }
            const QJsonObject block = blocks[b].toObject();
            QCOMPARE(block[QStringLiteral("longest_run")].toInt(), longest);
            QCOMPARE(block[QStringLiteral("masked_share")].toDouble(), inS ? double(masked) / inS : 0.0);
        }
    }
}

void TestCli::hubsRoundTripThroughAnnotations() {
    // rules:code hubs -> annotation sidecar -> the annotations source gives back the same hubs.
    const QString hubs = m_dir.filePath(QStringLiteral("hubs.jsonl"));
    const QString sidecar = m_dir.filePath(QStringLiteral("hubs.annotations.jsonl"));
    const QStringList common{QStringLiteral("--corpus"), kCorpus, QStringLiteral("--tokenizer"), kTokenizer};
    Run r = runCli(QStringList{QStringLiteral("hubs")} + common +
                   QStringList{QStringLiteral("--density"), QStringLiteral("rules:code"), QStringLiteral("--hub-gap"),
                               QStringLiteral("0"), QStringLiteral("--out"), hubs, QStringLiteral("--write-annotations"),
                               sidecar});
    QCOMPARE(r.exitCode, 0);
    const QString again = m_dir.filePath(QStringLiteral("hubs-again.jsonl"));
    r = runCli(QStringList{QStringLiteral("hubs")} + common +
               QStringList{QStringLiteral("--density"), QStringLiteral("annotations"), QStringLiteral("--annotations"),
                           sidecar, QStringLiteral("--hub-gap"), QStringLiteral("0"), QStringLiteral("--out"), again});
    QCOMPARE(r.exitCode, 0);
    const auto first = readJsonLines(hubs), second = readJsonLines(again);
    QCOMPARE(first.size(), second.size());
    int hubTokens = 0;
    for (qsizetype i = 0; i < first.size(); ++i) {
        QCOMPARE(second[i][QStringLiteral("hub")].toArray(), first[i][QStringLiteral("hub")].toArray());
        for (const auto& v : first[i][QStringLiteral("hub")].toArray()) hubTokens += v.toInt();
    }
    QVERIFY(hubTokens > 0);
}

void TestCli::inspectReportsBadLines() {
    const Run r = runCli({QStringLiteral("inspect"), QStringLiteral("--corpus"), kCorpus, QStringLiteral("--tokenizer"),
                          kTokenizer, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject summary = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(summary[QStringLiteral("records")].toInt(), 4);
    QCOMPARE(summary[QStringLiteral("bad_lines")].toInt(), 1);
    QCOMPARE(summary[QStringLiteral("bad")].toArray()[0].toObject()[QStringLiteral("line")].toInt(), 3);
    QVERIFY(summary[QStringLiteral("hub_tokens")].toInt() > 0);
    const double ratio = summary[QStringLiteral("logical_mask_ratio")].toDouble();
    QVERIFY(ratio > 0.1 && ratio < 0.95);
    QVERIFY(std::abs(ratio + summary[QStringLiteral("syntactic_mask_ratio")].toDouble() - 1.0) < 1e-9);
}

void TestCli::tokenizerTrainWritesAModel() {
    const QString model = m_dir.filePath(QStringLiteral("small.model"));
    const Run r = runCli({QStringLiteral("tokenizer"), QStringLiteral("train"), QStringLiteral("--corpus"),
                          QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl"), QStringLiteral("--vocab-size"),
                          QStringLiteral("400"), QStringLiteral("--out"), model});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QStringLiteral("mask token id")));
    // The new model tokenizes a corpus end to end.
    const Run inspect = runCli({QStringLiteral("inspect"), QStringLiteral("--corpus"), kCorpus,
                                QStringLiteral("--tokenizer"), model, QStringLiteral("--json")});
    QCOMPARE(inspect.exitCode, 0);
    QVERIFY(QJsonDocument::fromJson(inspect.out.toUtf8()).object()[QStringLiteral("response_tokens")].toInt() > 20);
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
