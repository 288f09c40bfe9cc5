#include "density_model.h"

#include "checkpoint.h"
#include "model.h"

#include "core/error.h"
#include "core/tokenizer.h"
#include "gpu/kernels/kernels_torch.h"

#include <torch/cuda.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace maskscope {

namespace fs = std::filesystem;

namespace {

// A step_N directory as it is; a run directory or a checkpoints/ folder: its latest checkpoint.
std::string resolveCheckpoint(const std::string& path) {
    std::error_code error;
    if (fs::exists(fs::path(path) / kCheckpointConfigFile, error)) return path;
    for (const fs::path& folder : {fs::path(path) / "checkpoints", fs::path(path)})
        if (fs::is_directory(folder, error))
            if (const auto latest = latestCheckpoint(folder.string())) return *latest;
    return path;  // loadCheckpoint names what is missing
}

torch::Device deviceOf(const std::string& name) {
    if (name == "cuda") {
        if (!torch::cuda::is_available())
            throw UsageError("--device cuda: no CUDA device is usable here (this LibTorch has no CUDA, or no GPU "
                             "is visible); use --device cpu");
        return torch::Device(torch::kCUDA);
    }
    return torch::Device(torch::kCPU);
}

std::string hashText(std::uint64_t hash) {
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
    return text;
}

}  // namespace

struct ModelDensityScorer::Impl {
    ModelDensityOptions options;
    LoadedCheckpoint checkpoint;
    torch::Device device{torch::kCPU};
    std::vector<int> layers;  // attention layers averaged by model:attention

    // The record's token ids, checked against the model.
    std::vector<std::int64_t> idsOf(const TokenizedRecord& record) const {
        const ModelConfig& config = checkpoint.config;
        const std::string what = "record '" + record.record.id + "'";
        if (static_cast<std::int64_t>(record.size()) > config.maxPositionEmbeddings)
            throw InputError(what, 0, "has " + std::to_string(record.size()) + " tokens, more than the model's context of " +
                                          std::to_string(config.maxPositionEmbeddings) + " positions (" +
                                          checkpoint.directory + "/config.json)");
        std::vector<std::int64_t> ids(record.size());
        for (std::size_t i = 0; i < record.size(); ++i) {
            ids[i] = record.tokens[i].id;
            if (ids[i] < 0 || ids[i] >= config.vocabSize)
                throw InputError(what, 0, "token " + std::to_string(i) + " has id " + std::to_string(ids[i]) +
                                              ", outside the model's vocabulary of " +
                                              std::to_string(config.vocabSize) +
                                              ": the records were tokenized with another tokenizer");
        }
        return ids;
    }
};

ModelDensityScorer::ModelDensityScorer(ModelDensityOptions options) : m_impl(std::make_unique<Impl>()) {
    m_impl->options = std::move(options);
    const ModelDensityOptions& o = m_impl->options;
    m_impl->device = deviceOf(o.device);
    m_impl->checkpoint = loadCheckpoint(resolveCheckpoint(o.checkpoint), m_impl->device);
    m_impl->checkpoint.model->eval();
    const ModelConfig& config = m_impl->checkpoint.config;

    if (!o.tokenizer.empty()) {
        const Tokenizer used = Tokenizer::load(o.tokenizer);
        const Tokenizer own = Tokenizer::load(m_impl->checkpoint.tokenizerPath);
        if (used.fileHash() != own.fileHash())
            throw InputError(o.tokenizer, 0,
                             "is not the tokenizer of checkpoint " + m_impl->checkpoint.directory + " (" +
                                 std::to_string(used.vocabSize()) + " pieces, mask id " +
                                 std::to_string(used.maskId()) + ", hash " + hashText(used.fileHash()) +
                                 "; the checkpoint's tokenizer.model has " + std::to_string(own.vocabSize()) +
                                 " pieces, mask id " + std::to_string(own.maskId()) + ", hash " +
                                 hashText(own.fileHash()) + "); tokenize with " + m_impl->checkpoint.tokenizerPath);
    }

    if (o.layers.empty()) {
        for (int layer = 0; layer < config.numLayers; ++layer) m_impl->layers.push_back(layer);
    } else {
        for (const int layer : o.layers)
            if (layer >= config.numLayers)
                throw UsageError("--model-layers: layer " + std::to_string(layer) + " does not exist; the model has " +
                                 std::to_string(config.numLayers) + " layers (0 to " +
                                 std::to_string(config.numLayers - 1) + ")");
        m_impl->layers = o.layers;
    }
}

