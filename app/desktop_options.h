// The command line of the desktop app:
//   maskscope [FILE...]                        opens corpus, tokenizer, annotation and session files
//                                              (by extension and content); none: the last session
//   maskscope --screenshot OUT.png [FILE...]   loads the files, waits until everything is shown,
//                                              writes a picture of the main window and exits
//   --checkpoint DIR [--tracks model:surprisal,model:entropy]
//                                              opens a checkpoint for the model density tracks
//   --run PATH                                 follows the training runs at or below PATH (a run
//                                              directory, a TensorBoard log directory, a metrics
//                                              JSONL file or a folder of runs); repeatable
//   --tracks-json OUT.json                     with --screenshot: also writes the density tracks of
//                                              the shown record ({"record", "tokens", "tracks":
//                                              [{"name", "values"}]}) when the app exits
#pragma once

#include "ui/ui_types.h"

#include <QtCore/QSize>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <optional>

namespace maskscope::app {

struct DesktopOptions {
    QStringList files;
    QString screenshot;                        // empty: run interactively
    int timeoutSeconds = 120;                  // --screenshot: give up after this long
    QSize windowSize;                          // invalid: the default (or saved) size
    std::optional<qint64> record;              // 1-based record to show after loading
    std::optional<ui::SampleDisplay> display;  // which sample the record view shows
    QStringList raise;                         // panels brought to the front ("annotations", ...)
    QString checkpoint;                        // empty: none (or the session's)
    QStringList tracks;                        // model density tracks to compute (registry names)
    QString device;                            // empty: cpu
    QString tracksJson;                        // empty: none
    QStringList runs;                          // --run paths
};

struct ParsedCommandLine {
    std::optional<DesktopOptions> options;  // set when the app should run
    int exitCode = 0;                       // otherwise: exit with this code ...
    QString output;                         // ... after printing this (help, version or an error)
};

// Parses QCoreApplication::arguments(). Strings are translated, so install translators first.
ParsedCommandLine parseDesktopCommandLine(const QStringList& arguments);

}  // namespace maskscope::app
