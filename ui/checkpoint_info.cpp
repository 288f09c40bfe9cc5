#include "ui/checkpoint_info.h"

#include "core/error.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QRegularExpression>
#include <QtCore/QStringList>

namespace maskscope::ui {

namespace {

const QString kConfig = QStringLiteral("config.json");
const QString kState = QStringLiteral("trainer_state.json");
const QString kTokenizer = QStringLiteral("tokenizer.model");

qint64 stepOfName(const QString& name) {
    static const QRegularExpression pattern(QStringLiteral("^step_(\\d+)$"));
    const QRegularExpressionMatch match = pattern.match(name);
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

// The newest step_N directory inside `folder` that holds a config.json.
std::optional<QString> newestStep(const QDir& folder) {
    qint64 best = -1;
    QString bestPath;
    for (const QFileInfo& entry : folder.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const qint64 step = stepOfName(entry.fileName());
        if (step > best && QFileInfo::exists(QDir(entry.absoluteFilePath()).filePath(kConfig))) {
            best = step;
            bestPath = entry.absoluteFilePath();
        }
    }
    if (best < 0) return std::nullopt;
    return bestPath;
}

QJsonObject readObject(const QString& file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) throw InputError(file.toStdString(), 0, "cannot be read");
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(in.read(4 << 20), &error);
    if (error.error != QJsonParseError::NoError)
        throw InputError(file.toStdString(), 0, "not valid JSON: " + error.errorString().toStdString());
    if (!document.isObject()) throw InputError(file.toStdString(), 0, "not a JSON object");
    return document.object();
}

qint64 integer(const QJsonObject& object, const char* key, const QString& file) {
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isDouble()) throw InputError(file.toStdString(), 0, std::string("member '") + key + "' missing or not a number");
    return static_cast<qint64>(value.toDouble());
}

}  // namespace

QString CheckpointInfo::summary() const {
    QStringList parts;
    if (step >= 0) parts << QCoreApplication::translate("CheckpointInfo", "step %1").arg(step);
    parts << QCoreApplication::translate("CheckpointInfo", "%n layer(s)", nullptr, int(layers));
    parts << QCoreApplication::translate("CheckpointInfo", "%n head(s)", nullptr, int(heads));
    parts << QCoreApplication::translate("CheckpointInfo", "hidden %1").arg(hiddenSize);
    parts << QCoreApplication::translate("CheckpointInfo", "vocabulary %1").arg(vocabSize);
    parts << QCoreApplication::translate("CheckpointInfo", "context %1").arg(context);
    return parts.join(QStringLiteral(" \u00b7 "));
}

std::optional<QString> resolveCheckpointDirectory(const QString& path) {
    const QFileInfo info(path);
    if (!info.isDir()) return std::nullopt;
    const QDir dir(info.absoluteFilePath());
    if (QFileInfo::exists(dir.filePath(kConfig))) return dir.absolutePath();
    if (const auto step = newestStep(dir)) return step;
    const QDir checkpoints(dir.filePath(QStringLiteral("checkpoints")));
    if (checkpoints.exists()) return newestStep(checkpoints);
    return std::nullopt;
}

bool isCheckpointPath(const QString& path) { return resolveCheckpointDirectory(path).has_value(); }

CheckpointInfo readCheckpointInfo(const QString& path) {
    CheckpointInfo info;
    info.path = path;
    const std::optional<QString> directory = resolveCheckpointDirectory(path);
    if (!directory)
        throw InputError(path.toStdString(), 0,
                         "not a checkpoint: expected a step_N directory with config.json, a checkpoints/ folder "
                         "or a run directory");
    info.directory = *directory;
    const QDir dir(*directory);
    const QString configFile = dir.filePath(kConfig);
    const QJsonObject config = readObject(configFile);
    info.vocabSize = integer(config, "vocab_size", configFile);
    info.hiddenSize = integer(config, "hidden_size", configFile);
    info.layers = integer(config, "num_hidden_layers", configFile);
    info.heads = integer(config, "num_attention_heads", configFile);
    info.context = integer(config, "max_position_embeddings", configFile);
    info.step = stepOfName(QFileInfo(*directory).fileName());
    if (QFileInfo::exists(dir.filePath(kState))) {
        try {
            const QJsonObject state = readObject(dir.filePath(kState));
            if (state.value(QLatin1String("step")).isDouble())
                info.step = static_cast<qint64>(state.value(QLatin1String("step")).toDouble());
        } catch (const InputError&) {
            // The step from the directory name stands; the engine reports a broken state file.
        }
    }
    info.hasTokenizer = QFileInfo::exists(dir.filePath(kTokenizer));
    return info;
}

}  // namespace maskscope::ui
