#include "optimizer_state.h"

#include "safetensors.h"

#include "core/error.h"

#include <torch/torch.h>

#include <map>
#include <set>
#include <sstream>
#include <type_traits>

namespace maskscope {
namespace {

const char* const kPrefixes[] = {"exp_avg.", "exp_avg_sq.", "step."};

// The key under which torch::optim keeps a parameter's state: the text of its TensorImpl pointer
// (c10::guts::to_string) in LibTorch 1.x, the pointer itself in later versions.
template <typename StateMap>
auto stateKey(const torch::Tensor& parameter) {
    using Key = typename std::decay_t<StateMap>::key_type;
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream text;
        text << parameter.unsafeGetTensorImpl();
        return text.str();
    } else {
        return static_cast<Key>(parameter.unsafeGetTensorImpl());
    }
}

std::string shapeText(const torch::Tensor& tensor) {
    std::ostringstream out;
    out << tensor.sizes();
    return out.str();
}

}  // namespace

std::unique_ptr<torch::optim::AdamW> makeAdamW(DiffusionTransformer& model, const AdamWSettings& settings) {
    std::vector<torch::Tensor> decayed, plain;
    for (const auto& item : model->named_parameters(/*recurse=*/true))
        (item.value().dim() >= 2 ? decayed : plain).push_back(item.value());
    const auto options = [&](double weightDecay) {
        return torch::optim::AdamWOptions(settings.lr)
            .betas({settings.beta1, settings.beta2})
            .eps(settings.eps)
            .weight_decay(weightDecay);
    };
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decayed, std::make_unique<torch::optim::AdamWOptions>(options(settings.weightDecay)));
    groups.emplace_back(plain, std::make_unique<torch::optim::AdamWOptions>(options(0.0)));
    return std::make_unique<torch::optim::AdamW>(std::move(groups), options(settings.weightDecay));
}

void setLearningRate(torch::optim::Optimizer& optimizer, double lr) {
    for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

void saveOptimizerState(const std::string& path, const torch::optim::AdamW& optimizer, const torch::nn::Module& model) {
    const auto& state = optimizer.state();
    std::vector<NamedTensor> tensors;
    for (const auto& item : model.named_parameters(/*recurse=*/true)) {
        const auto found = state.find(stateKey<decltype(state)>(item.value()));
        if (found == state.end()) continue;
        const auto& adam = static_cast<const torch::optim::AdamWParamState&>(*found->second);
        tensors.push_back({"exp_avg." + item.key(), adam.exp_avg()});
        tensors.push_back({"exp_avg_sq." + item.key(), adam.exp_avg_sq()});
        tensors.push_back({"step." + item.key(), torch::tensor(static_cast<std::int64_t>(adam.step()), torch::kInt64)});
    }
    writeSafetensors(path, tensors,
                     {{"optimizer", "adamw"},
                      {"maskscope_optimizer_version", std::to_string(kOptimizerStateFormatVersion)}});
}

void loadOptimizerState(const std::string& path, torch::optim::AdamW& optimizer, const torch::nn::Module& model) {
    SafetensorsContents contents = readSafetensors(path);
    const auto version = contents.metadata.find("maskscope_optimizer_version");
    if (contents.metadata.count("optimizer") == 0 || contents.metadata.at("optimizer") != "adamw")
        throw InputError(path, 0, "not an AdamW optimizer state (metadata 'optimizer' is not \"adamw\")");
    if (version == contents.metadata.end() || version->second != std::to_string(kOptimizerStateFormatVersion))
        throw InputError(path, 0, "optimizer state version " +
                                      (version == contents.metadata.end() ? std::string("missing") : version->second) +
                                      ", this build reads version " + std::to_string(kOptimizerStateFormatVersion));

    std::map<std::string, const torch::Tensor*> byName;
    for (const auto& item : contents.tensors) byName[item.name] = &item.tensor;

    struct Planned {
        torch::Tensor parameter;
        const torch::Tensor* expAvg;
        const torch::Tensor* expAvgSq;
        std::int64_t step;
    };
    std::vector<Planned> plan;
    std::size_t used = 0;
    for (const auto& item : model.named_parameters(/*recurse=*/true)) {
        const torch::Tensor* parts[3];
        int present = 0;
        for (int i = 0; i < 3; ++i) {
            const auto it = byName.find(kPrefixes[i] + item.key());
            parts[i] = it == byName.end() ? nullptr : it->second;
            present += parts[i] != nullptr;
        }
        if (present == 0) continue;
        if (present != 3)
            throw InputError(path, 0, "the state of parameter '" + item.key() +
                                          "' is incomplete (needs exp_avg, exp_avg_sq and step)");
        for (int i = 0; i < 2; ++i) {
            if (!parts[i]->sizes().equals(item.value().sizes()))
                throw InputError(path, 0, std::string("tensor '") + kPrefixes[i] + item.key() + "' has shape " + shapeText(*parts[i]) +
                                              ", the parameter has " + shapeText(item.value()));
            if (!torch::isFloatingType(parts[i]->scalar_type()))
                throw InputError(path, 0, std::string("tensor '") + kPrefixes[i] + item.key() + "' is not floating point");
        }
        if (parts[2]->numel() != 1 || parts[2]->scalar_type() != torch::kInt64 || parts[2]->item<std::int64_t>() < 0)
            throw InputError(path, 0, "tensor 'step." + item.key() + "' must be one non-negative int64");
        plan.push_back({item.value(), parts[0], parts[1], parts[2]->item<std::int64_t>()});
        used += 3;
    }
    if (used != contents.tensors.size()) {
        std::set<std::string> expected;
        for (const auto& item : model.named_parameters(/*recurse=*/true))
            for (const char* prefix : kPrefixes) expected.insert(prefix + item.key());
        for (const auto& item : contents.tensors)
            if (!expected.count(item.name))
                throw InputError(path, 0, "tensor '" + item.name +
                                              "' belongs to no parameter of the model (is it the state of another "
                                              "model?)");
    }

    auto& state = optimizer.state();
    state.clear();
    for (const auto& planned : plan) {
        auto entry = std::make_unique<torch::optim::AdamWParamState>();
        entry->step(planned.step);
        entry->exp_avg(planned.expAvg->to(planned.parameter.options()).clone());
        entry->exp_avg_sq(planned.expAvgSq->to(planned.parameter.options()).clone());
        state[stateKey<decltype(state)>(planned.parameter)] = std::move(entry);
    }
}

}  // namespace maskscope
