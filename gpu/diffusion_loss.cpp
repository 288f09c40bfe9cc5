#include "diffusion_loss.h"

#include "core/error.h"

#include <torch/torch.h>

#include <sstream>

namespace maskscope {
namespace {

std::string describe(const torch::Tensor& tensor) {
    std::ostringstream out;
    out << c10::toString(tensor.scalar_type()) << ' ' << tensor.sizes();
    return out.str();
}

void requireBoolLike(const torch::Tensor& tensor, const char* name, std::int64_t batch, std::int64_t length) {
    if (tensor.scalar_type() != torch::kBool || tensor.dim() != 2 || tensor.size(0) != batch || tensor.size(1) != length)
        throw UsageError(std::string("diffusion loss: '") + name + "' must be bool [" + std::to_string(batch) + ", " +
                         std::to_string(length) + "], got " + describe(tensor));
}

}  // namespace

DiffusionLossResult diffusionLoss(const DiffusionLossInput& input, LossWeighting weighting) {
    const auto& logits = input.logits;  // [B, L, V]
    if (!logits.defined() || logits.dim() != 3 || !torch::isFloatingType(logits.scalar_type()))
        throw UsageError("diffusion loss: 'logits' must be floating point [B, L, V], got " +
                         (logits.defined() ? describe(logits) : std::string("nothing")));
    const std::int64_t batch = logits.size(0);
    const std::int64_t length = logits.size(1);
    if (!input.targets.defined() || input.targets.scalar_type() != torch::kInt64 || input.targets.dim() != 2 ||
        input.targets.size(0) != batch || input.targets.size(1) != length)
        throw UsageError("diffusion loss: 'targets' must be int64 [" + std::to_string(batch) + ", " +
                         std::to_string(length) + "], got " +
                         (input.targets.defined() ? describe(input.targets) : std::string("nothing")));
    if (!input.masked.defined()) throw UsageError("diffusion loss: 'masked' is required");
    requireBoolLike(input.masked, "masked", batch, length);
    if (input.responseMask.defined()) requireBoolLike(input.responseMask, "responseMask", batch, length);
    if (input.hub.defined()) requireBoolLike(input.hub, "hub", batch, length);

    // Cross-entropy at masked positions only: N = number of masked tokens in the batch.
    const auto selectedLogits = logits.index({input.masked}).to(torch::kFloat32);        // [N, V]
    const auto selectedTargets = input.targets.index({input.masked});                      // [N]
    const auto logProbabilities = torch::log_softmax(selectedLogits, -1);                  // [N, V]
    const auto tokenLoss = -logProbabilities.gather(1, selectedTargets.unsqueeze(1)).squeeze(1);  // [N]

    DiffusionLossResult result;
    result.maskedCount = input.masked.sum().detach();  // [] int64
    switch (weighting) {
    case LossWeighting::Elbo: {
        const auto& ratio = input.maskRatio;  // [B]
        if (!ratio.defined() || ratio.dim() != 1 || ratio.size(0) != batch || !torch::isFloatingType(ratio.scalar_type()))
            throw UsageError("diffusion loss: ELBO weighting needs 'maskRatio' float [" + std::to_string(batch) +
                             "], got " + (ratio.defined() ? describe(ratio) : std::string("nothing")));
        const auto responseLength =
            input.responseMask.defined()
                ? input.responseMask.sum(1).clamp_min(1).to(torch::kFloat32)                           // [B]
                : torch::full({batch}, static_cast<double>(length), logits.options().dtype(torch::kFloat32));
        const auto sampleWeight = 1.0 / (ratio.to(torch::kFloat32) * responseLength * static_cast<double>(batch));  // [B]
        const auto tokenWeight = sampleWeight.unsqueeze(1).expand({batch, length}).index({input.masked});  // [N]
        result.loss = (tokenLoss * tokenWeight).sum();
        break;
    }
    case LossWeighting::MaskedMean:
        result.loss = tokenLoss.sum() / result.maskedCount.clamp_min(1).to(torch::kFloat32);
        break;
    }

    const auto plain = tokenLoss.detach();  // [N]
    if (input.hub.defined()) {
        const auto isHub = input.hub.index({input.masked});  // [N]
        result.strata.hubSum = plain.masked_fill(~isHub, 0.0).sum();
        result.strata.hubCount = isHub.sum();
        result.strata.nonHubSum = plain.masked_fill(isHub, 0.0).sum();
        result.strata.nonHubCount = result.maskedCount - result.strata.hubCount;
    } else {
        result.strata.hubSum = torch::zeros({}, plain.options());
        result.strata.hubCount = torch::zeros({}, result.maskedCount.options());
        result.strata.nonHubSum = plain.sum();
        result.strata.nonHubCount = result.maskedCount.clone();
    }
    return result;
}

const char* lossWeightingName(LossWeighting weighting) {
    switch (weighting) {
    case LossWeighting::Elbo: return "elbo";
    case LossWeighting::MaskedMean: return "masked_mean";
    }
    return "elbo";
}

LossWeighting parseLossWeighting(const std::string& name) {
    if (name == "elbo") return LossWeighting::Elbo;
    if (name == "masked_mean") return LossWeighting::MaskedMean;
    throw UsageError("unknown loss weighting '" + name + "' (known: elbo, masked_mean)");
}

}  // namespace maskscope
