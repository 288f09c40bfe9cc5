// Every item model of the desktop app under QAbstractItemModelTester, plus what each must show:
// the corpus table against the core Inspector, filtering and sorting, bad lines, block rows.
#include "ui_test_support.h"

#include "ui/bad_line_model.h"
#include "ui/block_collapse.h"
#include "ui/block_table_model.h"
#include "ui/corpus_filter_model.h"
#include "ui/corpus_table_model.h"
#include "ui/document_loader.h"
#include "ui/inspection_context.h"

#include <QtCore/QTemporaryDir>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QtTest>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

constexpr auto kFailQtTest = QAbstractItemModelTester::FailureReportingMode::QtTest;

// Five lines, two of them bad (line 3: no output, line 5: not JSON).
const char kCorpusWithBadLines[] =
    "{\"id\": \"c1\", \"instruction\": \"Sum.\", \"output\": \"def f(xs):\\n    return sum(xs)\\n\"}\n"
    "{\"id\": \"m1\", \"instruction\": \"6 times 7?\", \"output\": \"6 * 7 = 42.\\n#### 42\"}\n"
    "{\"id\": \"bad\", \"instruction\": \"missing output\"}\n"
    "{\"id\": \"c2\", \"instruction\": \"Clamp x.\", \"output\": \"if x < 0:\\n    return 0\\nreturn x\\n\"}\n"
    "this line is not json\n";

}  // namespace

class TestUiModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void corpusTableWithoutTokenizer();
    void corpusTableMatchesTheInspector();
    void filterModelFiltersAndSorts();
    void badLineModelListsRejectedLines();
    void blockTableMatchesTheInspection();
    void collapseFlag_data();
    void collapseFlag();

private:
    QTemporaryDir m_dir;
    QString m_badCorpus;
};

void TestUiModels::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_badCorpus = m_dir.filePath(QStringLiteral("bad.jsonl"));
    QFile file(m_badCorpus);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kCorpusWithBadLines);
}

void TestUiModels::corpusTableWithoutTokenizer() {
    InspectionContext context;
    CorpusTableModel model(context);
    QAbstractItemModelTester tester(&model, kFailQtTest);
    QCOMPARE(model.rowCount(), 0);
    context.setCorpus(test::openCorpus(m_badCorpus));
    QCOMPARE(model.rowCount(), 5);
    // Small corpora are swept completely.
    QTRY_COMPARE_WITH_TIMEOUT(model.knownRows(), quint64(5), 10000);
    QCOMPARE(model.index(0, CorpusTableModel::Id).data().toString(), QStringLiteral("c1"));
    QCOMPARE(model.stats(0)->responseTokens, -1);  // no tokenizer: counts unknown
    QVERIFY(model.index(2, 0).data(CorpusTableModel::BadRole).toBool());
    QVERIFY(model.index(2, CorpusTableModel::Id).data(Qt::ToolTipRole).toString().contains(QStringLiteral("output")));
    QVERIFY(model.index(2, CorpusTableModel::Id).data(Qt::ToolTipRole).toString().contains(QStringLiteral("Line 3")));
    QVERIFY(!model.index(3, 0).data(CorpusTableModel::BadRole).toBool());
    QVERIFY(model.index(4, 0).data(CorpusTableModel::BadRole).toBool());
}

