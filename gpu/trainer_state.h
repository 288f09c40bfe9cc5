// trainer_state.json: where a run stands, saved in every checkpoint. There is no random-generator
// state to save: every random choice of a run (masks, t, record order, initialisation) is keyed by
// (seed, record, step), so the step alone says where the stream continues.
//
//   {"format": "maskscope-trainer-state", "version": 1, "step": 120, "tokens": 215040,
//    "records_seen": 960, "epoch": 2, "epoch_position": 200, "best_eval_loss": 4.21,
//    "best_eval_step": 100, "wall_seconds": 35.2, "world_size": 1}
//
// Torch-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace maskscope {

inline constexpr int kTrainerStateFormatVersion = 1;

struct TrainerState {
    std::uint64_t step = 0;           // optimizer steps completed
    std::uint64_t tokens = 0;         // real tokens of all training rows processed so far
    std::uint64_t recordsSeen = 0;    // position in the training record stream (step x records per step)
    std::uint64_t epoch = 0;          // recordsSeen / training records
    std::uint64_t epochPosition = 0;  // recordsSeen % training records
    std::optional<double> bestEvalLoss;
    std::uint64_t bestEvalStep = 0;
    double wallSeconds = 0.0;         // time spent training so far, over all sessions of the run
    std::int64_t worldSize = 1;

    bool operator==(const TrainerState&) const = default;
};

std::string trainerStateToJson(const TrainerState& state);
// Throws InputError naming `source` and the field.
TrainerState trainerStateFromJson(std::string_view text, const std::string& source);
TrainerState readTrainerState(const std::string& path);

}  // namespace maskscope
