// `maskscope-cli generate` and `maskscope-cli eval`: LLaDA-style generation (gpu/generation.h) from
// a trained checkpoint, and exact-match accuracy of generated responses against a corpus's
// references. Built only with the engine (MASKSCOPE_TORCH=ON).
//
//   generate --checkpoint DIR (--prompt TEXT | --corpus FILE [--limit N]) --out FILE.jsonl
//   eval     --checkpoint DIR --corpus FILE [--split heldout|all] [--limit N] --out FILE.jsonl
//
// DIR is a checkpoint (RUNDIR/checkpoints/step_N, holding config.json) or a run directory, whose
// newest checkpoint is used. The checkpoint's tokenizer copy is used unless --tokenizer names
// another, which must fit the model (same vocabulary size and mask id).
//
// Prompts are tokenised as training tokenises a record (prompt tokens, then the response), so a
// corpus prompt gives the model exactly the prefix it was trained with. The held-out split of
// `eval --split heldout` is the trainer's: a record is held out when
// isEvalRecord(id, evalFraction) (gpu/training_data.h), with evalFraction from the run's run.json
// (or --eval-fraction). Without --gen-length, eval generates as many tokens as each reference has.
// A generated response is compared with the reference's tokens decoded (so the tokenizer's own
// normalisation, e.g. of repeated spaces, applies to both sides alike), by gpu/answer_match.h.
//
// Output: one JSON object per sample (written to FILE.partial, renamed when complete):
//   {"id", "prompt", "generated", "ids": [response ids], "unmask_step": [global step that unmasked
//    each response position], "prompt_tokens", "gen_length", "steps"}
// eval adds "reference", "match" (true/false) and, with --match final-number, "predicted_number"
// and "reference_number"; its last line is the summary
//   {"summary": true, "accuracy", "count", "matches", "split", "match", "normalize", "checkpoint", "step"}
// which is also printed to standard output.
//
// Exit codes: 0 done, 1 bad input (missing or corrupt checkpoint, tokenizer that does not fit,
// corpus problems; the message names the file), 2 usage error.
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

namespace maskscope::cli {

struct GenerateArgs {
    std::string checkpoint;
    std::string tokenizer;        // empty: the checkpoint's copy
    std::string prompt;           // generate only
    bool promptGiven = false;
    std::string corpus;
    std::string format = "auto";
    std::int64_t limit = 0;       // 0: all
    std::int64_t genLength = 0;   // 0: generate 64; eval: the reference's length
    std::int64_t blockLength = 0; // 0: 32 (full layout) or the model's block size (block layout)
    std::int64_t stepsPerBlock = 0;  // 0: blockLength (one token per step)
    double temperature = 0.0;
    std::string remasking = "low-confidence";
    std::uint32_t seed = 0;
    std::string layout = "auto";  // auto (the run's layout, else full) | full | block
    std::string device = "cpu";
    int threads = 1;
    std::string out;
    // eval only
    std::string split = "heldout";
    double evalFraction = -1.0;   // < 0: from run.json
    std::string match = "exact";  // exact | final-number
    std::string normalize = "whitespace";  // none | whitespace
};

CLI::App* addGenerateCommand(CLI::App& app, GenerateArgs& args);
CLI::App* addEvalCommand(CLI::App& app, GenerateArgs& args);
int runGenerate(const GenerateArgs& args);
int runEval(const GenerateArgs& args);

}  // namespace maskscope::cli
