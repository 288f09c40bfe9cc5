#include "cli_train.h"

#include "core/error.h"
#include "gpu/distributed.h"
#include "gpu/run_directory.h"
#include "gpu/trainer.h"

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <optional>
#include <set>

namespace maskscope::cli {
namespace {

// The signal that asked training to stop (0: none). Written by the handler, read between steps.
volatile std::sig_atomic_t g_stopSignal = 0;

extern "C" void onStopSignal(int signal) { g_stopSignal = signal; }

// SIGINT and SIGTERM ask for a clean stop; the handler resets itself, so a second signal ends
// the process at once (the last complete checkpoint stays loadable).
class StopSignals {
public:
    StopSignals() {
        struct sigaction action {};
        action.sa_handler = onStopSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESETHAND;
        sigaction(SIGINT, &action, &m_previousInt);
        sigaction(SIGTERM, &action, &m_previousTerm);
    }
    ~StopSignals() {
        sigaction(SIGINT, &m_previousInt, nullptr);
        sigaction(SIGTERM, &m_previousTerm, nullptr);
    }

private:
    struct sigaction m_previousInt {};
    struct sigaction m_previousTerm {};
};

// Settings a resumed run may change (everything else is the run's).
const std::set<std::string> kResumeFlags = {"--resume", "--steps", "--threads", "--blas-threads", "--device",
                                            "--log-every", "--eval-every", "--eval-records", "--checkpoint-every",
                                            "--keep-checkpoints", "--probe-every", "--probe-record", "--dump-masks"};

std::string formatNumber(const char* format, double value) {
    char text[64];
    std::snprintf(text, sizeof text, format, value);
    return text;
}

void printStep(const StepReport& report) {
    const auto value = [&](const char* key) {
        const auto it = report.values.find(key);
        return it == report.values.end() ? std::nan("") : it->second;
    };
    if (report.eval) {
        std::fprintf(stderr, "eval  %llu/%llu  loss %.4f  logical %.4f  syntactic %.4f  hub %.4f  non-hub %.4f\n",
                     static_cast<unsigned long long>(report.step), static_cast<unsigned long long>(report.totalSteps),
                     value("loss"), value("loss_logical"), value("loss_syntactic"), value("loss_hub"),
                     value("loss_nonhub"));
        return;
    }
    const double batchShare = report.stepSeconds > 0.0 ? 100.0 * report.batchSeconds / report.stepSeconds : 0.0;
    std::fprintf(stderr,
                 "step  %llu/%llu  loss %.4f  hub %.4f  non-hub %.4f  lr %.3g  grad %.3f  mask %.3f  %s tok/s  "
                 "(batch %.2f%%)\n",
                 static_cast<unsigned long long>(report.step), static_cast<unsigned long long>(report.totalSteps),
                 value("loss"), value("loss_hub"), value("loss_nonhub"), value("lr"), value("grad_norm"),
                 value("mask_ratio"), formatNumber("%.0f", value("tokens_per_s")).c_str(), batchShare);
}

// The settings in `config.masking` as the masking flags that produce them (for --config).
InspectionOptions flagsOfMasking(const TrainConfig& config) {
    InspectionOptions options;
    options.tokenizer = config.tokenizer;
    options.density = config.masking.densitySource;
    options.annotations = config.annotations;
    const HubOptions& hubs = config.masking.hubs;
    options.hubThreshold = hubs.rule == HubOptions::Rule::Threshold ? hubs.value : -1.0;
    options.hubTop = hubs.rule == HubOptions::Rule::TopFraction ? hubs.value : -1.0;
    options.hubGap = hubs.maxGap;
    options.hubMinSpan = hubs.minSpan;
    const MaskPolicy& policy = config.masking.policy;
    options.w = policy.w;
    if (policy.tMin == policy.tMax) {
        options.t = policy.tMin;
    } else {
        char range[64];
        std::snprintf(range, sizeof range, "%.17g,%.17g", policy.tMin, policy.tMax);
        options.tRange = range;
    }
    options.mode = std::string(toString(policy.mode));
    options.weighting = policy.weighting == Weighting::Soft ? "soft" : "binary";
    options.processed = policy.processed;
    options.seed = policy.seed;
    options.blockSize = static_cast<std::size_t>(config.blockSize);
    return options;
}

bool given(const CLI::App& command, const std::string& flag) { return command.count(flag) > 0; }

TrainConfig configFromFlags(const TrainArgs& args, const CLI::App& command) {
    TrainConfig config = args.config;
    InspectionOptions masking = args.masking;
    // A value from --config loses to the contrary flag given on the command line.
    if (given(command, "--t-range")) masking.t = -1.0;
    if (given(command, "--t")) masking.tRange.clear();
    if (given(command, "--hub-threshold")) masking.hubTop = -1.0;
    if (given(command, "--hub-top")) masking.hubThreshold = -1.0;
    config.corpus = args.corpus.path;
    config.corpusFormat = args.corpus.format;
    config.tokenizer = masking.tokenizer;
    config.annotations = masking.annotations;
    config.masking = toSettings(masking);
    config.masking.blockSize = 0;
    config.blockSize = masking.blockSize > 0 ? static_cast<std::int64_t>(masking.blockSize) : 32;
    config.layout = parseTrainLayout(args.layout);
    config.lossWeighting = parseTrainLossWeighting(args.lossWeighting);
    config.pack = !args.noPack;
    return config;
}

TrainConfig resumedConfig(const TrainArgs& args, const CLI::App& command) {
    for (const CLI::Option* option : command.get_options()) {
        const std::string flag = option->get_name();
        if (option->count() > 0 && flag.rfind("--", 0) == 0 && !kResumeFlags.count(flag))
            throw UsageError(flag + " cannot be given with --resume: a resumed run keeps the settings in " +
                             args.resume + "/run.json (only --steps, --threads, --device and the logging, "
                             "evaluation, probe and checkpoint intervals may change)");
    }
    TrainConfig config = readRunManifest(args.resume).config;
    const TrainConfig& flags = args.config;
    if (given(command, "--steps")) config.steps = flags.steps;
    if (given(command, "--threads")) config.threads = flags.threads;
    if (given(command, "--blas-threads")) config.blasThreads = flags.blasThreads;
    if (given(command, "--device")) config.device = flags.device;
    if (given(command, "--log-every")) config.logEvery = flags.logEvery;
    if (given(command, "--eval-every")) config.evalEvery = flags.evalEvery;
    if (given(command, "--eval-records")) config.evalRecords = flags.evalRecords;
    if (given(command, "--checkpoint-every")) config.checkpointEvery = flags.checkpointEvery;
    if (given(command, "--keep-checkpoints")) config.keepCheckpoints = flags.keepCheckpoints;
    if (given(command, "--probe-every")) config.probeEvery = flags.probeEvery;
    if (given(command, "--probe-record")) config.probeRecord = flags.probeRecord;
    if (given(command, "--dump-masks")) config.dumpMaskSteps = flags.dumpMaskSteps;
    return config;
}

// Data parallel (gpu/distributed.h): with WORLD_SIZE > 1 in the environment (torchrun's variables),
// this process joins the other ranks before training starts; --device cuda becomes cuda:LOCAL_RANK.
std::shared_ptr<DataParallelGroup> joinRanks(TrainConfig& config) {
    auto group = joinDataParallelFromEnvironment(config.device);
    if (group && group->rank() == 0)
        std::fprintf(stderr, "maskscope-cli: data parallel over %d ranks (%s); rank 0 writes the run directory\n",
                     group->worldSize(), group->backend().c_str());
    return group;
}

}  // namespace

CLI::App* addTrainCommand(CLI::App& app, TrainArgs& args) {
    auto* command = app.add_subcommand(
        "train", "Train a diffusion LM with density-scheduled masking (the masks of `mask` at every step)");
    TrainConfig& c = args.config;
    InspectionOptions& m = args.masking;
    command->add_option("--corpus", args.corpus.path, "Corpus file: JSONL (SFT shapes) or plain text");
    command->add_option("--format", args.corpus.format, "Record shape (see `mask --help`)")->capture_default_str();
    command->add_option("--tokenizer", m.tokenizer, "sentencepiece model (.model)");
    command->add_option("--config", args.configFile,
                        "Start from the configuration in a run.json (or a bare config object); flags override it");
    command->add_option("--resume", args.resume, "Continue the run in RUNDIR from its newest checkpoint");

    // The masking flags of `mask`, with the same meaning (cli_options.h, toSettings).
    command->add_option("--density", m.density, "Density source")->capture_default_str();
    command->add_option("--annotations", m.annotations, "Annotation sidecar (for --density annotations)");
    command->add_option("--hub-threshold", m.hubThreshold, "Hub candidates: density >= X (default 0.5)");
    command->add_option("--hub-top", m.hubTop, "Hub candidates: the top fraction F of maskable tokens by density");
    command->add_option("--hub-gap", m.hubGap, "Merge hub runs separated by at most N tokens")->capture_default_str();
    command->add_option("--hub-min-span", m.hubMinSpan, "Drop hub spans shorter than N tokens")->capture_default_str();
    command->add_option("--w", m.w, "Priority weight of hub tokens (1: uniform baseline)")->capture_default_str();
    command->add_option("--t", m.t, "Fixed masking ratio t in [0,1]");
    command->add_option("--t-range", m.tRange, "t drawn uniformly in A,B (default 0.3,0.8)");
    command->add_option("--mode", m.mode, "complementary, reweighted, hard or uniform")->capture_default_str();
    command->add_option("--weighting", m.weighting, "binary (s = w on hubs) or soft (s = w^density)")
        ->capture_default_str();
    command->add_option("--processed", m.processed, "Fraction rho of records that get priority masking")
        ->capture_default_str();
    command->add_option("--seed", m.seed, "Seed of masks, record order and initialisation (32-bit)")
        ->capture_default_str();
    command->add_option("--block-size", m.blockSize, "Block length of --layout block (default 32)");

    command->add_option("--preset", c.preset, "Model size: tiny, small or base")->capture_default_str();
    command->add_option("--model-config", c.modelConfig, "An HF-style config.json instead of --preset");
    command->add_option("--layout", args.layout, "full (masked diffusion) or block (block diffusion on [x_t | x_0])")
        ->capture_default_str();
    command->add_option("--loss-weighting", args.lossWeighting, "elbo (1/t, LLaDA) or mean (dFactory)")
        ->capture_default_str();
    command->add_flag("--truncate", c.truncate, "Cut records longer than the context instead of failing");
    command->add_flag("--no-pack", args.noPack, "One sample per row of the model input (no packing)");
    command->add_option("--eval-fraction", c.evalFraction, "Share of records held out (by id hash)")
        ->capture_default_str();

    command->add_option("--steps", c.steps, "Optimizer steps in total")->capture_default_str();
    command->add_option("--batch", c.batch, "Records per step (each gives a logical and a syntactic sample)")
        ->capture_default_str();
    command->add_option("--grad-accum", c.gradAccum, "Micro-batches per step")->capture_default_str();
    command->add_option("--lr", c.lr, "Peak learning rate")->capture_default_str();
    command->add_option("--min-lr-ratio", c.minLrRatio, "The cosine ends at lr x this")->capture_default_str();
    command->add_option("--warmup", c.warmup, "Linear warm-up steps")->capture_default_str();
    command->add_option("--decay-steps", c.decaySteps, "Step where the cosine ends (default: --steps)");
    command->add_option("--weight-decay", c.weightDecay, "AdamW weight decay (matrices)")->capture_default_str();
    command->add_option("--grad-clip", c.gradClip, "Clip the gradient norm to this (0: off)")->capture_default_str();

    command->add_option("--device", c.device, "cpu, cuda or cuda:N")->capture_default_str();
    command->add_option("--threads", c.threads, "Torch intra-op threads on the CPU")->capture_default_str();
    command->add_option("--blas-threads", c.blasThreads, "OpenBLAS threads")->capture_default_str();

    command->add_option("--out", c.out, "Run directory (new)");
    command->add_option("--log-every", c.logEvery, "Progress line every N steps")->capture_default_str();
    command->add_option("--eval-every", c.evalEvery, "Evaluate every N steps (0: after the last)")
        ->capture_default_str();
    command->add_option("--eval-records", c.evalRecords, "Evaluate on at most N held-out records (0: all)");
    command->add_option("--checkpoint-every", c.checkpointEvery, "Checkpoint every N steps (0: at the end)")
        ->capture_default_str();
    command->add_option("--keep-checkpoints", c.keepCheckpoints, "Newest checkpoints kept")->capture_default_str();
    command->add_option("--probe-every", c.probeEvery, "Attention probe every N steps (0: none)")
        ->capture_default_str();
    command->add_option("--probe-record", c.probeRecord, "Record id of the probe (default: first held-out)");
    command->add_option("--dump-masks", c.dumpMaskSteps, "Write the masks trained on at step N to masks/ "
                                                          "(repeatable)")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    return command;
}

void preloadTrainConfig(int argc, char** argv, TrainArgs& args) {
    if (argc < 2 || std::strcmp(argv[1], "train") != 0) return;
    std::string file;
    for (int i = 2; i < argc; ++i) {
        if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) file = argv[i + 1];
        else if (std::strncmp(argv[i], "--config=", 9) == 0) file = argv[i] + 9;
    }
    if (file.empty()) return;
    const TrainConfig config = readTrainConfig(file);
    args.config = config;
    args.corpus.path = config.corpus;
    args.corpus.format = config.corpusFormat;
    args.masking = flagsOfMasking(config);
    args.layout = std::string(toString(config.layout));
    args.lossWeighting = std::string(toString(config.lossWeighting));
    args.noPack = !config.pack;
    // A run.json names its own run directory; a new run needs a new one.
    args.config.out.clear();
}

