#include "ui/session_file.h"

#include "core/atomic_file.h"
#include "core/error.h"
#include "ui/inspection_context.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>

#include <cmath>
#include <limits>
#include <string>

namespace maskscope::ui {

namespace {

const QString kFormat = QStringLiteral("maskscope-session");

[[noreturn]] void fail(const QString& source, const std::string& reason) {
    throw InputError(source.toStdString(), 0, reason);
}

double number(const QJsonObject& json, const char* key, double fallback, const QString& source) {
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined()) return fallback;
    if (!value.isDouble()) fail(source, std::string("session member '") + key + "' is not a number");
    return value.toDouble();
}

std::uint64_t count(const QJsonObject& json, const char* key, std::uint64_t fallback, std::uint64_t max,
                    const QString& source) {
    const double value = number(json, key, static_cast<double>(fallback), source);
    if (!(value >= 0.0) || value != std::floor(value) || value > static_cast<double>(max))
        fail(source, std::string("session member '") + key + "' must be a whole number from 0 to " +
                         std::to_string(max));
    return static_cast<std::uint64_t>(value);
}

QString text(const QJsonObject& json, const char* key, const QString& fallback, const QString& source) {
    const QJsonValue value = json.value(QLatin1String(key));
    if (value.isUndefined() || value.isNull()) return fallback;
    if (!value.isString()) fail(source, std::string("session member '") + key + "' is not a string");
    return value.toString();
}

QString displayName(SampleDisplay display) {
    switch (display) {
    case SampleDisplay::Logical: return QStringLiteral("logical");
    case SampleDisplay::Syntactic: return QStringLiteral("syntactic");
    case SampleDisplay::SideBySide: return QStringLiteral("side-by-side");
    }
    return QStringLiteral("logical");
}

QString resolve(const QString& path, const QString& sessionPath) {
    if (path.isEmpty() || QFileInfo(path).isAbsolute()) return path;
    return QDir::cleanPath(QFileInfo(sessionPath).absoluteDir().filePath(path));
}

}  // namespace

QJsonObject settingsToJson(const InspectionSettings& settings) {
    const HubOptions& hubs = settings.hubs;
    const MaskPolicy& policy = settings.policy;
    QJsonObject hubJson{
        {QStringLiteral("rule"), hubs.rule == HubOptions::Rule::TopFraction ? QStringLiteral("top-fraction")
                                                                              : QStringLiteral("threshold")},
        {QStringLiteral("value"), hubs.value},
        {QStringLiteral("gap"), static_cast<double>(hubs.maxGap)},
        {QStringLiteral("min_span"), static_cast<double>(hubs.minSpan)},
    };
    QJsonObject policyJson{
        {QStringLiteral("mode"), QString::fromUtf8(toString(policy.mode))},
        {QStringLiteral("weighting"),
         policy.weighting == Weighting::Soft ? QStringLiteral("soft") : QStringLiteral("binary")},
        {QStringLiteral("w"), policy.w},
        {QStringLiteral("t_min"), policy.tMin},
        {QStringLiteral("t_max"), policy.tMax},
        {QStringLiteral("processed"), policy.processed},
        {QStringLiteral("seed"), static_cast<double>(policy.seed)},
    };
    return QJsonObject{
        {QStringLiteral("density"), QString::fromStdString(settings.densitySource)},
        {QStringLiteral("hubs"), hubJson},
        {QStringLiteral("policy"), policyJson},
        {QStringLiteral("block_size"), static_cast<double>(settings.blockSize)},
    };
}

InspectionSettings settingsFromJson(const QJsonObject& json, const QString& source) {
    InspectionSettings settings = defaultInspectionSettings();
    settings.densitySource = text(json, "density", QString::fromStdString(settings.densitySource), source).toStdString();
    const QJsonObject hubs = json.value(QStringLiteral("hubs")).toObject();
    const QString rule = text(hubs, "rule", QStringLiteral("threshold"), source);
    if (rule == QLatin1String("threshold")) settings.hubs.rule = HubOptions::Rule::Threshold;
    else if (rule == QLatin1String("top-fraction")) settings.hubs.rule = HubOptions::Rule::TopFraction;
    else fail(source, "session member 'rule' must be threshold or top-fraction");
    settings.hubs.value = number(hubs, "value", settings.hubs.value, source);
    settings.hubs.maxGap = count(hubs, "gap", settings.hubs.maxGap, 1u << 20, source);
    settings.hubs.minSpan = count(hubs, "min_span", settings.hubs.minSpan, 1u << 20, source);

    const QJsonObject policy = json.value(QStringLiteral("policy")).toObject();
    MaskPolicy& p = settings.policy;
    const QString mode = text(policy, "mode", QString::fromUtf8(toString(p.mode)), source);
    const auto parsedMode = parseMaskMode(mode.toStdString());
    if (!parsedMode) fail(source, "session member 'mode' must be complementary, reweighted, hard or uniform");
    p.mode = *parsedMode;
    const QString weighting = text(policy, "weighting", QStringLiteral("binary"), source);
    if (weighting == QLatin1String("binary")) p.weighting = Weighting::Binary;
    else if (weighting == QLatin1String("soft")) p.weighting = Weighting::Soft;
    else fail(source, "session member 'weighting' must be binary or soft");
    p.w = number(policy, "w", p.w, source);
    p.tMin = number(policy, "t_min", p.tMin, source);
    p.tMax = number(policy, "t_max", p.tMax, source);
    p.processed = number(policy, "processed", p.processed, source);
    p.seed = static_cast<std::uint32_t>(count(policy, "seed", p.seed, std::numeric_limits<std::uint32_t>::max(), source));
    settings.blockSize = count(json, "block_size", settings.blockSize, 1u << 20, source);

    const QString problem = InspectionContext::validate(settings);
    if (!problem.isEmpty()) fail(source, "session settings: " + problem.toStdString());
    return settings;
}

