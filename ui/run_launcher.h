// Training runs started from the desktop app: `maskscope-cli train` in a process of its own, so
// that the app never trains on its GUI thread and neither side takes the other down when it
// crashes or is closed. Everything a launcher knows lives in the run directory, so any
// RunLauncher (another window, a later session of the app) can inspect, stop and resume a run
// that another one started:
//
//   run.json            written by launch(): a launch request, {"format": "maskscope-launch",
//                       "version": 1, "created": ..., "config": {...}} (launchRequestJson), which
//                       the trainer replaces with its manifest (gpu/run_directory.h) once its data
//                       and model are set up. A run that failed before that keeps the request.
//   trainer.pid         the trainer's process id while it lives (Run::kPidFile, core/run_catalog.h)
//   trainer.stdout.log  what the trainer wrote to stdout and stderr; every session (launch,
//   trainer.stderr.log  resume) appends, after a line "maskscope-launcher: session started ..."
//   trainer.exit.json   {"exit_code": N, "ended": "2024-05-01T12:00:00Z"} once the trainer ended
//                       (N as in app/cli_train.h: 0 finished, 1 bad input, 2 usage error, 128 + the
//                       signal number when a signal stopped or killed it); {"exit_code": null,
//                       "vanished": true, ...} when a launcher found the trainer gone without one.
//
// The trainer runs under a small /bin/sh supervisor started with QProcess::startDetached (in a
// session of its own, so closing the app's terminal does not reach it either). The supervisor
// writes trainer.pid, waits for the trainer, writes trainer.exit.json with its exit status (also
// when it crashed or was killed) and removes trainer.pid. Both files are replaced atomically.
//
// Stopping sends SIGTERM to the trainer, after /proc shows that the process is this run's
// `maskscope-cli train` (a stale pid file whose number another process took is never signalled):
// the trainer finishes its step, writes a checkpoint and ends with exit code 143. A second stop
// ends it at once (its signal handler resets itself); kill() sends SIGKILL.
//
// POSIX only (Linux; elsewhere the /proc check is skipped).
#pragma once

#include "core/train_config.h"

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QMetaType>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <cstdint>
#include <optional>

class QTimer;

namespace maskscope::ui {

// The launcher's files in a run directory.
struct RunLauncherFiles {
    static constexpr const char* kLaunchFormat = "maskscope-launch";  // "format" of a launch request
    static constexpr const char* kManifest = "run.json";
    static constexpr const char* kPid = "trainer.pid";  // == Run::kPidFile
    static constexpr const char* kStdout = "trainer.stdout.log";
    static constexpr const char* kStderr = "trainer.stderr.log";
    static constexpr const char* kExit = "trainer.exit.json";
    // The line the supervisor writes to both logs when a session starts.
    static constexpr const char* kSessionMarker = "maskscope-launcher: session started";
};

enum class TrainerState {
    None,      // no trainer.pid and no exit record: not started from the app
    Running,   // trainer.pid names this run's live `maskscope-cli train` (or its supervisor starting it)
    Exited,    // trainer.exit.json holds the exit code
    Vanished,  // trainer.pid names a process that is gone (or is another program) and there is no
               // exit record: the supervisor was killed too, or the machine went down
};

// What the run directory says about the trainer of its newest session. A plain value for tables.
struct TrainerStatus {
    TrainerState state = TrainerState::None;
    qint64 pid = 0;                // Running (and Vanished): the number in trainer.pid
    std::optional<int> exitCode;   // Exited
    QDateTime ended;               // from the exit record (UTC); may be invalid
    bool recorded = false;         // Exited or Vanished as trainer.exit.json says (not only inferred)
    QStringList stderrTail;        // the last lines the newest session wrote to trainer.stderr.log

