#include "trainer.h"

#include "attention_probe.h"
#include "batch_builder.h"
#include "checkpoint.h"
#include "gradient_sync.h"
#include "lr_schedule.h"
#include "model.h"
#include "model_config.h"
#include "optimizer_state.h"
#include "run_directory.h"
#include "safetensors.h"
#include "thread_settings.h"
#include "training_data.h"
#include "training_objective.h"

#include "core/annotations.h"
#include "core/atomic_file.h"
#include "core/error.h"
#include "core/tokenizer.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>

namespace maskscope {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string absolutePath(const std::string& path) {
    if (path.empty()) return path;
    std::error_code error;
    const fs::path absolute = fs::absolute(path, error);
    return error ? path : absolute.lexically_normal().string();
}

double ratioOrNan(double sum, double count) {
    return count > 0.0 ? sum / count : std::numeric_limits<double>::quiet_NaN();
}

// The configuration without the settings a resumed run may change, for comparing trajectories.
nlohmann::json trajectoryJson(TrainConfig config) {
    const TrainConfig defaults;
    config.steps = defaults.steps;
    config.threads = defaults.threads;
    config.blasThreads = defaults.blasThreads;
    config.device = defaults.device;
    config.out = defaults.out;
    config.logEvery = defaults.logEvery;
    config.evalEvery = defaults.evalEvery;
    config.evalRecords = defaults.evalRecords;
    config.checkpointEvery = defaults.checkpointEvery;
    config.keepCheckpoints = defaults.keepCheckpoints;
    config.probeEvery = defaults.probeEvery;
    config.probeRecord = defaults.probeRecord;
    config.dumpMaskSteps = defaults.dumpMaskSteps;
    return nlohmann::json::parse(trainConfigToJson(config));
}

// The first setting (as a dotted JSON path) on which two configurations differ, or "".
std::string firstDifference(const nlohmann::json& a, const nlohmann::json& b, const std::string& prefix = "") {
    if (a.is_object() && b.is_object()) {
        for (const auto& item : a.items()) {
            if (!b.contains(item.key())) return prefix + item.key();
            const std::string inner = firstDifference(item.value(), b.at(item.key()), prefix + item.key() + ".");
            if (!inner.empty()) return inner;
        }
        return "";
    }
    return a == b ? "" : prefix.substr(0, prefix.size() - 1);
}

std::string flagOf(std::string setting) {
    if (setting.rfind("masking.", 0) == 0) setting = setting.substr(8);
    std::replace(setting.begin(), setting.end(), '_', '-');
    return "--" + setting;
}

}  // namespace

struct Trainer::Impl {
    TrainConfig config;
    TrainerHooks hooks;
    std::shared_ptr<GradientSync> sync;
    std::string runDir;
    RunManifest manifest;

    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<AnnotationSet> annotations;
    DensityContext densityContext;
    std::unique_ptr<TrainingData> data;
    std::unique_ptr<BatchBuilder> builder;

    torch::Device device{torch::kCPU};
    DiffusionTransformer model{nullptr};
    std::unique_ptr<torch::optim::AdamW> optimizer;
    std::vector<torch::Tensor> parameters;
    LrSchedule schedule;
    ObjectiveSettings objective;
    TrainerState state;
    std::unique_ptr<RunLog> log;
    std::string lastCheckpoint;

    std::vector<MicroBatch> evalBatches;  // on the device, masks of mask-stream step 0
    std::int64_t evalRows = 0;
    std::int64_t evalMasked = 0;
    std::int64_t probeRecord = -1;        // index into data->records()

    bool isMain() const { return sync->rank() == 0; }
    void note(const std::string& text) const {
        if (hooks.message && isMain()) hooks.message(text);
    }

    void setUp(const ModelConfig& modelConfig);
    void prepareEvaluation();
    void trainStep();
    void evaluate();
    void probe();
    void dumpMasks(const StepBatch& batch) const;
    std::string checkpoint();
    bool due(std::uint64_t every) const { return every > 0 && state.step % every == 0; }
};

