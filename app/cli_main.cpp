// maskscope-cli: the headless entry point. Wiring only: flags -> core/ -> files and stdout.
// Exit codes: 0 success, 1 bad input (the message names file, line and reason), 2 usage error;
// `train` and `density` on a model source: 130 when SIGINT stopped them; `gpu-check`: 77 when the
// CPU paths agree with their references but no CUDA device is present (cli_density.h).
#include "cli_commands.h"
#ifdef MASKSCOPE_HAVE_ENGINE
#include "cli_density.h"
#include "cli_train.h"
#include "cli_generate.h"
#include "gpu/density_model.h"
#include "gpu/thread_settings.h"
#endif

#include "core/corpus_reader.h"
#include "core/error.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

#ifndef MASKSCOPE_VERSION
#define MASKSCOPE_VERSION "unknown"
#endif

using namespace maskscope;
using namespace maskscope::cli;

int main(int argc, char** argv) {
#ifdef MASKSCOPE_HAVE_ENGINE
    registerModelDensitySources();  // model:surprisal, model:entropy, model:attention
#endif
    CLI::App app{"maskscope-cli: information density, hubs and complementary priority masks for diffusion LM "
                 "corpora, headless"};
    app.set_version_flag("--version", std::string("maskscope-cli ") + MASKSCOPE_VERSION);
    app.require_subcommand(1);
    // A flag given twice takes its last value, as in most command-line tools.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);

    InspectArgs inspectArgs;
    auto* inspect = app.add_subcommand("inspect", "Summarise a corpus and report its bad lines; with --tokenizer "
                                                  "also tokens, density, hubs and mask ratios");
    addCorpusOptions(*inspect, inspectArgs.corpus);
    inspect->add_option("--tokenizer", inspectArgs.inspection.tokenizer, "sentencepiece model (.model)");
    inspect->add_option("--density", inspectArgs.inspection.density, "Density source")->capture_default_str();
    inspect->add_option("--annotations", inspectArgs.inspection.annotations, "Annotation sidecar");
    inspect->add_option("--w", inspectArgs.inspection.w, "Priority weight of hub tokens")->capture_default_str();
    inspect->add_option("--mode", inspectArgs.inspection.mode, "Masking mode")->capture_default_str();
    inspect->add_option("--seed", inspectArgs.inspection.seed, "Seed of the mask stream")->capture_default_str();
    inspect->add_option("--step", inspectArgs.inspection.step, "Step whose masks are summarised")->capture_default_str();
    inspect->add_option("--max-bad", inspectArgs.maxBadLines, "Show at most N bad lines")->capture_default_str();
    inspect->add_flag("--json", inspectArgs.json, "Print the summary as JSON");

    app.add_subcommand("sources", "List the density sources");

    DensityArgs densityArgs;
    RecordsArgs hubsArgs, maskArgs;
    auto* density = app.add_subcommand("density", "Per-token density of every record, as JSONL");
    addCorpusOptions(*density, densityArgs.records.corpus);
    addInspectionOptions(*density, densityArgs.records.inspection, false, false);
    density->add_option("--out", densityArgs.records.out, "Output JSONL ('-': standard output)")->capture_default_str();
    density->add_option("--normalise", densityArgs.normalise,
                        "model:* sources: record (min-max per record), corpus (min-max over the whole corpus) or "
                        "none (absolute scale)");
    density->add_flag("--no-cache", densityArgs.noCache,
                      "model:* sources: neither read nor write the score cache beside the corpus");
    density->add_option("--cache-dir", densityArgs.cacheDir, "model:* sources: cache folder (default CORPUS.maskscope-density)");
    density->add_option("--batch-tokens", densityArgs.batchTokens,
                        "model:* sources: padded tokens per forward batch, passes x longest record (0: 1024 on "
                        "cpu, 16384 on cuda)")
        ->capture_default_str();
    density->add_flag("--quiet", densityArgs.quiet, "model:* sources: no progress or summary on stderr");

    auto* hubs = app.add_subcommand("hubs", "Density and extracted hub spans of every record, as JSONL");
    addCorpusOptions(*hubs, hubsArgs.corpus);
    addInspectionOptions(*hubs, hubsArgs.inspection, true, false);
    hubs->add_option("--out", hubsArgs.out, "Output JSONL ('-': standard output)")->capture_default_str();
    hubs->add_option("--write-annotations", hubsArgs.writeAnnotations,
                     "Also write the hub spans as an annotation sidecar (to review or edit)");

    auto* mask = app.add_subcommand("mask", "The logical and syntactic masks training draws at a step, as JSONL");
    addCorpusOptions(*mask, maskArgs.corpus);
    addInspectionOptions(*mask, maskArgs.inspection, true, true);
    mask->add_option("--out", maskArgs.out, "Output JSONL ('-': standard output)")->required();

    auto* tokenizer = app.add_subcommand("tokenizer", "Tokenizer tools");
    tokenizer->require_subcommand(1);
    TokenizerTrainArgs trainArgs;
    auto* train = tokenizer->add_subcommand("train", "Train a sentencepiece model on the prompts and responses of "
                                                     "one or more corpora");
    train->add_option("--corpus", trainArgs.corpora, "Corpus file (repeatable)")
        ->required()
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    train->add_option("--format", trainArgs.format, "Record shape")->capture_default_str();
    train->add_option("--out", trainArgs.out, "Output model file (.model)")->required();
    train->add_option("--vocab-size", trainArgs.vocabSize, "Number of pieces")->capture_default_str();
    train->add_option("--model-type", trainArgs.modelType, "unigram or bpe")->capture_default_str();
    train->add_option("--character-coverage", trainArgs.characterCoverage, "Share of characters covered")
        ->capture_default_str();

    auto* annotations = app.add_subcommand("annotations", "Annotation sidecar tools");
    annotations->require_subcommand(1);
    AnnotationsImportArgs importArgs;
    auto* import = annotations->add_subcommand("import", "Import external hub spans (offsets or substrings) into a "
                                                         "sidecar");
    addCorpusOptions(*import, importArgs.corpus);
    import->add_option("--input", importArgs.input, "External annotations (JSONL)")->required();
    import->add_option("--out", importArgs.out, "Sidecar file to write")->required();
    import->add_option("--source", importArgs.source, "Source name stored with each span")->capture_default_str();
    import->add_flag("--merge", importArgs.merge, "Add to the existing sidecar at --out");

    bool gpuCheckQuick = false;
    auto* gpuCheck = app.add_subcommand("gpu-check", "Every GPU kernel against its CPU reference, and a timing table "
                                                     "(exit 77: no CUDA device; the CPU paths are still checked)");
    gpuCheck->add_flag("--quick", gpuCheckQuick, "Smaller timing workloads");

#ifdef MASKSCOPE_HAVE_ENGINE
    TrainArgs modelTrainArgs;
    TrainDensityArgs trainDensityArgs;
    auto* trainCommand = addTrainCommand(app, modelTrainArgs);
    addTrainDensityOptions(*trainCommand, trainDensityArgs);
    try {
        preloadTrainConfig(argc, argv, modelTrainArgs);
    } catch (const UsageError& e) {
        std::fprintf(stderr, "maskscope-cli: %s\n", e.what());
        return 2;
    } catch (const InputError& e) {
        std::fprintf(stderr, "maskscope-cli: %s\n", e.what());
        return 1;
    }
#else
    auto* trainCommand = app.add_subcommand("train", "Train a diffusion LM (needs a build with the engine)");
    trainCommand->allow_extras()->prefix_command();
#endif
#ifdef MASKSCOPE_HAVE_ENGINE
    GenerateArgs generateArgs, evalArgs;
    auto* generateCommand = addGenerateCommand(app, generateArgs);
    auto* evalCommand = addEvalCommand(app, evalArgs);
#endif

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    try {
#ifdef MASKSCOPE_HAVE_ENGINE
        // Model sources on the CPU: torch's threads as asked, OpenBLAS on one (two thread pools on
        // every core fight each other; gpu/thread_settings.h).
        for (const auto& [command, options] : {std::pair{density, &densityArgs.records.inspection},
                                               std::pair{hubs, &hubsArgs.inspection}, std::pair{mask, &maskArgs.inspection}})
            if (command->parsed() && usesModelDensity(options->density)) applyThreadSettings({options->threads, 1});
#endif
        if (inspect->parsed()) return runInspect(inspectArgs);
        if (app.got_subcommand("sources")) return runSources();
        if (density->parsed()) {
#ifdef MASKSCOPE_HAVE_ENGINE
            if (densityArgs.records.inspection.density.rfind("model:", 0) == 0) return runModelDensity(densityArgs);
#endif
            return runDensityRecords(densityArgs);
        }
        if (gpuCheck->parsed()) {
#ifdef MASKSCOPE_HAVE_ENGINE
            return runGpuCheckCommand(gpuCheckQuick);
#else
            std::fprintf(stderr, "maskscope-cli: gpu-check: this build has no tensor engine (configured with "
                                 "MASKSCOPE_TORCH=OFF)\n");
            return 2;
#endif
        }
        if (hubs->parsed()) return runRecords(hubsArgs, RecordOutput::Hubs);
        if (mask->parsed()) return runRecords(maskArgs, RecordOutput::Mask);
        if (train->parsed()) return runTokenizerTrain(trainArgs);
        if (import->parsed()) return runAnnotationsImport(importArgs);
#ifdef MASKSCOPE_HAVE_ENGINE
        if (generateCommand->parsed()) return runGenerate(generateArgs);
        if (evalCommand->parsed()) return runEval(evalArgs);
#endif
#ifdef MASKSCOPE_HAVE_ENGINE
        if (trainCommand->parsed()) {
            modelTrainArgs.config.densityParams =
                trainDensityParams(trainDensityArgs, modelTrainArgs.masking.tokenizer, modelTrainArgs.masking.density,
                                   modelTrainArgs.config.densityParams);
            return runTrain(modelTrainArgs, *trainCommand);
        }
#else
        if (trainCommand->parsed()) {
            std::fprintf(stderr, "maskscope-cli: train: this build has no tensor engine (configured with "
                                 "MASKSCOPE_TORCH=OFF)\n");
            return 2;
        }
#endif
    } catch (const UsageError& e) {
        std::fprintf(stderr, "maskscope-cli: %s\n", e.what());
        return 2;
    } catch (const InputError& e) {
        std::fprintf(stderr, "maskscope-cli: %s\n", e.what());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "maskscope-cli: error: %s\n", e.what());
        return 1;
    }
    return 2;
}
