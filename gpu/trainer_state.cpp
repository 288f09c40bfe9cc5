#include "trainer_state.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace maskscope {
namespace {

using Json = nlohmann::json;

constexpr const char* kFormat = "maskscope-trainer-state";

std::uint64_t readCount(const Json& root, const char* field, const std::string& source) {
    const auto it = root.find(field);
    if (it == root.end()) throw InputError(source, 0, std::string("field '") + field + "' missing");
    if (!it->is_number_unsigned())
        throw InputError(source, 0, std::string("field '") + field + "' must be a non-negative integer, found " + it->dump());
    return it->get<std::uint64_t>();
}

}  // namespace

std::string trainerStateToJson(const TrainerState& state) {
    nlohmann::ordered_json out;
    out["format"] = kFormat;
    out["version"] = kTrainerStateFormatVersion;
    out["step"] = state.step;
    out["tokens"] = state.tokens;
    out["records_seen"] = state.recordsSeen;
    out["epoch"] = state.epoch;
    out["epoch_position"] = state.epochPosition;
    out["best_eval_loss"] = state.bestEvalLoss ? Json(*state.bestEvalLoss) : Json(nullptr);
    out["best_eval_step"] = state.bestEvalStep;
    out["wall_seconds"] = state.wallSeconds;
    out["world_size"] = state.worldSize;
    return out.dump(2) + "\n";
}

TrainerState trainerStateFromJson(std::string_view text, const std::string& source) {
    Json root;
    try {
        root = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& error) {
        throw InputError(source, 0, std::string("not valid JSON: ") + error.what());
    }
    if (!root.is_object()) throw InputError(source, 0, "the trainer state must be a JSON object");
    if (root.value("format", std::string()) != kFormat)
        throw InputError(source, 0, std::string("field 'format' must be \"") + kFormat + "\"");
    if (!root.contains("version") || !root["version"].is_number_integer() ||
        root["version"].get<std::int64_t>() != kTrainerStateFormatVersion)
        throw InputError(source, 0, "field 'version' must be " + std::to_string(kTrainerStateFormatVersion));
    TrainerState state;
    state.step = readCount(root, "step", source);
    state.tokens = readCount(root, "tokens", source);
    state.recordsSeen = readCount(root, "records_seen", source);
    state.epoch = readCount(root, "epoch", source);
    state.epochPosition = readCount(root, "epoch_position", source);
    state.bestEvalStep = readCount(root, "best_eval_step", source);
    if (const auto best = root.find("best_eval_loss"); best != root.end() && !best->is_null()) {
        if (!best->is_number()) throw InputError(source, 0, "field 'best_eval_loss' must be a number or null");
        state.bestEvalLoss = best->get<double>();
    }
    if (const auto wall = root.find("wall_seconds"); wall != root.end()) {
        if (!wall->is_number()) throw InputError(source, 0, "field 'wall_seconds' must be a number");
        state.wallSeconds = wall->get<double>();
    }
    state.worldSize = static_cast<std::int64_t>(readCount(root, "world_size", source));
    if (state.worldSize < 1) throw InputError(source, 0, "field 'world_size' must be at least 1");
    return state;
}

TrainerState readTrainerState(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open the trainer state for reading");
    std::ostringstream text;
    text << in.rdbuf();
    return trainerStateFromJson(text.str(), path);
}

}  // namespace maskscope
