// `maskscope --screenshot` as a user (or the README) runs it: the PNG appears with the window's
// size and real content, in English and German, under the offscreen platform; failures exit
// non-zero with a message.
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtGui/QImage>
#include <QtTest/QtTest>

namespace {

const QString kCorpus = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl");
const QString kTokenizer = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model");

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

}  // namespace

class TestUiScreenshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void screenshotOfTheDemo_data();
    void screenshotOfTheDemo();
    void failuresExitNonZero_data();
    void failuresExitNonZero();

private:
    Run run(const QStringList& arguments, const QString& language = QStringLiteral("en"));
    QTemporaryDir m_dir;
};

void TestUiScreenshot::initTestCase() { QVERIFY(m_dir.isValid()); }

Run TestUiScreenshot::run(const QStringList& arguments, const QString& language) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("MASKSCOPE_LANG"), language);
    // Keep the user's settings and last session out of it.
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(MASKSCOPE_DESKTOP), arguments);
    if (!process.waitForFinished(180000)) {
        process.kill();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromLocal8Bit(process.readAllStandardOutput()), QString::fromLocal8Bit(process.readAllStandardError())};
}

void TestUiScreenshot::screenshotOfTheDemo_data() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("display");
    QTest::newRow("english, logical") << QStringLiteral("en") << QStringLiteral("logical");
    QTest::newRow("german, side by side") << QStringLiteral("de") << QStringLiteral("side-by-side");
}

void TestUiScreenshot::screenshotOfTheDemo() {
    QFETCH(QString, language);
    QFETCH(QString, display);
    const QString png = m_dir.filePath(QStringLiteral("main-%1.png").arg(language));
    const Run result = run({QStringLiteral("--screenshot"), png, QStringLiteral("--display"), display, kCorpus, kTokenizer},
                           language);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY(result.out.contains(png));
    QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(1600, 1000));
    // Not blank: a real window has many colours, among them the density colours of the record view.
    QSet<QRgb> colours;
    int warm = 0;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            const QColor c = image.pixelColor(x, y);
            colours.insert(c.rgb());
            warm += (c.red() > 230 && c.green() > 90 && c.green() < 220 && c.blue() < 120) ? 1 : 0;
        }
    }
    QVERIFY2(colours.size() > 200, qPrintable(QString::number(colours.size())));
    QVERIFY2(warm > 50, "no density colours in the record view");
}

void TestUiScreenshot::failuresExitNonZero_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QString png = QStringLiteral("/tmp/maskscope-test-never-written.png");
    QTest::newRow("missing corpus") << QStringList{QStringLiteral("--screenshot"), png, QStringLiteral("/nonexistent/c.jsonl")}
                                    << 1 << QStringLiteral("c.jsonl");
    QTest::newRow("bad tokenizer") << QStringList{QStringLiteral("--screenshot"), png, kCorpus, kCorpus + QStringLiteral(".model")}
                                   << 1 << QStringLiteral(".model");
    QTest::newRow("unwritable png") << QStringList{QStringLiteral("--screenshot"), QStringLiteral("/nonexistent/dir/x.png"), kCorpus}
                                    << 1 << QStringLiteral("x.png");
    QTest::newRow("unknown option") << QStringList{QStringLiteral("--bogus")} << 2 << QStringLiteral("bogus");
    QTest::newRow("bad display") << QStringList{QStringLiteral("--display"), QStringLiteral("diagonal")} << 2
                                 << QStringLiteral("--display");
}

void TestUiScreenshot::failuresExitNonZero() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const Run result = run(arguments);
    QCOMPARE(result.exitCode, exitCode);
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

QTEST_MAIN(TestUiScreenshot)
#include "test_ui_screenshot.moc"