QByteArray serializeSession(const Session& session) {
    QJsonObject json{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), kSessionFormatVersion},
        {QStringLiteral("corpus"), session.corpus},
        {QStringLiteral("tokenizer"), session.tokenizer},
        {QStringLiteral("annotations"), session.annotations},
        {QStringLiteral("record"), static_cast<double>(session.record)},
        {QStringLiteral("step"), static_cast<double>(session.step)},
        {QStringLiteral("display"), displayName(session.display)},
        {QStringLiteral("settings"), settingsToJson(session.settings)},
    };
    json.insert(QStringLiteral("checkpoint"), session.model.checkpoint);
    json.insert(QStringLiteral("model_density"),
                QJsonObject{{QStringLiteral("sources"), QJsonArray::fromStringList(session.model.sources)},
                            {QStringLiteral("k"), session.model.k},
                            {QStringLiteral("t"), session.model.t},
                            {QStringLiteral("device"), session.model.device},
                            {QStringLiteral("blend"), session.model.blend}});
    return QJsonDocument(json).toJson(QJsonDocument::Indented);
}

Session parseSession(const QByteArray& bytes, const QString& path) {
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (document.isNull()) fail(path, "not a session file: " + error.errorString().toStdString());
    if (!document.isObject()) fail(path, "not a session file: the top level is not a JSON object");
    const QJsonObject json = document.object();
    if (json.value(QStringLiteral("format")).toString() != kFormat)
        fail(path, "not a session file: \"format\" is not \"maskscope-session\"");
    const QJsonValue version = json.value(QStringLiteral("version"));
    if (!version.isDouble() || version.toDouble() != kSessionFormatVersion)
        fail(path, "unsupported session version " + version.toVariant().toString().toStdString() +
                       " (this MaskScope reads version 1)");
    Session session;
    session.corpus = resolve(text(json, "corpus", {}, path), path);
    session.tokenizer = resolve(text(json, "tokenizer", {}, path), path);
    session.annotations = resolve(text(json, "annotations", {}, path), path);
    session.record = static_cast<qint64>(count(json, "record", 0, std::uint64_t{1} << 52, path));
    session.step = static_cast<std::uint32_t>(count(json, "step", 0, std::numeric_limits<std::uint32_t>::max(), path));
    const QString display = text(json, "display", QStringLiteral("logical"), path);
    if (display == QLatin1String("syntactic")) session.display = SampleDisplay::Syntactic;
    else if (display == QLatin1String("side-by-side")) session.display = SampleDisplay::SideBySide;
    else session.display = SampleDisplay::Logical;
    session.settings = settingsFromJson(json.value(QStringLiteral("settings")).toObject(), path);
    session.model.checkpoint = resolve(text(json, "checkpoint", {}, path), path);
    const QJsonObject model = json.value(QStringLiteral("model_density")).toObject();
    for (const QJsonValue& source : model.value(QStringLiteral("sources")).toArray()) {
        if (!source.isString()) fail(path, "session member 'sources' must list source names");
        session.model.sources << source.toString();
    }
    session.model.k = static_cast<int>(count(model, "k", 4, 1 << 20, path));
    if (session.model.k < 1) fail(path, "session member 'k' must be at least 1");
    session.model.t = number(model, "t", 0.0, path);
    if (!(session.model.t >= 0.0 && session.model.t < 1.0)) fail(path, "session member 't' must lie in [0, 1)");
    session.model.device = text(model, "device", QStringLiteral("cpu"), path);
    session.model.blend = text(model, "blend", {}, path);
    return session;
}

Session loadSession(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        fail(path, "cannot read the session file: " + file.errorString().toStdString());
    return parseSession(file.readAll(), path);
}

void saveSession(const Session& session, const QString& path) {
    const QByteArray bytes = serializeSession(session);
    writeFileAtomically(QFile::encodeName(path).toStdString(), std::string_view(bytes.constData(), bytes.size()));
}

}  // namespace maskscope::ui
