// A run directory: everything one training run writes.
//
//   run.json                 what the run trained on and with (the manifest below)
//   metrics.jsonl            one row per step (core/metrics_log.h), eval rows marked "eval": true
//   events.out.tfevents.*    the same scalars for TensorBoard ("train/<key>", "eval/<key>"); a
//                            resumed session adds a new event file
//   probes/step_NNNNNN.safetensors   attention probes (gpu/attention_probe.h)
//   masks/step_N.jsonl       the masks trained on at step N, when asked for (--dump-masks)
//   checkpoints/step_N/      checkpoints (gpu/checkpoint.h)
//
// run.json (format "maskscope-run", version 1) holds the full resolved configuration, the model
// config, and XXH3-64 hashes of the corpus, tokenizer and annotation files, so every run records
// exactly what it trained on; a resumed run refuses to continue on changed inputs.
//
// Torch-free.
#pragma once

#include "model_config.h"
#include "core/train_config.h"

#include "core/metrics_log.h"
#include "core/tensorboard_events.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace maskscope {

inline constexpr int kRunManifestFormatVersion = 1;
inline constexpr const char* kRunManifestFile = "run.json";
inline constexpr const char* kMetricsFile = "metrics.jsonl";
inline constexpr const char* kCheckpointsDir = "checkpoints";
inline constexpr const char* kProbesDir = "probes";
inline constexpr const char* kMaskDumpsDir = "masks";

struct InputFile {
    std::string path;  // absolute
    std::uint64_t hash = 0;  // XXH3-64 of the contents
};

struct RunManifest {
    TrainConfig config;  // paths absolute
    ModelConfig model;
    InputFile corpus;
    InputFile tokenizer;
    std::optional<InputFile> annotations;
    std::uint64_t trainRecords = 0;
    std::uint64_t evalRecords = 0;
    std::string created;      // UTC, ISO 8601
    std::string torchVersion;
};

// Hashes a file for the manifest (InputError when it cannot be read).
InputFile describeInputFile(const std::string& path);

std::string runManifestToJson(const RunManifest& manifest);
RunManifest runManifestFromJson(std::string_view text, const std::string& source);
// Writes RUNDIR/run.json atomically.
void writeRunManifest(const std::string& runDir, const RunManifest& manifest);
RunManifest readRunManifest(const std::string& runDir);
// Throws InputError naming the file when an input's contents differ from the manifest's hash
// ("corpus.jsonl changed since the run started (XXH3 ... now, ... in run.json)").
void requireInputsUnchanged(const RunManifest& manifest);

// Prepares a directory for a new run: creates it, or accepts an existing empty one. A launcher's
// files count as empty: "trainer.*" files (pid, logs, exit record) and a run.json that is only a
// launch request ({"format": "maskscope-launch", "config": ...}, see ui/run_launcher.h), which
// the trainer then replaces. Throws UsageError when it already holds a run (run.json) or other files.
void prepareNewRunDirectory(const std::string& runDir);

// metrics.jsonl and the TensorBoard event file of one training session.
class RunLog {
public:
    // Opens (appends to) RUNDIR/metrics.jsonl and starts a new event file in RUNDIR.
    explicit RunLog(const std::string& runDir);
    ~RunLog();
    RunLog(const RunLog&) = delete;
    RunLog& operator=(const RunLog&) = delete;

    // One metrics row and the same values as TensorBoard scalars "train/<key>" or "eval/<key>";
    // the event file is flushed at once so a live viewer sees every step.
    void append(std::int64_t step, bool eval, const std::map<std::string, double>& values, double wallTime);
    // A TensorBoard scalar that is not a metrics column (e.g. a probe statistic).
    void scalar(const std::string& tag, std::int64_t step, double value, double wallTime);

private:
    MetricsLogWriter m_metrics;
    std::unique_ptr<TensorBoardWriter> m_events;
};

// Drops the rows of steps after `lastStep` from a metrics file (a resumed run repeats those
// steps), rewriting it atomically; a missing file is left missing.
void truncateMetricsAfter(const std::string& metricsPath, std::uint64_t lastStep);

}  // namespace maskscope
