#include "run_directory.h"

#include "core/atomic_file.h"
#include "core/content_hash.h"
#include "core/error.h"

#include <nlohmann/json.hpp>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace maskscope {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr const char* kFormat = "maskscope-run";

OrderedJson inputJson(const InputFile& file) {
    OrderedJson out;
    out["path"] = file.path;
    out["xxh3"] = hashToHex(file.hash);
    return out;
}

InputFile inputFromJson(const Json& value, const std::string& field, const std::string& source) {
    if (!value.is_object() || !value.contains("path") || !value["path"].is_string() || !value.contains("xxh3") ||
        !value["xxh3"].is_string())
        throw InputError(source, 0, "field 'inputs." + field + "' must be an object with \"path\" and \"xxh3\"");
    InputFile file;
    file.path = value["path"].get<std::string>();
    if (!hashFromHex(value["xxh3"].get<std::string>(), file.hash))
        throw InputError(source, 0, "field 'inputs." + field + ".xxh3' must be 16 hex digits");
    return file;
}

std::string utcNow() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

std::string readText(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, std::string("cannot open ") + what + " for reading");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) throw InputError(path, 0, "read error");
    return text.str();
}

// A run.json that the desktop app wrote before starting the trainer in its directory (ui/run_launcher.h):
// {"format": "maskscope-launch", "config": {...}}. The trainer replaces it with the run's manifest.
bool isLaunchRequest(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const Json root = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    return root.is_object() && root.value("format", std::string()) == "maskscope-launch";
}

// What a launcher may put into a new run directory before the trainer starts in it: its own
// "trainer.*" files (process id, logs, exit record) and a launch request as run.json.
bool isLauncherFile(const fs::path& path) {
    std::error_code error;
    const std::string name = path.filename().string();
    if (name == kRunManifestFile) return isLaunchRequest(path);
    return name.rfind("trainer.", 0) == 0 && fs::is_regular_file(path, error);
}

}  // namespace

InputFile describeInputFile(const std::string& path) {
    std::error_code error;
    const fs::path absolute = fs::absolute(path, error);
    InputFile file;
    file.path = error ? path : absolute.lexically_normal().string();
    file.hash = hashFile(path);
    return file;
}

std::string runManifestToJson(const RunManifest& manifest) {
    OrderedJson out;
    out["format"] = kFormat;
    out["version"] = kRunManifestFormatVersion;
    out["created"] = manifest.created.empty() ? utcNow() : manifest.created;
    out["torch_version"] = manifest.torchVersion;
    out["config"] = OrderedJson::parse(trainConfigToJson(manifest.config));
    out["model"] = OrderedJson::parse(modelConfigToJson(manifest.model));
    OrderedJson inputs;
    inputs["corpus"] = inputJson(manifest.corpus);
    inputs["tokenizer"] = inputJson(manifest.tokenizer);
    inputs["annotations"] = manifest.annotations ? inputJson(*manifest.annotations) : OrderedJson(nullptr);
    out["inputs"] = std::move(inputs);
    out["records"] = {{"train", manifest.trainRecords}, {"eval", manifest.evalRecords}};
    return out.dump(2) + "\n";
}

RunManifest runManifestFromJson(std::string_view text, const std::string& source) {
    Json root;
    try {
        root = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& error) {
        throw InputError(source, 0, std::string("not valid JSON: ") + error.what());
    }
    if (!root.is_object() || root.value("format", std::string()) != kFormat)
        throw InputError(source, 0, std::string("not a run manifest (field 'format' must be \"") + kFormat + "\")");
    if (!root.contains("version") || !root["version"].is_number_integer() ||
        root["version"].get<std::int64_t>() != kRunManifestFormatVersion)
        throw InputError(source, 0, "field 'version' must be " + std::to_string(kRunManifestFormatVersion));
    for (const char* field : {"config", "model", "inputs"})
        if (!root.contains(field) || !root[field].is_object())
            throw InputError(source, 0, std::string("field '") + field + "' missing or not an object");

    RunManifest manifest;
    manifest.created = root.value("created", std::string());
    manifest.torchVersion = root.value("torch_version", std::string());
    manifest.config = trainConfigFromJson(root["config"].dump(), source);
    manifest.model = modelConfigFromJson(root["model"].dump(), source + " (field 'model')");
    const Json& inputs = root["inputs"];
    if (!inputs.contains("corpus") || !inputs.contains("tokenizer"))
        throw InputError(source, 0, "field 'inputs' must name the corpus and the tokenizer");
    manifest.corpus = inputFromJson(inputs["corpus"], "corpus", source);
    manifest.tokenizer = inputFromJson(inputs["tokenizer"], "tokenizer", source);
    if (inputs.contains("annotations") && !inputs["annotations"].is_null())
        manifest.annotations = inputFromJson(inputs["annotations"], "annotations", source);
    if (root.contains("records") && root["records"].is_object()) {
        manifest.trainRecords = root["records"].value("train", std::uint64_t{0});
        manifest.evalRecords = root["records"].value("eval", std::uint64_t{0});
    }
    return manifest;
}

