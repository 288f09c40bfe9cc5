#include "ui/run_launcher.h"

#include "core/atomic_file.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QThread>
#include <QtCore/QTimer>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <exception>
#include <limits>

#include <unistd.h>

namespace maskscope::ui {

namespace {

using Files = RunLauncherFiles;

QString absoluteDir(const QString& path) { return QDir::cleanPath(QFileInfo(path).absoluteFilePath()); }

QString fileIn(const QString& dir, const char* name) { return dir + QLatin1Char('/') + QLatin1String(name); }

// The supervisor: $1 is the run directory, the rest the trainer's command line. It writes the
// trainer's pid, waits for it and records how it ended (see run_launcher.h). Both files are
// written next to their final name and renamed over it, so a reader never sees half of one.
const char* const kSupervisorScript = R"sh(dir=$1
shift
stamp() { date -u +%Y-%m-%dT%H:%M:%SZ; }
rm -f "$dir/trainer.exit.json"
line="maskscope-launcher: session started $(stamp): $*"
printf '%s\n' "$line"
printf '%s\n' "$line" >&2
"$@" </dev/null &
pid=$!
printf '%s\n' "$pid" >"$dir/trainer.pid.tmp" && mv -f "$dir/trainer.pid.tmp" "$dir/trainer.pid"
wait "$pid"
code=$?
printf '{"exit_code": %d, "ended": "%s"}\n' "$code" "$(stamp)" >"$dir/trainer.exit.json.tmp" &&
  mv -f "$dir/trainer.exit.json.tmp" "$dir/trainer.exit.json"
rm -f "$dir/trainer.pid"
printf 'maskscope-launcher: session ended %s: exit code %d\n' "$(stamp)" "$code"
)sh";

// The $0 of the supervisor's shell: how isTrainerProcess recognises it.
const char* const kSupervisorName = "maskscope-launcher";

std::optional<qint64> readPid(const QString& dir) {
    QFile file(fileIn(dir, Files::kPid));
    if (!file.open(QIODevice::ReadOnly)) return std::nullopt;
    bool ok = false;
    const qint64 pid = QString::fromLatin1(file.read(64)).trimmed().toLongLong(&ok);
    if (!ok || pid <= 0 || pid > std::numeric_limits<pid_t>::max()) return std::nullopt;
    return pid;
}

bool processExists(qint64 pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM; }

// The lines the newest session wrote to `path` (after the last session marker), at most `count`,
// trailing empty lines dropped. Reads only the end of a long log.
QStringList sessionTail(const QString& path, int count) {
    constexpr qint64 kWindow = 64 * 1024;
    QFile file(path);
    if (count <= 0 || !file.open(QIODevice::ReadOnly)) return {};
    const qint64 size = file.size();
    const bool cut = size > kWindow;
    if (cut) file.seek(size - kWindow);
    QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    if (cut && !lines.isEmpty()) lines.removeFirst();  // a partial line
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        if (lines[i].startsWith(QLatin1String(Files::kSessionMarker))) {
            lines = lines.mid(i + 1);
            break;
        }
    }
    for (QString& line : lines)
        if (line.endsWith(QLatin1Char('\r'))) line.chop(1);
    while (!lines.isEmpty() && lines.last().trimmed().isEmpty()) lines.removeLast();
    if (lines.size() > count) lines = lines.mid(lines.size() - count);
    return lines;
}

QString signalName(int signal) {
    switch (signal) {
    case SIGHUP: return QStringLiteral("SIGHUP");
    case SIGINT: return QStringLiteral("SIGINT");
    case SIGQUIT: return QStringLiteral("SIGQUIT");
    case SIGILL: return QStringLiteral("SIGILL");
    case SIGABRT: return QStringLiteral("SIGABRT");
    case SIGBUS: return QStringLiteral("SIGBUS");
    case SIGFPE: return QStringLiteral("SIGFPE");
    case SIGKILL: return QStringLiteral("SIGKILL");
    case SIGSEGV: return QStringLiteral("SIGSEGV");
    case SIGPIPE: return QStringLiteral("SIGPIPE");
    case SIGTERM: return QStringLiteral("SIGTERM");
    default: return QStringLiteral("signal %1").arg(signal);
    }
}

QString systemError(int error) { return QString::fromLocal8Bit(std::strerror(error)); }

}  // namespace

// --- TrainerStatus ---------------------------------------------------------------------------

QString TrainerStatus::lastMessage() const {
    for (qsizetype i = stderrTail.size() - 1; i >= 0; --i)
        if (!stderrTail[i].trimmed().isEmpty()) return stderrTail[i].trimmed();
    return {};
}

