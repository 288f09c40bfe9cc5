// `maskscope-cli train`: flags -> TrainConfig -> gpu/trainer.h, progress on stderr, clean stop on
// SIGINT/SIGTERM. Built only with the engine (MASKSCOPE_TORCH=ON).
//
// Exit codes: 0 finished, 1 bad input, 2 usage error (as the other subcommands), and 128 + the
// signal number (130 for SIGINT, 143 for SIGTERM) when a signal stopped the run after its
// checkpoint was written: a script can tell a finished run from one to resume.
#pragma once

#include "cli_options.h"

#include "core/train_config.h"

#include <CLI/CLI.hpp>

#include <string>

namespace maskscope::cli {

struct TrainArgs {
    CorpusOptions corpus;
    InspectionOptions masking;  // --tokenizer, --density, the hub and masking flags of `mask`
    TrainConfig config;         // everything else binds here directly
    std::string layout = "full";
    std::string lossWeighting = "elbo";
    bool noPack = false;
    std::string configFile;     // --config run.json: defaults for every flag
    std::string resume;         // --resume RUNDIR
};

CLI::App* addTrainCommand(CLI::App& app, TrainArgs& args);

// --config FILE must be read before the command line is parsed, so that the flags given override
// the file's values: finds it in argv and loads it into `args`. Throws InputError or UsageError.
void preloadTrainConfig(int argc, char** argv, TrainArgs& args);

int runTrain(const TrainArgs& args, const CLI::App& command);

}  // namespace maskscope::cli