// Everything that start() and resume() share: threads, device, tokenizer, data, model, optimizer.
void Trainer::Impl::setUp(const ModelConfig& modelConfig) {
    if (!sync) sync = std::make_shared<LocalGradientSync>();
    note(applyThreadSettings({config.threads, config.blasThreads}));
    device = torch::Device(config.device);
    if (device.is_cuda() && !torch::cuda::is_available())
        throw UsageError("--device " + config.device + ": no CUDA device is visible to this LibTorch (" +
                         std::string(TORCH_VERSION) + ")");

    tokenizer = std::make_unique<Tokenizer>(Tokenizer::load(config.tokenizer));
    requireTokenizerFitsModel(*tokenizer, modelConfig, config.modelConfig.empty() ? "the run's model" : config.modelConfig);
    if (!config.annotations.empty()) {
        annotations = std::make_unique<AnnotationSet>(AnnotationSet::load(config.annotations));
        densityContext.annotations = annotations.get();
    }
    densityContext.params = config.densityParams;

    TrainingDataOptions options;
    options.corpus = config.corpus;
    options.corpusFormat = config.corpusFormat;
    options.masking = config.masking;
    options.context = static_cast<std::size_t>(modelConfig.maxPositionEmbeddings);
    options.truncate = config.truncate;
    options.evalFraction = config.evalFraction;
    options.seed = config.seed();
    data = std::make_unique<TrainingData>(TrainingData::load(options, *tokenizer, densityContext));
    const TrainingDataReport& report = data->report();
    note("data: " + std::to_string(data->trainIndices().size()) + " training and " +
         std::to_string(data->evalIndices().size()) + " held-out records, longest " + std::to_string(data->maxLength()) +
         " tokens");
    if (report.badLines > 0)
        note("skipped " + std::to_string(report.badLines) + " bad corpus line(s), the first: " + report.firstBadLine);
    if (report.withoutResponse > 0)
        note("skipped " + std::to_string(report.withoutResponse) + " record(s) without response tokens");
    if (report.truncated > 0) note("truncated " + std::to_string(report.truncated) + " record(s) to the context");
    if (report.duplicateIds > 0)
        note("warning: " + std::to_string(report.duplicateIds) +
             " record(s) share an id with an earlier record and therefore get the same masks");

    const std::int64_t split = static_cast<std::int64_t>(sync->worldSize()) * config.gradAccum;
    if (config.batch % split != 0)
        throw UsageError("--batch " + std::to_string(config.batch) + " is not a multiple of ranks x --grad-accum (" +
                         std::to_string(sync->worldSize()) + " x " + std::to_string(config.gradAccum) + ")");
    builder = std::make_unique<BatchBuilder>(*data, config.masking.policy, modelConfig.maskTokenId, config.batch,
                                             config.gradAccum, config.pack);

    model = DiffusionTransformer(modelConfig, config.seed());
    model->to(device);
    model->train();
    optimizer = makeAdamW(model, {config.lr, config.beta1, config.beta2, config.adamEps, config.weightDecay});
    parameters = model->parameters();
    // Every rank initialises from the same seed; a rank that did not (or, on resume, read another
    // checkpoint) would silently train a different model.
    sync->requireIdenticalParameters(parameters);
    schedule = LrSchedule{config.lr, config.minLrRatio, config.warmup, config.scheduleSteps()};
    objective.layout = config.layout;
    objective.blockSize = config.blockSize;
    objective.weighting = config.lossWeighting == TrainLossWeighting::Mean ? LossWeighting::MaskedMean : LossWeighting::Elbo;

    if (!config.probeRecord.empty()) {
        probeRecord = data->find(config.probeRecord);
        if (probeRecord < 0)
            throw UsageError("--probe-record '" + config.probeRecord + "' is not a record of " + config.corpus);
    } else {
        probeRecord = data->evalIndices().empty() ? data->trainIndices().front() : data->evalIndices().front();
    }
    prepareEvaluation();
}

