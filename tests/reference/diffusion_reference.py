#!/usr/bin/python3
"""Independent reference for MaskScope's diffusion transformer, loss and block-diffusion mask.

Written from the definitions (method.md section 5; LLaDA; BD3-LM), in float64 by default, so that
the C++ engine (float32) is compared with values whose own rounding error is negligible.

    /usr/bin/python3 diffusion_reference.py --config config.json --weights weights.safetensors \
        --inputs inputs.safetensors --output expected.safetensors

inputs.safetensors holds, for a batch of B sequences of length L:
    clean [B, L] I64      the clean tokens x_0
    noisy [B, L] I64      x_t: clean with the mask token at masked positions
    masked [B, L] BOOL    which positions are masked (supervised)
    mask_ratio [B] F32    each sample's scheduled ratio t
    response [B, L] BOOL  the maskable response tokens (ELBO normaliser)
    hub [B, L] BOOL       hub tokens (stratified sums)

expected.safetensors receives (float64 unless noted):
    logits [B, L, V], loss_elbo [], loss_mean [],
    hub_sum [], hub_count [] I64, nonhub_sum [], nonhub_count [] I64,
    grad_elbo.<parameter> : d loss_elbo / d parameter, plain (full attention) forward
    bd_mask [2L, 2L] BOOL, bd_logits [B, L, V], bd_loss_mean [],
    grad_bd_mean.<parameter> : d loss_mean / d parameter, block-diffusion forward
"""
import argparse
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402


# ----------------------------------------------------------------------------------------------
# The model, one function per definition.

def rms_norm(x, gain, eps):
    """x / sqrt(mean(x^2) + eps) * gain over the last dimension."""
    return x / torch.sqrt(x.pow(2).mean(dim=-1, keepdim=True) + eps) * gain


def rotate(x, positions, theta):
    """RoPE on x [B, heads, L, D]: the pair (x[j], x[j + D/2]) is rotated by the angle
    position * theta^(-2j/D), as a complex multiplication (x[j] + i x[j + D/2]) * e^(i angle)."""
    d = x.shape[-1]
    half = d // 2
    j = torch.arange(half, dtype=torch.float64)
    frequency = theta ** (-2.0 * j / d)                                    # [D/2]
    angle = positions.to(torch.float64)[..., None] * frequency             # [B, L, D/2]
    rotation = torch.polar(torch.ones_like(angle), angle)[:, None]         # [B, 1, L, D/2] complex
    pairs = torch.complex(x[..., :half].to(torch.float64), x[..., half:].to(torch.float64))
    turned = pairs * rotation
    return torch.cat([turned.real, turned.imag], dim=-1).to(x.dtype)


def attention(x, p, prefix, config, positions, allowed):
    """Multi-head self-attention; allowed [Lq, Lk] bool or None (everything allowed)."""
    b, l, h = x.shape
    heads = config["num_attention_heads"]
    d = h // heads

    def project(name):
        return x @ p[f"{prefix}.{name}.weight"].T

    def by_head(t):                                                         # [B, L, H] -> [B, heads, L, D]
        return t.reshape(b, l, heads, d).permute(0, 2, 1, 3)

    q = rotate(by_head(project("q_proj")), positions, config["rope_theta"])
    k = rotate(by_head(project("k_proj")), positions, config["rope_theta"])
    v = by_head(project("v_proj"))
    scores = torch.einsum("bhqd,bhkd->bhqk", q, k) / math.sqrt(d)
    if allowed is not None:
        scores = scores.masked_fill(~allowed, float("-inf"))
    weights = torch.exp(scores - scores.amax(dim=-1, keepdim=True))
    weights = weights / weights.sum(dim=-1, keepdim=True)
    context = torch.einsum("bhqk,bhkd->bhqd", weights, v)
    merged = context.permute(0, 2, 1, 3).reshape(b, l, h)
    return merged @ p[f"{prefix}.o_proj.weight"].T


def swiglu(x, p, prefix):
    gate = x @ p[f"{prefix}.gate_proj.weight"].T
    up = x @ p[f"{prefix}.up_proj.weight"].T
    return (gate * torch.sigmoid(gate) * up) @ p[f"{prefix}.down_proj.weight"].T


def forward(p, config, ids, positions=None, allowed=None):
    """ids [B, L] -> logits [B, L, V]; positions [B, L] (default 0..L-1)."""
    b, l = ids.shape
    if positions is None:
        positions = torch.arange(l).expand(b, l)
    eps = config["rms_norm_eps"]
    x = p["embed_tokens.weight"][ids]                                       # [B, L, H]
    for layer in range(config["num_hidden_layers"]):
        prefix = f"layers.{layer}"
        x = x + attention(rms_norm(x, p[f"{prefix}.attn_norm.weight"], eps), p, f"{prefix}.attn",
                          config, positions, allowed)
        x = x + swiglu(rms_norm(x, p[f"{prefix}.mlp_norm.weight"], eps), p, f"{prefix}.mlp")
    x = rms_norm(x, p["final_norm.weight"], eps)
    return x @ p["lm_head.weight"].T


# ----------------------------------------------------------------------------------------------
# The loss.

