#!/usr/bin/python3
"""Independent reference for MaskScope's generation: iterative unmasking with low-confidence or
random remasking, block by block (LLaDA; the block layout of LLaDA2 / dFactory).

Written from the description of the procedure (method.md section 5, gpu/generation.h's contract),
one sequence at a time, with the float64 model of diffusion_reference.py:

    /usr/bin/python3 generation_reference.py --config config.json --weights weights.safetensors \
        --prompt prompt.safetensors --cases cases.json --output expected.safetensors

prompt.safetensors holds `prompt` [B, P] I64. cases.json is a list of objects
    {"name", "gen_length", "block_length", "steps_per_block", "temperature",
     "remasking": "low_confidence" | "random", "seed", "block_layout": bool, "mask_token_id"}
and expected.safetensors receives, per case:
    <name>.ids [B, P + G] I64          the generated sequences
    <name>.unmask_step [B, P + G] I64  global step that committed each position, -1 for the prompt
    <name>.token_margin [] F64         smallest gap between the best and second-best token score
                                       over all committed tokens (how far the run is from a tie)
    <name>.rank_margin [] F64          smallest gap between the last committed and the first
                                       passed-over confidence over all steps (inf if never ranked)

The procedure. The response (G tokens) starts as mask tokens. Blocks, left to right: in the full
layout [P + j*bl, P + (j+1)*bl); in the block layout the grid [j*bl, (j+1)*bl) over the whole
sequence, restricted to the response; both cut at P + G. Each block gets `steps_per_block` steps;
step i of a block commits n // steps + (1 if i < n % steps else 0) tokens (n = block length).
At each step with something to commit, for every still-masked position of the block:
  logits: full layout, the whole sequence, no attention mask; block layout, the sequence up to the
          block's end with block-causal attention (a position sees its own block and earlier ones);
  the mask token's logit is removed; token = argmax (temperature 0) or argmax of
          logits / T + Gumbel noise; ties go to the lowest token id;
  confidence = softmax(logits)[token] (low_confidence) or a keyed uniform (random);
the k highest confidences (ties: lower position first) take their tokens.
Global step s counts over all blocks. Randomness is Philox4x32-10 with uniform (word + 0.5) / 2^32:
  Gumbel for token v, position i, row b, step s: key (seed, 0x67656e31), counter (v // 4, i, s, b),
      word v % 4, g = -log(-log u);
  random remasking for position i: key (seed, 0x67656e32), counter (0, i, s, b), word 0.
"""
import argparse
import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffusion_reference  # noqa: E402
import safetensors_io  # noqa: E402

GUMBEL_STREAM = 0x67656E31
REMASK_STREAM = 0x67656E32
PROMPT_STEP = -1


# ----------------------------------------------------------------------------------------------
# Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011).

_WORD = 0xFFFFFFFF


def philox4x32_10(counter, key):
    """Four 32-bit output words for a 4-word counter and a 2-word key."""
    c0, c1, c2, c3 = counter
    k0, k1 = key
    for round_index in range(10):
        if round_index > 0:
            k0 = (k0 + 0x9E3779B9) & _WORD
            k1 = (k1 + 0xBB67AE85) & _WORD
        product0 = 0xD2511F53 * c0
        product1 = 0xCD9E8D57 * c2
        c0, c1, c2, c3 = ((product1 >> 32) ^ c1 ^ k0, product1 & _WORD,
                          (product0 >> 32) ^ c3 ^ k1, product0 & _WORD)
    return c0, c1, c2, c3


def check_philox():
    """Known-answer vectors of Random123 (kat_vectors, philox4x32 with 10 rounds)."""
    vectors = [
        ((0, 0, 0, 0), (0, 0), (0x6627E8D5, 0xE169C58D, 0xBC57AC4C, 0x9B00DBD8)),
        ((_WORD,) * 4, (_WORD, _WORD), (0x408F276D, 0x41C83B0E, 0xA20BC7C6, 0x6D5451FD)),
        ((0x243F6A88, 0x85A308D3, 0x13198A2E, 0x03707344), (0xA4093822, 0x299F31D0),
         (0xD16CFE09, 0x94FDCCEB, 0x5001E420, 0x24126EA1)),
    ]
    for counter, key, expected in vectors:
        if philox4x32_10(counter, key) != expected:
            raise SystemExit("philox4x32_10 fails a Random123 known-answer vector")


def uniform(word):
    return (word + 0.5) / 4294967296.0


