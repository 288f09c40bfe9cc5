// Issue 6 "Density from a checkpoint", the desktop part: the checkpoint reader, the density track
// service (current record at once, corpus in the background with progress and cancel, stale results
// dropped), the tracks in the record view, the checkpoint panel, agreement rows for model sources,
// the session's checkpoint, and the real app with a real (tiny) checkpoint.
//
// The ui-only cases register fake "model:" sources with the core registry (this suite links
// maskscope_ui only, as the desktop panels see the engine only through the registry). The last
// cases drive the built maskscope app with a checkpoint trained by the built maskscope-cli and
// compare its tracks with the CLI's own model density.
#include "ui/agreement_service.h"
#include "ui/checkpoint_info.h"
#include "ui/checkpoint_panel.h"
#include "ui/density_tracks.h"
#include "ui/document_loader.h"
#include "ui/file_kind.h"
#include "ui/inspection_context.h"
#include "ui/record_panel.h"
#include "ui/record_view.h"
#include "ui/session_file.h"

#include "core/annotations.h"
#include "core/content_hash.h"
#include "core/density_source.h"
#include "core/error.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtGui/QImage>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>
#include <QtGui/QPainter>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QSpinBox>

#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>

using namespace maskscope;
using namespace maskscope::ui;

namespace {

const QString kCorpus = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl");
const QString kTokenizer = QStringLiteral(MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model");

std::atomic<int> g_fakeCreated{0};
std::atomic<int> g_slowDelayMs{0};

// A stand-in for the engine's model sources: it needs a checkpoint param, refuses a tokenizer other
// than the demo's (as ModelDensityScorer does, by a clear message) and scores each response token
// by its id, scaled by k so that a change of k changes the values.
class FakeModelSource : public DensitySource {
public:
    explicit FakeModelSource(int k) : m_k(k) {}
    std::string name() const override { return "model:fake"; }
    std::vector<float> score(const TokenizedRecord& record) const override {
        if (const int delay = g_slowDelayMs.load(); delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        std::vector<float> out(record.size(), 0.0f);
        for (std::size_t i = record.promptTokens; i < record.size(); ++i)
            out[i] = static_cast<float>((record.tokens[i].id * m_k) % 97) / 96.0f;
        return out;
    }

private:
    int m_k;
};

void registerFakeSources() {
    DensityRegistry::instance().add("model:fake", "test stand-in for a model source", [](const DensityContext& context) {
        const auto checkpoint = context.params.find("checkpoint");
        if (checkpoint == context.params.end() || checkpoint->second.empty())
            throw UsageError("the model density sources need a checkpoint");
        if (!QFileInfo::exists(QString::fromStdString(checkpoint->second + "/config.json")))
            throw InputError(checkpoint->second, 0, "not a checkpoint (no config.json)");
        const auto tokenizer = context.params.find("tokenizer");
        if (tokenizer != context.params.end() && QFileInfo(QString::fromStdString(tokenizer->second)).fileName() != QLatin1String("demo.model"))
            throw InputError(checkpoint->second + "/tokenizer.model", 0,
                             "the checkpoint was trained with another tokenizer than " + tokenizer->second);
        ++g_fakeCreated;
        const auto k = context.params.find("k");
        return std::make_unique<FakeModelSource>(k == context.params.end() ? 4 : std::stoi(k->second));
    });
}

// A checkpoint directory as the engine writes it (only the JSON files matter to the ui).
QString writeFakeCheckpoint(const QString& runDir, int step) {
    const QString dir = QDir(runDir).filePath(QStringLiteral("checkpoints/step_%1").arg(step));
    QDir().mkpath(dir);
    QFile config(QDir(dir).filePath(QStringLiteral("config.json")));
    if (!config.open(QIODevice::WriteOnly)) return {};
    config.write(R"({"vocab_size": 1000, "hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4,
                    "intermediate_size": 128, "max_position_embeddings": 512, "mask_token_id": 999})");
    config.close();
    QFile state(QDir(dir).filePath(QStringLiteral("trainer_state.json")));
    if (!state.open(QIODevice::WriteOnly)) return {};
    state.write(QByteArray("{\"step\": ") + QByteArray::number(step) + "}");
    return dir;
}

bool waitFor(const std::function<bool()>& condition, int timeoutMs = 20000) {
    QElapsedTimer clock;
    clock.start();
    while (!condition()) {
        if (clock.elapsed() > timeoutMs) return false;
        QTest::qWait(10);
    }
    return true;
}

struct Documents {
    CorpusHandle corpus;
    TokenizerHandle tokenizer;
};

Documents demoDocuments() {
    Documents d;
    d.corpus = std::make_shared<const Corpus>(Corpus::open(kCorpus.toStdString()));
    d.tokenizer = std::make_shared<const Tokenizer>(Tokenizer::load(kTokenizer.toStdString()));
    return d;
}

std::vector<float> directScore(const Documents& d, qint64 record, int k, const QString& checkpoint) {
    DensityContext context;
    ModelDensitySettings settings;
    settings.checkpoint = checkpoint;
    settings.k = k;
    context.params = densityParams(QStringLiteral("model:fake"), settings, kTokenizer);
    const auto source = DensityRegistry::instance().create("model:fake", context);
    return source->score(d.tokenizer->tokenize(d.corpus->record(static_cast<std::uint64_t>(record))));
}

QString appPath() { return QFileInfo(QStringLiteral(MASKSCOPE_CLI)).dir().filePath(QStringLiteral("maskscope")); }

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void checkpointInfo();
    void checkpointInfoErrors();
    void densityParamsPerSource();
    void tracksEqualSourceScore();
    void recordViewShowsTracks();
    void settingsChangeDropsResults();
    void corpusJobProgress();
    void corpusJobCancel();
    void wrongTokenizerIsClearError();
    void checkpointPanel();
    void agreementRowsForModelSources();
    void sessionKeepsCheckpoint();
    void realCheckpointInApp();

private:
    QTemporaryDir m_dir;
    QString m_checkpoint;  // a fake step_N directory
    QString m_cliCheckpoint;  // trained by maskscope-cli in realCheckpointInApp
};

void TestCheckpoint::initTestCase() {
    QVERIFY(m_dir.isValid());
    registerFakeSources();
    m_checkpoint = writeFakeCheckpoint(m_dir.filePath(QStringLiteral("run")), 7);
    QVERIFY(!m_checkpoint.isEmpty());
}

void TestCheckpoint::checkpointInfo() {
    const QString run = m_dir.filePath(QStringLiteral("run"));
    writeFakeCheckpoint(run, 3);  // older: the newest (7) is chosen
    for (const QString& path : {run, QDir(run).filePath(QStringLiteral("checkpoints")), m_checkpoint}) {
        const CheckpointInfo info = readCheckpointInfo(path);
        QCOMPARE(QFileInfo(info.directory).canonicalFilePath(), QFileInfo(m_checkpoint).canonicalFilePath());
        QCOMPARE(info.step, 7);
        QCOMPARE(info.layers, 2);
        QCOMPARE(info.heads, 4);
        QCOMPARE(info.vocabSize, 1000);
        QCOMPARE(info.context, 512);
        QVERIFY(!info.hasTokenizer);
        QVERIFY(info.summary().contains(QStringLiteral("1000")));
        QCOMPARE(int(detectFileKind(path)), int(FileKind::Checkpoint));
    }
    QCOMPARE(int(detectFileKind(m_dir.path())), int(FileKind::Unknown));  // a folder without checkpoints
}

void TestCheckpoint::checkpointInfoErrors() {
    QVERIFY_THROWS_EXCEPTION(InputError, readCheckpointInfo(m_dir.filePath(QStringLiteral("missing"))));
    const QString broken = m_dir.filePath(QStringLiteral("broken/step_1"));
    QDir().mkpath(broken);
    QFile config(QDir(broken).filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("{\"vocab_size\": 10,");
    config.close();
    try {
        readCheckpointInfo(broken);
        QFAIL("a broken config.json was read");
    } catch (const InputError& e) {
        QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("config.json")), e.what());
    }
    // The loader reports it and changes nothing.
    InspectionContext context;
    DocumentLoader loader(context);
    QSignalSpy failed(&loader, &DocumentLoader::failed);
    QVERIFY(!loader.openCheckpoint(broken));
    QCOMPARE(failed.count(), 1);
    QVERIFY(context.densityTracks().settings().checkpoint.isEmpty());
}

