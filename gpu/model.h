// The diffusion transformer: a LLaDA-style bidirectional (non-causal) decoder stack.
//
//   ids [B, L] -> token embedding (vocabulary includes the mask token)
//     -> num_layers x { x += Attention(RMSNorm(x)); x += SwiGLU(RMSNorm(x)) }   (pre-norm)
//     -> final RMSNorm -> untied output head -> logits [B, L, V]
//
// Attention is full multi-head self-attention with rotary position embeddings (RoPE, the
// "rotate-half" layout of LLaMA/LLaDA), no causal mask, and no biases anywhere. An optional mask
// restricts which keys a query may see (block diffusion, padding).
//
// Parameter names (the safetensors keys) are:
//   embed_tokens.weight                     [V, H]
//   layers.N.attn_norm.weight               [H]
//   layers.N.attn.{q,k,v,o}_proj.weight     [H, H]
//   layers.N.mlp_norm.weight                [H]
//   layers.N.mlp.{gate,up}_proj.weight      [I, H]
//   layers.N.mlp.down_proj.weight           [H, I]
//   final_norm.weight                       [H]
//   lm_head.weight                          [V, H]
#pragma once

#include "model_config.h"

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/embedding.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

#include <cstdint>
#include <vector>

namespace maskscope {

struct ForwardOptions {
    // Which keys each query may attend to, broadcast over batch and heads:
    //   bool  [L, L], [B, L, L] or [B, 1|H, L, L]: true = may attend;
    //   float of the same shapes: added to the attention scores (0 or -inf).
    // Every query must be allowed at least one key, or its row of the softmax is NaN.
    // Undefined: every position attends to every position.
    torch::Tensor attentionMask;
    // int64 [L] or [B, L]: RoPE positions. Undefined: 0..L-1, and L must not exceed the
    // config's max_position_embeddings.
    torch::Tensor positionIds;
    // Compute logits for the first `logitsLength` positions only (block diffusion needs the x_t
    // half of its 2L input); -1 computes them for all positions.
    std::int64_t logitsLength = -1;
    // int64 [R]: compute logits only at these rows of the flattened [B * L_out] positions (row
    // b * L_out + i is position i of sequence b); the output is then [R, V] instead of [B, L_out, V],
    // and the head never forms logits for the other positions (the density sweep scores a few rows
    // of each pass). Undefined: every position.
    torch::Tensor logitsRows;
    // Keep every layer's attention probabilities for probes (detached).
    bool captureAttention = false;
};

struct ModelOutput {
    torch::Tensor logits;                   // [B, L_out, V], L_out = logitsLength or L; [R, V] with logitsRows
    std::vector<torch::Tensor> attentions;  // per layer [B, H, L, L], rows sum to 1; empty unless captured
};

// Root-mean-square layer norm with a learned gain; normalises in float32 whatever the input dtype.
class RmsNormImpl : public torch::nn::Module {
public:
    RmsNormImpl(std::int64_t size, double eps);
    torch::Tensor forward(const torch::Tensor& x);  // [..., size] -> [..., size]

    torch::Tensor weight;  // [size]

private:
    double m_eps;
};
TORCH_MODULE(RmsNorm);

// cos and sin tables for RoPE at given positions, shaped to broadcast over heads.
struct RotaryTables {
    torch::Tensor cos;  // [B|1, 1, L, D]
    torch::Tensor sin;  // [B|1, 1, L, D]
};

class SelfAttentionImpl : public torch::nn::Module {
public:
    explicit SelfAttentionImpl(const ModelConfig& config);
    // x [B, L, H]; mask: additive float [B|1, 1|heads, L, L] or undefined. When `weights` is not
    // null the attention probabilities [B, heads, L, L] are stored there.
    torch::Tensor forward(const torch::Tensor& x, const RotaryTables& rotary, const torch::Tensor& mask,
                          torch::Tensor* weights);

private:
    std::int64_t m_numHeads;
    std::int64_t m_headDim;
    torch::nn::Linear m_qProj{nullptr}, m_kProj{nullptr}, m_vProj{nullptr}, m_oProj{nullptr};
};
TORCH_MODULE(SelfAttention);

// down(silu(gate(x)) * up(x))
class SwiGluMlpImpl : public torch::nn::Module {
public:
    explicit SwiGluMlpImpl(const ModelConfig& config);
    torch::Tensor forward(const torch::Tensor& x);  // [B, L, H] -> [B, L, H]

private:
    torch::nn::Linear m_gateProj{nullptr}, m_upProj{nullptr}, m_downProj{nullptr};
};
TORCH_MODULE(SwiGluMlp);

class TransformerLayerImpl : public torch::nn::Module {
public:
    explicit TransformerLayerImpl(const ModelConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const RotaryTables& rotary, const torch::Tensor& mask,
                          torch::Tensor* attentionWeights);  // [B, L, H] -> [B, L, H]

private:
    RmsNorm m_attnNorm{nullptr};
    SelfAttention m_attn{nullptr};
    RmsNorm m_mlpNorm{nullptr};
    SwiGluMlp m_mlp{nullptr};
};
TORCH_MODULE(TransformerLayer);

class DiffusionTransformerImpl : public torch::nn::Module {
public:
    // Validates the config (InputError naming "model config") and initialises the parameters
    // deterministically from `seed` (see resetParameters()).
    explicit DiffusionTransformerImpl(const ModelConfig& config, std::uint64_t seed = 0);

    // ids int64 [B, L] -> logits [B, L_out, V]. Throws UsageError on malformed inputs.
    ModelOutput forward(const torch::Tensor& ids, const ForwardOptions& options = {});

    // Re-initialises every parameter from `seed`, independent of device, thread count and
    // LibTorch version: normal draws come from a Philox4x32 stream keyed by (seed, parameter
    // index), so a model initialised on the CPU and one initialised on a GPU are identical.
    //   embeddings, q/k/v, gate/up, output head: N(0, 0.02^2)
    //   o_proj, down_proj (the residual writes):  N(0, (0.02 / sqrt(2 * num_layers))^2)
    //   norm gains: 1
    void resetParameters(std::uint64_t seed);

    const ModelConfig& config() const { return m_config; }

private:
    ModelConfig m_config;
    torch::nn::Embedding m_embedTokens{nullptr};
    torch::nn::ModuleList m_layers{nullptr};
    RmsNorm m_finalNorm{nullptr};
    torch::nn::Linear m_lmHead{nullptr};
};
TORCH_MODULE(DiffusionTransformer);

// RoPE tables for positions int64 [L] or [B, L]; angles are computed in float64 and rounded once
// to `dtype`, so tables are exact to the dtype's precision at any position.
RotaryTables rotaryTables(const torch::Tensor& positions, std::int64_t headDim, double theta, torch::ScalarType dtype);

// Normalises a user mask (see ForwardOptions::attentionMask) to an additive float mask
// [B|1, 1|H, L, L] of `dtype`; throws UsageError when the shape does not fit [B, L].
torch::Tensor additiveAttentionMask(const torch::Tensor& mask, std::int64_t batch, std::int64_t length,
                                    torch::ScalarType dtype);

}  // namespace maskscope