    bool running() const { return state == TrainerState::Running; }
    bool finished() const { return state == TrainerState::Exited && exitCode == 0; }
    // Ended by SIGINT or SIGTERM (130, 143): stopped, normally after its checkpoint; resumable.
    bool stopped() const { return state == TrainerState::Exited && (exitCode == 130 || exitCode == 143); }
    // Ended any other way than finished() or stopped().
    bool failed() const {
        return state == TrainerState::Vanished || (state == TrainerState::Exited && !finished() && !stopped());
    }
    // The signal that ended it (exit code 128 + N), 0 otherwise.
    int signal() const { return exitCode && *exitCode > 128 && *exitCode < 160 ? *exitCode - 128 : 0; }
    // The last non-empty line of stderrTail (for a failure: normally the error message).
    QString lastMessage() const;
    // One line for a table or a status bar: "running (process 1234)", "finished", "stopped by
    // SIGTERM", "failed (exit code 1): maskscope-cli: ...: cannot open ...", "killed by SIGKILL
    // (exit code 137)", "ended without an exit record (killed?)".
    QString summary() const;
};

// Reads the state of `runDir`'s trainer and, when tailLines > 0, the last `tailLines` lines its
// newest session wrote to trainer.stderr.log. Changes nothing; cheap enough to poll (reads two
// small files and /proc/PID/cmdline).
TrainerStatus readTrainerStatus(const QString& runDir, int tailLines = 20);

// Whether process `pid` is `runDir`'s trainer: `maskscope-cli train` with the run directory among
// its arguments (or the launcher's supervisor about to start it). Without /proc: whether it lives.
bool isTrainerProcess(qint64 pid, const QString& runDir);

// The step of the newest complete checkpoint (checkpoints/step_N with its trainer_state.json).
std::optional<std::uint64_t> latestCheckpointStep(const QString& runDir);

// The total step count to offer when resuming `runDir`: the steps in its run.json when its newest
// checkpoint is short of them (a stopped run), else twice the checkpoint's step (extending a
// finished run); nullopt without a checkpoint.
std::optional<std::uint64_t> suggestedResumeSteps(const QString& runDir);

// Why `runDir` cannot become a new run directory (it exists and is not an empty directory, or its
// parent cannot be created); empty when it can.
QString newRunDirectoryProblem(const QString& runDir);

// `parent`/`stem`, or `parent`/`stem`-2, -3, ... : the first that does not exist yet.
QString uniqueRunDirectory(const QString& parent, const QString& stem);

// The launch request launch() writes as run.json (pretty-printed JSON, ends with "\n").
std::string launchRequestJson(const TrainConfig& config, const QDateTime& created);

class RunLauncher : public QObject {
    Q_OBJECT
public:
    // `cliPath`: the maskscope-cli binary (the app passes the one next to its own binary). The
    // environment variable MASKSCOPE_CLI, when set and not empty, takes precedence.
    explicit RunLauncher(const QString& cliPath, QObject* parent = nullptr);
    ~RunLauncher() override;

    // $MASKSCOPE_CLI, else maskscope-cli next to the running program.
    static QString defaultCliPath();
    QString cliPath() const { return m_cliPath; }

    // Starts a new run in config.out, which must not exist or be an empty directory: makes the
    // paths absolute, validates the configuration (TrainConfig::validate), writes run.json
    // (a launch request) and starts `maskscope-cli train --config RUNDIR/run.json --out RUNDIR`.
    // Returns once trainer.pid was written (milliseconds). Returns an empty string, or why nothing
    // was started. A run that fails later (a corpus that cannot be read) ends with an exit record.
    QString launch(const TrainConfig& config);

    struct ResumeOptions {
        std::optional<int> threads;  // --threads
        QString device;              // --device; empty: the run's
    };
    // Continues a run that is not running from its newest checkpoint up to `totalSteps` steps in
    // all (`maskscope-cli train --resume RUNDIR --steps N`), which must exceed the checkpoint's
    // step. Returns an empty string, or why nothing was started.
    QString resume(const QString& runDir, std::uint64_t totalSteps, const ResumeOptions& options = {});

    // Asks the run's trainer to stop (SIGTERM): it writes a checkpoint first and then ends; the
    // exit record follows. Returns an empty string, or why nothing was signalled.
    QString stop(const QString& runDir);
    // Ends the trainer at once (SIGKILL): steps since its last checkpoint are lost.
    QString kill(const QString& runDir);

    // readTrainerStatus; a trainer that vanished (found so twice, a second apart, or by the
    // watch) is recorded as such: an exit record is written and trainer.pid removed.
    TrainerStatus status(const QString& runDir, int tailLines = 20);

    // Runs whose trainer's end is reported by trainerEnded. Runs launched or resumed here are
    // watched from their start; the app watches the running runs it finds when it starts
    // (re-attaching to them). A run that has already ended when watched is reported at the next
    // poll. Paths are compared after making them absolute.
    void watch(const QString& runDir);
    // Re-attaching when the app starts: watches those of `runDirs` whose trainer is still running
    // (or ended without a record, which the watch then records) and returns them.
    QStringList reattach(const QStringList& runDirs);
    void unwatch(const QString& runDir);
    QStringList watchedRuns() const;
    // Polling interval of the watch (default 1000 ms).
    void setPollInterval(int milliseconds);

Q_SIGNALS:
    void trainerStarted(const QString& runDir, qint64 pid);
    // The watched run's trainer ended (status.state is Exited or Vanished; stderrTail filled).
    void trainerEnded(const QString& runDir, const maskscope::ui::TrainerStatus& status);

private:
    QString startSupervisor(const QString& runDir, const QStringList& trainArguments);
    QString signalTrainer(const QString& runDir, int signal);
    void poll();
    void recordVanished(const QString& runDir, qint64 pid);

    QString m_cliPath;
    QTimer* m_timer = nullptr;
    QStringList m_watched;
    // Runs seen vanished, and when first (the supervisor writes its record milliseconds after the
    // trainer ended, so one look is not enough).
    QHash<QString, QDateTime> m_vanishedSince;
};

}  // namespace maskscope::ui

Q_DECLARE_METATYPE(maskscope::ui::TrainerStatus)
