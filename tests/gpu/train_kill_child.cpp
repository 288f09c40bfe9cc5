// A training process that kills itself with SIGKILL in the middle of a checkpoint write, at a
// chosen stage of a chosen checkpoint: the deterministic half of test_gpu_train_cli's
// "kill -9 during a checkpoint write" test (the other half kills `maskscope-cli train` at random
// moments). Plain C++, no Qt.
//
//   train_kill_child RUNDIR STAGE N     trains the tiny preset on the demo corpus, a checkpoint
//                                       after every step, and dies when checkpoint N (1-based)
//                                       reaches STAGE (see CheckpointWriteOptions::afterStage)
#include "gpu/trainer.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

using namespace maskscope;

int main(int argc, char** argv) {
    if (argc != 4) {
        std::fprintf(stderr, "usage: train_kill_child RUNDIR STAGE N\n");
        return 2;
    }
    const std::string stage = argv[2];
    const int dieIn = std::atoi(argv[3]);
    TrainConfig config;
    config.corpus = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.jsonl";
    config.tokenizer = MASKSCOPE_SOURCE_DIR "/resources/demo/demo.model";
    config.out = argv[1];
    config.steps = 5;
    config.batch = 2;
    config.evalFraction = 0.0;
    config.checkpointEvery = 1;
    int completed = 0;
    TrainerHooks hooks;
    hooks.checkpointStage = [&](const std::string& reached) {
        if (completed + 1 == dieIn && reached == stage) std::raise(SIGKILL);
        if (reached == "renamed") ++completed;
    };
    try {
        Trainer::start(config, hooks).run();
    } catch (const std::exception& error) {
        std::fprintf(stderr, "train_kill_child: %s\n", error.what());
        return 1;
    }
    return 0;
}
