// The subcommands of maskscope-cli. Each returns the process exit code; errors are thrown
// (UsageError -> 2, InputError -> 1, see cli_main.cpp).
#pragma once

#include "cli_options.h"

#include "core/corpus_reader.h"

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

// `density`: the records flags plus those of the corpus pass of model sources (cli_density.h).
struct DensityArgs {
    RecordsArgs records;
    std::string normalise;          // --normalise record|corpus|none ("": --model-normalise)
    bool noCache = false;           // --no-cache
    std::string cacheDir;           // --cache-dir ("": CORPUS.maskscope-density)
    std::size_t batchTokens = 0;    // --batch-tokens (0: by device, gpu/density_corpus.h)
    bool quiet = false;             // --quiet: no progress or summary on stderr
};
// The density of every record through the density source (rules, annotations, blends, and model
// sources in builds without the corpus pass); --normalise corpus is refused here: it needs the
// corpus pass of a model:* source.
int runDensityRecords(const DensityArgs& args);

// Shared by the subcommands: opens --corpus (UsageError for a bad --format), and prints skipped
// bad lines to stderr (at most `shown`).
Corpus openCorpus(const CorpusOptions& options);
void reportBadLines(const std::string& path, const std::vector<BadLine>& bad, std::size_t shown);

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
