// The trainer's tensor path on a CUDA device (run by train_cuda_check.sh on a GPU machine; plain
// C++, no Qt, no corpus or tokenizer: batches are made up here):
//   1. the micro-batch objective on CUDA (bf16 autocast) against the CPU (float32): loss and
//      gradients, full and block layouts, packed and one sample per row
//   2. AdamW state saved on CUDA and loaded into a fresh optimizer continues bit for bit
//   3. training tokens/s and model FLOP utilisation for the tiny and base presets in bf16
// Exit codes: 0 pass, 1 a check failed, 77 no CUDA device (skipped).
//
// Tolerances: bf16 keeps 8 bits of mantissa (relative rounding 2^-9 = 2e-3 per operation); through
// a few layers and a softmax the loss moves by well under 1%, so 2e-2 relative on the loss and a
// cosine similarity above 0.99 between the CUDA and CPU gradients (flattened over all parameters)
// catch a wrong mask, position or packing while tolerating bf16 rounding.
#include "gpu/batch_builder.h"
#include "gpu/lr_schedule.h"
#include "gpu/model.h"
#include "gpu/model_config.h"
#include "gpu/optimizer_state.h"
#include "gpu/training_objective.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace maskscope;

namespace {

int g_failures = 0;

// (toString(TrainLayout) is in train_config.cpp, which needs core's sampler; not built here.)
const char* layoutName(TrainLayout layout) { return layout == TrainLayout::Block ? "block" : "full"; }

void check(bool ok, const std::string& what) {
    std::printf("%s  %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++g_failures;
}

ModelConfig smallConfig() {
    ModelConfig config;
    config.vocabSize = 301;
    config.hiddenSize = 64;
    config.numLayers = 2;
    config.numHeads = 4;
    config.intermediateSize = 128;
    config.maxPositionEmbeddings = 128;
    config.maskTokenId = 300;
    config.blockSize = 8;
    return config;
}

// A micro-batch of `records` records with the given lengths (two samples each: a random mask and
// its complement inside the response), padded; packed into rows when `pack` (first fit).
MicroBatch makeBatch(const std::vector<std::int64_t>& lengths, std::int64_t maskId, std::int64_t vocab, bool pack,
                     std::uint64_t seed) {
    torch::manual_seed(seed);
    const auto records = static_cast<std::int64_t>(lengths.size());
    const std::int64_t rows = 2 * records;
    std::int64_t length = 0;
    for (const auto l : lengths) length = std::max(length, l);
    MicroBatch batch;
    batch.records = records;
    batch.clean = torch::full({rows, length}, maskId, torch::kInt64);
    batch.valid = torch::zeros({rows, length}, torch::kBool);
    batch.response = torch::zeros({rows, length}, torch::kBool);
    batch.masked = torch::zeros({rows, length}, torch::kBool);
    batch.ratio = torch::empty({rows});
    for (std::int64_t r = 0; r < records; ++r) {
        const std::int64_t l = lengths[static_cast<std::size_t>(r)];
        const std::int64_t prompt = l / 4;
        const auto tokens = torch::randint(0, maskId, {l}, torch::kInt64);
        const auto logical = torch::rand({l - prompt}) < 0.4;
        for (int sample = 0; sample < 2; ++sample) {
            const std::int64_t row = sample * records + r;
            batch.clean[row].narrow(0, 0, l).copy_(tokens);
            batch.valid[row].narrow(0, 0, l).fill_(true);
            batch.response[row].narrow(0, prompt, l - prompt).fill_(true);
            batch.masked[row].narrow(0, prompt, l - prompt).copy_(sample == 0 ? logical : ~logical);
            batch.ratio[row] = sample == 0 ? 0.4f : 0.6f;
        }
    }
    batch.noisy = torch::where(batch.masked, torch::full({}, maskId, torch::kInt64), batch.clean);
    batch.hub = batch.response & (torch::rand({rows, length}) < 0.3);
    batch.tokens = batch.valid.sum().item<std::int64_t>();
    batch.maskedTokens = batch.masked.sum().item<std::int64_t>();
    batch.responseTokens = batch.response.sum().item<std::int64_t>();
    if (!pack) return batch;

    std::vector<std::int64_t> used;
    std::vector<std::pair<std::int64_t, std::int64_t>> place(static_cast<std::size_t>(rows));
    for (std::int64_t s = 0; s < rows; ++s) {
        const std::int64_t l = lengths[static_cast<std::size_t>(s % records)];
        std::size_t row = 0;
        while (row < used.size() && used[row] + l > length) ++row;
        if (row == used.size()) used.push_back(0);
        place[static_cast<std::size_t>(s)] = {static_cast<std::int64_t>(row), used[row]};
        used[row] += l;
    }
    const auto packedRows = static_cast<std::int64_t>(used.size());
    batch.packedNoisy = torch::full({packedRows, length}, maskId, torch::kInt64);
    batch.packedClean = torch::full({packedRows, length}, maskId, torch::kInt64);
    batch.packedPositions = torch::zeros({packedRows, length}, torch::kInt64);
    batch.packedSample = torch::full({packedRows, length}, -1, torch::kInt64);
    batch.unpackIndex = torch::zeros({rows, length}, torch::kInt64);
    for (std::int64_t s = 0; s < rows; ++s) {
        const std::int64_t l = lengths[static_cast<std::size_t>(s % records)];
        const auto [row, offset] = place[static_cast<std::size_t>(s)];
        batch.packedNoisy[row].narrow(0, offset, l).copy_(batch.noisy[s].narrow(0, 0, l));
        batch.packedClean[row].narrow(0, offset, l).copy_(batch.clean[s].narrow(0, 0, l));
        batch.packedPositions[row].narrow(0, offset, l).copy_(torch::arange(l));
        batch.packedSample[row].narrow(0, offset, l).fill_(s);
        batch.unpackIndex[s].narrow(0, 0, l).copy_(torch::arange(l) + row * length + offset);
    }
    return batch;
}

// MicroBatch::to lives in batch_builder.cpp, which this program does not build (it needs the
// corpus side of core/); the same move, field by field.
MicroBatch onDevice(MicroBatch batch, const torch::Device& device) {
    for (torch::Tensor* tensor : {&batch.clean, &batch.noisy, &batch.masked, &batch.response, &batch.hub, &batch.valid,
                                  &batch.ratio, &batch.packedNoisy, &batch.packedClean, &batch.packedPositions,
                                  &batch.packedSample, &batch.unpackIndex})
        if (tensor->defined()) *tensor = tensor->to(device);
    return batch;
}

struct Outcome {
    double loss = 0.0;
    torch::Tensor gradient;  // all gradients, flattened, float64 on the CPU
};

Outcome objectiveAndGradient(DiffusionTransformer& model, const MicroBatch& batch, TrainLayout layout) {
    ObjectiveSettings settings;
    settings.layout = layout;
    settings.blockSize = 8;
    model->zero_grad();
    const ObjectiveResult result = microBatchObjective(model, batch, settings, batch.rows(), batch.maskedTokens);
    result.loss.backward();
    std::vector<torch::Tensor> parts;
    for (const auto& parameter : model->parameters()) parts.push_back(parameter.grad().to(torch::kCPU, torch::kFloat64).view(-1));
    return {result.loss.item<double>(), torch::cat(parts)};
}

double cosine(const torch::Tensor& a, const torch::Tensor& b) {
    return (a * b).sum().item<double>() / (a.norm().item<double>() * b.norm().item<double>());
}

void checkAgainstCpu(const torch::Device& cuda) {
    const ModelConfig config = smallConfig();
    DiffusionTransformer cpuModel(config, 5);
    DiffusionTransformer cudaModel(config, 5);
    cudaModel->to(cuda);
    const std::vector<std::int64_t> lengths{90, 37, 52, 20};
    for (const TrainLayout layout : {TrainLayout::Full, TrainLayout::Block}) {
        for (const bool pack : {false, true}) {
            const MicroBatch batch = makeBatch(lengths, config.maskTokenId, config.vocabSize, pack, 17);
            const Outcome cpu = objectiveAndGradient(cpuModel, batch, layout);
            const Outcome gpu = objectiveAndGradient(cudaModel, onDevice(batch, cuda), layout);
            const std::string name = std::string(layoutName(layout)) + (pack ? ", packed" : ", one sample per row");
            const double relative = std::abs(gpu.loss - cpu.loss) / std::abs(cpu.loss);
            const double similarity = cosine(gpu.gradient, cpu.gradient);
            char text[200];
            std::snprintf(text, sizeof text, "%s: loss CPU %.6f CUDA %.6f (relative %.2e < 2e-2), gradient cosine %.5f > 0.99",
                          name.c_str(), cpu.loss, gpu.loss, relative, similarity);
            check(std::isfinite(gpu.loss) && relative < 2e-2 && similarity > 0.99, text);
        }
    }
}

void checkOptimizerState(const torch::Device& cuda, const std::string& dir) {
    const ModelConfig config = smallConfig();
    const MicroBatch cpuBatch = makeBatch({40, 33}, config.maskTokenId, config.vocabSize, false, 3);
    const MicroBatch batch = onDevice(cpuBatch, cuda);
    ObjectiveSettings settings;
    const auto step = [&](DiffusionTransformer& model, torch::optim::AdamW& optimizer) {
        optimizer.zero_grad();
        microBatchObjective(model, batch, settings, batch.rows(), batch.maskedTokens).loss.backward();
        optimizer.step();
    };
    DiffusionTransformer a(config, 9);
    a->to(cuda);
    auto optimizerA = makeAdamW(a, {});
    step(a, *optimizerA);
    step(a, *optimizerA);
    const std::string path = dir + "/optimizer.safetensors";
    saveOptimizerState(path, *optimizerA, *a);
    DiffusionTransformer b(config, 1);
    b->to(cuda);
    {
        torch::NoGradGuard noGrad;
        auto source = a->named_parameters();
        for (auto& item : b->named_parameters()) item.value().copy_(source[item.key()]);
    }
    auto optimizerB = makeAdamW(b, {});
    loadOptimizerState(path, *optimizerB, *b);
    step(a, *optimizerA);
    step(b, *optimizerB);
    bool same = true;
    auto reference = a->named_parameters();
    for (const auto& item : b->named_parameters()) same = same && torch::equal(item.value(), reference[item.key()]);
    check(same, "AdamW state saved on CUDA and loaded into a fresh optimizer continues bit for bit");
}

// Tokens/s of full training steps (objective, backward, clipping, AdamW) and the model FLOP
// utilisation: 6 x parameters per token for the matrices plus 12 x layers x hidden x L for the
// attention scores and values (forward + backward), over the H200's dense bf16 peak of 989 TFLOP/s.
void timeTraining(const torch::Device& cuda, const char* preset, std::int64_t vocab, std::int64_t rows,
                  std::int64_t length, TrainLayout layout) {
    ModelConfig config = withTokenizerVocabulary(modelPreset(preset), vocab - 1, vocab - 1);
    config.maxPositionEmbeddings = std::max(config.maxPositionEmbeddings, length);
    DiffusionTransformer model(config, 1);
    model->to(cuda);
    auto optimizer = makeAdamW(model, {});
    const std::vector<std::int64_t> lengths(static_cast<std::size_t>(rows / 2), length);
    const MicroBatch batch = onDevice(makeBatch(lengths, config.maskTokenId, config.vocabSize, false, 11), cuda);
    ObjectiveSettings settings;
    settings.layout = layout;
    auto parameters = model->parameters();
    const auto step = [&] {
        optimizer->zero_grad();
        microBatchObjective(model, batch, settings, batch.rows(), batch.maskedTokens).loss.backward();
        torch::nn::utils::clip_grad_norm_(parameters, 1.0);
        optimizer->step();
    };
    for (int i = 0; i < 3; ++i) step();
    torch::cuda::synchronize();
    const int steps = 10;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i) step();
    torch::cuda::synchronize();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double tokens = static_cast<double>(rows * length * steps);
    const double sequence = layout == TrainLayout::Block ? 2.0 * static_cast<double>(length) : static_cast<double>(length);
    const double processed = layout == TrainLayout::Block ? 2.0 : 1.0;  // model positions per training token
    const double flopsPerToken = processed * (6.0 * static_cast<double>(config.parameterCount()) +
                                              12.0 * static_cast<double>(config.numLayers * config.hiddenSize) * sequence);
    const double rate = tokens / seconds;
    std::printf("| %-5s | %5.1fM | %-5s | %4lld x %5lld | %10.0f | %8.1f | %5.1f%% |\n", preset,
                static_cast<double>(config.parameterCount()) / 1e6, std::string(layoutName(layout)).c_str(),
                static_cast<long long>(rows), static_cast<long long>(length), rate, 1000.0 * seconds / steps,
                100.0 * rate * flopsPerToken / 989e12);
}

}  // namespace

int main() {
    if (!torch::cuda::is_available()) {
        std::printf("no CUDA device visible to LibTorch %s: skipped\n", TORCH_VERSION);
        return 77;
    }
    const torch::Device cuda(torch::kCUDA, 0);
    const std::string dir = std::filesystem::temp_directory_path().string();
    std::printf("LibTorch %s, %d CUDA device(s)\n\n", TORCH_VERSION, static_cast<int>(torch::cuda::device_count()));
    checkAgainstCpu(cuda);
    checkOptimizerState(cuda, dir);

    std::printf("\n| model | params | layout | rows x len | tokens/s   | ms/step  | MFU    |\n");
    std::printf("|-------|--------|--------|------------|------------|----------|--------|\n");
    timeTraining(cuda, "tiny", 1001, 64, 256, TrainLayout::Full);
    timeTraining(cuda, "base", 32000, 32, 1024, TrainLayout::Full);
    timeTraining(cuda, "base", 32000, 16, 1024, TrainLayout::Block);
    std::printf("\n%s (%d failure(s))\n", g_failures == 0 ? "PASS" : "FAIL", g_failures);
    return g_failures == 0 ? 0 : 1;
}
