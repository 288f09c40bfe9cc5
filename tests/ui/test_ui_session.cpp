// The session file (round trip, defaults, refusals with readable reasons, relative paths, atomic
// writes) and the detection of file kinds for the command line and drag and drop.
#include "ui_test_support.h"

#include "ui/file_kind.h"
#include "ui/session_file.h"

#include "core/annotations.h"
#include "core/error.h"

#include <QtCore/QDir>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

using namespace maskscope;
using namespace maskscope::ui;

class TestUiSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void missingSettingsKeepDefaults();
    void refusals_data();
    void refusals();
    void relativePathsResolveAgainstTheSessionFile();
    void saveReplacesTheFile();
    void fileKinds_data();
    void fileKinds();

private:
    QTemporaryDir m_dir;
};

void TestUiSession::roundTrip() {
    Session session;
    session.corpus = QStringLiteral("/data/corpus.jsonl");
    session.tokenizer = QStringLiteral("/data/t.model");
    session.annotations = QStringLiteral("/data/corpus.annotations.jsonl");
    session.record = 41;
    session.step = 7;
    session.display = SampleDisplay::SideBySide;
    session.settings.densitySource = "rules:math";
    session.settings.hubs.rule = HubOptions::Rule::TopFraction;
    session.settings.hubs.value = 0.125;
    session.settings.hubs.maxGap = 3;
    session.settings.hubs.minSpan = 2;
    session.settings.policy.mode = MaskMode::Reweighted;
    session.settings.policy.weighting = Weighting::Soft;
    session.settings.policy.w = 0.5;
    session.settings.policy.tMin = 0.25;
    session.settings.policy.tMax = 0.75;
    session.settings.policy.processed = 0.1;
    session.settings.policy.seed = 4294967295u;
    session.settings.blockSize = 64;

    const Session back = parseSession(serializeSession(session), QStringLiteral("s.maskscope"));
    QCOMPARE(back.corpus, session.corpus);
    QCOMPARE(back.tokenizer, session.tokenizer);
    QCOMPARE(back.annotations, session.annotations);
    QCOMPARE(back.record, session.record);
    QCOMPARE(back.step, session.step);
    QCOMPARE(int(back.display), int(session.display));
    const InspectionSettings& s = back.settings;
    QCOMPARE(s.densitySource, session.settings.densitySource);
    QCOMPARE(int(s.hubs.rule), int(HubOptions::Rule::TopFraction));
    QCOMPARE(s.hubs.value, 0.125);
    QCOMPARE(s.hubs.maxGap, std::size_t(3));
    QCOMPARE(s.hubs.minSpan, std::size_t(2));
    QCOMPARE(int(s.policy.mode), int(MaskMode::Reweighted));
    QCOMPARE(int(s.policy.weighting), int(Weighting::Soft));
    QCOMPARE(s.policy.w, 0.5);
    QCOMPARE(s.policy.tMin, 0.25);
    QCOMPARE(s.policy.tMax, 0.75);
    QCOMPARE(s.policy.processed, 0.1);
    QCOMPARE(s.policy.seed, 4294967295u);
    QCOMPARE(s.blockSize, std::size_t(64));
}

void TestUiSession::missingSettingsKeepDefaults() {
    const Session session = parseSession(R"({"format":"maskscope-session","version":1,"corpus":"/c.jsonl"})",
                                         QStringLiteral("s.maskscope"));
    QCOMPARE(session.corpus, QStringLiteral("/c.jsonl"));
    QVERIFY(session.tokenizer.isEmpty());
    QCOMPARE(session.record, qint64(0));
    QCOMPARE(session.settings.densitySource, defaultInspectionSettings().densitySource);
    QCOMPARE(session.settings.blockSize, defaultInspectionSettings().blockSize);
    QCOMPARE(session.settings.policy.w, 2.0);
}

