// maskscope: the desktop app. Composition root only: creates the shared InspectionContext, the
// DocumentLoader and the main window, applies the command line, and runs the event loop.
#include "desktop_options.h"
#include "desktop_screenshot.h"
#include "desktop_translations.h"

#include "ui/document_loader.h"
#include "ui/inspection_context.h"
#include "ui/main_window.h"
#include "ui/record_panel.h"

#include <QtWidgets/QApplication>

#include <cstdio>

namespace {

maskscope::ui::AboutInfo aboutInfo() {
    return {QStringLiteral(MASKSCOPE_VERSION), QStringLiteral(MASKSCOPE_LIBTORCH_VERSION),
            QStringLiteral(MASKSCOPE_SENTENCEPIECE_VERSION)};
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

    ui::InspectionContext context;
    ui::DocumentLoader loader(context);
    ui::MainWindow window(context, loader, aboutInfo());
    window.setInteractive(!screenshot);
    window.setPersistent(!screenshot);
    if (!screenshot) window.restoreLayout();
    if (options.windowSize.isValid()) window.resize(options.windowSize);
    if (options.display) window.recordPanel()->setDisplay(*options.display);
    for (const QString& panel : options.raise) window.raisePanel(panel);
    if (options.record) {
        const qint64 record = *options.record - 1;
        QObject::connect(
            &context, &ui::InspectionContext::corpusChanged, &context,
            [&context, record]() { context.setCurrentRecord(record); }, Qt::SingleShotConnection);
    }

    app::ScreenshotTaker taker(window, options.screenshot, options.timeoutSeconds);
    if (screenshot) taker.start();
    window.show();
    if (!options.files.isEmpty()) loader.openFiles(options.files);
    else if (!screenshot) window.openLastSession();
    return QApplication::exec();
}