void TestCheckpoint::densityParamsPerSource() {
    ModelDensitySettings settings;
    settings.checkpoint = QStringLiteral("/runs/a/checkpoints/step_2");
    settings.k = 3;
    settings.t = 0.25;
    settings.device = QStringLiteral("cuda");
    settings.blend = QStringLiteral("rules:code=0.5,model:surprisal=0.5");
    const auto model = densityParams(QStringLiteral("model:surprisal"), settings, kTokenizer);
    QCOMPARE(QString::fromStdString(model.at("checkpoint")), settings.checkpoint);
    QCOMPARE(model.at("k"), std::string("3"));
    QCOMPARE(std::stod(model.at("t")), 0.25);
    QCOMPARE(model.at("device"), std::string("cuda"));
    QCOMPARE(QString::fromStdString(model.at("tokenizer")), kTokenizer);
    QVERIFY(densityParams(QStringLiteral("rules:code"), settings, kTokenizer).empty());
    const auto blend = densityParams(QStringLiteral("blend"), settings, kTokenizer);
    QCOMPARE(QString::fromStdString(blend.at("sources")), settings.blend);
    QVERIFY(blend.count("checkpoint") == 1);
    settings.blend = QStringLiteral("rules:code=1,annotations=1");
    QVERIFY(densityParams(QStringLiteral("blend"), settings, kTokenizer).count("checkpoint") == 0);
    QVERIFY(!needsCheckpoint(QStringLiteral("blend"), settings));
    QVERIFY(needsCheckpoint(QStringLiteral("model:entropy"), settings));
}

