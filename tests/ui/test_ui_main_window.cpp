// The shell: all panels docked by default and restorable, new panels through addPanel(), files
// dropped on the window open, the panels follow one current record, sessions reopen where the
// user left off, errors are reported without dialogs in non-interactive mode, the About text.
#include "ui_test_support.h"

#include "ui/about_info.h"
#include "ui/block_panel.h"
#include "ui/block_table_model.h"
#include "ui/corpus_filter_model.h"
#include "ui/corpus_panel.h"
#include "ui/document_loader.h"
#include "ui/main_window.h"
#include "ui/record_panel.h"
#include "ui/record_view.h"

#include <QtCore/QMimeData>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtCore/QUrl>
#include <QtGui/QDropEvent>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>
#include <QtWidgets/QDockWidget>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QTableView>

using namespace maskscope;
using namespace maskscope::ui;

class TestUiMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void panelsAreDockedAndRestorable();
    void droppedFilesOpen();
    void panelsFollowOneCurrentRecord();
    void sessionReopensWhereTheUserLeftOff();
    void errorsAreReportedWithoutDialogs();
    void aboutTextNamesTheVersions();

private:
    QTemporaryDir m_dir;
};

void TestUiMainWindow::initTestCase() {
    QVERIFY(m_dir.isValid());
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("MaskScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("test_ui_main_window"));
    QFile::remove(MainWindow::lastSessionPath());
}

void TestUiMainWindow::panelsAreDockedAndRestorable() {
    InspectionContext context;
    DocumentLoader loader(context);
    MainWindow window(context, loader, {});
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.size(), QSize(MainWindow::kDefaultWidth, MainWindow::kDefaultHeight));
    const QList<QDockWidget*> docks = window.findChildren<QDockWidget*>();
    QCOMPARE(docks.size(), 6);  // corpus, masking controls, annotations, checkpoint, blocks, statistics
    for (QDockWidget* dock : docks) {
        QVERIFY(dock->isVisible());
        // Annotations and statistics are tabs behind masking controls and blocks: bring each forward.
        dock->raise();
        QTRY_VERIFY2(dock->width() >= 250 && dock->height() >= 200, qPrintable(dock->objectName()));
    }

    // A later panel docks through addPanel and appears in the View menu.
    auto* extra = new QLabel(QStringLiteral("statistics"));
    QDockWidget* dock = window.addPanel(extra, QStringLiteral("Statistics"), Qt::RightDockWidgetArea,
                                        QStringLiteral("statisticsDock"));
    QVERIFY(dock->isVisible());
    bool listed = false;
    for (QAction* menu : window.menuBar()->actions()) {
        for (QAction* action : menu->menu()->actions()) listed = listed || action == dock->toggleViewAction();
    }
    QVERIFY(listed);

    // Closed and floating panels come back with Restore Default Layout.
    docks.first()->close();
    dock->setFloating(true);
    window.restoreDefaultLayout();
    QVERIFY(docks.first()->isVisible());
    QVERIFY(!dock->isFloating());
}

void TestUiMainWindow::droppedFilesOpen() {
    InspectionContext context;
    DocumentLoader loader(context);
    MainWindow window(context, loader, {});
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(test::demoCorpusPath()), QUrl::fromLocalFile(test::demoTokenizerPath())});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&window, &drop);
    QTRY_VERIFY_WITH_TIMEOUT(window.isSettled() && context.tokenizer() && context.corpus(), 20000);
    QCOMPARE(context.corpusPath(), test::demoCorpusPath());
    QVERIFY(window.windowTitle().contains(QStringLiteral("demo.jsonl")));
}