QString TrainerStatus::summary() const {
    switch (state) {
    case TrainerState::None: return {};
    case TrainerState::Running:
        return QCoreApplication::translate("maskscope::ui::TrainerStatus", "running (process %1)").arg(pid);
    case TrainerState::Vanished:
        return QCoreApplication::translate("maskscope::ui::TrainerStatus", "ended without an exit record (killed?)");
    case TrainerState::Exited: break;
    }
    if (!exitCode) return QCoreApplication::translate("maskscope::ui::TrainerStatus", "ended (exit code unknown)");
    if (finished()) return QCoreApplication::translate("maskscope::ui::TrainerStatus", "finished");
    if (stopped())
        return QCoreApplication::translate("maskscope::ui::TrainerStatus", "stopped by %1").arg(signalName(signal()));
    if (signal() == SIGKILL)
        return QCoreApplication::translate("maskscope::ui::TrainerStatus", "killed by SIGKILL (exit code %1)")
            .arg(*exitCode);
    if (signal() != 0)
        return QCoreApplication::translate("maskscope::ui::TrainerStatus", "crashed: %1 (exit code %2)")
            .arg(signalName(signal()))
            .arg(*exitCode);
    const QString message = lastMessage();
    if (message.isEmpty())
        return QCoreApplication::translate("maskscope::ui::TrainerStatus", "failed (exit code %1)").arg(*exitCode);
    return QCoreApplication::translate("maskscope::ui::TrainerStatus", "failed (exit code %1): %2")
        .arg(*exitCode)
        .arg(message);
}

// --- free functions --------------------------------------------------------------------------

bool isTrainerProcess(qint64 pid, const QString& runDir) {
    if (pid <= 0 || !processExists(pid)) return false;
#ifdef Q_OS_LINUX
    QFile file(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!file.open(QIODevice::ReadOnly)) return false;  // gone meanwhile
    const QByteArray raw = file.readAll();
    QStringList arguments;
    for (const QByteArray& part : raw.split('\0')) arguments << QString::fromLocal8Bit(part);
    while (!arguments.isEmpty() && arguments.last().isEmpty()) arguments.removeLast();
    if (arguments.isEmpty()) return false;  // a zombie: it has ended
    const QString dir = absoluteDir(runDir);
    const QString canonical = QFileInfo(dir).canonicalFilePath();
    const QString manifest = fileIn(dir, Files::kManifest);
    bool namesDir = false;
    for (const QString& argument : arguments) {
        if (argument == dir || argument == manifest ||
            (!canonical.isEmpty() && argument.startsWith(QLatin1Char('/')) &&
             QFileInfo(argument).canonicalFilePath() == canonical)) {
            namesDir = true;
            break;
        }
    }
    const bool trainer = QFileInfo(arguments.first()).fileName().startsWith(QLatin1String("maskscope-cli")) &&
                         arguments.contains(QLatin1String("train"));
    const bool supervisor = arguments.contains(QLatin1String(kSupervisorName));
    return namesDir && (trainer || supervisor);
#else
    Q_UNUSED(runDir);
    return true;
#endif
}

TrainerStatus readTrainerStatus(const QString& runDir, int tailLines) {
    const QString dir = absoluteDir(runDir);
    TrainerStatus status;
    const std::optional<qint64> pid = readPid(dir);
    if (pid && isTrainerProcess(*pid, dir)) {
        status.state = TrainerState::Running;
        status.pid = *pid;
    } else {
        QFile file(fileIn(dir, Files::kExit));
        QJsonObject record;
        if (file.open(QIODevice::ReadOnly)) record = QJsonDocument::fromJson(file.read(4096)).object();
        if (!record.isEmpty()) {
            status.recorded = true;
            const QJsonValue code = record.value(QLatin1String("exit_code"));
            if (code.isDouble()) status.exitCode = code.toInt();
            status.state = record.value(QLatin1String("vanished")).toBool() ? TrainerState::Vanished
                                                                             : TrainerState::Exited;
            status.pid = static_cast<qint64>(record.value(QLatin1String("pid")).toDouble());
            status.ended = QDateTime::fromString(record.value(QLatin1String("ended")).toString(), Qt::ISODate);
        } else if (pid) {
            status.state = TrainerState::Vanished;
            status.pid = *pid;
        }
    }
    if (tailLines > 0) status.stderrTail = sessionTail(fileIn(dir, Files::kStderr), tailLines);
    return status;
}