ModelDensityScorer::~ModelDensityScorer() = default;

const ModelDensityOptions& ModelDensityScorer::options() const { return m_impl->options; }
const ModelConfig& ModelDensityScorer::config() const { return m_impl->checkpoint.config; }
const std::string& ModelDensityScorer::checkpointDirectory() const { return m_impl->checkpoint.directory; }

SweepScores ModelDensityScorer::sweep(const TokenizedRecord& record) const { return sweepBatch({&record}).front(); }

std::vector<float> ModelDensityScorer::attentionReceived(const TokenizedRecord& record) const {
    return std::move(attentionReceivedBatch({&record}).front());
}

namespace {

// bool [B, L, L]: query rows of sequence b may attend to its first lengths[b] keys; undefined when
// every sequence fills the batch (no padding, the unmasked path of the one-record call).
torch::Tensor paddingMask(const std::vector<std::int64_t>& lengths, std::int64_t width) {
    if (std::all_of(lengths.begin(), lengths.end(), [&](std::int64_t length) { return length == width; })) return {};
    const auto batch = static_cast<std::int64_t>(lengths.size());
    auto valid = torch::zeros({batch, width}, torch::kBool);  // [B, L]
    for (std::int64_t b = 0; b < batch; ++b) valid[b].narrow(0, 0, lengths[static_cast<std::size_t>(b)]).fill_(true);
    return valid.unsqueeze(1).expand({batch, width, width});  // [B, L, L]
}

}  // namespace

std::vector<SweepScores> ModelDensityScorer::sweepBatch(const std::vector<const TokenizedRecord*>& records) const {
    const ModelDensityOptions& o = m_impl->options;
    const std::int64_t maskId = m_impl->checkpoint.config.maskTokenId;
    std::vector<SweepScores> results(records.size());
    std::vector<std::vector<std::int64_t>> ids(records.size());
    std::vector<SweepPlan> plans(records.size());
    std::int64_t width = 0, batch = 0;
    for (std::size_t j = 0; j < records.size(); ++j) {
        ids[j] = m_impl->idsOf(*records[j]);
        plans[j] = planSweep(*records[j], o.k, o.t, o.seed);
        results[j].passes = plans[j].passes;
        results[j].nll.assign(records[j]->size(), 0.0f);
        results[j].entropy.assign(records[j]->size(), 0.0f);
        if (plans[j].passes == 0) continue;
        width = std::max<std::int64_t>(width, static_cast<std::int64_t>(plans[j].length));
        batch += static_cast<std::int64_t>(plans[j].passes);
    }
    if (batch == 0) return results;

    // Inputs [B, L] (padding holds the mask token and is never attended), the row of the flattened
    // [B * L] positions that scores each response token, and its target.
    std::vector<std::int64_t> input(static_cast<std::size_t>(batch * width), maskId);
    std::vector<std::int64_t> lengths, rows, targets;
    lengths.reserve(static_cast<std::size_t>(batch));
    std::int64_t base = 0;  // first batch row of record j
    for (std::size_t j = 0; j < records.size(); ++j) {
        const SweepPlan& plan = plans[j];
        if (plan.passes == 0) continue;
        const auto length = static_cast<std::int64_t>(plan.length);
        for (std::size_t pass = 0; pass < plan.passes; ++pass) {
            std::int64_t* row = input.data() + (base + static_cast<std::int64_t>(pass)) * width;
            for (std::int64_t i = 0; i < length; ++i)
                row[i] = plan.masked[pass * plan.length + static_cast<std::size_t>(i)] ? maskId : ids[j][static_cast<std::size_t>(i)];
            lengths.push_back(length);
        }
        for (std::int64_t i = static_cast<std::int64_t>(std::min(records[j]->promptTokens, plan.length)); i < length; ++i) {
            rows.push_back((base + plan.scoredIn[static_cast<std::size_t>(i)]) * width + i);
            targets.push_back(ids[j][static_cast<std::size_t>(i)]);
        }
        base += static_cast<std::int64_t>(plan.passes);
    }

    const c10::InferenceMode inference;
    const torch::Device device = m_impl->device;
    const auto count = static_cast<std::int64_t>(rows.size());
    ForwardOptions forward;
    forward.logitsRows = torch::from_blob(rows.data(), {count}, torch::kInt64).to(device);  // [R]
    const torch::Tensor mask = paddingMask(lengths, width);
    if (mask.defined()) forward.attentionMask = mask.to(device);
    const auto tokens = torch::from_blob(input.data(), {batch, width}, torch::kInt64).to(device);   // [B, L]
    const auto logits = m_impl->checkpoint.model->forward(tokens, forward).logits;                 // [R, V]
    const auto expected = torch::from_blob(targets.data(), {count}, torch::kInt64).to(device);     // [R]
    const kernels::NllEntropyTensors result = kernels::fusedNllEntropy(logits, expected);
    const auto nll = result.nll.to(torch::kCPU, torch::kFloat32).contiguous();          // [R]
    const auto entropy = result.entropy.to(torch::kCPU, torch::kFloat32).contiguous();  // [R]
    const float* nllValues = nll.data_ptr<float>();
    const float* entropyValues = entropy.data_ptr<float>();
    std::size_t next = 0;
    for (std::size_t j = 0; j < records.size(); ++j) {
        if (plans[j].passes == 0) continue;
        for (std::size_t i = std::min(records[j]->promptTokens, plans[j].length); i < plans[j].length; ++i, ++next) {
            results[j].nll[i] = nllValues[next];
            results[j].entropy[i] = entropyValues[next];
        }
    }
    return results;
}

