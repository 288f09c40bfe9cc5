// What the desktop app knows about a checkpoint without loading it: the step_N directory a path
// names and the model's shape, read from its config.json and trainer_state.json with Qt's JSON
// reader (no engine involved). The engine loads the weights later, on a worker thread, when a
// model density source is created.
//
// A path names a checkpoint when it is
//   a step_N directory (it holds config.json),
//   a checkpoints/ folder (its newest step_N), or
//   a run directory (the newest step_N of its checkpoints/ folder),
// the same rule as the engine's ModelDensityScorer.
#pragma once

#include <QtCore/QString>

#include <optional>

namespace maskscope::ui {

struct CheckpointInfo {
    QString path;       // as given
    QString directory;  // the step_N directory it resolves to
    qint64 step = -1;   // from trainer_state.json ("step"), else from the directory name; -1 unknown
    qint64 vocabSize = 0;
    qint64 hiddenSize = 0;
    qint64 layers = 0;
    qint64 heads = 0;
    qint64 context = 0;  // max_position_embeddings
    bool hasTokenizer = false;  // tokenizer.model beside the weights

    // One line for the panel: "step 2 · 2 layers · 4 heads · hidden 64 · vocab 1000 · context 512".
    QString summary() const;
};

// The step_N directory `path` resolves to, or nothing when it names no checkpoint.
std::optional<QString> resolveCheckpointDirectory(const QString& path);

// True when `path` is a directory that resolves to a checkpoint.
bool isCheckpointPath(const QString& path);

// Reads the checkpoint `path` names. Throws InputError naming the file and the problem (no
// checkpoint there, a config.json that is not JSON or lacks a member).
CheckpointInfo readCheckpointInfo(const QString& path);

}  // namespace maskscope::ui
