// The subcommands of maskscope-cli. Each returns the process exit code; errors are thrown
// (UsageError -> 2, InputError -> 1, see cli_main.cpp).
#pragma once

#include "cli_options.h"

#include <string>
#include <vector>

namespace maskscope::cli {

struct InspectArgs {
    CorpusOptions corpus;
    std::string tokenizer;
    InspectionOptions inspection;  // used when a tokenizer is given
    std::size_t maxBadLines = 20;
    bool json = false;
};
int runInspect(const InspectArgs& args);

enum class RecordOutput { Density, Hubs, Mask };
struct RecordsArgs {
    CorpusOptions corpus;
    InspectionOptions inspection;
    std::string out = "-";
    std::string writeAnnotations;  // hubs only: write the hub spans as an annotation sidecar
};
int runRecords(const RecordsArgs& args, RecordOutput output);

int runSources();

struct TokenizerTrainArgs {
    std::vector<std::string> corpora;
    std::string format = "auto";
    std::string out;
    int vocabSize = 2000;
    std::string modelType = "unigram";
    double characterCoverage = 1.0;
};
int runTokenizerTrain(const TokenizerTrainArgs& args);

struct AnnotationsImportArgs {
    CorpusOptions corpus;
    std::string input;
    std::string out;
    std::string source = "import";
    bool merge = false;  // add to the existing sidecar at --out instead of replacing it
};
int runAnnotationsImport(const AnnotationsImportArgs& args);

}  // namespace maskscope::cli