std::optional<std::uint64_t> latestCheckpointStep(const QString& runDir) {
    static const QRegularExpression name(QStringLiteral("^step_(\\d+)$"));
    const QDir checkpoints(absoluteDir(runDir) + QStringLiteral("/checkpoints"));
    std::optional<std::uint64_t> latest;
    for (const QString& entry : checkpoints.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QRegularExpressionMatch match = name.match(entry);
        if (!match.hasMatch() ||
            !QFileInfo::exists(checkpoints.filePath(entry + QStringLiteral("/trainer_state.json"))))
            continue;
        bool ok = false;
        const std::uint64_t step = match.captured(1).toULongLong(&ok);
        if (ok && (!latest || step > *latest)) latest = step;
    }
    return latest;
}

std::optional<std::uint64_t> suggestedResumeSteps(const QString& runDir) {
    const std::optional<std::uint64_t> step = latestCheckpointStep(runDir);
    if (!step) return std::nullopt;
    QFile file(fileIn(absoluteDir(runDir), Files::kManifest));
    std::uint64_t target = 0;
    if (file.open(QIODevice::ReadOnly)) {
        const QJsonValue steps =
            QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("config")).toObject().value(
                QLatin1String("steps"));
        if (steps.isDouble() && steps.toDouble() > 0) target = static_cast<std::uint64_t>(steps.toDouble());
    }
    if (target > *step) return target;
    return std::max<std::uint64_t>(2 * *step, *step + 1);
}

QString newRunDirectoryProblem(const QString& runDir) {
    if (runDir.trimmed().isEmpty())
        return QCoreApplication::translate("maskscope::ui::RunLauncher", "Choose a run directory.");
    const QFileInfo info(runDir);
    if (info.exists()) {
        if (!info.isDir())
            return QCoreApplication::translate("maskscope::ui::RunLauncher", "%1 exists and is not a directory.")
                .arg(runDir);
        if (!QDir(runDir).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot))
            return QCoreApplication::translate("maskscope::ui::RunLauncher",
                                               "%1 is not empty; choose a new run directory.")
                .arg(runDir);
        if (!info.isWritable())
            return QCoreApplication::translate("maskscope::ui::RunLauncher", "%1 is not writable.").arg(runDir);
        return {};
    }
    // The nearest existing ancestor must be a writable directory.
    QFileInfo ancestor(QFileInfo(absoluteDir(runDir)).path());
    while (!ancestor.exists() && ancestor.absoluteFilePath() != QDir::rootPath())
        ancestor = QFileInfo(ancestor.path());
    if (!ancestor.isDir() || !ancestor.isWritable())
        return QCoreApplication::translate("maskscope::ui::RunLauncher",
                                           "%1 cannot be created (%2 is not a writable directory).")
            .arg(runDir, ancestor.absoluteFilePath());
    return {};
}

QString uniqueRunDirectory(const QString& parent, const QString& stem) {
    const QDir base(parent);
    QString candidate = base.filePath(stem);
    for (int n = 2; QFileInfo::exists(candidate); ++n) candidate = base.filePath(stem + QStringLiteral("-%1").arg(n));
    return QDir::cleanPath(candidate);
}

std::string launchRequestJson(const TrainConfig& config, const QDateTime& created) {
    std::string body = trainConfigToJson(config);
    std::string indented;
    indented.reserve(body.size() + body.size() / 8);
    for (const char c : body) {
        indented.push_back(c);
        if (c == '\n') indented += "  ";
    }
    return std::string("{\n  \"format\": \"") + Files::kLaunchFormat + "\",\n  \"version\": 1,\n  \"created\": \"" +
           created.toUTC().toString(Qt::ISODate).toStdString() + "\",\n  \"config\": " + indented + "\n}\n";
}

// --- RunLauncher ------------------------------------------------------------------------------

RunLauncher::RunLauncher(const QString& cliPath, QObject* parent) : QObject(parent) {
    const QString fromEnvironment = qEnvironmentVariable("MASKSCOPE_CLI");
    m_cliPath = !fromEnvironment.isEmpty() ? fromEnvironment : cliPath.isEmpty() ? defaultCliPath() : cliPath;
    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &RunLauncher::poll);
}

RunLauncher::~RunLauncher() = default;

QString RunLauncher::defaultCliPath() {
    const QString fromEnvironment = qEnvironmentVariable("MASKSCOPE_CLI");
    if (!fromEnvironment.isEmpty()) return fromEnvironment;
    return QCoreApplication::applicationDirPath() + QStringLiteral("/maskscope-cli");
}