void TestCheckpoint::tracksEqualSourceScore() {
    const Documents d = demoDocuments();
    InspectionContext context;
    DensityTrackService& tracks = context.densityTracks();
    ModelDensitySettings settings;
    settings.checkpoint = m_checkpoint;
    settings.sources = {QStringLiteral("model:fake")};
    settings.k = 5;
    tracks.setSettings(settings);
    QCOMPARE(tracks.state(), DensityTrackService::State::Idle);  // no documents yet
    context.setTokenizer(d.tokenizer);
    context.setCorpus(d.corpus, 3);
    QCOMPARE(tracks.trackNames(), QStringList{QStringLiteral("model:fake")});
    QVERIFY(waitFor([&]() { return tracks.tracks(3) != nullptr; }));
    QCOMPARE(tracks.state(), DensityTrackService::State::Ready);
    const DensityTracksHandle got = tracks.tracks(3);
    QCOMPARE(got->size(), std::size_t(1));
    QCOMPARE(got->front().name, QStringLiteral("model:fake"));
    const std::vector<float> expected = directScore(d, 3, 5, m_checkpoint);
    QCOMPARE(got->front().values, expected);
    QVERIFY(std::any_of(expected.begin(), expected.end(), [](float v) { return v > 0.0f; }));

    // The next record is computed at once; the first stays stored.
    const int created = g_fakeCreated.load();
    context.setCurrentRecord(4);
    QVERIFY(waitFor([&]() { return tracks.tracks(4) != nullptr; }));
    QCOMPARE(tracks.tracks(4)->front().values, directScore(d, 4, 5, m_checkpoint));
    QVERIFY(tracks.tracks(3) != nullptr);
    QCOMPARE(g_fakeCreated.load(), created + 1);  // directScore made one; the service reused its own
}

