// translations/maskscope_de.ts is complete (every message translated, every plural form filled) and
// up to date (lupdate over the sources finds exactly its messages), and the compiled catalogue
// translates the app's strings.
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTranslator>
#include <QtCore/QXmlStreamReader>
#include <QtTest/QtTest>

namespace {

const QString kSourceDir = QStringLiteral(MASKSCOPE_SOURCE_DIR);
const QString kGerman = QStringLiteral(MASKSCOPE_SOURCE_DIR "/translations/maskscope_de.ts");

struct Message {
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    QString translationType;       // "", "unfinished", "vanished", "obsolete"
    QStringList translations;      // one, or one per plural form
};

// Every message of a .ts file; a message is complete at its closing tag.
QList<Message> readTs(const QString& path, QString* error) {
    QList<Message> messages;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return messages;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            messages << message;
            continue;
        }
        if (!xml.isStartElement()) continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) context = xml.readElementText();
        else if (name == QLatin1String("message"))
            message = Message{context, {}, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"), {}, {}};
        else if (name == QLatin1String("source")) message.source = xml.readElementText();
        else if (name == QLatin1String("comment")) message.comment = xml.readElementText();
        else if (name == QLatin1String("translation")) {
            message.translationType = xml.attributes().value(QLatin1String("type")).toString();
            if (!message.numerus) message.translations << xml.readElementText();
        } else if (name == QLatin1String("numerusform")) message.translations << xml.readElementText();
    }
    if (xml.hasError()) *error = xml.errorString();
    return messages;
}

QSet<QString> keys(const QList<Message>& messages) {
    QSet<QString> out;
    for (const Message& m : messages) out.insert(m.context + QLatin1Char('\x1f') + m.source + QLatin1Char('\x1f') + m.comment);
    return out;
}

}  // namespace

class TestUiTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void germanIsComplete();
    void germanMatchesTheSources();
    void englishHasEveryPluralForm();
    void compiledCatalogueTranslates();
};

void TestUiTranslations::germanIsComplete() {
    QString error;
    const QList<Message> messages = readTs(kGerman, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() > 100);
    QStringList missing;
    for (const Message& m : messages) {
        bool complete = m.translationType.isEmpty() && !m.translations.isEmpty();
        for (const QString& t : m.translations) complete = complete && !t.isEmpty();
        if (m.numerus) complete = complete && m.translations.size() == 2;  // German: singular, plural
        if (!complete) missing << m.context + QStringLiteral(": ") + m.source;
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
}

void TestUiTranslations::germanMatchesTheSources() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString scratch = dir.filePath(QStringLiteral("scratch_de.ts"));
    QProcess lupdate;
    lupdate.setWorkingDirectory(kSourceDir);
    lupdate.start(QStringLiteral(MASKSCOPE_LUPDATE),
                  {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("-I"), kSourceDir,
                   QStringLiteral("-extensions"), QStringLiteral("cpp"), QStringLiteral("ui"),
                   QStringLiteral("app/desktop_main.cpp"), QStringLiteral("app/desktop_options.cpp"),
                   QStringLiteral("app/desktop_screenshot.cpp"), QStringLiteral("app/desktop_translations.cpp"),
                   QStringLiteral("-ts"), scratch});
    QVERIFY(lupdate.waitForFinished(120000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAllStandardError().constData());
    QString error;
    const QSet<QString> fromSources = keys(readTs(scratch, &error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QSet<QString> inFile = keys(readTs(kGerman, &error));
    QStringList notTranslated;
    for (const QString& key : fromSources - inFile) notTranslated << QString(key).replace(QLatin1Char('\x1f'), QStringLiteral(" | "));
    QStringList stale;
    for (const QString& key : inFile - fromSources) stale << QString(key).replace(QLatin1Char('\x1f'), QStringLiteral(" | "));
    QVERIFY2(notTranslated.isEmpty(), qPrintable(QStringLiteral("run `cmake --build BUILD --target update_translations` "
                                                                "and translate:\n") + notTranslated.join(QLatin1Char('\n'))));
    QVERIFY2(stale.isEmpty(), qPrintable(QStringLiteral("no longer in the sources:\n") + stale.join(QLatin1Char('\n'))));
}

void TestUiTranslations::englishHasEveryPluralForm() {
    QString error;
    const QList<Message> messages = readTs(QStringLiteral(MASKSCOPE_SOURCE_DIR "/translations/maskscope_en.ts"), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    int plurals = 0;
    for (const Message& m : messages) {
        if (!m.numerus) continue;
        ++plurals;
        QVERIFY2(m.translationType.isEmpty() && m.translations.size() == 2 && !m.translations[0].isEmpty() &&
                     !m.translations[1].isEmpty(),
                 qPrintable(m.source));
    }
    QVERIFY(plurals > 0);
}

void TestUiTranslations::compiledCatalogueTranslates() {
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(MASKSCOPE_QM_DIR "/maskscope_de.qm")));
    QCOMPARE(translator.translate("maskscope::ui::MainWindow", "&File"), QStringLiteral("&Datei"));
    const QString one = translator.translate("maskscope::ui::CorpusPanel", "%n record(s)", nullptr, 1);
    const QString many = translator.translate("maskscope::ui::CorpusPanel", "%n record(s)", nullptr, 5);
    QVERIFY2(!one.isEmpty() && one != many, qPrintable(one + QStringLiteral(" / ") + many));
}

QTEST_MAIN(TestUiTranslations)
#include "test_ui_translations.moc"
