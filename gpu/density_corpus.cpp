#include "density_corpus.h"

#include "checkpoint.h"
#include "density_cache.h"

#include "core/content_hash.h"
#include "core/error.h"
#include "core/tokenizer.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <numeric>

#include <unistd.h>

namespace maskscope {

namespace fs = std::filesystem;

namespace {

// Forward rows a record needs: its sweep passes, or one clean row for attention.
std::size_t rowsOf(const TokenizedRecord& record, ModelDensityKind kind, int k) {
    const std::size_t response = record.size() - std::min(record.promptTokens, record.size());
    if (response == 0) return 0;
    return kind == ModelDensityKind::Attention ? 1 : std::min<std::size_t>(static_cast<std::size_t>(k), response);
}

std::string scratchPath() {
    static std::atomic<unsigned> counter{0};
    return (fs::temp_directory_path() / ("maskscope-density-" + std::to_string(::getpid()) + "-" +
                                         std::to_string(counter++) + ".scores"))
        .string();
}

// Removes a scratch score file when the run ends, however it ends.
struct ScratchFile {
    std::string path;
    ~ScratchFile() {
        if (!path.empty()) std::remove(path.c_str());
    }
};

}  // namespace

CorpusNormalisation parseCorpusNormalisation(const std::string& text) {
    if (text == "record") return CorpusNormalisation::Record;
    if (text == "corpus") return CorpusNormalisation::Corpus;
    if (text == "none") return CorpusNormalisation::None;
    throw UsageError("--normalise must be record, corpus or none, not '" + text + "'");
}

std::string densityCacheKeyText(const ModelDensityScorer& scorer, const Corpus& corpus, const Tokenizer& tokenizer,
                                const CorpusDensityOptions& options) {
    const ModelDensityOptions& model = scorer.options();
    const std::string weights = (fs::path(scorer.checkpointDirectory()) / kCheckpointWeightsFile).string();
    std::string layers;
    for (const int layer : model.layers) {
        if (!layers.empty()) layers.push_back(',');
        layers.append(std::to_string(layer));
    }
    char t[32];
    std::snprintf(t, sizeof t, "%.17g", model.t);
    std::string text = "maskscope density scores 1\n";
    text += "source " + std::string(toString(options.kind)) + "\n";
    text += "checkpoint_weights " + hashToHex(hashFile(weights)) + "\n";
    text += "corpus " + hashToHex(hashFile(corpus.path())) + " format " + std::string(toString(corpus.format())) + "\n";
    text += "tokenizer " + hashToHex(tokenizer.fileHash()) + "\n";
    text += "k " + std::to_string(model.k) + "\nt " + t + "\nseed " + std::to_string(model.seed) + "\n";
    if (layers.empty()) layers = "all";
    text.append("layers ").append(layers).append("\n");
    text += "limit " + std::to_string(options.limit) + "\n";
    return text;
}

std::string densityCachePath(const ModelDensityScorer& scorer, const Corpus& corpus, const Tokenizer& tokenizer,
                             const CorpusDensityOptions& options) {
    const std::string folder =
        options.cacheDirectory.empty() ? corpus.path() + ".maskscope-density" : options.cacheDirectory;
    const std::string key = hashToHex(hashBytes(densityCacheKeyText(scorer, corpus, tokenizer, options)));
    return (fs::path(folder) / (key + ".scores")).string();
}

CorpusDensityReport scoreCorpus(const ModelDensityScorer& scorer, const Corpus& corpus, const Tokenizer& tokenizer,
                                const CorpusDensityOptions& options, const CorpusDensitySink& sink,
                                const CorpusDensityProgressFn& progress) {
    CorpusDensityReport report;
    ScratchFile scratch;
    std::string scores;
    std::string keyText;
    if (options.useCache) {
        keyText = densityCacheKeyText(scorer, corpus, tokenizer, options);
        scores = densityCachePath(scorer, corpus, tokenizer, options);
        report.cacheFile = scores;
        std::error_code error;
        report.cacheHit = fs::is_regular_file(scores, error);
    } else {
        scores = scratch.path = scratchPath();
        keyText = "scratch\n";
    }
    const std::uint64_t entries = corpus.entryCount();
    const std::uint64_t total = options.limit > 0 ? std::min(options.limit, entries) : entries;
    const auto more = [&](std::uint64_t index, std::uint64_t records) {
        return index < entries && (options.limit == 0 || records < options.limit);
    };

    // Pass 1: raw values into the score file, window by window.
    if (!report.cacheHit) {
        std::unique_ptr<DensityCacheWriter> opened;
        try {
            opened = std::make_unique<DensityCacheWriter>(scores, keyText);
        } catch (const InputError& error) {
            if (!options.useCache) throw;
            // A corpus in a read-only folder: score without the cache rather than not at all.
            report.warning = std::string(error.what()) + "; running without the cache";
            report.cacheFile.clear();
            scores = scratch.path = scratchPath();
            opened = std::make_unique<DensityCacheWriter>(scores, "scratch\n");
        }
        DensityCacheWriter& writer = *opened;
        const int k = scorer.options().k;
        const std::size_t batchTokens =
            options.batchTokens > 0 ? options.batchTokens : (scorer.options().device == "cuda" ? 16384 : 1024);
        const std::size_t window = std::max<std::size_t>(options.windowRecords, 1);
        std::uint64_t index = 0, records = 0;
        while (more(index, records)) {
            std::vector<TokenizedRecord> batchWindow;
            while (batchWindow.size() < window && more(index, records)) {
                Corpus::Entry entry = corpus.read(index++);
                if (!entry.record) continue;  // reported by pass 2
                batchWindow.push_back(tokenizer.tokenize(*entry.record));
                ++records;
            }
            std::vector<std::size_t> order(batchWindow.size());
            std::iota(order.begin(), order.end(), std::size_t{0});
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                return batchWindow[a].size() < batchWindow[b].size();
            });
            std::vector<std::vector<float>> raw(batchWindow.size());
            for (std::size_t begin = 0; begin < order.size();) {
                std::size_t end = begin, width = 0, rows = 0, real = 0;
                while (end < order.size()) {
                    const TokenizedRecord& record = batchWindow[order[end]];
                    const std::size_t own = rowsOf(record, options.kind, k);
                    const std::size_t newWidth = own > 0 ? std::max(width, record.size()) : width;
                    if (end > begin && (rows + own) * newWidth > batchTokens) break;
                    width = newWidth;
                    rows += own;
                    real += own * record.size();
                    ++end;
                }
                std::vector<const TokenizedRecord*> batch;
                for (std::size_t i = begin; i < end; ++i) batch.push_back(&batchWindow[order[i]]);
                std::vector<std::vector<float>> values = rawModelScores(scorer, options.kind, batch);
                for (std::size_t i = begin; i < end; ++i) raw[order[i]] = std::move(values[i - begin]);
                if (rows > 0) ++report.batches;
                report.paddedTokens += rows * width;
                report.scoredTokens += real;
                begin = end;
                if (progress && !progress({records - (batchWindow.size() - end), total})) {
                    report.cancelled = true;
                    return report;  // the writer removes its partial file
                }
            }
            for (std::size_t i = 0; i < batchWindow.size(); ++i)
                writer.append(raw[i], std::min(batchWindow[i].promptTokens, batchWindow[i].size()));
        }
        writer.commit();
    }

    // Pass 2: read back, normalise, hand over in corpus order.
    DensityCacheReader reader(scores);
    report.lowest = reader.lowest();
    report.highest = reader.highest();
    const std::int64_t vocabulary = scorer.config().vocabSize;
    std::uint64_t index = 0;
    while (more(index, report.records)) {
        Corpus::Entry entry = corpus.read(index++);
        if (!entry.record) {
            report.bad.push_back({entry.line, entry.error});
            continue;
        }
        const TokenizedRecord record = tokenizer.tokenize(*entry.record);
        std::vector<float> raw = reader.next();
        if (raw.size() != record.size())
            throw InputError(scores, 0, "holds " + std::to_string(raw.size()) + " values for record '" + record.record.id +
                                            "' of " + std::to_string(record.size()) +
                                            " tokens: it was not made from this corpus; delete it or run with --no-cache");
        const std::size_t prompt = std::min(record.promptTokens, record.size());
        switch (options.normalisation) {
        case CorpusNormalisation::Record: sink(record, normalisePerRecord(raw, prompt)); break;
        case CorpusNormalisation::Corpus: sink(record, normaliseToRange(raw, prompt, report.lowest, report.highest)); break;
        case CorpusNormalisation::None:
            sink(record, absoluteModelScores(options.kind, std::move(raw), prompt, vocabulary));
            break;
        }
        ++report.records;
    }
    if (report.records != reader.records())
        throw InputError(scores, 0, "holds " + std::to_string(reader.records()) + " records, the corpus " +
                                        std::to_string(report.records) + "; delete it or run with --no-cache");
    return report;
}

}  // namespace maskscope
