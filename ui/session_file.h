// The session file: which corpus, tokenizer and annotations were open, the inspection settings and
// the current record, so that MaskScope reopens where the user left off.
//
// JSON (UTF-8), one object:
//   {"format": "maskscope-session", "version": 1,
//    "corpus": "/abs/path.jsonl", "tokenizer": "/abs/demo.model", "annotations": "",
//    "record": 12, "step": 0, "display": "logical" | "syntactic" | "side-by-side",
//    "settings": {"density": "rules:code",
//                 "hubs": {"rule": "threshold" | "top-fraction", "value": 0.5, "gap": 1, "min_span": 1},
//                 "policy": {"mode": "complementary", "weighting": "binary" | "soft", "w": 2,
//                            "t_min": 0.3, "t_max": 0.8, "processed": 1, "seed": 0},
//                 "block_size": 32},
//    "checkpoint": "/abs/run/checkpoints/step_200",
//    "model_density": {"sources": ["model:surprisal"], "k": 4, "t": 0, "device": "cpu", "blend": ""}}
// Empty paths mean "not open". Relative paths are resolved against the session file's folder.
// Members missing from "settings" keep their defaults; unknown members are ignored so that a newer
// minor addition does not break an older reader, but another "version" is refused. MaskScope writes
// the file atomically (core/atomic_file.h).
#pragma once

#include "ui/density_tracks.h"
#include "ui/ui_types.h"

#include <QtCore/QByteArray>
#include <QtCore/QJsonObject>
#include <QtCore/QString>

#include <cstdint>

namespace maskscope::ui {

inline constexpr int kSessionFormatVersion = 1;

struct Session {
    QString corpus;
    QString tokenizer;
    QString annotations;
    InspectionSettings settings;
    std::uint32_t step = 0;
    qint64 record = 0;
    SampleDisplay display = SampleDisplay::Logical;
    ModelDensitySettings model;  // the checkpoint (model.checkpoint) and the model density tracks
};

QJsonObject settingsToJson(const InspectionSettings& settings);
// Throws InputError (file `source`, line 0) naming the member that has a wrong type or value.
InspectionSettings settingsFromJson(const QJsonObject& json, const QString& source);

QByteArray serializeSession(const Session& session);
// Throws InputError naming `path` and the problem.
Session parseSession(const QByteArray& bytes, const QString& path);

// Throw InputError with the file name and the reason.
Session loadSession(const QString& path);
void saveSession(const Session& session, const QString& path);

}  // namespace maskscope::ui
