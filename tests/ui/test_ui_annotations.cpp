// Annotation of hubs: the span model passes QAbstractItemModelTester, every edit (add, remove,
// accept, reject, accept all, a character-level span) is undoable so that undoing everything gives
// the original AnnotationSet back byte for byte and redoing gives the edited one, the agreement the
// dock shows equals core/agreement on the same inputs, and autosave survives a SIGKILL: a child
// process (this test binary in child mode) edits, is killed after the autosave interval, and a
// fresh window opening the same corpus sees the edit.
#include "ui_test_support.h"

#include "ui/agreement_service.h"
#include "ui/annotation_editor.h"
#include "ui/annotation_panel.h"
#include "ui/annotation_span_model.h"
#include "ui/document_loader.h"
#include "ui/main_window.h"

#include "core/agreement.h"
#include "core/density_source.h"
#include "core/inspection.h"

#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtGui/QUndoStack>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>
#include <QtWidgets/QApplication>

#include <cstdio>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

const char* const kChildVariable = "MASKSCOPE_TEST_ANNOTATION_CHILD";

// A copy of the demo corpus in `dir`, so that its sidecar is written there.
QString copyDemoCorpus(const QTemporaryDir& dir) {
    const QString path = dir.filePath(QStringLiteral("demo.jsonl"));
    QFile::remove(path);
    QFile::copy(test::demoCorpusPath(), path);
    return path;
}

bool waitForEditor(const AnnotationEditor& editor, int timeoutMs = 20000) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (editor.canEdit()) return true;
        QTest::qWait(5);
    }
    return false;
}

// Waits until the loader has handed the corpus and the tokenizer to the context, then for the
// inspection of the current record.
bool waitForDocuments(const InspectionContext& context, int timeoutMs = 30000) {
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs && !(context.corpus() && context.tokenizer())) QTest::qWait(5);
    return context.corpus() && context.tokenizer() && test::waitForInspection(context);
}

// The child: opens the corpus in a main window, toggles a hub on a selection through the menu
// action, says so on stdout and waits to be killed.
int runChild(const QString& corpus) {
    InspectionContext context;
    DocumentLoader loader(context);
    MainWindow window(context, loader, {});
    window.setInteractive(false);
    window.setPersistent(false);
    window.show();
    loader.openFiles({corpus, test::demoTokenizerPath()});
    if (!waitForDocuments(context) || !waitForEditor(*window.annotationEditor())) return 2;
    const std::size_t first = context.inspection()->tokens.promptTokens;
    context.setSelectedTokens({first + 1, first + 4});
    window.annotationPanel()->editActions().first()->trigger();  // Toggle Hub (H)
    if (!window.annotationEditor()->isDirty()) return 3;
    const QByteArray serialized = QByteArray::fromStdString(window.annotationEditor()->annotations()->serialize());
    std::printf("EDITED %s\n", serialized.toHex().constData());
    std::fflush(stdout);
    return QApplication::exec();  // until killed
}

}  // namespace

class TestUiAnnotations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void spanModelPassesTheTester();
    void undoAndRedoRestoreTheSetExactly();
    void agreementEqualsCore();
    void autosaveSurvivesAKill();

private:
    QTemporaryDir m_dir;
};

void TestUiAnnotations::initTestCase() {
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("MaskScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_annotations"));
}

void TestUiAnnotations::spanModelPassesTheTester() {
    QTemporaryDir dir;
    InspectionContext context;
    AnnotationEditor editor(context);
    AnnotationSpanModel model(editor);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    context.setCorpus(test::openCorpus(copyDemoCorpus(dir)));
    context.setTokenizer(test::loadDemoTokenizer());
    QVERIFY(test::waitForInspection(context));
    QVERIFY(waitForEditor(editor));
    const std::size_t pending = editor.suggestions().size();
    QVERIFY2(pending > 0, "the demo's first record has rules:code hubs to suggest");
    QCOMPARE(model.rowCount(), int(pending));
    QVERIFY(editor.acceptSuggestion());
    QVERIFY(editor.rejectSuggestion() || pending == 1);
    QVERIFY(model.rowCount() >= 1);
    QCOMPARE(model.rows().front().kind, AnnotationSpanModel::Kind::Hub);
    editor.undoStack()->undo();
    editor.undoStack()->undo();
    QCOMPARE(model.rowCount(), int(pending));
}