void TestCheckpoint::recordViewShowsTracks() {
    const Documents d = demoDocuments();
    InspectionContext context;
    RecordPanel panel(context);
    panel.resize(900, 600);
    panel.show();
    ModelDensitySettings settings;
    settings.checkpoint = m_checkpoint;
    settings.sources = {QStringLiteral("model:fake")};
    context.densityTracks().setSettings(settings);
    context.setTokenizer(d.tokenizer);
    context.setCorpus(d.corpus, 1);
    QVERIFY(waitFor([&]() { return panel.isSettled() && panel.view()->shownTrackCount() == 2; }));
    RecordView* view = panel.view();
    const DensityTracks& shown = view->densityTracks();
    QCOMPARE(shown[0].name, QStringLiteral("rules:code"));  // the inspection's own source leads
    QCOMPARE(shown[0].values, context.inspection()->density);
    QCOMPARE(shown[1].name, QStringLiteral("model:fake"));
    QCOMPARE(shown[1].values, directScore(d, 1, 4, m_checkpoint));
    QVERIFY(panel.trackLegendText().contains(QStringLiteral("model:fake")));
    QCOMPARE(view->rowHeight(), view->layout().lineHeight() + 2 * RecordView::kTrackHeight + 2.0);

    // The token under a track band is not hit; the text line's is; the tooltip lists the track.
    const std::size_t token = context.inspection()->tokens.promptTokens + 1;
    const QRectF rect = view->tokenRect(token);
    QCOMPARE(view->tokenAt(rect.center().toPoint()), (long long)token);
    QVERIFY(view->toolTipFor(token).contains(QStringLiteral("model:fake")));

    // The track bands are painted in the density colours under the text line.
    QImage image(view->viewport()->size(), QImage::Format_ARGB32);
    QPainter painter(&image);
    view->paint(painter, view->viewport()->rect());
    painter.end();
    const float value = shown[1].values[token];
    const QPoint band(int(rect.center().x()), int(rect.bottom() + 1 + RecordView::kTrackHeight + 1.5));
    if (value > 0.05f) QVERIFY(image.pixelColor(band) != view->palette().color(QPalette::Base));

    // View > Density Tracks off: no bands, the rows shrink back.
    panel.setTracksVisible(false);
    QCOMPARE(view->shownTrackCount(), std::size_t(0));
    QCOMPARE(view->rowHeight(), view->layout().lineHeight());
    QVERIFY(panel.trackLegendText().isEmpty());
}

void TestCheckpoint::settingsChangeDropsResults() {
    const Documents d = demoDocuments();
    InspectionContext context;
    DensityTrackService& tracks = context.densityTracks();
    ModelDensitySettings settings;
    settings.checkpoint = m_checkpoint;
    settings.sources = {QStringLiteral("model:fake")};
    tracks.setSettings(settings);
    context.setTokenizer(d.tokenizer);
    context.setCorpus(d.corpus, 2);
    QVERIFY(waitFor([&]() { return tracks.tracks(2) != nullptr; }));
    // k changes: the old values must not come back, the new ones arrive.
    settings.k = 9;
    tracks.setSettings(settings);
    QVERIFY(tracks.tracks(2) == nullptr);
    QVERIFY(waitFor([&]() { return tracks.tracks(2) != nullptr; }));
    QCOMPARE(tracks.tracks(2)->front().values, directScore(d, 2, 9, m_checkpoint));
    // No checkpoint: no model track at all.
    settings.checkpoint.clear();
    tracks.setSettings(settings);
    QVERIFY(tracks.trackNames().isEmpty());
    QCOMPARE(tracks.state(), DensityTrackService::State::Idle);
}