void writeRunManifest(const std::string& runDir, const RunManifest& manifest) {
    writeFileAtomically((fs::path(runDir) / kRunManifestFile).string(), runManifestToJson(manifest));
}

RunManifest readRunManifest(const std::string& runDir) {
    const std::string path = (fs::path(runDir) / kRunManifestFile).string();
    std::error_code error;
    if (!fs::exists(path, error)) throw InputError(path, 0, "missing: " + runDir + " is not a MaskScope run directory");
    return runManifestFromJson(readText(path, "the run manifest"), path);
}

void requireInputsUnchanged(const RunManifest& manifest) {
    const auto check = [](const InputFile& recorded, const char* what) {
        const std::uint64_t now = hashFile(recorded.path);
        if (now != recorded.hash)
            throw InputError(recorded.path, 0,
                             std::string("the ") + what + " changed since the run started (XXH3 " + hashToHex(now) +
                                 " now, " + hashToHex(recorded.hash) +
                                 " in run.json); resuming would train on other data");
    };
    check(manifest.corpus, "corpus");
    check(manifest.tokenizer, "tokenizer");
    if (manifest.annotations) check(*manifest.annotations, "annotation file");
}

void prepareNewRunDirectory(const std::string& runDir) {
    std::error_code error;
    const fs::path dir(runDir);
    if (fs::exists(dir / kRunManifestFile, error) && !isLaunchRequest(dir / kRunManifestFile))
        throw UsageError(runDir + " already holds a run; continue it with `maskscope-cli train --resume " + runDir +
                         " --steps N` or choose another --out");
    if (fs::exists(dir, error)) {
        if (!fs::is_directory(dir, error)) throw UsageError("--out " + runDir + " exists and is not a directory");
        for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error))
            if (!isLauncherFile(it->path()))
                throw UsageError("--out " + runDir + " is not empty; choose a new run directory");
    }
    fs::create_directories(dir, error);
    if (error) throw InputError(runDir, 0, "cannot create the run directory: " + error.message());
}

RunLog::RunLog(const std::string& runDir)
    : m_metrics((fs::path(runDir) / kMetricsFile).string()), m_events(std::make_unique<TensorBoardWriter>(runDir)) {}

RunLog::~RunLog() = default;

void RunLog::append(std::int64_t step, bool eval, const std::map<std::string, double>& values, double wallTime) {
    MetricsRow row;
    row.step = step;
    row.eval = eval;
    row.values = values;
    row.wallTime = wallTime;
    m_metrics.append(row);
    std::map<std::string, double> tagged;
    for (const auto& [key, value] : values) tagged[(eval ? "eval/" : "train/") + key] = value;
    m_events->addScalars(step, tagged, wallTime);
    m_events->flush();
}

void RunLog::scalar(const std::string& tag, std::int64_t step, double value, double wallTime) {
    m_events->addScalar(tag, step, value, wallTime);
    m_events->flush();
}

void truncateMetricsAfter(const std::string& metricsPath, std::uint64_t lastStep) {
    std::error_code error;
    if (!fs::exists(metricsPath, error)) return;
    const std::string text = readText(metricsPath, "the metrics log");
    std::string kept;
    bool changed = false;
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t end = text.find('\n', begin);
        const bool complete = end != std::string::npos;
        if (!complete) end = text.size();
        const std::string_view line(text.data() + begin, end - begin);
        MetricsRow row;
        // Rows of later steps go, and so does an unfinished last line (a writer that was killed).
        if (complete && parseMetricsLine(line, row).empty() && row.step >= 0 &&
            static_cast<std::uint64_t>(row.step) <= lastStep) {
            kept.append(line).push_back('\n');
        } else if (complete && !line.empty() && !parseMetricsLine(line, row).empty()) {
            kept.append(line).push_back('\n');  // malformed lines are kept as they were
        } else if (!line.empty()) {
            changed = true;
        }
        begin = end + 1;
    }
    if (changed) writeFileAtomically(metricsPath, kept);
}

}  // namespace maskscope
