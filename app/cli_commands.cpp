#include "cli_commands.h"

#include "output_file.h"

#include "core/annotation_import.h"
#include "core/annotations.h"
#include "core/content_hash.h"
#include "core/corpus_reader.h"
#include "core/error.h"
#include "core/inspection_json.h"
#include "core/tokenizer.h"

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

namespace maskscope::cli {

namespace {

using Json = nlohmann::json;

// Visits the good records of a corpus in file order, at most `limit` (0: all); collects bad lines.
struct Visit {
    std::uint64_t records = 0;
    std::vector<BadLine> bad;
};

template <typename Fn>
Visit forEachRecord(const Corpus& corpus, std::uint64_t limit, Fn&& fn) {
    Visit visit;
    for (std::uint64_t i = 0; i < corpus.entryCount(); ++i) {
        if (limit > 0 && visit.records >= limit) break;
        Corpus::Entry entry = corpus.read(i);
        if (!entry.record) {
            visit.bad.push_back({entry.line, entry.error});
            continue;
        }
        fn(*entry.record);
        ++visit.records;
    }
    return visit;
}

void requireRecords(const std::string& path, const Visit& visit) {
    if (visit.records == 0)
        throw InputError(path, 0, visit.bad.empty() ? "the corpus has no records" : "no valid record in the corpus");
}

struct Loaded {
    Tokenizer tokenizer;
    std::unique_ptr<AnnotationSet> annotations;
    DensityContext context;
};

Loaded loadInspectionInputs(const InspectionOptions& options) {
    Loaded loaded{Tokenizer::load(options.tokenizer), nullptr, {}};
    if (!options.annotations.empty()) {
        loaded.annotations = std::make_unique<AnnotationSet>(AnnotationSet::load(options.annotations));
        loaded.context.annotations = loaded.annotations.get();
    }
    addModelDensityParams(options, loaded.context);
    return loaded;
}

struct Summary {
    std::uint64_t promptBytes = 0, responseBytes = 0, maxResponseBytes = 0;
    std::uint64_t promptTokens = 0, responseTokens = 0, maxTokens = 0;
    std::uint64_t hubTokens = 0, hubSpans = 0, processed = 0;
    std::uint64_t logicalMasked = 0, syntacticMasked = 0;
    double densitySum = 0.0, tSum = 0.0;
};

}  // namespace

Corpus openCorpus(const CorpusOptions& options) {
    const auto format = parseCorpusFormat(options.format);
    if (!format)
        throw UsageError("--format must be auto, instruction-output, messages, question-answer, prompt-response, "
                         "text or plain-text, not '" + options.format + "'");
    return Corpus::open(options.path, *format);
}

void reportBadLines(const std::string& path, const std::vector<BadLine>& bad, std::size_t shown) {
    if (bad.empty()) return;
    std::fprintf(stderr, "maskscope-cli: skipped %zu bad line(s) in %s\n", bad.size(), path.c_str());
    for (std::size_t i = 0; i < bad.size() && i < shown; ++i)
        std::fprintf(stderr, "  %s:%llu: %s\n", path.c_str(), static_cast<unsigned long long>(bad[i].line),
                     bad[i].reason.c_str());
    if (bad.size() > shown) std::fprintf(stderr, "  ... and %zu more\n", bad.size() - shown);
}

int runSources() {
    const auto sources = DensityRegistry::instance().list();
    std::size_t width = 0;
    for (const auto& entry : sources) width = std::max(width, entry.first.size());
    for (const auto& [name, description] : sources)
        std::printf("%-*s  %s\n", static_cast<int>(width), name.c_str(), description.c_str());
    return 0;
}

int runDensityRecords(const DensityArgs& args) {
    if (args.normalise == "corpus")
        throw UsageError("--normalise corpus works with one model:* source (model:surprisal, model:entropy, "
                         "model:attention), whose raw scores the corpus pass collects; '" +
                         args.records.inspection.density + "' gives scores in [0,1] per record");
    RecordsArgs records = args.records;
    if (!args.normalise.empty()) records.inspection.modelNormalise = args.normalise;
    return runRecords(records, RecordOutput::Density);
}

int runInspect(const InspectArgs& args) {
    const Corpus corpus = openCorpus(args.corpus);
    std::unique_ptr<Loaded> loaded;
    std::unique_ptr<Inspector> inspector;
    if (!args.inspection.tokenizer.empty()) {
        loaded = std::make_unique<Loaded>(loadInspectionInputs(args.inspection));
        inspector = std::make_unique<Inspector>(loaded->tokenizer, toSettings(args.inspection), loaded->context);
    }
    Summary s;
    const Visit visit = forEachRecord(corpus, args.corpus.limit, [&](const Record& record) {
        s.promptBytes += record.prompt.size();
        s.responseBytes += record.response.size();
        s.maxResponseBytes = std::max<std::uint64_t>(s.maxResponseBytes, record.response.size());
        if (!inspector) return;
        const RecordInspection r = inspector->inspect(record, args.inspection.step);
        s.promptTokens += r.tokens.promptTokens;
        s.responseTokens += r.tokens.size() - r.tokens.promptTokens;
        s.maxTokens = std::max<std::uint64_t>(s.maxTokens, r.tokens.size());
        s.hubTokens += r.hubs.count();
        s.hubSpans += r.hubs.spans.size();
        s.processed += r.masks.processed ? 1 : 0;
        s.tSum += r.masks.t;
        for (std::size_t i = 0; i < r.tokens.size(); ++i) {
            if (!r.maskable[i]) continue;
            s.densitySum += r.density[i];
            s.logicalMasked += r.masks.logical[i];
            s.syntacticMasked += r.masks.syntactic[i];
        }
    });
    const double n = static_cast<double>(std::max<std::uint64_t>(visit.records, 1));
    const double responseTokens = static_cast<double>(std::max<std::uint64_t>(s.responseTokens, 1));

    Json out;
    out["corpus"] = corpus.path();
    out["bytes"] = corpus.fileSize();
    out["format"] = std::string(toString(corpus.format()));
    out["entries"] = corpus.entryCount();
    out["records"] = visit.records;
    out["bad_lines"] = visit.bad.size();
    out["mean_prompt_bytes"] = static_cast<double>(s.promptBytes) / n;
    out["mean_response_bytes"] = static_cast<double>(s.responseBytes) / n;
    out["max_response_bytes"] = s.maxResponseBytes;
    Json bad = Json::array();
    for (std::size_t i = 0; i < visit.bad.size() && i < args.maxBadLines; ++i)
        bad.push_back({{"line", visit.bad[i].line}, {"reason", visit.bad[i].reason}});
    out["bad"] = std::move(bad);
    if (inspector) {
        const auto& settings = inspector->settings();
        out["tokenizer"] = loaded->tokenizer.path();
        out["density_source"] = settings.densitySource;
        out["mode"] = std::string(toString(settings.policy.mode));
        out["w"] = settings.policy.w;
        out["step"] = args.inspection.step;
        out["prompt_tokens"] = s.promptTokens;
        out["response_tokens"] = s.responseTokens;
        out["max_record_tokens"] = s.maxTokens;
        out["mean_density"] = s.densitySum / responseTokens;
        out["hub_tokens"] = s.hubTokens;
        out["hub_spans"] = s.hubSpans;
        out["hub_fraction"] = static_cast<double>(s.hubTokens) / responseTokens;
        out["processed_records"] = s.processed;
        out["mean_t"] = s.tSum / n;
        out["logical_mask_ratio"] = static_cast<double>(s.logicalMasked) / responseTokens;
        out["syntactic_mask_ratio"] = static_cast<double>(s.syntacticMasked) / responseTokens;
    }

    if (args.json) {
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    std::printf("corpus            %s (%llu bytes, %s)\n", corpus.path().c_str(),
                static_cast<unsigned long long>(corpus.fileSize()), std::string(toString(corpus.format())).c_str());
    std::printf("records           %llu good, %zu bad line(s)\n", static_cast<unsigned long long>(visit.records),
                visit.bad.size());
    std::printf("mean length       prompt %.1f bytes, response %.1f bytes (max %llu)\n",
                out["mean_prompt_bytes"].get<double>(), out["mean_response_bytes"].get<double>(),
                static_cast<unsigned long long>(s.maxResponseBytes));
    if (inspector) {
        std::printf("tokens            prompt %llu, response %llu (longest record %llu)\n",
                    static_cast<unsigned long long>(s.promptTokens), static_cast<unsigned long long>(s.responseTokens),
                    static_cast<unsigned long long>(s.maxTokens));
        std::printf("density           %s, mean %.3f over response tokens\n",
                    inspector->settings().densitySource.c_str(), out["mean_density"].get<double>());
        std::printf("hubs              %llu tokens in %llu spans (%.1f%% of response tokens)\n",
                    static_cast<unsigned long long>(s.hubTokens), static_cast<unsigned long long>(s.hubSpans),
                    100.0 * out["hub_fraction"].get<double>());
        std::printf("masks (step %u)    %s, w %.3g, mean t %.3f: logical %.1f%%, syntactic %.1f%% of response "
                    "tokens; %llu records processed\n",
                    args.inspection.step, std::string(toString(inspector->settings().policy.mode)).c_str(),
                    inspector->settings().policy.w, out["mean_t"].get<double>(),
                    100.0 * out["logical_mask_ratio"].get<double>(), 100.0 * out["syntactic_mask_ratio"].get<double>(),
                    static_cast<unsigned long long>(s.processed));
    }
    for (std::size_t i = 0; i < visit.bad.size() && i < args.maxBadLines; ++i)
        std::printf("bad line          %s:%llu: %s\n", corpus.path().c_str(),
                    static_cast<unsigned long long>(visit.bad[i].line), visit.bad[i].reason.c_str());
    if (visit.bad.size() > args.maxBadLines)
        std::printf("                  ... and %zu more bad lines\n", visit.bad.size() - args.maxBadLines);
    return 0;
}

int runRecords(const RecordsArgs& args, RecordOutput output) {
    const Corpus corpus = openCorpus(args.corpus);
    Loaded loaded = loadInspectionInputs(args.inspection);
    const InspectionSettings settings = toSettings(args.inspection);
    const Inspector inspector(loaded.tokenizer, settings, loaded.context);
    if (!args.writeAnnotations.empty() && output != RecordOutput::Hubs)
        throw UsageError("--write-annotations belongs to the hubs command");

    OutputFile out(args.out);
    AnnotationSet suggested;
    const Visit visit = forEachRecord(corpus, args.corpus.limit, [&](const Record& record) {
        RecordInspection r = inspector.analyse(record);
        switch (output) {
        case RecordOutput::Density: out.writeLine(densityJson(r)); break;
        case RecordOutput::Hubs: out.writeLine(hubsJson(r)); break;
        case RecordOutput::Mask:
            inspector.drawMasks(r, args.inspection.step);
            out.writeLine(maskJson(r, settings.policy.mode));
            break;
        }
        if (!args.writeAnnotations.empty()) {
            RecordAnnotations annotations;
            annotations.id = record.id;
            annotations.textHash = hashBytes(record.response);
            for (const auto& [start, end] : hubByteSpans(r))
                annotations.spans.push_back({start, end, settings.densitySource, {}});
            suggested.set(std::move(annotations));
        }
    });
    reportBadLines(corpus.path(), visit.bad, 20);
    requireRecords(corpus.path(), visit);
    out.commit();
    if (!args.writeAnnotations.empty()) suggested.save(args.writeAnnotations);
    return 0;
}

int runTokenizerTrain(const TokenizerTrainArgs& args) {
    std::vector<std::string> texts;
    for (const auto& path : args.corpora) {
        const Corpus corpus = openCorpus({path, args.format, 0});
        const Visit visit = forEachRecord(corpus, 0, [&](const Record& record) {
            texts.push_back(record.prompt);
            texts.push_back(record.response);
        });
        reportBadLines(corpus.path(), visit.bad, 20);
        requireRecords(corpus.path(), visit);
    }
    TokenizerTrainOptions options;
    options.vocabSize = args.vocabSize;
    options.modelType = args.modelType;
    options.characterCoverage = args.characterCoverage;
    trainTokenizer(texts, options, args.out);
    const Tokenizer trained = Tokenizer::load(args.out);
    std::printf("wrote %s: %d pieces, mask token id %d, trained on %zu texts\n", args.out.c_str(),
                trained.vocabSize(), trained.maskId(), texts.size());
    return 0;
}

int runAnnotationsImport(const AnnotationsImportArgs& args) {
    const Corpus corpus = openCorpus(args.corpus);
    std::map<std::string, Record, std::less<>> records;
    const Visit visit = forEachRecord(corpus, args.corpus.limit, [&](const Record& record) { records[record.id] = record; });
    reportBadLines(corpus.path(), visit.bad, 20);
    requireRecords(corpus.path(), visit);

    AnnotationSet set = args.merge ? AnnotationSet::load(args.out) : AnnotationSet();
    const auto lookup = [&](const std::string& id) -> const Record* {
        const auto it = records.find(id);
        return it == records.end() ? nullptr : &it->second;
    };
    const ImportReport report = importSpans(args.input, lookup, args.source, set);
    for (const auto& warning : report.warnings) std::fprintf(stderr, "maskscope-cli: %s\n", warning.c_str());
    set.save(args.out);
    std::printf("imported %zu span(s) for %zu record(s) into %s (%zu warning(s))\n", report.spans, report.records,
                args.out.c_str(), report.warnings.size());
    return 0;
}

}  // namespace maskscope::cli
