#include "training_data.h"

#include "core/content_hash.h"
#include "core/error.h"
#include "core/mask_sampler.h"
#include "core/tokenizer.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <numeric>
#include <unordered_map>

namespace maskscope {
namespace {

constexpr std::uint64_t kEvalSplitSeed = 0x6576616c;    // "eval"
constexpr std::uint64_t kEpochOrderSeed = 0x6f726465;   // "orde"

double unitInterval(std::uint64_t hash) { return static_cast<double>(hash >> 11) * (1.0 / 9007199254740992.0); }

// XXH3-64 of (record key, seed, epoch): the sort key of a record in an epoch.
std::uint64_t epochKey(std::uint64_t recordKeyValue, std::uint32_t seed, std::uint64_t epoch) {
    unsigned char bytes[20];
    std::memcpy(bytes, &recordKeyValue, 8);
    std::memcpy(bytes + 8, &seed, 4);
    std::memcpy(bytes + 12, &epoch, 8);
    return hashBytes(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes), kEpochOrderSeed);
}

}  // namespace

bool isEvalRecord(std::string_view recordId, double fraction) {
    if (fraction <= 0.0) return false;
    return unitInterval(hashBytes(recordId, kEvalSplitSeed)) < fraction;
}

struct TrainingData::OrderCache {
    std::mutex mutex;
    std::map<std::uint64_t, std::vector<std::uint32_t>> orders;  // at most two epochs
    std::vector<std::uint64_t> keys;                             // recordKey of every training record
};

TrainingData::TrainingData() : m_cache(std::make_unique<OrderCache>()) {}
TrainingData::TrainingData(TrainingData&&) noexcept = default;
TrainingData& TrainingData::operator=(TrainingData&&) noexcept = default;
TrainingData::~TrainingData() = default;

TrainingData TrainingData::load(const TrainingDataOptions& options, const Tokenizer& tokenizer,
                                const DensityContext& densityContext, const Progress& progress) {
    const auto format = parseCorpusFormat(options.corpusFormat);
    if (!format)
        throw UsageError("--format must be auto, instruction-output, messages, question-answer, prompt-response, "
                         "text or plain-text, not '" + options.corpusFormat + "'");
    if (options.context == 0) throw UsageError("training data: the model's context must be at least 1");
    const Corpus corpus = Corpus::open(options.corpus, *format);
    InspectionSettings settings = options.masking;
    settings.blockSize = 0;  // block statistics are for display; training does not need them
    const Inspector inspector(tokenizer, settings, densityContext);
    const bool soft = settings.policy.weighting == Weighting::Soft;

    TrainingData data;
    data.m_seed = options.seed;
    std::unordered_map<std::string, std::uint64_t> seenIds;
    const std::uint64_t entries = corpus.entryCount();
    for (std::uint64_t index = 0; index < entries; ++index) {
        if (progress && index % 256 == 0 && !progress(index, entries)) throw Cancelled();
        Corpus::Entry entry = corpus.read(index);
        if (!entry.record) {
            if (data.m_report.badLines++ == 0)
                data.m_report.firstBadLine = corpus.path() + ":" + std::to_string(entry.line) + ": " + entry.error;
            continue;
        }
        RecordInspection analysed = inspector.analyse(*entry.record);
        const std::size_t length = analysed.tokens.size();
        if (length == analysed.tokens.promptTokens) {
            ++data.m_report.withoutResponse;
            continue;
        }
        if (length > options.context) {
            if (!options.truncate)
                throw InputError(corpus.path(), entry.line,
                                 "record '" + entry.record->id + "' has " + std::to_string(length) +
                                     " tokens, more than the model's context of " + std::to_string(options.context) +
                                     " positions (use a model with a longer context, shorten the record, or pass "
                                     "--truncate to cut records to the context)");
            if (analysed.tokens.promptTokens >= options.context) {
                ++data.m_report.withoutResponse;  // nothing of the response would remain
                continue;
            }
            ++data.m_report.truncated;
        }
        if (!seenIds.emplace(entry.record->id, index).second) ++data.m_report.duplicateIds;

        TrainingRecord record;
        record.id = entry.record->id;
        record.line = entry.line;
        record.fullLength = length;
        const std::size_t kept = std::min(length, options.context);
        record.tokenIds.reserve(kept);
        record.pieces.reserve(kept);
        for (std::size_t i = 0; i < kept; ++i) {
            record.tokenIds.push_back(analysed.tokens.tokens[i].id);
            record.pieces.push_back(std::move(analysed.tokens.tokens[i].piece));
        }
        record.maskable = std::move(analysed.maskable);
        record.hub = std::move(analysed.hubs.indicator);
        if (soft) record.density = std::move(analysed.density);
        data.m_maxLength = std::max(data.m_maxLength, kept);
        const auto position = static_cast<std::uint32_t>(data.m_records.size());
        (isEvalRecord(record.id, options.evalFraction) ? data.m_eval : data.m_train).push_back(position);
        data.m_records.push_back(std::move(record));
    }
    if (progress && !progress(entries, entries)) throw Cancelled();

    if (data.m_records.empty()) {
        std::string reason = "the corpus has no records to train on";
        if (data.m_report.badLines > 0) reason += " (" + std::to_string(data.m_report.badLines) + " bad lines, the first: " + data.m_report.firstBadLine + ")";
        else if (data.m_report.withoutResponse > 0) reason += " (no response token lies within the context)";
        throw InputError(corpus.path(), 0, reason);
    }
    if (data.m_train.empty())
        throw InputError(corpus.path(), 0,
                         "every record was held out for evaluation (--eval-fraction " +
                             std::to_string(options.evalFraction) + "); no record is left to train on");
    data.m_cache->keys.reserve(data.m_train.size());
    for (const std::uint32_t index : data.m_train) data.m_cache->keys.push_back(recordKey(data.m_records[index].id));
    return data;
}

std::int64_t TrainingData::find(const std::string& id) const {
    for (std::size_t i = 0; i < m_records.size(); ++i)
        if (m_records[i].id == id) return static_cast<std::int64_t>(i);
    return -1;
}

std::vector<std::uint32_t> TrainingData::epochOrder(std::uint64_t epoch) const {
    const std::size_t n = m_train.size();
    std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(n);  // (sort key, position in m_train)
    for (std::size_t i = 0; i < n; ++i)
        keyed[i] = {epochKey(m_cache->keys[i], m_seed, epoch), static_cast<std::uint32_t>(i)};
    std::sort(keyed.begin(), keyed.end());
    std::vector<std::uint32_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = m_train[keyed[i].second];
    return order;
}

std::uint32_t TrainingData::trainRecordAt(std::uint64_t position) const {
    const std::uint64_t n = m_train.size();
    const std::uint64_t epoch = position / n;
    std::lock_guard<std::mutex> lock(m_cache->mutex);
    auto it = m_cache->orders.find(epoch);
    if (it == m_cache->orders.end()) {
        if (m_cache->orders.size() >= 2) m_cache->orders.erase(m_cache->orders.begin());
        it = m_cache->orders.emplace(epoch, epochOrder(epoch)).first;
    }
    return it->second[position % n];
}

}  // namespace maskscope