void TestUiAnnotations::undoAndRedoRestoreTheSetExactly() {
    QTemporaryDir dir;
    InspectionContext context;
    AnnotationEditor editor(context);
    context.setCorpus(test::openCorpus(copyDemoCorpus(dir)));
    context.setTokenizer(test::loadDemoTokenizer());
    QVERIFY(test::waitForInspection(context));
    QVERIFY(waitForEditor(editor));
    const std::string original = editor.annotations()->serialize();
    const std::size_t first = context.inspection()->tokens.promptTokens;
    const std::string response = context.inspection()->tokens.record.response;
    const std::string id = context.inspection()->tokens.record.id;

    // Add a hub on tokens, remove part of it again, accept, reject, accept all.
    context.setSelectedTokens({first, first + 5});
    QVERIFY(editor.toggleHub());
    const ByteRange added = *editor.selectionBytes();
    QCOMPARE(editor.recordSpans().size(), std::size_t(1));
    QCOMPARE(editor.recordSpans().front().start, added.begin);
    QCOMPARE(editor.recordSpans().front().source, std::string("human"));
    context.setSelectedTokens({first + 1, first + 2});
    QVERIFY(editor.toggleHub());  // all hub: removes, splitting the span
    QCOMPARE(editor.recordSpans().size(), std::size_t(2));
    const std::size_t before = editor.suggestions().size();
    QVERIFY(before >= 2);
    QVERIFY(editor.acceptSuggestion());
    QCOMPARE(editor.suggestions().size(), before - 1);
    QVERIFY(editor.rejectSuggestion());
    QCOMPARE(editor.rejectedSuggestions().size(), std::size_t(1));
    QVERIFY(editor.acceptAllSuggestions());
    QVERIFY(editor.suggestions().empty());

    // A character-level span: exact byte offsets inside a token.
    std::uint32_t start = 0;
    while (start + 3 < response.size() && (response[start] == ' ' || response[start] == '\n')) ++start;
    const ByteRange bytes{start + 1, start + 3};
    context.setSelectedTokens({first, first + 1});
    context.setSelectedBytes(bytes);
    QCOMPARE(*editor.selectionBytes(), bytes);
    editor.undoStack()->undo();  // undo accept-all so the characters are not already hub
    QVERIFY(editor.removeHub({0, std::uint32_t(response.size())}));
    context.setSelectedBytes(bytes);
    QVERIFY(editor.toggleHub());
    const std::vector<AnnotationSpan> spans = editor.recordSpans();
    QCOMPARE(spans.size(), std::size_t(1));
    QCOMPARE(spans.front().start, bytes.begin);
    QCOMPARE(spans.front().end, bytes.end);

    const std::string edited = editor.annotations()->serialize();
    QVERIFY(editor.isDirty());
    QVERIFY(editor.undoStack()->count() >= 6);
    while (editor.undoStack()->canUndo()) editor.undoStack()->undo();
    QCOMPARE(editor.annotations()->serialize(), original);
    QVERIFY(editor.annotations()->find(id) == nullptr);
    QVERIFY(editor.rejectedSuggestions().empty());
    // The context shares the working set (the annotations density source sees every edit).
    QCOMPARE(context.annotations(), editor.annotations());
    while (editor.undoStack()->canRedo()) editor.undoStack()->redo();
    QCOMPARE(editor.annotations()->serialize(), edited);

    // On disk after saving: the same bytes, in the corpus's sidecar.
    QCOMPARE(editor.saveNow(), QString());
    QVERIFY(!editor.isDirty());
    QCOMPARE(editor.filePath(), dir.filePath(QStringLiteral("demo.jsonl.annotations.jsonl")));
    QCOMPARE(AnnotationSet::load(editor.filePath().toStdString()).serialize(), edited);
}