void TestCheckpoint::corpusJobProgress() {
    const Documents d = demoDocuments();
    InspectionContext context;
    DensityTrackService& tracks = context.densityTracks();
    ModelDensitySettings settings;
    settings.checkpoint = m_checkpoint;
    settings.sources = {QStringLiteral("model:fake")};
    tracks.setSettings(settings);
    context.setTokenizer(d.tokenizer);
    context.setCorpus(d.corpus, 0);
    QSignalSpy progress(&tracks, &DensityTrackService::corpusProgress);
    QSignalSpy finished(&tracks, &DensityTrackService::corpusFinished);
    g_slowDelayMs = 1;  // ~400 records: long enough for progress reports
    tracks.computeCorpus();
    QVERIFY(tracks.isCorpusRunning());
    QVERIFY(finished.wait(60000));
    g_slowDelayMs = 0;
    QCOMPARE(finished.first().at(0).toBool(), true);
    const qint64 total = static_cast<qint64>(d.corpus->entryCount());
    QVERIFY(progress.count() >= 2);
    QCOMPARE(progress.last().at(0).toULongLong(), quint64(total));
    QCOMPARE(progress.last().at(1).toULongLong(), quint64(total));
    QCOMPARE(finished.first().at(1).toLongLong(), total);
    QCOMPARE(tracks.storedRecords(), total);
    for (const qint64 record : {qint64(0), qint64(57), total - 1})
        QCOMPARE(tracks.tracks(record)->front().values, directScore(d, record, 4, m_checkpoint));
    QVERIFY(!tracks.isCorpusRunning());
}

void TestCheckpoint::corpusJobCancel() {
    const Documents d = demoDocuments();
    InspectionContext context;
    DensityTrackService& tracks = context.densityTracks();
    ModelDensitySettings settings;
    settings.checkpoint = m_checkpoint;
    settings.sources = {QStringLiteral("model:fake")};
    tracks.setSettings(settings);
    context.setTokenizer(d.tokenizer);
    context.setCorpus(d.corpus, 0);
    QSignalSpy finished(&tracks, &DensityTrackService::corpusFinished);
    g_slowDelayMs = 20;
    tracks.computeCorpus();
    QTest::qWait(150);
    tracks.cancelCorpus();
    QVERIFY(finished.wait(20000));
    g_slowDelayMs = 0;
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY(!tracks.isCorpusRunning());
    QVERIFY(tracks.storedRecords() < static_cast<qint64>(d.corpus->entryCount()));
    QVERIFY(!finished.first().at(2).toString().isEmpty());

    // A settings change stops a running job too, and its late results are dropped.
    finished.clear();
    g_slowDelayMs = 20;
    tracks.computeCorpus();
    QTest::qWait(100);
    settings.k = 2;
    tracks.setSettings(settings);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().at(0).toBool(), false);
    g_slowDelayMs = 0;
    QTest::qWait(200);
    for (qint64 record = 0; record < 10; ++record) {
        if (const DensityTracksHandle got = tracks.tracks(record))
            QCOMPARE(got->front().values, directScore(d, record, 2, m_checkpoint));
    }
}

void TestCheckpoint::wrongTokenizerIsClearError() {
    // The fake source, like the engine, refuses a corpus tokenizer that is not the checkpoint's.
    const QString other = m_dir.filePath(QStringLiteral("other.model"));
    QVERIFY(QFile::copy(kTokenizer, other));
    InspectionContext context;
    DocumentLoader loader(context);
    CheckpointPanel panel(context, loader);
    const Documents d = demoDocuments();
    context.setCorpus(d.corpus, 0);
    context.setTokenizer(std::make_shared<const Tokenizer>(Tokenizer::load(other.toStdString())));
    QVERIFY(loader.openCheckpoint(m_checkpoint));
    QCOMPARE(context.densityTracks().settings().checkpoint, QFileInfo(m_checkpoint).absoluteFilePath());
    ModelDensitySettings settings = context.densityTracks().settings();
    settings.sources = {QStringLiteral("model:fake")};
    context.densityTracks().setSettings(settings);
    QVERIFY(waitFor([&]() { return context.densityTracks().state() == DensityTrackService::State::Failed; }));
    QVERIFY2(context.densityTracks().message().contains(QStringLiteral("another tokenizer")),
             qPrintable(context.densityTracks().message()));
    QVERIFY(panel.errorText().contains(QStringLiteral("another tokenizer")));
    // Moving on does not retry (nor crash); the message stays until something changes.
    context.setCurrentRecord(1);
    QTest::qWait(50);
    QCOMPARE(context.densityTracks().state(), DensityTrackService::State::Failed);
    // The right tokenizer clears it.
    context.setTokenizer(d.tokenizer);
    QVERIFY(waitFor([&]() { return context.densityTracks().state() == DensityTrackService::State::Ready; }));
    QVERIFY(panel.errorText().isEmpty());
}