void TestUiMainWindow::panelsFollowOneCurrentRecord() {
    InspectionContext context;
    DocumentLoader loader(context);
    MainWindow window(context, loader, {});
    window.show();
    loader.openFiles({test::demoCorpusPath(), test::demoTokenizerPath()});
    QTRY_VERIFY_WITH_TIMEOUT(window.isSettled() && context.inspection(), 20000);

    // The context drives the corpus table and the record view ...
    context.setCurrentRecord(12);
    QTRY_VERIFY_WITH_TIMEOUT(window.isSettled(), 20000);
    QTableView* table = window.corpusPanel()->tableView();
    QCOMPARE(window.corpusPanel()->filterModel()->mapToSource(table->currentIndex()).row(), 12);
    QCOMPARE(window.recordPanel()->view()->inspection()->tokens.record.id, context.corpus()->record(12).id);

    // ... the table drives the context ...
    table->setCurrentIndex(window.corpusPanel()->filterModel()->index(20, 0));
    QCOMPARE(context.currentRecord(), qint64(20));

    // ... and choosing a block selects its tokens in the record view.
    QTRY_VERIFY_WITH_TIMEOUT(window.isSettled(), 20000);
    auto* blocks = window.blockPanel()->findChild<QTableView*>(QStringLiteral("blockTable"));
    QVERIFY(blocks && blocks->model()->rowCount() > 1);
    blocks->setCurrentIndex(blocks->model()->index(1, 0));
    const TokenRange selected = window.recordPanel()->view()->selection();
    QCOMPARE(selected.begin, context.settings().blockSize);
    QCOMPARE(selected.end, std::min(2 * context.settings().blockSize, context.inspection()->tokens.size()));

    // Go to a record by id (searched in the background) or by number.
    window.corpusPanel()->goToRecord(QStringLiteral("math-0003"));
    QTRY_COMPARE_WITH_TIMEOUT(context.currentRecord(), qint64(3), 10000);
    window.corpusPanel()->goToRecord(QStringLiteral("100"));
    QCOMPARE(context.currentRecord(), qint64(99));
}

void TestUiMainWindow::sessionReopensWhereTheUserLeftOff() {
    {
        InspectionContext context;
        DocumentLoader loader(context);
        MainWindow window(context, loader, {});
        window.show();
        loader.openFiles({test::demoCorpusPath(), test::demoTokenizerPath()});
        QTRY_VERIFY_WITH_TIMEOUT(window.isSettled() && context.inspection(), 20000);
        context.setCurrentRecord(33);
        context.setStep(4);
        window.recordPanel()->setDisplay(SampleDisplay::SideBySide);
        window.close();  // saves the last session and the layout
    }
    QVERIFY(QFile::exists(MainWindow::lastSessionPath()));
    QVERIFY(QSettings().contains(QStringLiteral("window/state")));
    QVERIFY(QSettings().value(QStringLiteral("recentFiles")).toStringList().size() >= 2);

    InspectionContext context;
    DocumentLoader loader(context);
    MainWindow window(context, loader, {});
    window.restoreLayout();
    QVERIFY(window.openLastSession());
    QTRY_VERIFY_WITH_TIMEOUT(window.isSettled() && context.inspection(), 20000);
    QCOMPARE(context.currentRecord(), qint64(33));
    QCOMPARE(context.step(), 4u);
    QCOMPARE(int(window.recordPanel()->display()), int(SampleDisplay::SideBySide));
    QCOMPARE(window.currentSession().corpus, test::demoCorpusPath());
}

void TestUiMainWindow::errorsAreReportedWithoutDialogs() {
    InspectionContext context;
    DocumentLoader loader(context);
    MainWindow window(context, loader, {});
    window.setInteractive(false);
    window.setPersistent(false);
    QSignalSpy errors(&window, &MainWindow::errorReported);
    loader.openFiles({m_dir.filePath(QStringLiteral("absent.jsonl")), QStringLiteral(MASKSCOPE_SOURCE_DIR "/README.md.model")});
    QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 2, 10000);
    QCOMPARE(window.errorCount(), 2);
    QVERIFY(errors.first().first().toString().contains(QStringLiteral("absent.jsonl")));
    QVERIFY(window.findChildren<QMessageBox*>().isEmpty());
}

void TestUiMainWindow::aboutTextNamesTheVersions() {
    const QString text = aboutText({QStringLiteral("0.1.0"), QStringLiteral("1.13.0"), QStringLiteral("0.1.97")});
    QVERIFY(text.contains(QStringLiteral("0.1.0")));
    QVERIFY(text.contains(QString::fromLatin1(qVersion())));
    QVERIFY(text.contains(QStringLiteral("1.13.0")));
    QVERIFY(text.contains(QStringLiteral("0.1.97")));
    QVERIFY(aboutText({QStringLiteral("0.1.0"), {}, QStringLiteral("0.1.97")}).contains(QStringLiteral("MASKSCOPE_TORCH")));
}

QTEST_MAIN(TestUiMainWindow)
#include "test_ui_main_window.moc"
