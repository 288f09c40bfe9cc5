// Training runs as the app's run monitor sees them: found in a directory, read whole once and then
// tailed while they grow, turned into one scalar series per key.
//
// Three kinds of run are read:
// - A MaskScope run directory (run.json present; README "Training"). Series come from
//   metrics.jsonl: a training row's values become "train/<key>", an eval row's "eval/<key>" (the
//   same names as the run's TensorBoard tags). The event files of the directory repeat those and
//   are read only for their other tags (e.g. "probe/attention_to_hubs"). run.json gives the target
//   step count and the masking policy.
// - A TensorBoard log directory: the event files directly inside it (every session of a resumed
//   run adds one), read in the order of their creation time, scalars by tag as written.
// - A JSONL metrics file (core/metrics_log.h), named directly: keys as for a MaskScope run.
//
// Series stay sorted by step. A point whose step is lower than the last step of its series
// replaces the points from that step on (a resumed run repeats the steps after its checkpoint;
// TensorBoard discards such orphaned points too); equal steps are kept side by side.
//
// Nothing here is thread-safe: a Run belongs to one thread at a time (the app refreshes runs on a
// worker thread and hands copies of what a chart needs to the GUI thread).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace maskscope {

enum class RunKind { MaskScope, TensorBoard, MetricsJsonl };

struct RunLocation {
    std::string path;  // the run directory, or the JSONL file
    RunKind kind = RunKind::MaskScope;

    friend bool operator==(const RunLocation&, const RunLocation&) = default;
};

// What `path` holds, if it is a run: a directory with run.json is a MaskScope run; one with event
// files ("*.tfevents.*") directly inside a TensorBoard run; one with only metrics.jsonl a JSONL run
// of that file; a regular file a JSONL run (event files named directly count as their directory).
std::optional<RunLocation> classifyRunPath(const std::string& path);

// Every run at or below `path`: `path` itself when it is a run, and runs in its subdirectories
// down to `maxDepth` levels (a MaskScope run's own subdirectories are not searched; hidden
// directories are skipped), sorted by path. Unreadable directories are skipped. Throws InputError
// when `path` does not exist.
std::vector<RunLocation> discoverRuns(const std::string& path, int maxDepth = 3);

// One scalar series; the three vectors have the same length.
struct ScalarSeries {
    std::vector<std::int64_t> steps;
    std::vector<double> wallTimes;  // seconds since the Unix epoch (0 when the writer gave none)
    std::vector<double> values;     // NaN and +-inf kept

    std::size_t size() const { return values.size(); }
};

enum class SeriesAxis {
    Step,
    Tokens,        // training tokens seen at the point's step ("train/tokens", else "tokens")
    WallTime,      // seconds since the Unix epoch
    RelativeTime,  // seconds since the run's first point
};

enum class RunStatus {
    Empty,     // no point yet, and no sign of a live trainer
    Running,   // see Run::status()
    Finished,  // reached the step count of run.json
    Stopped,   // a MaskScope run short of its step count, no longer written to
    Idle,      // a run of another tool (no known step count), no longer written to
};

// What run.json says (MaskScope runs only; empty otherwise).
struct RunManifestInfo {
    std::optional<std::int64_t> targetSteps;
    std::string preset;
    std::string policy;  // "complementary binary w=0.5 t=0.2-0.8 processed=1 density=rules-code"
    std::string created;
};

// The figures of the runs table.
struct RunSummary {
    std::optional<std::int64_t> step;  // last step of the loss series (else of any series)
    std::optional<double> tokens;      // last training-token count
    std::optional<double> lastLoss;    // last value of lossKey() (may be NaN)
    std::optional<double> minLoss;     // lowest finite value of lossKey()
    std::optional<double> tokensPerSecond;  // last "train/tokens_per_s" (or "tokens_per_s")
};

// A problem met while reading; reading goes on past it.
struct RunWarning {
    std::string file;
    std::uint64_t line = 0;  // 1-based line of a metrics file, 0 otherwise
    std::string reason;
};

struct RunOptions {
    // A run whose files changed within this many seconds counts as running.
    double activeWindowSeconds = 60.0;
};

class Run {
public:
    // The file a launcher writes into a run directory it started: the trainer's process id in
    // decimal. While that process lives, the run counts as running.
    static constexpr const char* kPidFile = "trainer.pid";

    explicit Run(RunLocation location, RunOptions options = {});
    ~Run();
    Run(Run&&) noexcept;
    Run& operator=(Run&&) noexcept;
    Run(const Run&) = delete;
    Run& operator=(const Run&) = delete;

    // Reads what was appended since the previous call (everything on the first) and returns the
    // problems met on the way; returns true in `changed` when any series grew or was reset. A
    // metrics file that was replaced (a resumed run rewrites it without the repeated steps) or
    // shortened is read again from its start. A corrupt event record is reported once and ends
    // the reading of that file. Throws InputError only when the run's path itself is gone.
    std::vector<RunWarning> refresh(bool* changed = nullptr);

    const RunLocation& location() const { return m_location; }
    // The directory's (or file's) name, for tables and legends.
    std::string name() const;
    const RunManifestInfo& manifest() const { return m_manifest; }

    // Keys in sorted order, and a series by key (nullptr when there is none).
    std::vector<std::string> keys() const;
    const ScalarSeries* series(const std::string& key) const;
    const std::map<std::string, ScalarSeries>& allSeries() const { return m_series; }

    // The x value of every point of `key` on `axis` (NaN where unknown, e.g. tokens before the
    // first token count); empty when there is no such series.
    std::vector<double> xValues(const std::string& key, SeriesAxis axis) const;

    // "train/loss" when present, else "loss", else the first key (sorted) containing "loss",
    // else empty.
    std::string lossKey() const;
    RunSummary summary() const;

    // Running when the pid file names a live process, or (unless the run reached its step count)
    // when a data file (metrics.jsonl, an event file, run.json) was modified within
    // activeWindowSeconds before `nowSeconds` (seconds since the Unix epoch). Otherwise Finished,
    // Empty, Stopped or Idle as described at RunStatus. A stale pid file whose number a new
    // process has taken reads as running; the launcher removes it when its child ends.
    RunStatus status(double nowSeconds) const;

    // The newest modification time of the run's data files seen by refresh() (seconds since the
    // Unix epoch; 0 before the first refresh).
    double lastModified() const { return m_lastModified; }

private:
    struct Sources;

    void addPoint(const std::string& key, std::int64_t step, double wallTime, double value);
    void resetSeries();
    void readManifest(std::vector<RunWarning>& warnings);
    bool readMetrics(std::vector<RunWarning>& warnings);
    bool readEvents(std::vector<RunWarning>& warnings);
    bool trainerProcessAlive() const;

    RunLocation m_location;
    RunOptions m_options;
    RunManifestInfo m_manifest;
    std::map<std::string, ScalarSeries> m_series;
    std::unique_ptr<Sources> m_sources;
    double m_lastModified = 0.0;
};

const char* toString(RunStatus status);
const char* toString(RunKind kind);

}  // namespace maskscope