void TestUiModels::corpusTableMatchesTheInspector() {
    InspectionContext context;
    CorpusTableModel model(context);
    QAbstractItemModelTester tester(&model, kFailQtTest);
    auto tokenizer = test::loadDemoTokenizer();
    auto corpus = test::openCorpus(test::demoCorpusPath());
    context.setTokenizer(tokenizer);
    context.setCorpus(corpus);
    QCOMPARE(model.rowCount(), int(corpus->entryCount()));
    QTRY_COMPARE_WITH_TIMEOUT(model.knownRows(), quint64(corpus->entryCount()), 30000);

    const Inspector inspector(*tokenizer, context.settings(), DensityContext{});
    for (const quint64 row : {quint64(0), quint64(1), quint64(7), quint64(corpus->entryCount() - 1)}) {
        const RecordInspection expected = inspector.analyse(corpus->record(row));
        const RowStats* stats = model.stats(row);
        QVERIFY(stats);
        QCOMPARE(stats->id, expected.tokens.record.id);
        QCOMPARE(stats->promptTokens, qint32(expected.tokens.promptTokens));
        QCOMPARE(stats->responseTokens, qint32(expected.tokens.size() - expected.tokens.promptTokens));
        QCOMPARE(stats->hubTokens, qint32(expected.hubs.count()));
        QCOMPARE(model.index(int(row), CorpusTableModel::Hubs).data().toString(),
                 QString::number(expected.hubs.count()));
    }

    // New hub settings recompute the statistics (stale results are dropped).
    InspectionSettings settings = context.settings();
    settings.hubs.value = 0.95;
    QVERIFY(context.setSettings(settings).isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(model.knownRows(), quint64(corpus->entryCount()), 30000);
    const Inspector strict(*tokenizer, settings, DensityContext{});
    QCOMPARE(model.stats(0)->hubTokens, qint32(strict.analyse(corpus->record(0)).hubs.count()));

    // The processed column follows rho at once.
    settings.policy.processed = 0.0;
    QVERIFY(context.setSettings(settings).isEmpty());
    QCOMPARE(model.index(0, CorpusTableModel::Processed).data(CorpusTableModel::SortRole).toInt(), 0);
}

void TestUiModels::filterModelFiltersAndSorts() {
    InspectionContext context;
    CorpusTableModel model(context);
    CorpusFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter, kFailQtTest);
    context.setTokenizer(test::loadDemoTokenizer());
    context.setCorpus(test::openCorpus(test::demoCorpusPath()));
    QTRY_COMPARE_WITH_TIMEOUT(model.knownRows(), quint64(model.rowCount()), 30000);

    filter.setIdFilter(QStringLiteral("MATH"));
    QVERIFY(filter.rowCount() > 0);
    QVERIFY(filter.rowCount() < model.rowCount());
    for (int row = 0; row < filter.rowCount(); ++row)
        QVERIFY(filter.index(row, CorpusTableModel::Id).data().toString().contains(QStringLiteral("math")));

    filter.setIdFilter({});
    filter.setStatusFilter(CorpusFilterModel::StatusFilter::WithHubs);
    for (int row = 0; row < filter.rowCount(); ++row)
        QVERIFY(filter.index(row, CorpusTableModel::Hubs).data().toInt() > 0);

    filter.setStatusFilter(CorpusFilterModel::StatusFilter::All);
    QCOMPARE(filter.rowCount(), model.rowCount());
    filter.sort(CorpusTableModel::Hubs, Qt::DescendingOrder);
    int previous = std::numeric_limits<int>::max();
    for (int row = 0; row < filter.rowCount(); ++row) {
        const int hubs = filter.index(row, CorpusTableModel::Hubs).data(CorpusTableModel::SortRole).toInt();
        QVERIFY(hubs <= previous);
        previous = hubs;
    }
}

void TestUiModels::badLineModelListsRejectedLines() {
    InspectionContext context;
    DocumentLoader loader(context);
    BadLineModel model(context);
    QAbstractItemModelTester tester(&model, kFailQtTest);
    loader.openCorpus(m_badCorpus);
    QTRY_VERIFY_WITH_TIMEOUT(context.corpusScanned(), 10000);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, BadLineModel::Line).data().toString(), QStringLiteral("3"));
    QVERIFY(model.index(0, BadLineModel::Reason).data().toString().contains(QStringLiteral("output")));
    QCOMPARE(model.index(1, BadLineModel::Line).data().toString(), QStringLiteral("5"));
    QCOMPARE(model.index(0, 0).data(BadLineModel::EntryRole).toULongLong(), 2ull);
    QCOMPARE(model.index(1, 0).data(BadLineModel::EntryRole).toULongLong(), 4ull);
    QCOMPARE(context.goodEntries(), 3ull);
    context.setCorpus({});
    QCOMPARE(model.rowCount(), 0);
}