def token_losses(logits, clean, masked):
    """Cross-entropy -log softmax(logits[b, i])[x_0[b, i]] at every masked (b, i), no label shift."""
    losses = []
    for b in range(logits.shape[0]):
        for i in range(logits.shape[1]):
            if masked[b, i]:
                row = logits[b, i]
                log_normaliser = torch.logsumexp(row, dim=0)
                losses.append(((b, i), log_normaliser - row[clean[b, i]]))
    return losses


def loss_elbo(logits, clean, masked, ratio, response):
    """LLaDA: 1/B * sum_b 1/|R_b| * sum_{i masked} CE / t_b."""
    batch, length = clean.shape
    total = logits.new_zeros(())
    for (b, _), value in token_losses(logits, clean, masked):
        response_length = max(int(response[b].sum()), 1) if response is not None else length
        total = total + value / (float(ratio[b]) * response_length)
    return total / batch


def loss_mean(logits, clean, masked):
    """dFactory: plain mean of CE over all masked tokens of the batch (0 when there are none)."""
    values = [value for _, value in token_losses(logits, clean, masked)]
    if not values:
        return logits.new_zeros(()) + 0.0 * logits.sum()
    return torch.stack(values).sum() / len(values)


def strata(logits, clean, masked, hub):
    sums = {True: 0.0, False: 0.0}
    counts = {True: 0, False: 0}
    for (b, i), value in token_losses(logits, clean, masked):
        key = bool(hub[b, i])
        sums[key] += float(value)
        counts[key] += 1
    return sums[True], counts[True], sums[False], counts[False]


# ----------------------------------------------------------------------------------------------
# Block diffusion.

def block_diffusion_mask(length, block_size):
    """[2L, 2L] bool over [x_t | x_0], built one (query, key) pair at a time from the rules:
    noisy -> same noisy block; noisy -> strictly earlier clean blocks; clean -> same or earlier
    clean blocks; clean -> noisy never."""
    size = 2 * length
    allowed = torch.zeros(size, size, dtype=torch.bool)
    for query in range(size):
        query_clean, query_block = query >= length, (query % length) // block_size
        for key in range(size):
            key_clean, key_block = key >= length, (key % length) // block_size
            if not query_clean and not key_clean:
                allowed[query, key] = key_block == query_block
            elif not query_clean and key_clean:
                allowed[query, key] = key_block < query_block
            elif query_clean and key_clean:
                allowed[query, key] = key_block <= query_block
    return allowed


def block_diffusion_forward(p, config, noisy, clean, block_size):
    b, l = noisy.shape
    ids = torch.cat([noisy, clean], dim=1)                                  # [B, 2L]
    positions = torch.cat([torch.arange(l), torch.arange(l)]).expand(b, 2 * l)
    logits = forward(p, config, ids, positions, block_diffusion_mask(l, block_size))
    return logits[:, :l]


# ----------------------------------------------------------------------------------------------

def gradients(loss, parameters, prefix):
    names = list(parameters)
    grads = torch.autograd.grad(loss, [parameters[n] for n in names])
    return {f"{prefix}.{n}": g for n, g in zip(names, grads)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--inputs", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    args = parser.parse_args()

    torch.set_num_threads(1)
    dtype = getattr(torch, args.dtype)
    with open(args.config, encoding="utf-8") as f:
        config = json.load(f)
    weights, _ = safetensors_io.read(args.weights)
    inputs, _ = safetensors_io.read(args.inputs)
    clean, noisy, masked = inputs["clean"], inputs["noisy"], inputs["masked"]
    ratio, response, hub = inputs["mask_ratio"], inputs["response"], inputs["hub"]

    def fresh_parameters():
        return {name: w.to(dtype).clone().requires_grad_(True) for name, w in weights.items()}

    out = {}
    p = fresh_parameters()
    logits = forward(p, config, noisy)
    elbo = loss_elbo(logits, clean, masked, ratio, response)
    mean = loss_mean(logits, clean, masked)
    hub_sum, hub_count, nonhub_sum, nonhub_count = strata(logits, clean, masked, hub)
    out["logits"] = logits.detach()
    out["loss_elbo"] = elbo.detach()
    out["loss_mean"] = mean.detach()
    out["hub_sum"] = torch.tensor(hub_sum, dtype=dtype)
    out["hub_count"] = torch.tensor(hub_count, dtype=torch.int64)
    out["nonhub_sum"] = torch.tensor(nonhub_sum, dtype=dtype)
    out["nonhub_count"] = torch.tensor(nonhub_count, dtype=torch.int64)
    out.update(gradients(elbo, p, "grad_elbo"))

    block_size = config.get("block_size", 32)
    p = fresh_parameters()
    bd_logits = block_diffusion_forward(p, config, noisy, clean, block_size)
    bd_mean = loss_mean(bd_logits, clean, masked)
    out["bd_mask"] = block_diffusion_mask(clean.shape[1], block_size)
    out["bd_logits"] = bd_logits.detach()
    out["bd_loss_mean"] = bd_mean.detach()
    out.update(gradients(bd_mean, p, "grad_bd_mean"))

    safetensors_io.write(args.output, out, {"reference": "diffusion_reference.py", "dtype": args.dtype})


if __name__ == "__main__":
    main()
