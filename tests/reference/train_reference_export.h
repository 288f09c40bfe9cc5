// The C++ side of the exchange with train_reference_bench.py: writes the batches (one sample per
// row, as BatchBuilder builds them), the initial weights, config.json and schedule.json of a run
// into a directory, so that the python3-torch reference trains exactly the same thing. Used by
// tests/bench/bench_train.cpp and tests/gpu/test_gpu_trainer.cpp. Header-only; needs maskscope_gpu.
#pragma once

#include "core/tokenizer.h"
#include "gpu/batch_builder.h"
#include "gpu/model.h"
#include "gpu/model_config.h"
#include "gpu/safetensors.h"
#include "core/train_config.h"
#include "gpu/training_data.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>
#include <string>
#include <vector>

namespace maskscope {

// Steps 1..config.steps of a run of `config` (preset model, one micro-batch per step).
inline void exportTrainingReference(const TrainConfig& config, const std::string& dir) {
    const Tokenizer tokenizer = Tokenizer::load(config.tokenizer);
    ModelConfig model = withTokenizerVocabulary(modelPreset(config.preset), tokenizer.vocabSize(), tokenizer.maskId());
    model.blockSize = config.blockSize;
    TrainingDataOptions options;
    options.corpus = config.corpus;
    options.masking = config.masking;
    options.context = static_cast<std::size_t>(model.maxPositionEmbeddings);
    options.evalFraction = config.evalFraction;
    options.seed = config.seed();
    const TrainingData data = TrainingData::load(options, tokenizer, {});
    const BatchBuilder builder(data, config.masking.policy, model.maskTokenId, config.batch, 1, /*pack=*/false);
    std::vector<NamedTensor> tensors;
    for (std::uint64_t step = 1; step <= config.steps; ++step) {
        const MicroBatch batch = builder.build(step).micro.front();
        const std::string index = std::to_string(step - 1);
        tensors.push_back({"noisy." + index, batch.noisy});
        tensors.push_back({"clean." + index, batch.clean});
        tensors.push_back({"masked." + index, batch.masked});
        tensors.push_back({"response." + index, batch.response});
        tensors.push_back({"valid." + index, batch.valid.defined() ? batch.valid : torch::ones_like(batch.masked)});
        tensors.push_back({"ratio." + index, batch.ratio});
    }
    writeSafetensors(dir + "/batches.safetensors", tensors);
    DiffusionTransformer initial(model, config.seed());
    saveModuleWeights(dir + "/weights.safetensors", *initial);
    writeModelConfig(dir + "/config.json", model);
    const nlohmann::json schedule = {{"lr", config.lr},
                                     {"min_lr_ratio", config.minLrRatio},
                                     {"warmup", config.warmup},
                                     {"horizon", config.scheduleSteps()},
                                     {"weight_decay", config.weightDecay},
                                     {"beta1", config.beta1},
                                     {"beta2", config.beta2},
                                     {"eps", config.adamEps},
                                     {"grad_clip", config.gradClip}};
    std::ofstream(dir + "/schedule.json") << schedule.dump(2);
}

}  // namespace maskscope