void Trainer::Impl::prepareEvaluation() {
    std::vector<std::uint32_t> records = data->evalIndices();
    if (config.evalRecords > 0 && records.size() > static_cast<std::size_t>(config.evalRecords))
        records.resize(static_cast<std::size_t>(config.evalRecords));
    const std::size_t chunk = static_cast<std::size_t>(std::max<std::int64_t>(config.batch / config.gradAccum, 1));
    for (std::size_t begin = 0; begin < records.size(); begin += chunk) {
        const std::vector<std::uint32_t> part(records.begin() + begin,
                                              records.begin() + std::min(records.size(), begin + chunk));
        MicroBatch batch = builder->collate(part, /*maskStep=*/0);
        evalRows += batch.rows();
        evalMasked += batch.maskedTokens;
        evalBatches.push_back(batch.to(device));
    }
}

void Trainer::Impl::trainStep() {
    const auto stepStart = Clock::now();
    const std::uint64_t step = state.step + 1;
    const StepBatch batch = builder->build(step, sync->rank(), sync->worldSize());
    const double batchSeconds = secondsSince(stepStart);

    const double lr = schedule.at(step);
    setLearningRate(*optimizer, lr);
    optimizer->zero_grad();
    auto sums = torch::zeros({ObjectiveSums::kSize}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
    for (const MicroBatch& micro : batch.micro) {
        const MicroBatch onDevice = micro.to(device);
        ObjectiveResult result = microBatchObjective(model, onDevice, objective, 2 * batch.globalRecords,
                                                     batch.globalMaskedTokens);
        result.loss.backward();
        sums += result.sums;
    }
    std::vector<torch::Tensor> gradients;
    gradients.reserve(parameters.size());
    for (const auto& parameter : parameters) gradients.push_back(parameter.grad());
    sync->synchronise(gradients);
    sync->sumStatistics(sums);

    // Global gradient norm before clipping (logged), then clipping and the update.
    std::vector<torch::Tensor> norms;
    for (const auto& gradient : gradients)
        if (gradient.defined()) norms.push_back(gradient.norm());
    const double gradNorm = norms.empty() ? 0.0 : torch::stack(norms).norm().item<double>();
    if (std::isfinite(gradNorm)) {
        if (config.gradClip > 0.0 && gradNorm > config.gradClip) {
            const double scale = config.gradClip / (gradNorm + 1e-6);
            torch::NoGradGuard noGrad;
            for (auto& gradient : gradients)
                if (gradient.defined()) gradient.mul_(scale);
        }
        optimizer->step();
    } else {
        note("step " + std::to_string(step) + ": the gradient norm is not finite; the update was skipped");
    }

    const auto totals = sums.to(torch::kCPU);
    const double* s = totals.data_ptr<double>();
    const double stepSeconds = secondsSince(stepStart);
    state.step = step;
    state.tokens += static_cast<std::uint64_t>(batch.globalTokens);
    state.recordsSeen = step * static_cast<std::uint64_t>(config.batch);
    state.epoch = state.recordsSeen / data->trainIndices().size();
    state.epochPosition = state.recordsSeen % data->trainIndices().size();
    state.wallSeconds += stepSeconds;

    StepReport report;
    report.step = step;
    report.totalSteps = config.steps;
    report.batchSeconds = batchSeconds;
    report.stepSeconds = stepSeconds;
    report.values = {
        {"tokens", static_cast<double>(state.tokens)},
        {"loss", s[ObjectiveSums::kObjective]},
        {"loss_logical", ratioOrNan(s[ObjectiveSums::kLogicalSum], s[ObjectiveSums::kLogicalCount])},
        {"loss_syntactic", ratioOrNan(s[ObjectiveSums::kSyntacticSum], s[ObjectiveSums::kSyntacticCount])},
        {"loss_hub", ratioOrNan(s[ObjectiveSums::kHubSum], s[ObjectiveSums::kHubCount])},
        {"loss_nonhub", ratioOrNan(s[ObjectiveSums::kNonHubSum], s[ObjectiveSums::kNonHubCount])},
        {"lr", lr},
        {"grad_norm", gradNorm},
        {"mask_ratio", ratioOrNan(static_cast<double>(batch.globalLogicalMaskedTokens),
                                  static_cast<double>(batch.globalResponseTokens) / 2.0)},
        {"tokens_per_s", static_cast<double>(batch.globalTokens) / std::max(stepSeconds, 1e-9)},
    };
    if (isMain()) {
        log->append(static_cast<std::int64_t>(step), false, report.values, wallTimeNow());
        if (std::find(config.dumpMaskSteps.begin(), config.dumpMaskSteps.end(), step) != config.dumpMaskSteps.end())
            dumpMasks(batch);
    }
    if (hooks.onStep && isMain()) hooks.onStep(report);
}

void Trainer::Impl::evaluate() {
    if (evalBatches.empty()) return;
    auto sums = torch::zeros({ObjectiveSums::kSize}, torch::TensorOptions().dtype(torch::kFloat64).device(device));
    std::int64_t tokens = 0, responseTokens = 0, logicalMasked = 0;
    {
        torch::NoGradGuard noGrad;
        model->eval();
        for (const MicroBatch& batch : evalBatches) {
            sums += microBatchObjective(model, batch, objective, evalRows, evalMasked).sums;
            tokens += batch.tokens;
            responseTokens += batch.responseTokens;
            logicalMasked += batch.logicalMaskedTokens;
        }
        model->train();
    }
    const auto totals = sums.to(torch::kCPU);
    const double* s = totals.data_ptr<double>();
    StepReport report;
    report.step = state.step;
    report.totalSteps = config.steps;
    report.eval = true;
    report.values = {
        {"tokens", static_cast<double>(tokens)},
        {"loss", s[ObjectiveSums::kObjective]},
        {"loss_logical", ratioOrNan(s[ObjectiveSums::kLogicalSum], s[ObjectiveSums::kLogicalCount])},
        {"loss_syntactic", ratioOrNan(s[ObjectiveSums::kSyntacticSum], s[ObjectiveSums::kSyntacticCount])},
        {"loss_hub", ratioOrNan(s[ObjectiveSums::kHubSum], s[ObjectiveSums::kHubCount])},
        {"loss_nonhub", ratioOrNan(s[ObjectiveSums::kNonHubSum], s[ObjectiveSums::kNonHubCount])},
        {"mask_ratio", ratioOrNan(static_cast<double>(logicalMasked), static_cast<double>(responseTokens) / 2.0)},
    };
    const double loss = s[ObjectiveSums::kObjective];
    if (std::isfinite(loss) && (!state.bestEvalLoss || loss < *state.bestEvalLoss)) {
        state.bestEvalLoss = loss;
        state.bestEvalStep = state.step;
    }
    if (isMain()) log->append(static_cast<std::int64_t>(state.step), true, report.values, wallTimeNow());
    if (hooks.onStep && isMain()) hooks.onStep(report);
}

void Trainer::Impl::probe() {
    if (!isMain()) return;
    const auto index = static_cast<std::uint32_t>(probeRecord);
    const MicroBatch batch = builder->collate({index}, /*maskStep=*/0).to(device);
    const ProbeResult result = writeAttentionProbe(runDir, state.step, model, batch, data->records()[index], objective);
    if (std::isfinite(result.attentionToHubs))
        log->scalar("probe/attention_to_hubs", static_cast<std::int64_t>(state.step), result.attentionToHubs,
                    wallTimeNow());
}

// masks/step_N.jsonl: per record of this rank's share of the step, the masks the model was given,
// read back from the batch tensors (arrays over the record's kept tokens, prompt first).
void Trainer::Impl::dumpMasks(const StepBatch& batch) const {
    std::string text;
    for (const MicroBatch& micro : batch.micro) {
        const auto masked = micro.masked.to(torch::kCPU).to(torch::kUInt8);  // [2r, L]
        const auto ratio = micro.ratio.to(torch::kCPU);                     // [2r]
        for (std::int64_t i = 0; i < micro.records; ++i) {
            const TrainingRecord& record = data->records()[micro.recordIndices[static_cast<std::size_t>(i)]];
            const auto length = static_cast<std::int64_t>(record.length());
            const auto row = [&](std::int64_t r) {
                const auto values = masked[r].narrow(0, 0, length).contiguous();
                const auto* begin = values.data_ptr<std::uint8_t>();
                return std::vector<int>(begin, begin + length);
            };
            nlohmann::json line;
            line["id"] = record.id;
            line["step"] = batch.step;
            line["length"] = length;
            line["logical"] = row(i);
            line["syntactic"] = row(micro.records + i);
            line["ratio_logical"] = ratio[i].item<double>();
            line["ratio_syntactic"] = ratio[micro.records + i].item<double>();
            text += line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        }
    }
    const fs::path directory = fs::path(runDir) / kMaskDumpsDir;
    std::error_code error;
    fs::create_directories(directory, error);
    if (error) throw InputError(directory.string(), 0, "cannot create the directory: " + error.message());
    writeFileAtomically((directory / ("step_" + std::to_string(batch.step) + ".jsonl")).string(), text);
}

std::string Trainer::Impl::checkpoint() {
    if (!isMain()) return lastCheckpoint;
    CheckpointWriteOptions options;
    options.keep = config.keepCheckpoints;
    options.afterStage = hooks.checkpointStage;
    lastCheckpoint = writeCheckpoint((fs::path(runDir) / kCheckpointsDir).string(), model, *optimizer, state,
                                     config.tokenizer, options);
    note("checkpoint " + lastCheckpoint);
    return lastCheckpoint;
}

// ---------------------------------------------------------------------------------------------
Trainer::Trainer(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Trainer::Trainer(Trainer&&) noexcept = default;
Trainer& Trainer::operator=(Trainer&&) noexcept = default;
Trainer::~Trainer() = default;

const TrainConfig& Trainer::config() const { return m_impl->config; }
const TrainerState& Trainer::state() const { return m_impl->state; }
std::uint64_t Trainer::trainRecordCount() const { return m_impl->data->trainIndices().size(); }
std::uint64_t Trainer::evalRecordCount() const { return m_impl->data->evalIndices().size(); }

Trainer Trainer::start(TrainConfig config, TrainerHooks hooks) {
    config.validate();
    config.corpus = absolutePath(config.corpus);
    config.tokenizer = absolutePath(config.tokenizer);
    config.annotations = absolutePath(config.annotations);
    config.modelConfig = absolutePath(config.modelConfig);
    config.out = absolutePath(config.out);

    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->hooks = std::move(hooks);
    impl->sync = impl->hooks.gradientSync ? impl->hooks.gradientSync : std::make_shared<LocalGradientSync>();
    impl->runDir = config.out;
    if (impl->isMain()) prepareNewRunDirectory(config.out);

    const Tokenizer tokenizer = Tokenizer::load(config.tokenizer);
    ModelConfig modelConfig;
    if (!config.modelConfig.empty()) {
        modelConfig = readModelConfig(config.modelConfig);
    } else {
        modelConfig = withTokenizerVocabulary(modelPreset(config.preset), tokenizer.vocabSize(), tokenizer.maskId());
    }
    modelConfig.blockSize = config.blockSize;
    impl->setUp(modelConfig);

    RunManifest& manifest = impl->manifest;
    manifest.config = config;
    manifest.model = modelConfig;
    manifest.corpus = describeInputFile(config.corpus);
    manifest.tokenizer = describeInputFile(config.tokenizer);
    if (!config.annotations.empty()) manifest.annotations = describeInputFile(config.annotations);
    manifest.trainRecords = impl->data->trainIndices().size();
    manifest.evalRecords = impl->data->evalIndices().size();
    manifest.torchVersion = TORCH_VERSION;
    if (impl->isMain()) {
        writeRunManifest(config.out, manifest);
        impl->log = std::make_unique<RunLog>(config.out);
    }
    return Trainer(std::move(impl));
}

Trainer Trainer::resume(const std::string& runDir, TrainConfig config, TrainerHooks hooks) {
    const RunManifest manifest = readRunManifest(runDir);
    const std::string difference = firstDifference(trajectoryJson(manifest.config), trajectoryJson(config));
    if (!difference.empty())
        throw UsageError("the setting '" + difference + "' (" + flagOf(difference) +
                         ") cannot change when resuming: the run continues with the settings in " +
                         (fs::path(runDir) / kRunManifestFile).string());
    config.out = absolutePath(runDir);
    config.validate();
    requireInputsUnchanged(manifest);

    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->hooks = std::move(hooks);
    impl->sync = impl->hooks.gradientSync ? impl->hooks.gradientSync : std::make_shared<LocalGradientSync>();
    impl->runDir = config.out;
    impl->manifest = manifest;

    const std::string checkpoints = (fs::path(runDir) / kCheckpointsDir).string();
    if (impl->isMain()) cleanCheckpointLeftovers(checkpoints);
    const auto latest = latestCheckpoint(checkpoints);
    if (!latest) throw InputError(checkpoints, 0, "no checkpoint to resume from (the run stopped before its first one)");

    const std::string configPath = (fs::path(*latest) / kCheckpointConfigFile).string();
    const ModelConfig checkpointModel = readModelConfig(configPath);
    if (!(checkpointModel == manifest.model)) {
        const std::string field = firstDifference(nlohmann::json::parse(modelConfigToJson(checkpointModel)),
                                                  nlohmann::json::parse(modelConfigToJson(manifest.model)));
        throw InputError(configPath, 0, "disagrees with the run's model in run.json (field '" + field +
                                            "'): the checkpoint belongs to another run");
    }
    impl->setUp(manifest.model);
    requireTokenizerFitsModel(Tokenizer::load((fs::path(*latest) / kCheckpointTokenizerFile).string()), manifest.model,
                              configPath);
    impl->state = readTrainerState((fs::path(*latest) / kCheckpointStateFile).string());
    const SafetensorsMetadata weights =
        loadModuleWeights((fs::path(*latest) / kCheckpointWeightsFile).string(), *impl->model);
    if (const auto step = weights.find("step"); step != weights.end() && step->second != std::to_string(impl->state.step))
        throw InputError((fs::path(*latest) / kCheckpointWeightsFile).string(), 0,
                         "holds the weights of step " + step->second + ", but trainer_state.json says step " +
                             std::to_string(impl->state.step));
    loadOptimizerState((fs::path(*latest) / kCheckpointOptimizerFile).string(), *impl->optimizer, *impl->model);
    impl->sync->requireIdenticalParameters(impl->parameters);
    impl->lastCheckpoint = *latest;
    impl->note("resuming " + runDir + " from " + *latest + " (step " + std::to_string(impl->state.step) + ")");

    if (impl->isMain()) {
        // The run continues with the configuration it was resumed with (steps, outputs).
        RunManifest updated = manifest;
        updated.config = config;
        writeRunManifest(runDir, updated);
        truncateMetricsAfter((fs::path(runDir) / kMetricsFile).string(), impl->state.step);
        impl->log = std::make_unique<RunLog>(runDir);
    }
    return Trainer(std::move(impl));
}

TrainResult Trainer::run() {
    Impl& impl = *m_impl;
    const auto stopRequested = [&] { return impl.hooks.stopRequested && impl.hooks.stopRequested(); };
    TrainResult result;
    while (impl.state.step < impl.config.steps) {
        if (stopRequested()) break;
        impl.trainStep();
        const bool last = impl.state.step == impl.config.steps;
        if (last || impl.due(impl.config.evalEvery)) impl.evaluate();
        if (impl.due(impl.config.probeEvery)) impl.probe();
        const bool stopping = !last && stopRequested();
        if (last || stopping || impl.due(impl.config.checkpointEvery)) impl.checkpoint();
        if (stopping) {
            result.outcome = TrainOutcome::Stopped;
            break;
        }
    }
    if (impl.state.step < impl.config.steps && result.outcome == TrainOutcome::Finished) {
        // Stopped before the next step began: make sure the newest state is in a checkpoint.
        result.outcome = TrainOutcome::Stopped;
        const bool saved = !impl.lastCheckpoint.empty() &&
                           fs::path(impl.lastCheckpoint).filename() == "step_" + std::to_string(impl.state.step);
        if (impl.state.step > 0 && !saved) impl.checkpoint();
    }
    result.step = impl.state.step;
    result.lastCheckpoint = impl.lastCheckpoint;
    return result;
}

}  // namespace maskscope
