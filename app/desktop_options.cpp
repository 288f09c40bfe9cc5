#include "desktop_options.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>

namespace maskscope::app {

ParsedCommandLine parseDesktopCommandLine(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "DesktopCommandLine",
        "MaskScope: see information density, hubs and the logical and syntactic masks of Complementary "
        "Priority Masking for every record of a corpus."));
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringList{QStringLiteral("screenshot")},
        QCoreApplication::translate("DesktopCommandLine",
                                    "Load the files, wait until everything is shown, save a picture of the "
                                    "main window to <png> and exit."),
        QCoreApplication::translate("DesktopCommandLine", "png"));
    const QCommandLineOption timeout(
        QStringList{QStringLiteral("timeout")},
        QCoreApplication::translate("DesktopCommandLine", "With --screenshot: give up after <seconds> (default 120)."),
        QCoreApplication::translate("DesktopCommandLine", "seconds"), QStringLiteral("120"));
    const QCommandLineOption size(
        QStringList{QStringLiteral("window-size")},
        QCoreApplication::translate("DesktopCommandLine", "Window size, e.g. 1600x1000."),
        QCoreApplication::translate("DesktopCommandLine", "WxH"));
    const QCommandLineOption record(
        QStringList{QStringLiteral("record")},
        QCoreApplication::translate("DesktopCommandLine", "Show record <n> (1-based) of the corpus."),
        QCoreApplication::translate("DesktopCommandLine", "n"));
    const QCommandLineOption display(
        QStringList{QStringLiteral("display")},
        QCoreApplication::translate("DesktopCommandLine",
                                    "Which masks the record view shows: logical, syntactic or side-by-side."),
        QCoreApplication::translate("DesktopCommandLine", "sample"));
    const QCommandLineOption raise(
        QStringList{QStringLiteral("raise")},
        QCoreApplication::translate("DesktopCommandLine",
                                    "Bring these panels to the front (comma-separated: annotations, statistics, checkpoint, runs, charts, attention)."),
        QStringLiteral("panels"));
    const QCommandLineOption checkpoint(
        QStringList{QStringLiteral("checkpoint")},
        QCoreApplication::translate("DesktopCommandLine",
                                    "Open the checkpoint <dir> (a step_N directory, a checkpoints/ folder or a run "
                                    "directory) for the model density tracks."),
        QCoreApplication::translate("DesktopCommandLine", "dir"));
    const QCommandLineOption tracks(
        QStringList{QStringLiteral("tracks")},
        QCoreApplication::translate("DesktopCommandLine",
                                    "Model density tracks to compute (comma-separated, default model:surprisal)."),
        QCoreApplication::translate("DesktopCommandLine", "sources"));
    const QCommandLineOption device(
        QStringList{QStringLiteral("device")},
        QCoreApplication::translate("DesktopCommandLine", "Device of the model density tracks: cpu or cuda."),
        QCoreApplication::translate("DesktopCommandLine", "device"));
    const QCommandLineOption tracksJson(
        QStringList{QStringLiteral("tracks-json")},
        QCoreApplication::translate("DesktopCommandLine",
                                    "With --screenshot: also write the density tracks of the shown record to <json>."),
        QCoreApplication::translate("DesktopCommandLine", "json"));
    const QCommandLineOption run(
        QStringList{QStringLiteral("run")},
        QCoreApplication::translate("DesktopCommandLine",
                                    "Follow the training runs at or below <path> (a run directory, a TensorBoard log "
                                    "directory, a metrics JSONL file or a folder of runs); may be given again."),
        QCoreApplication::translate("DesktopCommandLine", "path"));
    parser.addOptions({screenshot, timeout, size, record, display, raise, checkpoint, tracks, device, tracksJson, run});
    parser.addPositionalArgument(
        QCoreApplication::translate("DesktopCommandLine", "files"),
        QCoreApplication::translate("DesktopCommandLine",
                                    "Corpus (.jsonl, .txt), tokenizer (.model), annotation (.annotations.jsonl) "
                                    "or session (.maskscope) files. Without files the last session reopens."),
        QCoreApplication::translate("DesktopCommandLine", "[files...]"));

    ParsedCommandLine result;
    if (!parser.parse(arguments)) {
        result.exitCode = 2;
        result.output = parser.errorText() + QLatin1Char('\n');
        return result;
    }
    if (parser.isSet(help)) {
        result.output = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.output = QCoreApplication::applicationName() + QLatin1Char(' ') +
                        QCoreApplication::applicationVersion() + QLatin1Char('\n');
        return result;
    }
    auto usage = [&result](const QString& message) {
        result.exitCode = 2;
        result.output = message + QLatin1Char('\n');
        return result;
    };

    DesktopOptions options;
    options.files = parser.positionalArguments();
    options.screenshot = parser.value(screenshot);
    bool ok = false;
    options.timeoutSeconds = parser.value(timeout).toInt(&ok);
    if (!ok || options.timeoutSeconds <= 0) return usage(QCoreApplication::translate("DesktopCommandLine", "--timeout takes a positive number of seconds."));
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(QLatin1Char('x'));
        bool okWidth = false;
        bool okHeight = false;
        const int width = parts.size() == 2 ? parts[0].toInt(&okWidth) : 0;
        const int height = parts.size() == 2 ? parts[1].toInt(&okHeight) : 0;
        if (!okWidth || !okHeight || width < 200 || height < 150)
            return usage(QCoreApplication::translate("DesktopCommandLine", "--window-size takes WIDTHxHEIGHT, e.g. 1600x1000."));
        options.windowSize = QSize(width, height);
    }
    if (parser.isSet(record)) {
        const qint64 n = parser.value(record).toLongLong(&ok);
        if (!ok || n < 1) return usage(QCoreApplication::translate("DesktopCommandLine", "--record takes a record number from 1."));
        options.record = n;
    }
    if (parser.isSet(raise)) options.raise = parser.value(raise).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(display)) {
        const QString value = parser.value(display);
        if (value == QLatin1String("logical")) options.display = ui::SampleDisplay::Logical;
        else if (value == QLatin1String("syntactic")) options.display = ui::SampleDisplay::Syntactic;
        else if (value == QLatin1String("side-by-side")) options.display = ui::SampleDisplay::SideBySide;
        else return usage(QCoreApplication::translate("DesktopCommandLine", "--display takes logical, syntactic or side-by-side."));
    }
    options.checkpoint = parser.value(checkpoint);
    if (parser.isSet(tracks)) options.tracks = parser.value(tracks).split(QLatin1Char(','), Qt::SkipEmptyParts);
    if (parser.isSet(tracks) && options.checkpoint.isEmpty())
        return usage(QCoreApplication::translate("DesktopCommandLine", "--tracks needs --checkpoint."));
    options.device = parser.value(device);
    if (!options.device.isEmpty() && options.device != QLatin1String("cpu") && options.device != QLatin1String("cuda"))
        return usage(QCoreApplication::translate("DesktopCommandLine", "--device takes cpu or cuda."));
    options.tracksJson = parser.value(tracksJson);
    if (!options.tracksJson.isEmpty() && options.screenshot.isEmpty())
        return usage(QCoreApplication::translate("DesktopCommandLine", "--tracks-json needs --screenshot."));
    options.runs = parser.values(run);
    result.options = std::move(options);
    return result;
}

}  // namespace maskscope::app
