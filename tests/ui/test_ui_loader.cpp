// Background loading and the context's job handling: a corpus shows before its scan finishes,
// cancelling works, failures are reported (never a crash), a newer document replaces an older one
// still loading, and the newest inspection request wins.
#include "ui_test_support.h"

#include "ui/document_loader.h"
#include "ui/inspection_context.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>

using namespace maskscope;
using namespace maskscope::ui;

class TestUiLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void opensCorpusAndTokenizer();
    void cancellingStopsTheCorpusJob();
    void failuresAreReported_data();
    void failuresAreReported();
    void newerCorpusReplacesOlder();
    void newestInspectionWins();
    void sessionOpensItsDocuments();

private:
    QString write(const QString& name, const QByteArray& bytes);
    QTemporaryDir m_dir;
    QString m_large;
};

QString TestUiLoader::write(const QString& name, const QByteArray& bytes) {
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    file.write(bytes);
    return path;
}

void TestUiLoader::initTestCase() {
    QVERIFY(m_dir.isValid());
    // About 64 MB: long enough that indexing is still running when the test cancels it.
    QByteArray line = "{\"id\": \"r\", \"instruction\": \"Add.\", \"output\": \"";
    line += QByteArray(900, 'x') + "\"}\n";
    QByteArray block;
    for (int i = 0; i < 1024; ++i) block += line;
    m_large = m_dir.filePath(QStringLiteral("large.jsonl"));
    QFile file(m_large);
    QVERIFY(file.open(QIODevice::WriteOnly));
    for (int i = 0; i < 72; ++i) file.write(block);
}

void TestUiLoader::opensCorpusAndTokenizer() {
    InspectionContext context;
    DocumentLoader loader(context);
    QSignalSpy opened(&loader, &DocumentLoader::opened);
    QSignalSpy busy(&loader, &DocumentLoader::busyChanged);
    loader.openFiles({test::demoCorpusPath(), test::demoTokenizerPath()});
    QVERIFY(loader.isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), 20000);
    QCOMPARE(opened.count(), 2);
    QVERIFY(context.corpus());
    QVERIFY(context.tokenizer());
    QVERIFY(context.corpusScanned());
    QCOMPARE(context.goodEntries(), context.corpus()->entryCount());
    QCOMPARE(context.currentRecord(), qint64(0));
    QVERIFY(test::waitForInspection(context));
    QCOMPARE(context.inspection()->tokens.record.id, context.corpus()->record(0).id);
    QCOMPARE(busy.last().first().toBool(), false);
}

void TestUiLoader::cancellingStopsTheCorpusJob() {
    InspectionContext context;
    DocumentLoader loader(context);
    QSignalSpy cancelled(&loader, &DocumentLoader::cancelled);
    QSignalSpy failed(&loader, &DocumentLoader::failed);
    loader.openCorpus(m_large);
    loader.cancelCorpus();
    QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), 20000);
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(failed.count(), 0);
    QVERIFY(!context.corpusScanned());
    // The loader is usable again afterwards.
    loader.openCorpus(test::demoCorpusPath());
    QTRY_VERIFY_WITH_TIMEOUT(context.corpusScanned(), 20000);
    QCOMPARE(context.corpusPath(), test::demoCorpusPath());
}

void TestUiLoader::failuresAreReported_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing file") << QString() << QByteArray() << QStringLiteral("no such file");
    QTest::newRow("empty corpus") << QStringLiteral("empty.jsonl") << QByteArray() << QStringLiteral("empty.jsonl");
    QTest::newRow("not a tokenizer") << QStringLiteral("broken.model") << QByteArray("not a model")
                                     << QStringLiteral("broken.model");
    QTest::newRow("bad sidecar") << QStringLiteral("x.annotations.jsonl") << QByteArray("{\"format\":1}\n")
                                 << QStringLiteral("x.annotations.jsonl");
    QTest::newRow("bad session") << QStringLiteral("x.maskscope") << QByteArray("[]") << QStringLiteral("x.maskscope");
}

void TestUiLoader::failuresAreReported() {
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, reason);
    InspectionContext context;
    DocumentLoader loader(context);
    QSignalSpy failed(&loader, &DocumentLoader::failed);
    const QString path = name.isEmpty() ? m_dir.filePath(QStringLiteral("nothing-here.jsonl")) : write(name, content);
    loader.openFiles({path});
    QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), 10000);
    QCOMPARE(failed.count(), 1);
    const QString message = failed.first().at(1).toString();
    QVERIFY2(message.contains(reason), qPrintable(message));
    QVERIFY(!context.corpus());
}

void TestUiLoader::newerCorpusReplacesOlder() {
    InspectionContext context;
    DocumentLoader loader(context);
    QSignalSpy changed(&context, &InspectionContext::corpusChanged);
    loader.openCorpus(m_large);
    loader.openCorpus(test::demoCorpusPath());
    QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), 30000);
    QCOMPARE(context.corpusPath(), test::demoCorpusPath());
    QCOMPARE(changed.count(), 1);  // the stale large corpus never reached the context
}

void TestUiLoader::newestInspectionWins() {
    InspectionContext context;
    context.setTokenizer(test::loadDemoTokenizer());
    context.setCorpus(test::openCorpus(test::demoCorpusPath()));
    QSignalSpy changed(&context, &InspectionContext::inspectionChanged);
    for (std::uint32_t step = 1; step <= 40; ++step) context.setStep(step);
    QVERIFY(test::waitForInspection(context));
    QTest::qWait(50);  // any stale result would arrive now
    QCOMPARE(context.inspection()->step, 40u);
    QCOMPARE(context.inspectionState(), InspectionContext::InspectionState::Ready);
    // A bad record is a readable failure, not a crash.
    const QString bad = write(QStringLiteral("onebad.jsonl"),
                              "{\"id\":\"a\",\"instruction\":\"x\",\"output\":\"y\"}\n{\"id\":\"b\",\"instruction\":\"x\"}\n");
    context.setCorpus(test::openCorpus(bad), 1);
    QTRY_COMPARE_WITH_TIMEOUT(context.inspectionState(), InspectionContext::InspectionState::Failed, 10000);
    QVERIFY(context.inspectionMessage().contains(QStringLiteral("output")));
}

void TestUiLoader::sessionOpensItsDocuments() {
    Session session;
    session.corpus = test::demoCorpusPath();
    session.tokenizer = test::demoTokenizerPath();
    session.record = 9;
    session.step = 5;
    session.settings = defaultInspectionSettings();
    session.settings.policy.w = 3.0;
    const QString path = m_dir.filePath(QStringLiteral("demo.maskscope"));
    saveSession(session, path);
    InspectionContext context;
    DocumentLoader loader(context);
    loader.openFiles({path});
    QTRY_VERIFY_WITH_TIMEOUT(!loader.isBusy(), 20000);
    QCOMPARE(context.currentRecord(), qint64(9));
    QCOMPARE(context.step(), 5u);
    QCOMPARE(context.settings().policy.w, 3.0);
    QVERIFY(test::waitForInspection(context));
    QCOMPARE(context.inspection()->step, 5u);
}

QTEST_MAIN(TestUiLoader)
#include "test_ui_loader.moc"