void TestUiModels::blockTableMatchesTheInspection() {
    InspectionContext context;
    BlockTableModel model(context);
    QAbstractItemModelTester tester(&model, kFailQtTest);
    context.setTokenizer(test::loadDemoTokenizer());
    context.setCorpus(test::openCorpus(test::demoCorpusPath()), 4);
    QVERIFY(test::waitForInspection(context));
    const InspectionHandle inspection = context.inspection();
    QCOMPARE(model.rowCount(), int(inspection->logicalBlocks.size()));
    QVERIFY(model.rowCount() > 1);
    for (int row = 0; row < model.rowCount(); ++row) {
        const BlockStats& logical = inspection->logicalBlocks[std::size_t(row)];
        const QVariant share = model.index(row, BlockTableModel::LogicalShare).data(BlockTableModel::ValueRole);
        if (logical.maskable) QCOMPARE(share.toDouble(), logical.maskedShare);
        else QVERIFY(!share.isValid());
        QCOMPARE(model.index(row, BlockTableModel::LogicalRun).data().toString(), QString::number(logical.longestRun));
        const QPoint range = model.index(row, 0).data(BlockTableModel::RangeRole).toPoint();
        QCOMPARE(std::size_t(range.x()), logical.begin);
        QCOMPARE(std::size_t(range.y()), logical.end);
    }

    // Hard masking with t = 1 masks every token of the logical sample: blocks with hubs collapse.
    InspectionSettings settings = context.settings();
    settings.policy.mode = MaskMode::Hard;
    settings.policy.tMin = settings.policy.tMax = 1.0;
    QVERIFY(context.setSettings(settings).isEmpty());
    QVERIFY(test::waitForInspection(context));
    QVERIFY(model.collapsedBlocks(true) > 0);
    QCOMPARE(model.collapsedBlocks(false), 0);

    // Block statistics off: no rows.
    settings.blockSize = 0;
    QVERIFY(context.setSettings(settings).isEmpty());
    QVERIFY(test::waitForInspection(context));
    QCOMPARE(model.rowCount(), 0);
}

void TestUiModels::collapseFlag_data() {
    QTest::addColumn<std::size_t>("maskable");
    QTest::addColumn<std::size_t>("masked");
    QTest::addColumn<double>("coverage");  // < 0: no hubs
    QTest::addColumn<bool>("collapse");
    QTest::newRow("all masked, all hubs masked") << std::size_t(32) << std::size_t(32) << 1.0 << true;
    QTest::newRow("90% masked, all hubs masked") << std::size_t(30) << std::size_t(27) << 1.0 << true;
    QTest::newRow("89% masked") << std::size_t(100) << std::size_t(89) << 1.0 << false;
    QTest::newRow("one hub kept") << std::size_t(32) << std::size_t(31) << 0.75 << false;
    QTest::newRow("no hubs") << std::size_t(32) << std::size_t(32) << -1.0 << false;
    QTest::newRow("nothing maskable") << std::size_t(0) << std::size_t(0) << 1.0 << false;
}

void TestUiModels::collapseFlag() {
    QFETCH(std::size_t, maskable);
    QFETCH(std::size_t, masked);
    QFETCH(double, coverage);
    QFETCH(bool, collapse);
    BlockStats block;
    block.maskable = maskable;
    block.masked = masked;
    block.maskedShare = maskable ? double(masked) / double(maskable) : 0.0;
    if (coverage >= 0) block.hubCoverage = coverage;
    QCOMPARE(isContextualCollapse(block), collapse);
}

QTEST_MAIN(TestUiModels)
#include "test_ui_models.moc"
