#include "cli_generate.h"

#include "output_file.h"

#include "core/corpus_reader.h"
#include "core/error.h"
#include "core/tokenizer.h"
#include "gpu/answer_match.h"
#include "gpu/checkpoint.h"
#include "gpu/generation.h"
#include "gpu/run_directory.h"
#include "gpu/thread_settings.h"
#include "gpu/training_data.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

namespace maskscope::cli {
namespace {

namespace fs = std::filesystem;

// The checkpoint to load and the run it belongs to (empty when DIR is not inside a run).
struct Source {
    std::string checkpoint;
    std::string runDir;
};

Source findCheckpoint(const std::string& directory) {
    if (directory.empty()) throw UsageError("--checkpoint DIR is required");
    const fs::path path(directory);
    std::error_code error;
    if (!fs::is_directory(path, error))
        throw InputError(directory, 0, "no such directory (expected a checkpoint or a run directory)");
    Source source;
    if (fs::exists(path / kCheckpointConfigFile, error)) {
        source.checkpoint = directory;
        const fs::path run = fs::absolute(path, error).lexically_normal().parent_path().parent_path();
        if (fs::exists(run / kRunManifestFile, error)) source.runDir = run.string();
        return source;
    }
    if (fs::exists(path / kRunManifestFile, error)) {
        const auto latest = latestCheckpoint((path / kCheckpointsDir).string());
        if (!latest) throw InputError((path / kCheckpointsDir).string(), 0, "the run has no complete checkpoint");
        return {*latest, directory};
    }
    throw InputError(directory, 0, std::string("not a checkpoint (no ") + kCheckpointConfigFile +
                                       ") and not a run directory (no " + kRunManifestFile + ")");
}

// Everything a generation needs, loaded once.
struct Engine {
    Source source;
    LoadedCheckpoint loaded;
    std::unique_ptr<Tokenizer> tokenizer;
    std::optional<RunManifest> manifest;
    GenerationOptions options;
    std::string eosPiece = "</s>";
};

Engine loadEngine(const GenerateArgs& args) {
    Engine engine;
    engine.source = findCheckpoint(args.checkpoint);
    applyThreadSettings({args.threads, 1});
    const torch::Device device(args.device);
    if (device.is_cuda() && !torch::cuda::is_available())
        throw UsageError("--device " + args.device + ": no CUDA device is visible");
    engine.loaded = loadCheckpoint(engine.source.checkpoint, device);
    engine.loaded.model->eval();
    const Tokenizer own = Tokenizer::load(engine.loaded.tokenizerPath);
    if (!engine.source.runDir.empty()) {
        engine.manifest = readRunManifest(engine.source.runDir);
        // The checkpoint's copy must be the tokenizer the run trained with.
        if (own.fileHash() != engine.manifest->tokenizer.hash)
            throw InputError(engine.loaded.tokenizerPath, 0,
                             "is not the tokenizer the run trained with (" + engine.manifest->tokenizer.path +
                                 ", whose hash run.json records): the checkpoint's tokenizer was replaced");
    }
    if (args.tokenizer.empty()) {
        engine.tokenizer = std::make_unique<Tokenizer>(Tokenizer::load(engine.loaded.tokenizerPath));
    } else {
        engine.tokenizer = std::make_unique<Tokenizer>(Tokenizer::load(args.tokenizer));
        requireTokenizerFitsModel(*engine.tokenizer, engine.loaded.config,
                                  (fs::path(engine.source.checkpoint) / kCheckpointConfigFile).string());
        // Same ids must mean the same pieces as in the tokenizer the model was trained with.
        const std::int32_t size = engine.tokenizer->vocabSize();
        std::int32_t differing = size == own.vocabSize() ? -1 : std::min(size, own.vocabSize());
        for (std::int32_t id = 0; id < std::min(size, own.vocabSize()) && differing < 0; ++id)
            if (engine.tokenizer->piece(id) != own.piece(id)) differing = id;
        if (differing >= 0)
            throw InputError(args.tokenizer, 0,
                             "its vocabulary (" + std::to_string(size) + " pieces) is not the vocabulary of the "
                             "model's tokenizer " + engine.loaded.tokenizerPath + " (" +
                                 std::to_string(own.vocabSize()) + " pieces); they differ from id " +
                                 std::to_string(differing));
    }

    GenerationOptions& options = engine.options;
    std::string layout = args.layout;
    if (layout == "auto")
        layout = engine.manifest && engine.manifest->config.layout == TrainLayout::Block ? "block" : "full";
    if (layout != "full" && layout != "block") throw UsageError("--layout must be auto, full or block, not '" + layout + "'");
    options.useBlockDiffusionLayout = layout == "block";
    options.blockLength = args.blockLength > 0 ? args.blockLength
                          : options.useBlockDiffusionLayout ? engine.loaded.config.blockSize
                                                            : 32;
    options.stepsPerBlock = args.stepsPerBlock > 0 ? args.stepsPerBlock : options.blockLength;
    options.temperature = args.temperature;
    std::string remasking = args.remasking;
    std::replace(remasking.begin(), remasking.end(), '-', '_');
    options.remasking = parseRemasking(remasking);
    options.seed = args.seed;
    return engine;
}

struct Sample {
    std::string id;
    std::string prompt;
    std::string reference;
    std::uint64_t line = 0;
    std::vector<std::int32_t> promptIds;
    std::int64_t referenceTokens = 0;
    std::string referenceDecoded;  // the reference's tokens decoded: what a perfect model's ids decode to
};

Sample sampleOf(const Tokenizer& tokenizer, const Record& record, std::uint64_t line) {
    const TokenizedRecord tokens = tokenizer.tokenize(record);
    Sample sample{record.id, record.prompt, record.response, line, {}, 0, {}};
    std::vector<std::int32_t> response;
    for (std::size_t i = 0; i < tokens.size(); ++i)
        (i < tokens.promptTokens ? sample.promptIds : response).push_back(tokens.tokens[i].id);
    sample.referenceTokens = static_cast<std::int64_t>(response.size());
    if (!response.empty()) sample.referenceDecoded = tokenizer.decode(response);
    return sample;
}

std::string dumpJson(const nlohmann::json& value) {
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Generates the response of one sample; the JSON object of the output line.
nlohmann::json generateOne(Engine& engine, const Sample& sample, std::int64_t genLength, const std::string& where) {
    GenerationOptions options = engine.options;
    options.genLength = genLength;
    const auto promptLength = static_cast<std::int64_t>(sample.promptIds.size());
    const std::int64_t context = engine.loaded.config.maxPositionEmbeddings;
    if (promptLength + genLength > context) {
        const std::string reason = "record '" + sample.id + "': its prompt of " + std::to_string(promptLength) +
                                   " tokens and --gen-length " + std::to_string(genLength) +
                                   " exceed the model's context of " + std::to_string(context) + " positions";
        if (where.empty()) throw UsageError(reason);
        throw InputError(where, sample.line, reason);
    }
    std::vector<std::int64_t> ids(sample.promptIds.begin(), sample.promptIds.end());
    const torch::Tensor prompt = torch::tensor(ids, torch::kInt64).reshape({1, promptLength});
    const GenerationResult result = generate(engine.loaded.model, prompt, options);

    const auto response = result.ids[0].narrow(0, promptLength, genLength).contiguous();
    const auto steps = result.unmaskStep[0].narrow(0, promptLength, genLength).contiguous();
    std::vector<std::int32_t> responseIds;
    std::vector<std::int64_t> unmask(steps.data_ptr<std::int64_t>(), steps.data_ptr<std::int64_t>() + genLength);
    const std::int32_t maskId = static_cast<std::int32_t>(engine.loaded.config.maskTokenId);
    std::vector<std::int32_t> textIds;
    bool ended = false;
    for (std::int64_t i = 0; i < genLength; ++i) {
        const auto id = static_cast<std::int32_t>(response.data_ptr<std::int64_t>()[i]);
        responseIds.push_back(id);
        if (ended || id == maskId) continue;
        if (id < engine.tokenizer->vocabSize() && engine.tokenizer->piece(id) == engine.eosPiece) {
            ended = true;  // the text ends at an end-of-sequence token; ids keep everything
            continue;
        }
        textIds.push_back(id);
    }
    nlohmann::json line;
    line["id"] = sample.id;
    line["prompt"] = sample.prompt;
    line["generated"] = engine.tokenizer->decode(textIds);
    line["ids"] = responseIds;
    line["unmask_step"] = unmask;
    line["prompt_tokens"] = promptLength;
    line["gen_length"] = genLength;
    line["steps"] = result.totalSteps;
    return line;
}

void requireOut(const GenerateArgs& args) {
    if (args.out.empty()) throw UsageError("--out FILE.jsonl is required ('-': standard output)");
    if (args.limit < 0) throw UsageError("--limit must be 0 (all) or more");
}

// Calls `visit` for every good record of the corpus in file order (bad lines are skipped with a
// count on stderr); stops when it returns false.
void forEachRecord(const GenerateArgs& args, const std::function<bool(const Record&, std::uint64_t line)>& visit) {
    const auto format = parseCorpusFormat(args.format);
    if (!format) throw UsageError("--format '" + args.format + "' is not a corpus format (see `mask --help`)");
    const Corpus corpus = Corpus::open(args.corpus, *format);
    std::uint64_t bad = 0;
    for (std::uint64_t index = 0; index < corpus.entryCount(); ++index) {
        const Corpus::Entry entry = corpus.read(index);
        if (!entry.record) {
            ++bad;
            continue;
        }
        if (!visit(*entry.record, entry.line)) break;
    }
    if (bad > 0) std::fprintf(stderr, "maskscope-cli: skipped %llu bad line(s) of %s\n",
                              static_cast<unsigned long long>(bad), args.corpus.c_str());
}

void addSharedOptions(CLI::App& command, GenerateArgs& args) {
    command.add_option("--checkpoint", args.checkpoint, "Checkpoint directory (RUNDIR/checkpoints/step_N) or run "
                                                        "directory (its newest checkpoint)")->required();
    command.add_option("--tokenizer", args.tokenizer, "sentencepiece model (default: the checkpoint's copy)");
    command.add_option("--format", args.format, "Record shape of --corpus")->capture_default_str();
    command.add_option("--limit", args.limit, "At most N records (0: all)")->capture_default_str();
    command.add_option("--block-length", args.blockLength, "Tokens per block (default 32; block layout: the "
                                                           "model's block size)");
    command.add_option("--steps-per-block", args.stepsPerBlock, "Model evaluations per block (default: the block "
                                                                "length, one token per step)");
    command.add_option("--temperature", args.temperature, "0: greedy; > 0: sample softmax(logits / T)")
        ->capture_default_str();
    command.add_option("--remasking", args.remasking, "low-confidence or random")->capture_default_str();
    command.add_option("--seed", args.seed, "Seed of sampling and random remasking")->capture_default_str();
    command.add_option("--layout", args.layout, "auto (the run's), full or block")->capture_default_str();
    command.add_option("--device", args.device, "cpu, cuda or cuda:N")->capture_default_str();
    command.add_option("--threads", args.threads, "Torch threads on the CPU")->capture_default_str();
    command.add_option("--out", args.out, "Output JSONL ('-': standard output)")->required();
}

}  // namespace

CLI::App* addGenerateCommand(CLI::App& app, GenerateArgs& args) {
    auto* command = app.add_subcommand("generate", "Generate responses with a trained model (iterative unmasking, "
                                                   "block by block)");
    addSharedOptions(*command, args);
    command->add_option("--prompt", args.prompt, "Prompt text (one sample)")
        ->each([&args](const std::string&) { args.promptGiven = true; });
    command->add_option("--corpus", args.corpus, "Generate for the prompts of this corpus's records");
    command->add_option("--gen-length", args.genLength, "Response tokens to generate (default 64)");
    return command;
}

CLI::App* addEvalCommand(CLI::App& app, GenerateArgs& args) {
    auto* command = app.add_subcommand("eval", "Exact-match accuracy of generated responses against a corpus's "
                                               "references (held-out split by default)");
    addSharedOptions(*command, args);
    command->add_option("--corpus", args.corpus, "Corpus with the references")->required();
    command->add_option("--split", args.split, "heldout (the run's held-out records) or all")->capture_default_str();
    command->add_option("--eval-fraction", args.evalFraction, "Held-out fraction (default: the run's run.json)");
    command->add_option("--gen-length", args.genLength, "Response tokens (default: each reference's length)");
    command->add_option("--match", args.match, "exact or final-number (GSM8K '#### N', else the last number)")
        ->capture_default_str();
    command->add_option("--normalize", args.normalize, "none or whitespace (collapse and trim)")->capture_default_str();
    return command;
}

int runGenerate(const GenerateArgs& args) {
    requireOut(args);
    const bool fromPrompt = !args.prompt.empty() || args.promptGiven;
    if (fromPrompt == !args.corpus.empty()) throw UsageError("give either --prompt TEXT or --corpus FILE");
    if (args.genLength < 0) throw UsageError("--gen-length must be at least 1");
    const std::int64_t genLength = args.genLength > 0 ? args.genLength : 64;
    Engine engine = loadEngine(args);
    OutputFile out(args.out);
    std::int64_t count = 0;
    if (fromPrompt) {
        const Sample sample = sampleOf(*engine.tokenizer, Record{"prompt", args.prompt, ""}, 0);
        out.writeLine(dumpJson(generateOne(engine, sample, genLength, "")));
        count = 1;
    } else {
        forEachRecord(args, [&](const Record& record, std::uint64_t line) {
            const Sample sample = sampleOf(*engine.tokenizer, record, line);
            out.writeLine(dumpJson(generateOne(engine, sample, genLength, args.corpus)));
            ++count;
            return args.limit == 0 || count < args.limit;
        });
    }
    out.commit();
    std::fprintf(stderr, "maskscope-cli: generated %lld sample(s) with %s\n", static_cast<long long>(count),
                 engine.source.checkpoint.c_str());
    return 0;
}

int runEval(const GenerateArgs& args) {
    requireOut(args);
    if (args.split != "heldout" && args.split != "all") throw UsageError("--split must be heldout or all");
    if (args.genLength < 0) throw UsageError("--gen-length must be at least 1");
    (void)answersMatch("", "", args.match, args.normalize);  // validates --match and --normalize early
    Engine engine = loadEngine(args);
    double fraction = args.evalFraction;
    if (args.split == "heldout" && fraction < 0.0) {
        if (!engine.manifest)
            throw UsageError("--split heldout needs the run's held-out fraction: " + args.checkpoint +
                             " is not inside a run directory with run.json; give --eval-fraction");
        fraction = engine.manifest->config.evalFraction;
    }
    if (args.split == "heldout" && fraction <= 0.0)
        throw UsageError("the held-out fraction is 0: the run held out no records (use --split all)");

    OutputFile out(args.out);
    std::int64_t count = 0, matches = 0;
    forEachRecord(args, [&](const Record& record, std::uint64_t line) {
        if (args.split == "heldout" && !isEvalRecord(record.id, fraction)) return true;
        const Sample sample = sampleOf(*engine.tokenizer, record, line);
        if (sample.referenceTokens == 0) return true;  // nothing to compare against
        const std::int64_t genLength = args.genLength > 0 ? args.genLength : sample.referenceTokens;
        nlohmann::json row = generateOne(engine, sample, genLength, args.corpus);
        const std::string generated = row["generated"].get<std::string>();
        // Compared with the reference as its tokens decode (the tokenizer's normalisation, e.g. of
        // repeated spaces, applied to both sides); the line shows the reference as written.
        const bool match = answersMatch(generated, sample.referenceDecoded, args.match, args.normalize);
        row["reference"] = record.response;
        row["match"] = match;
        if (args.match == "final-number") {
            const auto predicted = finalNumber(generated), reference = finalNumber(record.response);
            row["predicted_number"] = predicted ? nlohmann::json(*predicted) : nlohmann::json(nullptr);
            row["reference_number"] = reference ? nlohmann::json(*reference) : nlohmann::json(nullptr);
        }
        out.writeLine(dumpJson(row));
        ++count;
        matches += match ? 1 : 0;
        return args.limit == 0 || count < args.limit;
    });
    if (count == 0)
        throw InputError(args.corpus, 0, args.split == "heldout" ? "no record of the corpus is in the held-out split"
                                                                 : "no record with a response");
    nlohmann::json summary;
    summary["summary"] = true;
    summary["accuracy"] = static_cast<double>(matches) / static_cast<double>(count);
    summary["count"] = count;
    summary["matches"] = matches;
    summary["split"] = args.split;
    if (args.split == "heldout") summary["eval_fraction"] = fraction;
    summary["match"] = args.match;
    summary["normalize"] = args.normalize;
    summary["checkpoint"] = engine.source.checkpoint;
    summary["step"] = engine.loaded.state.step;
    out.writeLine(dumpJson(summary));
    out.commit();
    if (args.out != "-") std::printf("%s\n", dumpJson(summary).c_str());
    return 0;
}

}  // namespace maskscope::cli
