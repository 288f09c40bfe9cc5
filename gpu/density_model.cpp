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

SweepScores ModelDensityScorer::sweep(const TokenizedRecord& record) const {
    const ModelDensityOptions& o = m_impl->options;
    std::vector<std::int64_t> ids = m_impl->idsOf(record);
    const SweepPlan plan = planSweep(record, o.k, o.t, o.seed);
    SweepScores scores;
    scores.passes = plan.passes;
    scores.nll.assign(record.size(), 0.0f);
    scores.entropy.assign(record.size(), 0.0f);
    if (plan.passes == 0) return scores;

    const c10::InferenceMode inference;
    const auto passes = static_cast<std::int64_t>(plan.passes);
    const auto length = static_cast<std::int64_t>(plan.length);
    const auto prompt = static_cast<std::int64_t>(std::min(record.promptTokens, record.size()));
    const auto clean = torch::from_blob(ids.data(), {1, length}, torch::kInt64);  // [1, L]
    const auto masked = torch::from_blob(const_cast<std::uint8_t*>(plan.masked.data()), {passes, length}, torch::kUInt8)
                            .to(torch::kBool);                                      // [P, L]
    const auto input = clean.repeat({passes, 1}).masked_fill_(masked, m_impl->checkpoint.config.maskTokenId);  // [P, L]

    // The row of the flattened [P * L, V] logits that scores each response token, and its target.
    std::vector<std::int64_t> rows;
    rows.reserve(static_cast<std::size_t>(length - prompt));
    for (std::int64_t i = prompt; i < length; ++i) rows.push_back(plan.scoredIn[static_cast<std::size_t>(i)] * length + i);
    const auto rowIndex = torch::from_blob(rows.data(), {static_cast<std::int64_t>(rows.size())}, torch::kInt64);  // [R]
    const auto targets = clean.narrow(1, prompt, length - prompt).reshape({-1});                                 // [R]

    const auto logits = m_impl->checkpoint.model->forward(input.to(m_impl->device)).logits;  // [P, L, V]
    const auto selected = logits.reshape({passes * length, logits.size(-1)})
                              .index_select(0, rowIndex.to(m_impl->device));               // [R, V]
    const kernels::NllEntropyTensors result = kernels::fusedNllEntropy(selected, targets.to(m_impl->device));
    const auto nll = result.nll.to(torch::kCPU, torch::kFloat32).contiguous();          // [R]
    const auto entropy = result.entropy.to(torch::kCPU, torch::kFloat32).contiguous();  // [R]
    std::copy_n(nll.data_ptr<float>(), rows.size(), scores.nll.begin() + prompt);
    std::copy_n(entropy.data_ptr<float>(), rows.size(), scores.entropy.begin() + prompt);
    return scores;
}

std::vector<float> ModelDensityScorer::attentionReceived(const TokenizedRecord& record) const {
    std::vector<std::int64_t> ids = m_impl->idsOf(record);
    std::vector<float> received(record.size(), 0.0f);
    const auto length = static_cast<std::int64_t>(record.size());
    const auto prompt = static_cast<std::int64_t>(std::min(record.promptTokens, record.size()));
    if (length == prompt) return received;

    const c10::InferenceMode inference;
    const auto input = torch::from_blob(ids.data(), {1, length}, torch::kInt64).to(m_impl->device);  // [1, L]
    ForwardOptions forward;
    forward.captureAttention = true;
    forward.logitsLength = 1;  // the logits are not needed
    const ModelOutput output = m_impl->checkpoint.model->forward(input, forward);
    auto total = torch::zeros({length}, torch::TensorOptions().dtype(torch::kFloat64).device(m_impl->device));  // [L]
    for (const int layer : m_impl->layers) {
        const auto& weights = output.attentions[static_cast<std::size_t>(layer)];  // [1, H, L, L]
        // Mean over heads and over the response's query rows: the mass each key receives.
        total += weights[0].to(torch::kFloat64).mean(0).narrow(0, prompt, length - prompt).mean(0);  // [L]
    }
    const auto mean = (total / static_cast<double>(m_impl->layers.size())).to(torch::kCPU, torch::kFloat32).contiguous();
    std::copy_n(mean.data_ptr<float>() + prompt, length - prompt, received.begin() + prompt);
    return received;
}

namespace {

class ModelDensitySource final : public DensitySource {
public:
    ModelDensitySource(ModelDensityKind kind, std::shared_ptr<const ModelDensityScorer> scorer)
        : m_kind(kind), m_scorer(std::move(scorer)) {}

    std::string name() const override {
        switch (m_kind) {
        case ModelDensityKind::Surprisal: return "model:surprisal";
        case ModelDensityKind::Entropy: return "model:entropy";
        case ModelDensityKind::Attention: return "model:attention";
        }
        return "model";
    }

    std::vector<float> score(const TokenizedRecord& record) const override {
        std::vector<float> raw;
        if (m_kind == ModelDensityKind::Attention) {
            raw = m_scorer->attentionReceived(record);
        } else {
            SweepScores sweep = m_scorer->sweep(record);
            raw = m_kind == ModelDensityKind::Surprisal ? std::move(sweep.nll) : std::move(sweep.entropy);
        }
        const std::size_t prompt = std::min(record.promptTokens, record.size());
        if (m_scorer->options().normalisation == DensityNormalisation::Record) return normalisePerRecord(raw, prompt);

        // Absolute scales within [0, 1] (density_sweep.h).
        const double logVocab = std::log(static_cast<double>(std::max<std::int64_t>(m_scorer->config().vocabSize, 2)));
        for (std::size_t i = prompt; i < raw.size(); ++i) {
            double value = raw[i];
            if (m_kind == ModelDensityKind::Surprisal) value = 1.0 - std::exp(-value);
            else if (m_kind == ModelDensityKind::Entropy) value /= logVocab;
            raw[i] = std::isnan(value) ? 0.0f : static_cast<float>(std::clamp(value, 0.0, 1.0));
        }
        return raw;
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