void TestUiAnnotations::agreementEqualsCore() {
    QTemporaryDir dir;
    InspectionContext context;
    AnnotationEditor editor(context);
    AnnotationPanel panel(context, editor);
    context.setCorpus(test::openCorpus(copyDemoCorpus(dir)));
    context.setTokenizer(test::loadDemoTokenizer());
    QVERIFY(test::waitForInspection(context));
    QVERIFY(waitForEditor(editor));
    // Accept one suggestion and add a hub of our own, then compare with core/agreement.
    QVERIFY(editor.acceptSuggestion());
    const std::size_t first = context.inspection()->tokens.promptTokens;
    context.setSelectedTokens({first, first + 2});
    editor.toggleHub();
    QVERIFY(test::waitForInspection(context));
    const RecordInspection& inspection = *context.inspection();
    const std::optional<Hubs> reference = annotationHubs(*editor.annotations(), inspection.tokens);
    QVERIFY(reference.has_value());
    const RecordAgreement expected = compareHubs(*reference, inspection.hubs, inspection.maskable);
    QCOMPARE(panel.recordAgreementText(), AnnotationPanel::formatScores(expected.scores));
    QVERIFY(expected.scores.kappa.has_value());

    // The corpus figure: pooled over the annotated records by AgreementAccumulator.
    context.setCurrentRecord(1);
    QVERIFY(test::waitForInspection(context));
    QVERIFY(waitForEditor(editor));
    QVERIFY(editor.acceptAllSuggestions());
    QSignalSpy finished(panel.agreementService(), &AgreementService::finished);
    panel.computeCorpusAgreement();
    QVERIFY(finished.wait(30000));
    DensityContext densityContext;
    densityContext.annotations = editor.annotations().get();
    const Inspector inspector(*context.tokenizer(), context.settings(), densityContext);
    AgreementAccumulator accumulator;
    for (std::uint64_t entry = 0; entry < context.corpus()->entryCount(); ++entry) {
        const Corpus::Entry parsed = context.corpus()->read(entry);
        if (!parsed.record || !editor.annotations()->find(parsed.record->id)) continue;
        const RecordInspection analysed = inspector.analyse(*parsed.record);
        accumulator.add(parsed.record->id,
                        compareHubs(*annotationHubs(*editor.annotations(), analysed.tokens), analysed.hubs, analysed.maskable));
    }
    const AgreementSummary summary = accumulator.summary();
    QCOMPARE(summary.records, std::size_t(2));
    QVERIFY2(panel.corpusAgreementText().startsWith(AnnotationPanel::formatScores(summary.pooled)),
             qPrintable(panel.corpusAgreementText()));
}

void TestUiAnnotations::autosaveSurvivesAKill() {
    QTemporaryDir dir;
    const QString corpus = copyDemoCorpus(dir);
    const QString sidecar = sidecarPath(corpus);
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QString::fromLatin1(kChildVariable), corpus);
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), dir.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), dir.filePath(QStringLiteral("data")));
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(child.waitForStarted(10000));
    QByteArray line;
    QElapsedTimer clock;
    clock.start();
    while (!line.contains('\n') && clock.elapsed() < 60000) {
        if (!child.waitForReadyRead(1000) && child.state() != QProcess::Running) break;
        line += child.readAllStandardOutput();
    }
    QVERIFY2(line.startsWith("EDITED "), qPrintable(QString::fromLocal8Bit(line + child.readAllStandardError())));
    // The set the child holds, as the file must contain it ("EDITED " + serialize() in hex).
    const QByteArray expected = QByteArray::fromHex(line.mid(7, line.indexOf('\n') - 7));
    // Wait out the autosave interval, then kill the child without any chance to save.
    clock.restart();
    while (!QFile::exists(sidecar) && clock.elapsed() < AnnotationEditor::kAutosaveDelayMs + 5000) QTest::qWait(50);
    QTest::qWait(300);
    child.kill();  // SIGKILL
    QVERIFY(child.waitForFinished(10000));
    QCOMPARE(child.exitStatus(), QProcess::CrashExit);

    QFile file(sidecar);
    QVERIFY2(file.open(QIODevice::ReadOnly), "autosave wrote the sidecar before the kill");
    QCOMPARE(file.readAll(), expected);
    const AnnotationSet saved = AnnotationSet::load(sidecar.toStdString());
    QCOMPARE(saved.size(), std::size_t(1));

    // A fresh window opening the same corpus picks the sidecar up and shows the edit.
    InspectionContext context;
    DocumentLoader loader(context);
    MainWindow window(context, loader, {});
    window.setInteractive(false);
    window.setPersistent(false);
    loader.openFiles({corpus, test::demoTokenizerPath()});
    QVERIFY(waitForDocuments(context));
    QTRY_VERIFY_WITH_TIMEOUT(context.annotations() && context.annotations()->size() == 1, 10000);
    QCOMPARE(context.annotations()->serialize(), saved.serialize());
    QVERIFY(waitForEditor(*window.annotationEditor()));
    QCOMPARE(window.annotationEditor()->recordSpans().size(), std::size_t(1));
    QVERIFY(!window.windowTitle().contains(QLatin1Char('*')));
}

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(kChildVariable)) return runChild(qEnvironmentVariable(kChildVariable));
    TestUiAnnotations test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_ui_annotations.moc"
