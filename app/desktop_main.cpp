// maskscope: the desktop app. Composition root only: creates the shared InspectionContext, the
// DocumentLoader and the main window, applies the command line, and runs the event loop.
#include "desktop_engine.h"
#include "desktop_options.h"
#include "desktop_screenshot.h"
#include "desktop_translations.h"

#include "ui/density_tracks.h"
#include "ui/document_loader.h"
#include "ui/inspection_context.h"
#include "ui/main_window.h"
#include "ui/record_panel.h"
#include "ui/record_view.h"
#include "ui/run_workspace.h"

#include "core/atomic_file.h"
#include "core/density_source.h"

#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtWidgets/QApplication>

#include <cstdio>
#include <exception>
#include <string_view>

namespace {

maskscope::ui::AboutInfo aboutInfo() {
    return {QStringLiteral(MASKSCOPE_VERSION), QStringLiteral(MASKSCOPE_LIBTORCH_VERSION),
            QStringLiteral(MASKSCOPE_SENTENCEPIECE_VERSION)};
}

// --tracks-json: the density tracks the record view shows, and the state of the track service.
void writeTracks(const maskscope::ui::MainWindow& window, const maskscope::ui::InspectionContext& context,
                 const QString& path) {
    using namespace maskscope;
    QJsonArray tracks;
    for (const ui::DensityTrack& track : window.recordPanel()->view()->densityTracks()) {
        QJsonArray values;
        for (const float value : track.values) values.append(double(value));
        tracks.append(QJsonObject{{QStringLiteral("name"), track.name}, {QStringLiteral("values"), values}});
    }
    const ui::InspectionHandle inspection = window.recordPanel()->view()->inspection();
    const ui::DensityTrackService& service = context.densityTracks();
    const QJsonObject json{
        {QStringLiteral("record"), double(context.currentRecord())},
        {QStringLiteral("id"), inspection ? QString::fromStdString(inspection->tokens.record.id) : QString()},
        {QStringLiteral("tokens"), inspection ? double(inspection->tokens.size()) : 0.0},
        {QStringLiteral("tracks"), tracks},
        {QStringLiteral("failed"), service.state() == ui::DensityTrackService::State::Failed},
        {QStringLiteral("message"), service.message()},
    };
    const QByteArray bytes = QJsonDocument(json).toJson(QJsonDocument::Indented);
    try {
        writeFileAtomically(QFile::encodeName(path).toStdString(), std::string_view(bytes.constData(), bytes.size()));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "maskscope: %s\n", e.what());
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace maskscope;
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("MaskScope"));
    QCoreApplication::setApplicationName(QStringLiteral("maskscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MASKSCOPE_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("MaskScope"));
    app::installTranslations(app);

    const app::ParsedCommandLine command = app::parseDesktopCommandLine(QCoreApplication::arguments());
    if (!command.options) {
        std::fputs(command.output.toLocal8Bit().constData(), command.exitCode == 0 ? stdout : stderr);
        return command.exitCode;
    }
    const app::DesktopOptions& options = *command.options;
    const bool screenshot = !options.screenshot.isEmpty();
    app::registerEngine();  // before the panels list the density sources
    for (const QString& track : options.tracks) {
        if (DensityRegistry::instance().contains(track.toStdString())) continue;
        std::fprintf(stderr, "%s\n",
                     QCoreApplication::translate("DesktopCommandLine", "--tracks: unknown density source '%1'.")
                         .arg(track)
                         .toLocal8Bit()
                         .constData());
        return 2;
    }

    ui::InspectionContext context;
    ui::DocumentLoader loader(context);
    ui::MainWindow window(context, loader, aboutInfo());
    window.setInteractive(!screenshot);
    window.setPersistent(!screenshot);
    ui::RunWorkspace::Options runOptions;
    runOptions.cudaAvailable = app::engineHasCuda();
    runOptions.persistent = !screenshot;
    ui::RunWorkspace runs(window, context, runOptions);
    if (!screenshot) window.restoreLayout();
    if (options.windowSize.isValid()) window.resize(options.windowSize);
    if (options.display) window.recordPanel()->setDisplay(*options.display);
    for (const QString& panel : options.raise) window.raisePanel(panel);
    if (!options.tracksJson.isEmpty()) {
        QObject::connect(&app, &QCoreApplication::aboutToQuit, &window,
                         [&window, &context, path = options.tracksJson]() { writeTracks(window, context, path); });
    }
    if (options.record) {
        const qint64 record = *options.record - 1;
        QObject::connect(
            &context, &ui::InspectionContext::corpusChanged, &context,
            [&context, record]() { context.setCurrentRecord(record); }, Qt::SingleShotConnection);
    }

    app::ScreenshotTaker taker(window, options.screenshot, options.timeoutSeconds);
    taker.addSettledCheck([&runs]() { return runs.isSettled(); });
    if (screenshot) taker.start();
    window.show();
    if (!options.files.isEmpty()) loader.openFiles(options.files);
    else if (!screenshot) window.openLastSession();
    for (const QString& path : options.runs) runs.openRuns(path);
    // After the session, so that the command line wins.
    if (!options.checkpoint.isEmpty()) {
        ui::ModelDensitySettings tracks = context.densityTracks().settings();
        if (!options.tracks.isEmpty()) tracks.sources = options.tracks;
        if (!options.device.isEmpty()) tracks.device = options.device;
        context.densityTracks().setSettings(tracks);
        loader.openCheckpoint(options.checkpoint);
    }
    return QApplication::exec();
}