void TestCheckpoint::checkpointPanel() {
    InspectionContext context;
    DocumentLoader loader(context);
    CheckpointPanel panel(context, loader);
    QVERIFY(panel.offeredSources().contains(QStringLiteral("model:fake")));
    QVERIFY(!panel.offeredSources().contains(QStringLiteral("rules:code")));
    QVERIFY(panel.checkpointText().contains(QStringLiteral("No checkpoint")));
    QSignalSpy opened(&loader, &DocumentLoader::opened);
    loader.openFiles({QDir(m_checkpoint).filePath(QStringLiteral("../.."))});  // the run directory
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.first().at(1).value<FileKind>(), FileKind::Checkpoint);
    QVERIFY2(panel.checkpointText().contains(QStringLiteral("step 7")), qPrintable(panel.checkpointText()));
    auto* box = panel.findChild<QCheckBox*>(QStringLiteral("track:model:fake"));
    QVERIFY(box);
    box->setChecked(true);
    QVERIFY(context.densityTracks().settings().sources.contains(QStringLiteral("model:fake")));
    auto* k = panel.findChild<QSpinBox*>(QStringLiteral("modelK"));
    QVERIFY(k);
    k->setValue(6);
    QCOMPARE(context.densityTracks().settings().k, 6);
    box->setChecked(false);
    QVERIFY(!context.densityTracks().settings().sources.contains(QStringLiteral("model:fake")));
    panel.setRecentCheckpoints({m_checkpoint});
    QCOMPARE(panel.recentCheckpoints(), QStringList{m_checkpoint});
}

void TestCheckpoint::agreementRowsForModelSources() {
    const Documents d = demoDocuments();
    // Annotate the first two records with a span over the start of their response.
    auto annotations = std::make_shared<AnnotationSet>();
    for (std::uint64_t i = 0; i < 2; ++i) {
        const Record record = d.corpus->record(i);
        RecordAnnotations a;
        a.id = record.id;
        a.textHash = hashBytes(record.response);
        a.spans.push_back({0, static_cast<std::uint32_t>(std::min<std::size_t>(12, record.response.size())), "test", {}});
        annotations->set(std::move(a));
    }
    ModelDensitySettings model;
    model.checkpoint = m_checkpoint;
    AgreementService::Request request;
    request.corpus = d.corpus;
    request.tokenizer = d.tokenizer;
    request.annotations = annotations;
    request.settings = defaultInspectionSettings();
    request.otherSources.emplace_back("model:fake", densityParams(QStringLiteral("model:fake"), model, kTokenizer));
    const AgreementService::Result result = AgreementService::compute(request);
    QVERIFY(result.complete);
    QCOMPARE(result.summary.records, std::size_t(2));
    QCOMPARE(result.others.size(), std::size_t(1));
    QCOMPARE(result.others[0].source, QStringLiteral("model:fake"));
    QCOMPARE(result.others[0].summary.records, std::size_t(2));
    // The row equals comparing the fake source's own hubs by hand.
    AgreementAccumulator expected;
    DensityContext densityContext;
    densityContext.params = densityParams(QStringLiteral("model:fake"), model, kTokenizer);
    const auto source = DensityRegistry::instance().create("model:fake", densityContext);
    const Inspector inspector(*d.tokenizer, request.settings, DensityContext{});
    for (std::uint64_t i = 0; i < 2; ++i) {
        const RecordInspection inspection = inspector.analyse(d.corpus->record(i));
        const Hubs predicted = extractHubs(source->score(inspection.tokens), inspection.maskable, request.settings.hubs);
        expected.add(inspection.tokens.record.id,
                     compareHubs(*annotationHubs(*annotations, inspection.tokens), predicted, inspection.maskable));
    }
    QCOMPARE(result.others[0].summary, expected.summary());
}