QString RunLauncher::launch(const TrainConfig& config) {
    TrainConfig c = config;
    const auto absolute = [](std::string& path) {
        if (!path.empty()) path = absoluteDir(QString::fromStdString(path)).toStdString();
    };
    absolute(c.corpus);
    absolute(c.tokenizer);
    absolute(c.annotations);
    absolute(c.modelConfig);
    absolute(c.out);
    try {
        c.validate();
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
    const QFileInfo cli(m_cliPath);
    if (!cli.isFile() || !cli.isExecutable()) return tr("maskscope-cli was not found at %1.").arg(m_cliPath);
    const QString dir = QString::fromStdString(c.out);
    if (const QString problem = newRunDirectoryProblem(dir); !problem.isEmpty()) return problem;
    if (!QDir().mkpath(dir)) return tr("Cannot create the run directory %1.").arg(dir);
    const QString manifest = fileIn(dir, Files::kManifest);
    try {
        writeFileAtomically(manifest.toStdString(), launchRequestJson(c, QDateTime::currentDateTimeUtc()));
    } catch (const std::exception& error) {
        return QString::fromStdString(error.what());
    }
    const QString error = startSupervisor(
        dir, {QStringLiteral("train"), QStringLiteral("--config"), manifest, QStringLiteral("--out"), dir});
    if (!error.isEmpty() && readTrainerStatus(dir, 0).state == TrainerState::None) {
        // Nothing started: leave the directory as it was found (empty).
        for (const char* name : {Files::kManifest, Files::kStdout, Files::kStderr}) QFile::remove(fileIn(dir, name));
    }
    return error;
}

QString RunLauncher::resume(const QString& runDir, std::uint64_t totalSteps, const ResumeOptions& options) {
    const QString dir = absoluteDir(runDir);
    if (readTrainerStatus(dir, 0).running()) return tr("%1 is still running.").arg(dir);
    const QFileInfo cli(m_cliPath);
    if (!cli.isFile() || !cli.isExecutable()) return tr("maskscope-cli was not found at %1.").arg(m_cliPath);
    QFile manifest(fileIn(dir, Files::kManifest));
    if (!manifest.open(QIODevice::ReadOnly)) return tr("%1 is not a MaskScope run directory (no run.json).").arg(dir);
    const QString format =
        QJsonDocument::fromJson(manifest.readAll()).object().value(QLatin1String("format")).toString();
    if (format == QLatin1String(Files::kLaunchFormat))
        return tr("The run never started training, so there is nothing to resume; launch a clone of it instead.");
    if (format != QLatin1String("maskscope-run"))
        return tr("%1 is not a MaskScope run manifest.").arg(manifest.fileName());
    const std::optional<std::uint64_t> step = latestCheckpointStep(dir);
    if (!step) return tr("The run has no checkpoint to resume from.");
    if (totalSteps <= *step)
        return tr("The newest checkpoint is at step %1 already; resume to more steps than that.").arg(*step);

    QStringList arguments{QStringLiteral("train"), QStringLiteral("--resume"), dir, QStringLiteral("--steps"),
                          QString::number(totalSteps)};
    if (options.threads) arguments << QStringLiteral("--threads") << QString::number(*options.threads);
    if (!options.device.isEmpty()) arguments << QStringLiteral("--device") << options.device;
    QFile::remove(fileIn(dir, Files::kExit));
    QFile::remove(fileIn(dir, Files::kPid));  // stale: its process is gone (checked above)
    m_vanishedSince.remove(dir);
    return startSupervisor(dir, arguments);
}

QString RunLauncher::startSupervisor(const QString& dir, const QStringList& trainArguments) {
    QProcess process;
    process.setProgram(QStringLiteral("/bin/sh"));
    process.setArguments(QStringList{QStringLiteral("-c"), QString::fromUtf8(kSupervisorScript),
                                     QLatin1String(kSupervisorName), dir, m_cliPath} +
                         trainArguments);
    process.setWorkingDirectory(dir);
    process.setStandardInputFile(QProcess::nullDevice());
    process.setStandardOutputFile(fileIn(dir, Files::kStdout), QIODevice::Append);
    process.setStandardErrorFile(fileIn(dir, Files::kStderr), QIODevice::Append);
    if (!process.startDetached()) return tr("Cannot start the trainer: %1").arg(process.errorString());

    // The supervisor writes trainer.pid right after starting the trainer; wait for it (or for
    // the exit record of a trainer that failed at once) so that the run reads as started.
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 10000) {
        const TrainerStatus status = readTrainerStatus(dir, 0);
        if (status.state == TrainerState::Running || status.state == TrainerState::Exited) {
            watch(dir);
            if (status.running()) Q_EMIT trainerStarted(dir, status.pid);
            return {};
        }
        QThread::msleep(5);
    }
    return tr("The trainer did not start within 10 seconds (see %1).").arg(fileIn(dir, Files::kStderr));
}