def gumbel(seed, step, position, row, vocab_size):
    """[V] float64 Gumbel noise for one position."""
    values = []
    for v in range(vocab_size):
        words = philox4x32_10((v // 4, position, step, row), (seed, GUMBEL_STREAM))
        values.append(-math.log(-math.log(uniform(words[v % 4]))))
    return torch.tensor(values, dtype=torch.float64)


def remask_score(seed, step, position, row):
    return uniform(philox4x32_10((0, position, step, row), (seed, REMASK_STREAM))[0])


# ----------------------------------------------------------------------------------------------
# The sampler.

def schedule(count, steps):
    return [count // steps + (1 if i < count % steps else 0) for i in range(steps)]


def blocks(prompt_length, gen_length, block_length, block_layout):
    total = prompt_length + gen_length
    spans = []
    begin = prompt_length
    while begin < total:
        if block_layout:
            end = (begin // block_length + 1) * block_length
        else:
            end = begin + block_length
        end = min(end, total)
        spans.append((begin, end))
        begin = end
    return spans


def block_causal(length, block_length):
    """[L, L] bool: query q may see key k when k's block is not after q's block."""
    block = torch.arange(length) // block_length
    return block[None, :] <= block[:, None]


def first_argmax(values):
    """Index of the largest value, the lowest index among equals, and the gap to the runner-up."""
    values = values.tolist()
    best = 0
    for index, value in enumerate(values):
        if value > values[best]:
            best = index
    runner_up = max((v for i, v in enumerate(values) if i != best), default=float("-inf"))
    return best, values[best] - runner_up


def generate_row(parameters, config, prompt_row, row, case):
    mask = case["mask_token_id"]
    block_length = case["block_length"]
    temperature = case["temperature"]
    ids = prompt_row.tolist() + [mask] * case["gen_length"]
    unmask_step = [PROMPT_STEP] * len(prompt_row) + [None] * case["gen_length"]
    token_margin = float("inf")
    rank_margin = float("inf")
    step = 0
    for begin, end in blocks(len(prompt_row), case["gen_length"], block_length, case["block_layout"]):
        for count in schedule(end - begin, case["steps_per_block"]):
            if count > 0:
                if case["block_layout"]:
                    sequence = torch.tensor([ids[:end]])
                    logits = diffusion_reference.forward(parameters, config, sequence,
                                                         allowed=block_causal(end, block_length))[0]
                else:
                    logits = diffusion_reference.forward(parameters, config, torch.tensor([ids]))[0]
                candidates = []  # (confidence, position, token, best-minus-second token score)
                for position in range(begin, end):
                    if ids[position] != mask:
                        continue
                    row_logits = logits[position].clone()
                    row_logits[mask] = float("-inf")
                    scores = row_logits
                    if temperature > 0:
                        scores = row_logits / temperature + gumbel(case["seed"], step, position, row,
                                                                   row_logits.shape[0])
                    token, margin = first_argmax(scores)
                    if case["remasking"] == "low_confidence":
                        probabilities = torch.exp(row_logits - row_logits.max())
                        probabilities = probabilities / probabilities.sum()
                        confidence = float(probabilities[token])
                    else:
                        confidence = remask_score(case["seed"], step, position, row)
                    candidates.append((confidence, position, token, margin))
                candidates.sort(key=lambda c: (-c[0], c[1]))
                if len(candidates) > count:
                    rank_margin = min(rank_margin, candidates[count - 1][0] - candidates[count][0])
                for _, position, token, margin in candidates[:count]:
                    token_margin = min(token_margin, margin)
                    ids[position] = token
                    unmask_step[position] = step
            step += 1
    if any(s is None for s in unmask_step):
        raise SystemExit("reference: a response position was never committed")
    return ids, unmask_step, token_margin, rank_margin


def run_case(parameters, config, prompt, case):
    rows = [generate_row(parameters, config, prompt[b], b, case) for b in range(prompt.shape[0])]
    return {
        "ids": torch.tensor([r[0] for r in rows], dtype=torch.int64),
        "unmask_step": torch.tensor([r[1] for r in rows], dtype=torch.int64),
        "token_margin": torch.tensor(min(r[2] for r in rows), dtype=torch.float64),
        "rank_margin": torch.tensor(min(r[3] for r in rows), dtype=torch.float64),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--prompt", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    check_philox()
    torch.set_num_threads(1)
    with open(args.config, encoding="utf-8") as f:
        config = json.load(f)
    with open(args.cases, encoding="utf-8") as f:
        cases = json.load(f)
    weights, _ = safetensors_io.read(args.weights)
    parameters = {name: w.to(torch.float64) for name, w in weights.items()}
    prompts, _ = safetensors_io.read(args.prompt)
    prompt = prompts["prompt"]

    out = {}
    with torch.no_grad():
        for case in cases:
            for key, value in run_case(parameters, config, prompt, case).items():
                out[f"{case['name']}.{key}"] = value
    safetensors_io.write(args.output, out, {"reference": "generation_reference.py"})


if __name__ == "__main__":
    main()