void TestCheckpoint::sessionKeepsCheckpoint() {
    Session session;
    session.corpus = kCorpus;
    session.model.checkpoint = m_checkpoint;
    session.model.sources = {QStringLiteral("model:surprisal"), QStringLiteral("model:entropy")};
    session.model.k = 3;
    session.model.t = 0.5;
    session.model.device = QStringLiteral("cuda");
    session.model.blend = QStringLiteral("rules:code=1,model:surprisal=1");
    const Session back = parseSession(serializeSession(session), m_dir.filePath(QStringLiteral("s.maskscope")));
    QCOMPARE(back.model, session.model);
    // An older session without these members opens with no checkpoint.
    const QByteArray old = R"({"format": "maskscope-session", "version": 1, "corpus": ""})";
    QCOMPARE(parseSession(old, QStringLiteral("old.maskscope")).model, ModelDensitySettings{});
    QVERIFY_THROWS_EXCEPTION(InputError,
                             parseSession(R"({"format": "maskscope-session", "version": 1, "model_density": {"t": 2}})",
                                          QStringLiteral("bad.maskscope")));
}

// The real thing: a tiny checkpoint trained by maskscope-cli, opened by the maskscope app with
// --checkpoint; its model:surprisal track equals the CLI's model density of the same record.
void TestCheckpoint::realCheckpointInApp() {
    if (!QFileInfo::exists(QStringLiteral(MASKSCOPE_CLI)) || !QFileInfo::exists(appPath()))
        QSKIP("maskscope-cli and the maskscope app are not built");
    QProcess sources;
    sources.start(QStringLiteral(MASKSCOPE_CLI), {QStringLiteral("sources")});
    QVERIFY(sources.waitForFinished(30000));
    if (!sources.readAllStandardOutput().contains("model:surprisal")) QSKIP("this build has no engine (MASKSCOPE_TORCH=OFF)");

    const QString run = m_dir.filePath(QStringLiteral("tiny-run"));
    QProcess train;
    train.setProcessChannelMode(QProcess::MergedChannels);
    train.start(QStringLiteral(MASKSCOPE_CLI),
                {QStringLiteral("train"), QStringLiteral("--corpus"), kCorpus, QStringLiteral("--tokenizer"), kTokenizer,
                 QStringLiteral("--preset"), QStringLiteral("tiny"), QStringLiteral("--steps"), QStringLiteral("2"),
                 QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--out"), run});
    QVERIFY(train.waitForFinished(300000));
    QVERIFY2(train.exitCode() == 0, train.readAll().constData());
    QVERIFY(isCheckpointPath(run));

    const QString png = m_dir.filePath(QStringLiteral("tracks.png"));
    const QString json = m_dir.filePath(QStringLiteral("tracks.json"));
    QProcess app;
    app.setProcessChannelMode(QProcess::MergedChannels);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    app.setProcessEnvironment(env);
    app.start(appPath(), {QStringLiteral("--screenshot"), png, QStringLiteral("--record"), QStringLiteral("2"),
                          QStringLiteral("--checkpoint"), run, QStringLiteral("--tracks"),
                          QStringLiteral("model:surprisal,model:entropy"), QStringLiteral("--tracks-json"), json,
                          QStringLiteral("--raise"), QStringLiteral("checkpoint"), kCorpus, kTokenizer});
    QVERIFY(app.waitForFinished(300000));
    QVERIFY2(app.exitCode() == 0, app.readAll().constData());
    QImage picture(png);
    QVERIFY(!picture.isNull());
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject out = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY2(!out.value(QStringLiteral("failed")).toBool(), qPrintable(out.value(QStringLiteral("message")).toString()));
    QCOMPARE(out.value(QStringLiteral("record")).toInt(), 1);
    const QJsonArray tracks = out.value(QStringLiteral("tracks")).toArray();
    QCOMPARE(tracks.size(), 3);  // the inspection's source, model:surprisal, model:entropy
    QCOMPARE(tracks[1].toObject().value(QStringLiteral("name")).toString(), QStringLiteral("model:surprisal"));
    const QJsonArray values = tracks[1].toObject().value(QStringLiteral("values")).toArray();
    QCOMPARE(values.size(), out.value(QStringLiteral("tokens")).toInt());

    // The CLI's model:surprisal of record 2, same checkpoint, same defaults (k 4, t 0, cpu).
    QProcess density;
    density.start(QStringLiteral(MASKSCOPE_CLI),
                  {QStringLiteral("density"), QStringLiteral("--corpus"), kCorpus, QStringLiteral("--tokenizer"), kTokenizer,
                   QStringLiteral("--density"), QStringLiteral("model:surprisal"), QStringLiteral("--model"), run,
                   QStringLiteral("--limit"), QStringLiteral("2"), QStringLiteral("--no-cache")});
    QVERIFY(density.waitForFinished(300000));
    QVERIFY2(density.exitCode() == 0, density.readAllStandardError().constData());
    const QList<QByteArray> lines = density.readAllStandardOutput().split('\n');
    QVERIFY(lines.size() >= 2);
    const QJsonArray expected = QJsonDocument::fromJson(lines[1]).object().value(QStringLiteral("density")).toArray();
    QCOMPARE(expected.size(), values.size());
    bool someNonZero = false;
    for (qsizetype i = 0; i < values.size(); ++i) {
        QVERIFY2(std::abs(values[i].toDouble() - expected[i].toDouble()) <= 1e-5,
                 qPrintable(QStringLiteral("token %1: app %2, cli %3").arg(i).arg(values[i].toDouble()).arg(expected[i].toDouble())));
        someNonZero = someNonZero || values[i].toDouble() > 0.0;
    }
    QVERIFY(someNonZero);
    m_cliCheckpoint = run;

    // The same checkpoint against a corpus tokenized by another tokenizer: a clear error, exit 0
    // (the record view still shows the rules), no crash.
    const QString other = m_dir.filePath(QStringLiteral("other-trained.model"));
    QProcess tokenizer;
    tokenizer.setProcessChannelMode(QProcess::MergedChannels);
    tokenizer.start(QStringLiteral(MASKSCOPE_CLI),
                    {QStringLiteral("tokenizer"), QStringLiteral("train"), QStringLiteral("--corpus"), kCorpus,
                     QStringLiteral("--vocab-size"), QStringLiteral("500"), QStringLiteral("--out"), other});
    QVERIFY(tokenizer.waitForFinished(300000));
    QVERIFY2(tokenizer.exitCode() == 0, tokenizer.readAll().constData());
    app.start(appPath(), {QStringLiteral("--screenshot"), png, QStringLiteral("--checkpoint"), run,
                          QStringLiteral("--tracks-json"), json, kCorpus, other});
    QVERIFY(app.waitForFinished(300000));
    QVERIFY2(app.exitCode() == 0, app.readAll().constData());
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject failed = QJsonDocument::fromJson(file.readAll()).object();
    QVERIFY(failed.value(QStringLiteral("failed")).toBool());
    QVERIFY2(failed.value(QStringLiteral("message")).toString().contains(QStringLiteral("tokenizer")),
             qPrintable(failed.value(QStringLiteral("message")).toString()));
}

QTEST_MAIN(TestCheckpoint)
#include "test_ui_checkpoint.moc"