std::vector<std::vector<float>> ModelDensityScorer::attentionReceivedBatch(
    const std::vector<const TokenizedRecord*>& records) const {
    std::vector<std::vector<float>> received(records.size());
    std::vector<std::vector<std::int64_t>> ids(records.size());
    std::vector<std::size_t> scored;  // records with a response, in batch order
    std::int64_t width = 0;
    for (std::size_t j = 0; j < records.size(); ++j) {
        ids[j] = m_impl->idsOf(*records[j]);
        received[j].assign(records[j]->size(), 0.0f);
        if (std::min(records[j]->promptTokens, records[j]->size()) == records[j]->size()) continue;
        scored.push_back(j);
        width = std::max<std::int64_t>(width, static_cast<std::int64_t>(records[j]->size()));
    }
    if (scored.empty()) return received;

    const auto batch = static_cast<std::int64_t>(scored.size());
    std::vector<std::int64_t> input(static_cast<std::size_t>(batch * width), m_impl->checkpoint.config.maskTokenId);
    std::vector<std::int64_t> lengths;
    for (std::int64_t b = 0; b < batch; ++b) {
        const auto& own = ids[scored[static_cast<std::size_t>(b)]];
        std::copy(own.begin(), own.end(), input.begin() + b * width);
        lengths.push_back(static_cast<std::int64_t>(own.size()));
    }

    const c10::InferenceMode inference;
    const torch::Device device = m_impl->device;
    ForwardOptions forward;
    forward.captureAttention = true;
    forward.logitsRows = torch::zeros({1}, torch::kInt64);  // the logits are not needed
    const torch::Tensor mask = paddingMask(lengths, width);
    if (mask.defined()) forward.attentionMask = mask.to(device);
    const auto tokens = torch::from_blob(input.data(), {batch, width}, torch::kInt64).to(device);  // [B, L]
    const ModelOutput output = m_impl->checkpoint.model->forward(tokens, forward);
    for (std::int64_t b = 0; b < batch; ++b) {
        const std::size_t j = scored[static_cast<std::size_t>(b)];
        const std::int64_t length = lengths[static_cast<std::size_t>(b)];
        const auto prompt = static_cast<std::int64_t>(std::min(records[j]->promptTokens, records[j]->size()));
        auto total = torch::zeros({length}, torch::TensorOptions().dtype(torch::kFloat64).device(device));  // [L]
        for (const int layer : m_impl->layers) {
            const auto& weights = output.attentions[static_cast<std::size_t>(layer)];  // [B, H, L, L]
            // Mean over heads and over the response's query rows: the mass each key receives.
            total += weights[b].to(torch::kFloat64).mean(0).narrow(0, prompt, length - prompt).narrow(1, 0, length).mean(0);
        }
        const auto mean = (total / static_cast<double>(m_impl->layers.size())).to(torch::kCPU, torch::kFloat32).contiguous();
        std::copy_n(mean.data_ptr<float>() + prompt, length - prompt, received[j].begin() + prompt);
    }
    return received;
}

