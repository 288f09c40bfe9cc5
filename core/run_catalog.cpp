#include "run_catalog.h"

#include "error.h"
#include "metrics_log.h"
#include "tensorboard_events.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include <signal.h>
#include <sys/stat.h>

namespace maskscope {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

constexpr const char* kManifestFile = "run.json";
constexpr const char* kMetricsFile = "metrics.jsonl";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool isEventFileName(const std::string& name) { return name.find(".tfevents.") != std::string::npos; }

bool startsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// Keys that come from a metrics file (and are the duplicated tags of a MaskScope run's events).
bool isMetricsKey(const std::string& key) { return startsWith(key, "train/") || startsWith(key, "eval/"); }

// Event files directly in `directory`, oldest first: by the creation seconds in the name
// (events.out.tfevents.<seconds>.<host>...), then by name.
std::vector<std::string> eventFilesIn(const fs::path& directory) {
    std::vector<std::pair<long long, std::string>> found;
    std::error_code error;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
        const std::string name = it->path().filename().string();
        if (!isEventFileName(name) || !it->is_regular_file(error)) continue;
        const std::size_t at = name.find(".tfevents.") + 10;
        long long seconds = 0;
        try {
            seconds = std::stoll(name.substr(at));
        } catch (const std::exception&) {
        }
        found.emplace_back(seconds, it->path().string());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> paths;
    for (auto& entry : found) paths.push_back(std::move(entry.second));
    return paths;
}

// Modification time in seconds since the epoch and inode of a file; nullopt when it is missing.
struct FileStamp {
    double modified = 0.0;
    ino_t inode = 0;
};

std::optional<FileStamp> stampOf(const std::string& path) {
    struct stat status {};
    if (::stat(path.c_str(), &status) != 0) return std::nullopt;
    return FileStamp{static_cast<double>(status.st_mtim.tv_sec) + 1e-9 * static_cast<double>(status.st_mtim.tv_nsec),
                     status.st_ino};
}

std::string numberText(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

// The masking policy of a run.json "config.masking" object in one line.
std::string policyText(const Json& masking) {
    const auto text = [&](const char* key) {
        const auto it = masking.find(key);
        if (it == masking.end()) return std::string();
        if (it->is_string()) return it->get<std::string>();
        if (it->is_number()) return numberText(it->get<double>());
        return std::string();
    };
    std::string out = text("mode");
    const auto add = [&](const std::string& part) {
        if (part.empty()) return;
        if (!out.empty()) out += ' ';
        out += part;
    };
    add(text("weighting"));
    if (const std::string w = text("w"); !w.empty()) add("w=" + w);
    if (const std::string low = text("t_min"), high = text("t_max"); !low.empty() && !high.empty())
        add(low == high ? "t=" + low : "t=" + low + "-" + high);
    if (const std::string processed = text("processed"); !processed.empty()) add("processed=" + processed);
    if (const std::string density = text("density"); !density.empty()) add("density=" + density);
    return out;
}

std::optional<double> lastOf(const ScalarSeries* series) {
    if (series == nullptr || series->values.empty()) return std::nullopt;
    return series->values.back();
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Discovery

std::optional<RunLocation> classifyRunPath(const std::string& path) {
    std::error_code error;
    const fs::path target(path);
    const fs::file_status status = fs::status(target, error);
    if (error) return std::nullopt;
    if (fs::is_regular_file(status)) {
        if (isEventFileName(target.filename().string())) {
            const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
            return RunLocation{parent.string(), RunKind::TensorBoard};
        }
        return RunLocation{path, RunKind::MetricsJsonl};
    }
    if (!fs::is_directory(status)) return std::nullopt;
    if (fs::is_regular_file(target / kManifestFile, error)) return RunLocation{path, RunKind::MaskScope};
    if (!eventFilesIn(target).empty()) return RunLocation{path, RunKind::TensorBoard};
    if (fs::is_regular_file(target / kMetricsFile, error))
        return RunLocation{(target / kMetricsFile).string(), RunKind::MetricsJsonl};
    return std::nullopt;
}

namespace {

void discoverBelow(const fs::path& directory, int depthLeft, std::vector<RunLocation>& found) {
    if (depthLeft <= 0) return;
    std::error_code error;
    std::vector<fs::path> children;
    for (fs::directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
        std::error_code kindError;
        if (it->is_directory(kindError) && it->path().filename().string().rfind('.', 0) != 0)
            children.push_back(it->path());
    }
    for (const fs::path& child : children) {
        const std::optional<RunLocation> run = classifyRunPath(child.string());
        if (run) found.push_back(*run);
        if (!run || run->kind != RunKind::MaskScope) discoverBelow(child, depthLeft - 1, found);
    }
}

}  // namespace

std::vector<RunLocation> discoverRuns(const std::string& path, int maxDepth) {
    std::error_code error;
    if (!fs::exists(path, error)) throw InputError(path, 0, "no such file or directory");
    std::vector<RunLocation> found;
    const std::optional<RunLocation> self = classifyRunPath(path);
    if (self) found.push_back(*self);
    if (fs::is_directory(path, error) && (!self || self->kind != RunKind::MaskScope))
        discoverBelow(fs::path(path), maxDepth, found);
    std::sort(found.begin(), found.end(), [](const RunLocation& a, const RunLocation& b) { return a.path < b.path; });
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
}

// ---------------------------------------------------------------------------------------------
// Run

struct Run::Sources {
    std::optional<MetricsLogReader> metrics;
    ino_t metricsInode = 0;
    struct EventSource {
        TensorBoardEventReader reader;
        bool broken = false;
    };
    std::map<std::string, EventSource> events;  // by path
    double manifestModified = -1.0;
};

Run::Run(RunLocation location, RunOptions options)
    : m_location(std::move(location)), m_options(options), m_sources(std::make_unique<Sources>()) {}
Run::~Run() = default;
Run::Run(Run&&) noexcept = default;
Run& Run::operator=(Run&&) noexcept = default;

std::string Run::name() const {
    const fs::path path(m_location.path);
    if (m_location.kind == RunKind::MetricsJsonl && path.filename() == kMetricsFile && path.has_parent_path())
        return path.parent_path().filename().string();
    const std::string name = path.filename().string();
    return name.empty() ? path.parent_path().filename().string() : name;
}

std::vector<std::string> Run::keys() const {
    std::vector<std::string> keys;
    keys.reserve(m_series.size());
    for (const auto& entry : m_series) keys.push_back(entry.first);
    return keys;
}

const ScalarSeries* Run::series(const std::string& key) const {
    const auto it = m_series.find(key);
    return it == m_series.end() ? nullptr : &it->second;
}

void Run::addPoint(const std::string& key, std::int64_t step, double wallTime, double value) {
    ScalarSeries& series = m_series[key];
    if (!series.steps.empty() && step < series.steps.back()) {
        // A restarted writer repeats steps: the new point replaces everything from its step on.
        const auto from = std::lower_bound(series.steps.begin(), series.steps.end(), step);
        const auto keep = static_cast<std::size_t>(from - series.steps.begin());
        series.steps.resize(keep);
        series.wallTimes.resize(keep);
        series.values.resize(keep);
    }
    series.steps.push_back(step);
    series.wallTimes.push_back(wallTime);
    series.values.push_back(value);
}

void Run::resetSeries() {
    for (auto it = m_series.begin(); it != m_series.end();)
        it = isMetricsKey(it->first) ? m_series.erase(it) : std::next(it);
}

void Run::readManifest(std::vector<RunWarning>& warnings) {
    const std::string path = (fs::path(m_location.path) / kManifestFile).string();
    const std::optional<FileStamp> stamp = stampOf(path);
    if (!stamp || stamp->modified == m_sources->manifestModified) return;
    m_sources->manifestModified = stamp->modified;
    m_lastModified = std::max(m_lastModified, stamp->modified);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    RunManifestInfo info;
    try {
        const Json root = Json::parse(text.str());
        if (!root.is_object()) throw std::runtime_error("not a JSON object");
        info.created = root.value("created", std::string());
        const auto config = root.find("config");
        if (config != root.end() && config->is_object()) {
            if (const auto steps = config->find("steps"); steps != config->end() && steps->is_number_integer())
                info.targetSteps = steps->get<std::int64_t>();
            if (const auto preset = config->find("preset"); preset != config->end() && preset->is_string())
                info.preset = preset->get<std::string>();
            if (const auto masking = config->find("masking"); masking != config->end() && masking->is_object())
                info.policy = policyText(*masking);
        }
    } catch (const std::exception& error) {
        // run.json is written atomically, so a bad one stays bad: report it, keep the metrics.
        warnings.push_back({path, 0, std::string("cannot read the run manifest: ") + error.what()});
    }
    m_manifest = std::move(info);
}

bool Run::readMetrics(std::vector<RunWarning>& warnings) {
    const std::string path = m_location.kind == RunKind::MetricsJsonl
                                 ? m_location.path
                                 : (fs::path(m_location.path) / kMetricsFile).string();
    const std::optional<FileStamp> stamp = stampOf(path);
    bool changed = false;
    if (m_sources->metrics && stamp && stamp->inode != m_sources->metricsInode && m_sources->metrics->offset() > 0) {
        // Replaced (a resumed run rewrites metrics.jsonl without its repeated steps): start over.
        m_sources->metrics.reset();
        resetSeries();
        changed = true;
    }
    if (!m_sources->metrics) m_sources->metrics.emplace(path);
    if (stamp) {
        m_sources->metricsInode = stamp->inode;
        m_lastModified = std::max(m_lastModified, stamp->modified);
    }

    MetricsReadResult result;
    try {
        result = m_sources->metrics->readNew();
    } catch (const InputError&) {
        // Shortened in place, or unreadable: read it again from the start once.
        m_sources->metrics.emplace(path);
        resetSeries();
        changed = true;
        try {
            result = m_sources->metrics->readNew();
        } catch (const InputError& again) {
            warnings.push_back({path, 0, again.reason()});
            return changed;
        }
    }
    for (const MetricsWarning& warning : result.warnings) warnings.push_back({path, warning.line, warning.reason});
    for (const MetricsRow& row : result.rows) {
        const char* prefix = row.eval ? "eval/" : "train/";
        for (const auto& [key, value] : row.values) addPoint(prefix + key, row.step, row.wallTime, value);
    }
    return changed || !result.rows.empty();
}

bool Run::readEvents(std::vector<RunWarning>& warnings) {
    const bool skipMetricsTags = m_location.kind == RunKind::MaskScope;
    bool changed = false;
    for (const std::string& path : eventFilesIn(m_location.path)) {
        auto it = m_sources->events.find(path);
        if (it == m_sources->events.end())
            it = m_sources->events.emplace(path, Sources::EventSource{TensorBoardEventReader(path), false}).first;
        Sources::EventSource& source = it->second;
        if (source.broken) continue;
        if (const std::optional<FileStamp> stamp = stampOf(path))
            m_lastModified = std::max(m_lastModified, stamp->modified);
        // The reader hands out the scalars in front of a corrupt record first and throws on the
        // next call, so it is asked again until it has nothing more: the corruption is reported
        // in the same refresh.
        for (bool more = true; more;) {
            std::vector<ScalarEvent> scalars;
            try {
                scalars = source.reader.readNew();
            } catch (const InputError& error) {
                // The reader never moves past a corrupt record; say so once and leave the file.
                source.broken = true;
                warnings.push_back({path, 0, error.reason()});
                break;
            }
            more = !scalars.empty();
            for (const ScalarEvent& scalar : scalars) {
                if (skipMetricsTags && isMetricsKey(scalar.tag)) continue;
                addPoint(scalar.tag, scalar.step, scalar.wallTime, scalar.value);
                changed = true;
            }
        }
    }
    return changed;
}

std::vector<RunWarning> Run::refresh(bool* changed) {
    std::error_code error;
    if (!fs::exists(m_location.path, error)) throw InputError(m_location.path, 0, "the run is gone");
    std::vector<RunWarning> warnings;
    bool grew = false;
    switch (m_location.kind) {
    case RunKind::MaskScope:
        readManifest(warnings);
        grew = readMetrics(warnings);
        grew = readEvents(warnings) || grew;
        break;
    case RunKind::TensorBoard: grew = readEvents(warnings); break;
    case RunKind::MetricsJsonl: grew = readMetrics(warnings); break;
    }
    if (changed != nullptr) *changed = grew;
    return warnings;
}

std::vector<double> Run::xValues(const std::string& key, SeriesAxis axis) const {
    const ScalarSeries* points = series(key);
    if (points == nullptr) return {};
    std::vector<double> x(points->size());
    switch (axis) {
    case SeriesAxis::Step:
        for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(points->steps[i]);
        break;
    case SeriesAxis::WallTime: x = points->wallTimes; break;
    case SeriesAxis::RelativeTime: {
        double start = std::numeric_limits<double>::infinity();
        for (const auto& entry : m_series)
            for (const double wall : entry.second.wallTimes)
                if (wall > 0.0) start = std::min(start, wall);
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = std::isfinite(start) && points->wallTimes[i] > 0.0 ? points->wallTimes[i] - start : kNaN;
        break;
    }
    case SeriesAxis::Tokens: {
        const ScalarSeries* tokens = series("train/tokens");
        if (tokens == nullptr) tokens = series("tokens");
        for (std::size_t i = 0; i < x.size(); ++i) {
            // The token count of the last training point at or before this step.
            if (tokens == nullptr) {
                x[i] = kNaN;
                continue;
            }
            const auto at = std::upper_bound(tokens->steps.begin(), tokens->steps.end(), points->steps[i]);
            x[i] = at == tokens->steps.begin() ? kNaN : tokens->values[static_cast<std::size_t>(at - tokens->steps.begin()) - 1];
        }
        break;
    }
    }
    return x;
}

std::string Run::lossKey() const {
    if (m_series.count("train/loss")) return "train/loss";
    if (m_series.count("loss")) return "loss";
    for (const auto& entry : m_series)
        if (entry.first.find("loss") != std::string::npos) return entry.first;
    return {};
}

RunSummary Run::summary() const {
    RunSummary summary;
    const std::string loss = lossKey();
    const ScalarSeries* lossSeries = loss.empty() ? nullptr : series(loss);
    if (lossSeries != nullptr && !lossSeries->steps.empty()) {
        summary.step = lossSeries->steps.back();
        summary.lastLoss = lossSeries->values.back();
        for (const double value : lossSeries->values)
            if (std::isfinite(value) && (!summary.minLoss || value < *summary.minLoss)) summary.minLoss = value;
    } else {
        for (const auto& entry : m_series)
            if (!entry.second.steps.empty() && (!summary.step || entry.second.steps.back() > *summary.step))
                summary.step = entry.second.steps.back();
    }
    summary.tokens = lastOf(series("train/tokens"));
    if (!summary.tokens) summary.tokens = lastOf(series("tokens"));
    summary.tokensPerSecond = lastOf(series("train/tokens_per_s"));
    if (!summary.tokensPerSecond) summary.tokensPerSecond = lastOf(series("tokens_per_s"));
    return summary;
}

bool Run::trainerProcessAlive() const {
    if (m_location.kind == RunKind::MetricsJsonl) return false;
    std::ifstream in(fs::path(m_location.path) / kPidFile);
    long long pid = 0;
    if (!(in >> pid) || pid <= 0 || pid > std::numeric_limits<pid_t>::max()) return false;
    // Signal 0 checks that the process exists; EPERM means it does but belongs to someone else.
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

RunStatus Run::status(double nowSeconds) const {
    if (trainerProcessAlive()) return RunStatus::Running;
    const RunSummary figures = summary();
    if (m_manifest.targetSteps && figures.step && *figures.step >= *m_manifest.targetSteps) return RunStatus::Finished;
    if (m_lastModified > 0.0 && nowSeconds - m_lastModified <= m_options.activeWindowSeconds) return RunStatus::Running;
    if (m_series.empty()) return RunStatus::Empty;
    return m_location.kind == RunKind::MaskScope ? RunStatus::Stopped : RunStatus::Idle;
}

const char* toString(RunStatus status) {
    switch (status) {
    case RunStatus::Empty: return "empty";
    case RunStatus::Running: return "running";
    case RunStatus::Finished: return "finished";
    case RunStatus::Stopped: return "stopped";
    case RunStatus::Idle: return "idle";
    }
    return "unknown";
}

const char* toString(RunKind kind) {
    switch (kind) {
    case RunKind::MaskScope: return "maskscope";
    case RunKind::TensorBoard: return "tensorboard";
    case RunKind::MetricsJsonl: return "jsonl";
    }
    return "unknown";
}

}  // namespace maskscope
