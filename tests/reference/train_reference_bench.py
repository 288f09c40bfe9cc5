#!/usr/bin/python3
"""Training speed and loss curve of the python3-torch reference, for tests/bench/bench_train.cpp
and test_gpu_trainer's loss-curve comparison.

Trains the reference model of diffusion_reference.py (float32 parameters) on exactly the batches
and from exactly the weights that bench_train exported, with the same objective (ELBO over the
logical and syntactic rows, 1/t per row, normalised by the row's response tokens and the number
of rows), AdamW (weight decay on matrices only), warm-up + cosine learning rate and gradient-norm
clipping, and reports tokens/s, peak memory and the loss of every step as JSON.

    /usr/bin/python3 train_reference_bench.py --dir DIR --steps N --warmup-steps W --threads T \
        [--rope float64|float32] --output result.json

DIR holds config.json, weights.safetensors, batches.safetensors (per step i: noisy.i, clean.i,
masked.i, response.i, valid.i, ratio.i) and schedule.json (lr, min_lr_ratio, warmup, horizon,
weight_decay, beta1, beta2, eps, grad_clip), as tests/reference/train_reference_export.h writes them.

--rope float64 (the default) uses diffusion_reference.rotate as it is (complex arithmetic in
float64, written for clarity); --rope float32 swaps in the usual rotate-half form in float32, the
way an ordinary PyTorch training script computes RoPE.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffusion_reference  # noqa: E402
import safetensors_io  # noqa: E402


def rotate_half_float32(x, positions, theta):
    """RoPE on x [B, heads, L, D] in the rotate-half layout, computed in x's dtype."""
    d = x.shape[-1]
    inverse = theta ** (-torch.arange(0, d, 2, dtype=torch.float32) / d)      # [D/2]
    angles = positions.to(torch.float32)[..., None] * inverse                 # [B, L, D/2]
    angles = torch.cat([angles, angles], dim=-1)[:, None]                     # [B, 1, L, D]
    half = d // 2
    rotated = torch.cat([-x[..., half:], x[..., :half]], dim=-1)
    return x * angles.cos() + rotated * angles.sin()


def elbo_loss(logits, clean, masked, ratio, response):
    """(1 / rows) * sum_b (1 / |R_b|) * sum_{i masked} CE_i / t_b, vectorised."""
    rows = logits.shape[0]
    ce = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), clean.reshape(-1),
                                           reduction="none").reshape(clean.shape)      # [R, L]
    weight = 1.0 / (ratio * response.sum(dim=1).clamp_min(1).to(torch.float32) * rows)  # [R]
    return (ce * masked * weight[:, None]).sum()


def learning_rate(step, s):
    peak, floor = s["lr"], s["lr"] * s["min_lr_ratio"]
    if s["warmup"] > 0 and step <= s["warmup"]:
        return peak * step / s["warmup"]
    if step >= s["horizon"]:
        return floor
    progress = (step - s["warmup"]) / max(s["horizon"] - s["warmup"], 1)
    return floor + (peak - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dir", required=True)
    parser.add_argument("--steps", type=int, required=True, help="timed steps")
    parser.add_argument("--warmup-steps", type=int, default=3, help="untimed steps first")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rope", choices=["float64", "float32"], default="float64")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    if args.rope == "float32":
        diffusion_reference.rotate = rotate_half_float32
    with open(os.path.join(args.dir, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    with open(os.path.join(args.dir, "schedule.json"), encoding="utf-8") as f:
        schedule = json.load(f)
    weights, _ = safetensors_io.read(os.path.join(args.dir, "weights.safetensors"))
    batches, _ = safetensors_io.read(os.path.join(args.dir, "batches.safetensors"))

    params = {name: w.to(torch.float32).clone().requires_grad_(True) for name, w in weights.items()}
    decayed = [p for p in params.values() if p.dim() >= 2]
    plain = [p for p in params.values() if p.dim() < 2]
    optimizer = torch.optim.AdamW(
        [{"params": decayed, "weight_decay": schedule["weight_decay"]}, {"params": plain, "weight_decay": 0.0}],
        lr=schedule["lr"], betas=(schedule["beta1"], schedule["beta2"]), eps=schedule["eps"])

    losses, seconds, cpu_seconds, tokens = [], [], [], []
    total = args.warmup_steps + args.steps
    for index in range(total):
        step = index + 1
        start = time.perf_counter()
        cpu_start = time.process_time()
        noisy, clean = batches[f"noisy.{index}"], batches[f"clean.{index}"]
        masked, response = batches[f"masked.{index}"], batches[f"response.{index}"]
        valid, ratio = batches[f"valid.{index}"], batches[f"ratio.{index}"]
        allowed = None
        if not bool(valid.all()):
            allowed = valid[:, None, None, :].expand(-1, 1, valid.shape[1], -1)   # keys only: [R, 1, L, L]
        for group in optimizer.param_groups:
            group["lr"] = learning_rate(step, schedule)
        optimizer.zero_grad(set_to_none=True)
        logits = diffusion_reference.forward(params, config, noisy, None, allowed)
        loss = elbo_loss(logits, clean, masked, ratio, response)
        loss.backward()
        if schedule["grad_clip"] > 0:
            torch.nn.utils.clip_grad_norm_(list(params.values()), schedule["grad_clip"])
        optimizer.step()
        losses.append(float(loss))
        seconds.append(time.perf_counter() - start)
        cpu_seconds.append(time.process_time() - cpu_start)
        tokens.append(int(valid.sum()))

    timed = slice(args.warmup_steps, total)
    result = {
        "tokens_per_s": sum(tokens[timed]) / sum(seconds[timed]),
        "median_step_tokens_per_s": sorted(t / s for t, s in zip(tokens[timed], seconds[timed]))[args.steps // 2],
        "tokens_per_cpu_s": sum(tokens[timed]) / sum(cpu_seconds[timed]),
        "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "losses": losses,
        "step_seconds": seconds,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "rope": args.rope,
    }
    with open(args.output, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