namespace {

class ModelDensitySource final : public DensitySource {
public:
    ModelDensitySource(ModelDensityKind kind, std::shared_ptr<const ModelDensityScorer> scorer)
        : m_kind(kind), m_scorer(std::move(scorer)) {}

    std::string name() const override { return std::string(toString(m_kind)); }

    std::vector<float> score(const TokenizedRecord& record) const override {
        std::vector<float> raw = std::move(rawModelScores(*m_scorer, m_kind, {&record}).front());
        const std::size_t prompt = std::min(record.promptTokens, record.size());
        if (m_scorer->options().normalisation == DensityNormalisation::Record) return normalisePerRecord(raw, prompt);
        return absoluteModelScores(m_kind, std::move(raw), prompt, m_scorer->config().vocabSize);
    }

private:
    ModelDensityKind m_kind;
    std::shared_ptr<const ModelDensityScorer> m_scorer;
};

DensityFactory factoryFor(ModelDensityKind kind) {
    return [kind](const DensityContext& context) -> std::unique_ptr<DensitySource> {
        auto scorer = std::make_shared<const ModelDensityScorer>(modelDensityOptions(context.params));
        return makeModelDensitySource(kind, std::move(scorer));
    };
}

}  // namespace

std::string_view toString(ModelDensityKind kind) {
    switch (kind) {
    case ModelDensityKind::Surprisal: return "model:surprisal";
    case ModelDensityKind::Entropy: return "model:entropy";
    case ModelDensityKind::Attention: return "model:attention";
    }
    return "model";
}

std::vector<std::vector<float>> rawModelScores(const ModelDensityScorer& scorer, ModelDensityKind kind,
                                               const std::vector<const TokenizedRecord*>& records) {
    if (kind == ModelDensityKind::Attention) return scorer.attentionReceivedBatch(records);
    std::vector<SweepScores> sweeps = scorer.sweepBatch(records);
    std::vector<std::vector<float>> raw;
    raw.reserve(sweeps.size());
    for (SweepScores& sweep : sweeps)
        raw.push_back(kind == ModelDensityKind::Surprisal ? std::move(sweep.nll) : std::move(sweep.entropy));
    return raw;
}

std::vector<float> absoluteModelScores(ModelDensityKind kind, std::vector<float> raw, std::size_t promptTokens,
                                       std::int64_t vocabSize) {
    const double logVocab = std::log(static_cast<double>(std::max<std::int64_t>(vocabSize, 2)));
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (i < promptTokens) {
            raw[i] = 0.0f;
            continue;
        }
        double value = raw[i];
        if (kind == ModelDensityKind::Surprisal) value = 1.0 - std::exp(-value);
        else if (kind == ModelDensityKind::Entropy) value /= logVocab;
        raw[i] = std::isnan(value) ? 0.0f : static_cast<float>(std::clamp(value, 0.0, 1.0));
    }
    return raw;
}

std::unique_ptr<DensitySource> makeModelDensitySource(ModelDensityKind kind,
                                                      std::shared_ptr<const ModelDensityScorer> scorer) {
    if (!scorer) throw UsageError("a model density source needs a scorer");
    return std::make_unique<ModelDensitySource>(kind, std::move(scorer));
}

void registerModelDensitySources() {
    DensityRegistry& registry = DensityRegistry::instance();
    registry.add("model:surprisal",
                 "NLL of each response token while masked, from a checkpoint in k strided passes "
                 "(params checkpoint=--model, k, t, seed, device, normalise)",
                 factoryFor(ModelDensityKind::Surprisal));
    registry.add("model:entropy",
                 "predictive entropy at each masked response position, same sweep as model:surprisal",
                 factoryFor(ModelDensityKind::Entropy));
    registry.add("model:attention",
                 "attention each token receives from the response (mean over heads and layers; param layers)",
                 factoryFor(ModelDensityKind::Attention));
}

}  // namespace maskscope
