#include "model.h"

#include "core/error.h"

#include <Random123/philox.h>
#include <torch/torch.h>
#include <torch/version.h>

#include <cmath>
#include <limits>
#include <sstream>

namespace maskscope {
namespace {

std::string shapeText(const torch::Tensor& tensor) {
    std::ostringstream out;
    out << tensor.sizes();
    return out.str();
}

torch::nn::Linear linear(std::int64_t in, std::int64_t out) {
    return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(false));
}

// [..., D] -> [..., D]: (x1, x2) -> (-x2, x1) on the two halves of the last dimension.
torch::Tensor rotateHalf(const torch::Tensor& x) {
    const std::int64_t half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

torch::Tensor applyRotary(const torch::Tensor& x, const RotaryTables& rotary) {  // [B, heads, L, D]
    return x * rotary.cos + rotateHalf(x) * rotary.sin;
}

// Fills `tensor` with N(0, std^2) draws from Philox4x32-10 keyed by (seed, stream): every call of
// the generator yields four 32-bit words, i.e. two uniform pairs, i.e. four normals by Box-Muller.
// The draws are made on the CPU in double and rounded to float once, then copied to the tensor's
// device and dtype, so the result depends on nothing but (seed, stream, numel, std).
void fillNormal(torch::Tensor& tensor, double stddev, std::uint64_t seed, std::uint32_t stream) {
    constexpr double kTwoPi = 6.283185307179586476925286766559;
    const std::int64_t count = tensor.numel();
    auto values = torch::empty({count}, torch::kFloat32);  // [numel]
    float* out = values.data_ptr<float>();
    r123::Philox4x32 generator;
    const r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    // A uniform in (0, 1), never 0, so that log() stays finite.
    const auto uniform = [](std::uint32_t word) { return (static_cast<double>(word) + 0.5) * (1.0 / 4294967296.0); };
    for (std::int64_t base = 0; base < count; base += 4) {
        const auto block = static_cast<std::uint64_t>(base / 4);
        const r123::Philox4x32::ctr_type counter = {
            {static_cast<std::uint32_t>(block), static_cast<std::uint32_t>(block >> 32), stream, 0x6d736b73u}};
        const r123::Philox4x32::ctr_type words = generator(counter, key);
        double normals[4];
        for (int pair = 0; pair < 2; ++pair) {
            const double radius = std::sqrt(-2.0 * std::log(uniform(words.v[2 * pair])));
            const double angle = kTwoPi * uniform(words.v[2 * pair + 1]);
            normals[2 * pair] = radius * std::cos(angle);
            normals[2 * pair + 1] = radius * std::sin(angle);
        }
        for (std::int64_t i = 0; i < 4 && base + i < count; ++i) out[base + i] = static_cast<float>(stddev * normals[i]);
    }
    torch::NoGradGuard noGrad;
    tensor.copy_(values.view(tensor.sizes()));
}

bool endsWith(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
RmsNormImpl::RmsNormImpl(std::int64_t size, double eps) : m_eps(eps) {
    weight = register_parameter("weight", torch::ones({size}));
}

torch::Tensor RmsNormImpl::forward(const torch::Tensor& x) {
    const auto input = x.to(torch::kFloat32);                                  // [..., size]
    const auto meanSquare = input.pow(2).mean(-1, /*keepdim=*/true);           // [..., 1]
    const auto normalised = input * torch::rsqrt(meanSquare + m_eps);          // [..., size]
    return (normalised * weight.to(torch::kFloat32)).to(x.scalar_type());
}

// ---------------------------------------------------------------------------------------------
RotaryTables rotaryTables(const torch::Tensor& positions, std::int64_t headDim, double theta, torch::ScalarType dtype) {
    const auto options = torch::TensorOptions().dtype(torch::kFloat64).device(positions.device());
    // inverse frequency of pair i: theta^(-2i / D)
    const auto exponents = torch::arange(0, headDim, 2, options) / static_cast<double>(headDim);  // [D/2]
    const auto inverseFrequency = torch::pow(theta, -exponents);                                   // [D/2]
    auto batched = positions.dim() == 1 ? positions.unsqueeze(0) : positions;                      // [B|1, L]
    const auto angles = batched.to(torch::kFloat64).unsqueeze(-1) * inverseFrequency;              // [B|1, L, D/2]
    const auto full = torch::cat({angles, angles}, -1).unsqueeze(1);                               // [B|1, 1, L, D]
    return RotaryTables{full.cos().to(dtype), full.sin().to(dtype)};
}

torch::Tensor additiveAttentionMask(const torch::Tensor& mask, std::int64_t batch, std::int64_t length,
                                    torch::ScalarType dtype) {
    torch::Tensor mask4;  // [B|1, 1|H, L, L]
    if (mask.dim() == 2) mask4 = mask.unsqueeze(0).unsqueeze(0);
    else if (mask.dim() == 3) mask4 = mask.unsqueeze(1);
    else if (mask.dim() == 4) mask4 = mask;
    else throw UsageError("attention mask must have 2, 3 or 4 dimensions, got shape " + shapeText(mask));
    if (mask4.size(-1) != length || mask4.size(-2) != length || (mask4.size(0) != 1 && mask4.size(0) != batch))
        throw UsageError("attention mask of shape " + shapeText(mask) + " does not fit a batch of " +
                         std::to_string(batch) + " sequences of length " + std::to_string(length));
    if (mask4.scalar_type() == torch::kBool) {
        const auto zero = torch::zeros({}, mask4.options().dtype(dtype));
        const auto blocked = torch::full({}, -std::numeric_limits<double>::infinity(), mask4.options().dtype(dtype));
        return torch::where(mask4, zero, blocked);
    }
    if (!torch::isFloatingType(mask4.scalar_type()))
        throw UsageError("attention mask must be bool or floating point, got " +
                         std::string(c10::toString(mask4.scalar_type())));
    return mask4.to(dtype);
}

// ---------------------------------------------------------------------------------------------
SelfAttentionImpl::SelfAttentionImpl(const ModelConfig& config)
    : m_numHeads(config.numHeads), m_headDim(config.headDim()) {
    m_qProj = register_module("q_proj", linear(config.hiddenSize, config.hiddenSize));
    m_kProj = register_module("k_proj", linear(config.hiddenSize, config.hiddenSize));
    m_vProj = register_module("v_proj", linear(config.hiddenSize, config.hiddenSize));
    m_oProj = register_module("o_proj", linear(config.hiddenSize, config.hiddenSize));
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& x, const RotaryTables& rotary, const torch::Tensor& mask,
                                         torch::Tensor* weights) {
    const std::int64_t batch = x.size(0);
    const std::int64_t length = x.size(1);
    // [B, L, H] -> [B, heads, L, D]
    const auto split = [&](const torch::Tensor& t) {
        return t.view({batch, length, m_numHeads, m_headDim}).transpose(1, 2);
    };
    const auto q = applyRotary(split(m_qProj->forward(x)), rotary);  // [B, heads, L, D]
    const auto k = applyRotary(split(m_kProj->forward(x)), rotary);  // [B, heads, L, D]
    const auto v = split(m_vProj->forward(x));                       // [B, heads, L, D]

    torch::Tensor context;  // [B, heads, L, D]
#if TORCH_VERSION_MAJOR >= 2
    if (weights == nullptr) {
        // Fused attention (flash / memory-efficient kernels on CUDA) when nobody needs the weights.
        context = mask.defined() ? at::scaled_dot_product_attention(q, k, v, mask.to(q.scalar_type()))
                                 : at::scaled_dot_product_attention(q, k, v);
    }
#endif
    if (!context.defined()) {
        const double scale = 1.0 / std::sqrt(static_cast<double>(m_headDim));
        auto scores = torch::matmul(q, k.transpose(-2, -1)).to(torch::kFloat32) * scale;  // [B, heads, L, L]
        if (mask.defined()) scores = scores + mask;
        const auto probabilities = torch::softmax(scores, -1);                             // [B, heads, L, L]
        if (weights != nullptr) *weights = probabilities.detach();
        context = torch::matmul(probabilities.to(v.scalar_type()), v);
    }
    const auto merged = context.transpose(1, 2).reshape({batch, length, m_numHeads * m_headDim});  // [B, L, H]
    return m_oProj->forward(merged);
}

// ---------------------------------------------------------------------------------------------
SwiGluMlpImpl::SwiGluMlpImpl(const ModelConfig& config) {
    m_gateProj = register_module("gate_proj", linear(config.hiddenSize, config.intermediateSize));
    m_upProj = register_module("up_proj", linear(config.hiddenSize, config.intermediateSize));
    m_downProj = register_module("down_proj", linear(config.intermediateSize, config.hiddenSize));
}

torch::Tensor SwiGluMlpImpl::forward(const torch::Tensor& x) {
    const auto gated = torch::silu(m_gateProj->forward(x)) * m_upProj->forward(x);  // [B, L, I]
    return m_downProj->forward(gated);                                              // [B, L, H]
}

// ---------------------------------------------------------------------------------------------
TransformerLayerImpl::TransformerLayerImpl(const ModelConfig& config) {
    m_attnNorm = register_module("attn_norm", RmsNorm(config.hiddenSize, config.rmsNormEps));
    m_attn = register_module("attn", SelfAttention(config));
    m_mlpNorm = register_module("mlp_norm", RmsNorm(config.hiddenSize, config.rmsNormEps));
    m_mlp = register_module("mlp", SwiGluMlp(config));
}

torch::Tensor TransformerLayerImpl::forward(const torch::Tensor& x, const RotaryTables& rotary,
                                            const torch::Tensor& mask, torch::Tensor* attentionWeights) {
    const auto afterAttention = x + m_attn->forward(m_attnNorm->forward(x), rotary, mask, attentionWeights);
    return afterAttention + m_mlp->forward(m_mlpNorm->forward(afterAttention));
}

// ---------------------------------------------------------------------------------------------
DiffusionTransformerImpl::DiffusionTransformerImpl(const ModelConfig& config, std::uint64_t seed) : m_config(config) {
    validateModelConfig(config, "model config");
    m_embedTokens = register_module("embed_tokens", torch::nn::Embedding(config.vocabSize, config.hiddenSize));
    m_layers = register_module("layers", torch::nn::ModuleList());
    for (std::int64_t layer = 0; layer < config.numLayers; ++layer) m_layers->push_back(TransformerLayer(config));
    m_finalNorm = register_module("final_norm", RmsNorm(config.hiddenSize, config.rmsNormEps));
    m_lmHead = register_module("lm_head", linear(config.hiddenSize, config.vocabSize));
    resetParameters(seed);
}

void DiffusionTransformerImpl::resetParameters(std::uint64_t seed) {
    constexpr double kStd = 0.02;
    const double residualStd = kStd / std::sqrt(2.0 * static_cast<double>(m_config.numLayers));
    std::uint32_t stream = 0;
    for (auto& item : named_parameters(/*recurse=*/true)) {
        const std::string& name = item.key();
        torch::Tensor& parameter = item.value();
        if (endsWith(name, "norm.weight")) {
            torch::NoGradGuard noGrad;
            parameter.fill_(1.0);
        } else if (endsWith(name, "o_proj.weight") || endsWith(name, "down_proj.weight")) {
            fillNormal(parameter, residualStd, seed, stream);
        } else {
            fillNormal(parameter, kStd, seed, stream);
        }
        ++stream;
    }
}

ModelOutput DiffusionTransformerImpl::forward(const torch::Tensor& ids, const ForwardOptions& options) {
    if (ids.dim() != 2 || ids.scalar_type() != torch::kInt64)
        throw UsageError("token ids must be an int64 tensor [batch, length], got " +
                         std::string(c10::toString(ids.scalar_type())) + " " + shapeText(ids));
    const std::int64_t batch = ids.size(0);
    const std::int64_t length = ids.size(1);
    if (length == 0) throw UsageError("token ids must contain at least one position");

    torch::Tensor positions = options.positionIds;  // [L] or [B, L]
    if (!positions.defined()) {
        if (length > m_config.maxPositionEmbeddings)
            throw UsageError("sequence length " + std::to_string(length) + " exceeds the model's context of " +
                             std::to_string(m_config.maxPositionEmbeddings) + " positions");
        positions = torch::arange(length, torch::TensorOptions().dtype(torch::kInt64).device(ids.device()));
    } else {
        const bool fits = (positions.dim() == 1 && positions.size(0) == length) ||
                          (positions.dim() == 2 && positions.size(1) == length &&
                           (positions.size(0) == batch || positions.size(0) == 1));
        if (!fits) throw UsageError("position ids of shape " + shapeText(positions) + " do not fit token ids " + shapeText(ids));
    }
    if (options.logitsLength > length)
        throw UsageError("logits requested for " + std::to_string(options.logitsLength) + " positions of a " +
                         std::to_string(length) + "-token input");

    auto hidden = m_embedTokens->forward(ids);  // [B, L, H]
    const auto rotary = rotaryTables(positions, m_config.headDim(), m_config.ropeTheta, hidden.scalar_type());
    const torch::Tensor mask = options.attentionMask.defined()
                                   ? additiveAttentionMask(options.attentionMask, batch, length, torch::kFloat32)
                                   : torch::Tensor();  // [B|1, 1|H, L, L]
    if (mask.defined() && mask.size(1) != 1 && mask.size(1) != m_config.numHeads)
        throw UsageError("attention mask has " + std::to_string(mask.size(1)) + " heads, the model " +
                         std::to_string(m_config.numHeads));

    ModelOutput output;
    for (const auto& module : *m_layers) {
        torch::Tensor weights;
        hidden = module->as<TransformerLayer>()->forward(hidden, rotary, mask,
                                                         options.captureAttention ? &weights : nullptr);
        if (options.captureAttention) output.attentions.push_back(weights);
    }
    if (options.logitsLength >= 0) hidden = hidden.narrow(1, 0, options.logitsLength);  // [B, L_out, H]
    if (options.logitsRows.defined()) {
        if (options.logitsRows.dim() != 1 || options.logitsRows.scalar_type() != torch::kInt64)
            throw UsageError("logits rows must be an int64 tensor [R], got " +
                             std::string(c10::toString(options.logitsRows.scalar_type())) + " " +
                             shapeText(options.logitsRows));
        hidden = hidden.reshape({-1, hidden.size(-1)})
                     .index_select(0, options.logitsRows.to(hidden.device()));  // [R, H]
    }
    output.logits = m_lmHead->forward(m_finalNorm->forward(hidden));  // [B, L_out, V] or [R, V]
    return output;
}

}  // namespace maskscope