void TestUiSession::refusals_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("reason");
    QTest::newRow("not json") << QByteArray("{") << QStringLiteral("not a session file");
    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("not a JSON object");
    QTest::newRow("other format") << QByteArray(R"({"format":"maskscope-annotations","version":1})")
                                  << QStringLiteral("\"format\"");
    QTest::newRow("newer version") << QByteArray(R"({"format":"maskscope-session","version":2})")
                                   << QStringLiteral("unsupported session version 2");
    QTest::newRow("record type") << QByteArray(R"({"format":"maskscope-session","version":1,"record":"x"})")
                                 << QStringLiteral("'record' is not a number");
    QTest::newRow("negative step") << QByteArray(R"({"format":"maskscope-session","version":1,"step":-1})")
                                   << QStringLiteral("'step' must be a whole number");
    QTest::newRow("bad mode")
        << QByteArray(R"({"format":"maskscope-session","version":1,"settings":{"policy":{"mode":"x"}}})")
        << QStringLiteral("'mode'");
    QTest::newRow("t out of range")
        << QByteArray(R"({"format":"maskscope-session","version":1,"settings":{"policy":{"t_min":0.9,"t_max":0.2}}})")
        << QStringLiteral("t_min");
    QTest::newRow("unknown density")
        << QByteArray(R"({"format":"maskscope-session","version":1,"settings":{"density":"nope"}})")
        << QStringLiteral("nope");
}

void TestUiSession::refusals() {
    QFETCH(QByteArray, json);
    QFETCH(QString, reason);
    try {
        parseSession(json, QStringLiteral("bad.maskscope"));
        QFAIL("parseSession accepted a bad session");
    } catch (const InputError& e) {
        const QString message = QString::fromStdString(e.what());
        QVERIFY2(message.startsWith(QStringLiteral("bad.maskscope")), qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
    }
}

void TestUiSession::relativePathsResolveAgainstTheSessionFile() {
    const QString path = m_dir.filePath(QStringLiteral("sub/s.maskscope"));
    const Session session = parseSession(
        R"({"format":"maskscope-session","version":1,"corpus":"data/c.jsonl","tokenizer":"../t.model"})", path);
    QCOMPARE(session.corpus, QDir::cleanPath(m_dir.filePath(QStringLiteral("sub/data/c.jsonl"))));
    QCOMPARE(session.tokenizer, QDir::cleanPath(m_dir.filePath(QStringLiteral("t.model"))));
}

void TestUiSession::saveReplacesTheFile() {
    const QString path = m_dir.filePath(QStringLiteral("s.maskscope"));
    Session session;
    session.corpus = QStringLiteral("/first.jsonl");
    saveSession(session, path);
    session.corpus = QStringLiteral("/second.jsonl");
    saveSession(session, path);
    QCOMPARE(loadSession(path).corpus, QStringLiteral("/second.jsonl"));
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("s.maskscope")});
    QVERIFY_THROWS_EXCEPTION(InputError, loadSession(m_dir.filePath(QStringLiteral("missing.maskscope"))));
}

void TestUiSession::fileKinds_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("kind");
    QTest::newRow("jsonl corpus") << QStringLiteral("c.jsonl") << QByteArray("{\"text\":\"x\"}\n") << int(FileKind::Corpus);
    QTest::newRow("plain text") << QStringLiteral("c.txt") << QByteArray("Hello \xc3\xa9\n\nWorld\n") << int(FileKind::Corpus);
    QTest::newRow("model by name") << QStringLiteral("t.model") << QByteArray("anything") << int(FileKind::Tokenizer);
    QTest::newRow("binary") << QStringLiteral("t.bin") << QByteArray("\n\x05\x00\xff\xfe", 5) << int(FileKind::Tokenizer);
    QTest::newRow("sidecar by name") << QStringLiteral("c.annotations.jsonl") << QByteArray("{}") << int(FileKind::Annotations);
    QTest::newRow("sidecar by header") << QStringLiteral("spans.jsonl")
                                       << (QByteArray(kAnnotationHeader.data(), qsizetype(kAnnotationHeader.size())) + "\n")
                                       << int(FileKind::Annotations);
    QTest::newRow("session by name") << QStringLiteral("s.maskscope") << QByteArray("{}") << int(FileKind::Session);
    QTest::newRow("session by content") << QStringLiteral("s.json")
                                        << QByteArray("{\"format\": \"maskscope-session\", \"version\": 1}")
                                        << int(FileKind::Session);
}

void TestUiSession::fileKinds() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(int, kind);
    const QString path = m_dir.filePath(name);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    QCOMPARE(int(detectFileKind(path)), kind);
    QCOMPARE(int(detectFileKind(m_dir.filePath(QStringLiteral("missing.jsonl")))), int(FileKind::Unknown));
}

QTEST_MAIN(TestUiSession)
#include "test_ui_session.moc"
