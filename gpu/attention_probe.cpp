#include "attention_probe.h"

#include "run_directory.h"
#include "safetensors.h"

#include "core/error.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

namespace maskscope {

std::string probeFileName(std::uint64_t step) {
    char name[64];
    std::snprintf(name, sizeof name, "step_%06llu.safetensors", static_cast<unsigned long long>(step));
    return name;
}

ProbeResult writeAttentionProbe(const std::string& runDir, std::uint64_t step, DiffusionTransformer& model,
                                const MicroBatch& batch, const TrainingRecord& record,
                                const ObjectiveSettings& settings) {
    // The logical row of the probe record only.
    MicroBatch row = batch;
    const auto first = [](const torch::Tensor& tensor) { return tensor.defined() ? tensor.narrow(0, 0, 1) : tensor; };
    row.clean = first(batch.clean);       // [1, L]
    row.noisy = first(batch.noisy);       // [1, L]
    row.masked = first(batch.masked);     // [1, L]
    row.response = first(batch.response);
    row.hub = first(batch.hub);           // [1, L]
    row.valid = torch::Tensor();          // a single row has no padding
    row.ratio = first(batch.ratio);
    const std::int64_t length = static_cast<std::int64_t>(record.length());
    for (torch::Tensor* tensor : {&row.clean, &row.noisy, &row.masked, &row.response, &row.hub})
        *tensor = tensor->narrow(1, 0, length);

    std::vector<torch::Tensor> attentions;  // per layer [1, H, L', L']
    {
        torch::NoGradGuard noGrad;
        const bool wasTraining = model->is_training();
        model->eval();
        attentions = layoutForward(model, row, settings, /*captureAttention=*/true).attentions;
        model->train(wasTraining);
    }

    const auto masked = row.masked[0].to(torch::kCPU);  // [L] bool
    const auto hub = row.hub[0].to(torch::kCPU);        // [L] bool
    // Hub keys: under block diffusion the hubs of both halves.
    const auto hubKeys = settings.layout == TrainLayout::Block ? torch::cat({hub, hub}) : hub;  // [L']
    double hubMass = 0.0;
    std::int64_t measured = 0;
    const bool measurable = masked.any().item<bool>() && hub.any().item<bool>();

    std::vector<NamedTensor> tensors;
    for (std::size_t layer = 0; layer < attentions.size(); ++layer) {
        const auto weights = attentions[layer][0].to(torch::kCPU, torch::kFloat32).contiguous();  // [H, L', L']
        if (measurable) {
            const auto fromMasked = weights.narrow(1, 0, length).index({torch::indexing::Slice(), masked});  // [H, M, L']
            hubMass += fromMasked.index({torch::indexing::Slice(), torch::indexing::Slice(), hubKeys})
                           .sum(-1)
                           .mean()
                           .item<double>();
            ++measured;
        }
        tensors.push_back({"layer_" + std::to_string(layer), weights});
    }
    tensors.push_back({"input_ids", row.noisy[0].to(torch::kCPU)});
    tensors.push_back({"masked", masked.to(torch::kUInt8)});
    tensors.push_back({"hub", hub.to(torch::kUInt8)});

    ProbeResult result;
    result.attentionToHubs = measured > 0 ? hubMass / static_cast<double>(measured)
                                          : std::numeric_limits<double>::quiet_NaN();
    nlohmann::json pieces = record.pieces;
    nlohmann::json hubList = nlohmann::json::array(), maskedList = nlohmann::json::array();
    for (std::int64_t i = 0; i < length; ++i) {
        hubList.push_back(hub[i].item<bool>() ? 1 : 0);
        maskedList.push_back(masked[i].item<bool>() ? 1 : 0);
    }
    const auto dump = [](const nlohmann::json& json) {
        return json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    };
    SafetensorsMetadata metadata{{"record_id", record.id},
                                 {"step", std::to_string(step)},
                                 {"layout", std::string(toString(settings.layout))},
                                 {"block_size", std::to_string(settings.blockSize)},
                                 {"pieces", dump(pieces)},
                                 {"hub", dump(hubList)},
                                 {"masked", dump(maskedList)},
                                 {"attention_to_hubs", std::isnan(result.attentionToHubs)
                                                           ? std::string("nan")
                                                           : std::to_string(result.attentionToHubs)}};

    const std::filesystem::path directory = std::filesystem::path(runDir) / kProbesDir;
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error) throw InputError(directory.string(), 0, "cannot create the probe directory: " + error.message());
    result.path = (directory / probeFileName(step)).string();
    writeSafetensors(result.path, tensors, metadata);
    return result;
}

}  // namespace maskscope
