// A model density source over a whole corpus: batched, streamed, cached, cancellable.
//
// Scoring (pass 1). Records are read in corpus order in windows of `windowRecords`; inside a
// window they are sorted by length and cut into forward batches of at most `batchTokens` padded
// tokens (rows x longest record of the batch; one record always fits), so records of similar
// length share a batch and padding stays small. The raw values (NLL, entropy or attention
// received; prompt tokens 0) of a finished window go to a score file (gpu/density_cache.h) in
// corpus order; only one window's tokens and values are held in memory. After every batch the
// progress callback is called; when it returns false, scoring stops, the partial score file is
// removed and the report says `cancelled` (no cache entry ever exists for an unfinished run).
//
// Cache. The score file lives beside the corpus, CORPUS.maskscope-density/<key>.scores, where key
// is the XXH3-64 of a text naming every input of the raw values: the checkpoint's weights file
// hash, the corpus file hash, the tokenizer file hash, the source, k, t, seed, layers, record
// limit and corpus format (densityCacheKeyText). The device is not part of the key: CPU and CUDA
// agree to float rounding. A second run with the same inputs reads the file (`cacheHit`) and runs
// no model; a different checkpoint, corpus, tokenizer or k misses. Without the cache the score file
// is a scratch file in the system's temporary folder, removed afterwards; so it is when the cache
// folder cannot be written (a read-only corpus folder), with a warning in the report.
//
// Output (pass 2). The corpus is read again in order, each record tokenized, its raw values read
// back and normalised (record: min-max per record; corpus: min-max over every response token of
// the corpus, density_sweep.h normaliseToRange; none: the absolute scale), and handed to the sink.
#pragma once

#include "density_model.h"

#include "core/corpus_reader.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace maskscope {

class Tokenizer;

enum class CorpusNormalisation { Record, Corpus, None };
// "record", "corpus", "none"; throws UsageError naming --normalise otherwise.
CorpusNormalisation parseCorpusNormalisation(const std::string& text);

struct CorpusDensityOptions {
    ModelDensityKind kind = ModelDensityKind::Surprisal;
    CorpusNormalisation normalisation = CorpusNormalisation::Record;
    std::uint64_t limit = 0;            // good records scored (0: all)
    // Padded tokens per forward: rows (passes) x longest record; 0: 1024 on the CPU, 16384 on CUDA.
    // Measured on the CPU (tiny preset, 1 thread): batches of ~1024 tokens score as fast as one
    // record at a time and larger ones are slower (attention over padded [B, H, L, L] tensors that
    // leave the cache); a GPU needs large batches to be busy.
    std::size_t batchTokens = 0;
    std::size_t windowRecords = 1024;   // records sorted by length together
    bool useCache = true;
    std::string cacheDirectory;         // "": <corpus>.maskscope-density beside the corpus
};

struct CorpusDensityProgress {
    std::uint64_t done = 0;   // records scored so far
    std::uint64_t total = 0;  // corpus entries to visit (the limit when one is set)
};
// Return false to cancel.
using CorpusDensityProgressFn = std::function<bool(const CorpusDensityProgress&)>;
// Receives each good record with its scores in [0,1], in corpus order.
using CorpusDensitySink = std::function<void(const TokenizedRecord& record, const std::vector<float>& density)>;

struct CorpusDensityReport {
    std::uint64_t records = 0;
    std::vector<BadLine> bad;
    bool cancelled = false;
    bool cacheHit = false;
    std::string cacheFile;            // the score file read or written ("" without the cache)
    std::uint64_t batches = 0;        // forward batches run (0 on a cache hit)
    std::uint64_t paddedTokens = 0;   // sum over batches of rows x longest record
    std::uint64_t scoredTokens = 0;   // sum over batches of the real tokens in the rows
    double lowest = 0.0, highest = 0.0;  // the corpus range of finite raw response values
    std::string warning;              // set when the cache folder could not be written (scored without it)
};

// The text whose hash keys the cache (see above).
std::string densityCacheKeyText(const ModelDensityScorer& scorer, const Corpus& corpus, const Tokenizer& tokenizer,
                                const CorpusDensityOptions& options);
// The score file of these inputs (it may not exist yet).
std::string densityCachePath(const ModelDensityScorer& scorer, const Corpus& corpus, const Tokenizer& tokenizer,
                             const CorpusDensityOptions& options);

// Runs both passes (see above). Throws what the scorer throws (InputError naming a record that
// does not fit the model) and InputError naming a score file that does not fit the corpus. When
// cancelled, the sink has not been called and no score file is left behind.
CorpusDensityReport scoreCorpus(const ModelDensityScorer& scorer, const Corpus& corpus, const Tokenizer& tokenizer,
                                const CorpusDensityOptions& options, const CorpusDensitySink& sink,
                                const CorpusDensityProgressFn& progress = {});

}  // namespace maskscope