int runTrain(const TrainArgs& args, const CLI::App& command) {
    if (!args.resume.empty() && !args.configFile.empty()) throw UsageError("--config and --resume exclude each other");

    TrainerHooks hooks;
    hooks.message = [](const std::string& text) { std::fprintf(stderr, "maskscope-cli: %s\n", text.c_str()); };
    std::uint64_t logEvery = 1;
    hooks.onStep = [&logEvery](const StepReport& report) {
        if (report.eval || report.step % logEvery == 0 || report.step == report.totalSteps) printStep(report);
    };
    hooks.stopRequested = [] { return g_stopSignal != 0; };

    const StopSignals signals;
    g_stopSignal = 0;
    std::optional<Trainer> trainer;
    std::shared_ptr<DataParallelGroup> group;
    if (!args.resume.empty()) {
        TrainConfig config = resumedConfig(args, command);
        group = joinRanks(config);
        if (group) hooks.gradientSync = group->gradientSync();
        if (group) hooks.stopRequested = [group] { return group->anyRank(g_stopSignal != 0); };
        trainer.emplace(Trainer::resume(args.resume, config, hooks));
    } else {
        TrainConfig config = configFromFlags(args, command);
        if (config.corpus.empty()) throw UsageError("--corpus is required (or --resume RUNDIR)");
        if (config.tokenizer.empty()) throw UsageError("--tokenizer is required");
        if (config.out.empty()) throw UsageError("--out RUNDIR is required");
        group = joinRanks(config);
        if (group) hooks.gradientSync = group->gradientSync();
        // A stop must happen at the same step on every rank: a signal on any rank stops them all.
        if (group) hooks.stopRequested = [group] { return group->anyRank(g_stopSignal != 0); };
        trainer.emplace(Trainer::start(config, hooks));
    }
    logEvery = trainer->config().logEvery;
    if (trainer->state().step >= trainer->config().steps) {
        std::printf("%s: already at step %llu of %llu; nothing to do (--steps N continues it)\n",
                    trainer->config().out.c_str(), static_cast<unsigned long long>(trainer->state().step),
                    static_cast<unsigned long long>(trainer->config().steps));
        return 0;
    }
    const TrainResult result = trainer->run();
    if (group && group->rank() != 0) {  // rank 0 reports the run
        if (result.outcome == TrainOutcome::Finished) return 0;
        return 128 + (g_stopSignal != 0 ? static_cast<int>(g_stopSignal) : SIGINT);
    }
    if (result.outcome == TrainOutcome::Stopped && group && g_stopSignal == 0)
        std::fprintf(stderr, "maskscope-cli: another rank received a stop signal; all ranks stop at the same step\n");
    if (result.outcome == TrainOutcome::Stopped) {
        const int signal = g_stopSignal != 0 ? static_cast<int>(g_stopSignal) : SIGINT;
        const char* name = signal == SIGTERM ? "SIGTERM" : "SIGINT";
        if (result.lastCheckpoint.empty()) {
            std::fprintf(stderr, "maskscope-cli: stopped by %s before the first step; nothing to resume\n", name);
        } else {
            std::fprintf(stderr,
                         "maskscope-cli: stopped by %s at step %llu; checkpoint %s\n"
                         "maskscope-cli: continue with: maskscope-cli train --resume %s --steps %llu\n",
                         name, static_cast<unsigned long long>(result.step), result.lastCheckpoint.c_str(),
                         trainer->config().out.c_str(), static_cast<unsigned long long>(trainer->config().steps));
        }
        return 128 + signal;
    }
    std::printf("%s: trained %llu steps; checkpoint %s\n", trainer->config().out.c_str(),
                static_cast<unsigned long long>(result.step), result.lastCheckpoint.c_str());
    return 0;
}

}  // namespace maskscope::cli