QString RunLauncher::stop(const QString& runDir) { return signalTrainer(runDir, SIGTERM); }

QString RunLauncher::kill(const QString& runDir) { return signalTrainer(runDir, SIGKILL); }

QString RunLauncher::signalTrainer(const QString& runDir, int signal) {
    const QString dir = absoluteDir(runDir);
    const std::optional<qint64> pid = readPid(dir);
    if (!pid) return tr("%1 has no running trainer.").arg(dir);
    if (!isTrainerProcess(*pid, dir))
        return tr("Process %1 named in %2 is not this run's trainer; nothing was signalled.")
            .arg(*pid)
            .arg(fileIn(dir, Files::kPid));
    if (::kill(static_cast<pid_t>(*pid), signal) != 0)
        return tr("Cannot signal process %1: %2").arg(*pid).arg(systemError(errno));
    return {};
}

TrainerStatus RunLauncher::status(const QString& runDir, int tailLines) {
    const QString dir = absoluteDir(runDir);
    TrainerStatus status = readTrainerStatus(dir, tailLines);
    if (status.state != TrainerState::Vanished || status.recorded) {
        m_vanishedSince.remove(dir);
        return status;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const auto since = m_vanishedSince.constFind(dir);
    if (since == m_vanishedSince.constEnd()) {
        m_vanishedSince.insert(dir, now);
    } else if (since->msecsTo(now) >= 1000) {
        m_vanishedSince.remove(dir);
        recordVanished(dir, status.pid);
        status = readTrainerStatus(dir, tailLines);
    }
    return status;
}

void RunLauncher::recordVanished(const QString& dir, qint64 pid) {
    // Written under a temporary name and linked into place only when no record exists: a
    // supervisor that writes its own record after all wins (it renames over this one).
    const QString temporary = fileIn(dir, Files::kExit) + QStringLiteral(".launcher");
    QJsonObject record;
    record.insert(QLatin1String("exit_code"), QJsonValue::Null);
    record.insert(QLatin1String("vanished"), true);
    record.insert(QLatin1String("pid"), pid);
    record.insert(QLatin1String("ended"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    try {
        writeFileAtomically(temporary.toStdString(),
                            QJsonDocument(record).toJson(QJsonDocument::Compact).toStdString() + "\n");
    } catch (const std::exception&) {
        return;
    }
    const QByteArray from = QFile::encodeName(temporary);
    const QByteArray to = QFile::encodeName(fileIn(dir, Files::kExit));
    (void)::link(from.constData(), to.constData());
    QFile::remove(temporary);
    if (readPid(dir) == pid) QFile::remove(fileIn(dir, Files::kPid));
}

void RunLauncher::watch(const QString& runDir) {
    const QString dir = absoluteDir(runDir);
    if (!m_watched.contains(dir)) m_watched << dir;
    if (!m_timer->isActive()) m_timer->start();
}

QStringList RunLauncher::reattach(const QStringList& runDirs) {
    QStringList attached;
    for (const QString& runDir : runDirs) {
        const TrainerStatus status = readTrainerStatus(runDir, 0);
        if (status.running() || (status.state == TrainerState::Vanished && !status.recorded)) {
            watch(runDir);
            attached << absoluteDir(runDir);
        }
    }
    return attached;
}

void RunLauncher::unwatch(const QString& runDir) {
    m_watched.removeAll(absoluteDir(runDir));
    if (m_watched.isEmpty()) m_timer->stop();
}

QStringList RunLauncher::watchedRuns() const { return m_watched; }

void RunLauncher::setPollInterval(int milliseconds) { m_timer->setInterval(std::max(10, milliseconds)); }

void RunLauncher::poll() {
    const QStringList watched = m_watched;
    for (const QString& dir : watched) {
        if (!QFileInfo::exists(dir)) {
            unwatch(dir);
            continue;
        }
        const TrainerStatus current = status(dir, 0);
        if (current.state == TrainerState::Exited || (current.state == TrainerState::Vanished && current.recorded)) {
            unwatch(dir);
            Q_EMIT trainerEnded(dir, readTrainerStatus(dir));
        }
    }
}

}  // namespace maskscope::ui
