#!/usr/bin/python3
"""The model:surprisal sweep in python3-torch, for tests/bench/bench_density_model.cpp.

Same checkpoint (config.json + model.safetensors), same records (token ids exported by the
bench), same sweep as gpu/density_sweep.h with t = 0: pass j masks the response tokens whose
response index r has r mod k = j; all passes of a record run as one batch (B = passes); the NLL
and entropy of each scored row come from log_softmax + gather. The model is
diffusion_reference.py's, in float32.

    /usr/bin/python3 surprisal_reference_bench.py --checkpoint DIR --records records.json --k 4 \
        --threads 2 --output result.json

records.json: [{"id": str, "prompt": P, "ids": [int, ...]}, ...]
result.json: {"tokens": scored tokens, "seconds": sweep time, "tokens_per_second": ...,
              "nll": [[per response token] per record]}
"""
import argparse
import json
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diffusion_reference  # noqa: E402
import safetensors_io  # noqa: E402


def sweep(p, config, ids, prompt, k):
    """NLL and entropy [R] of every response token, scored while masked."""
    length = len(ids)
    response = length - prompt
    passes = min(k, response)
    clean = torch.tensor(ids, dtype=torch.int64)
    batch = clean.repeat(passes, 1)                                        # [P, L]
    for j in range(passes):
        batch[j, prompt + j::k] = config["mask_token_id"]
    logits = diffusion_reference.forward(p, config, batch)                 # [P, L, V]
    positions = torch.arange(prompt, length)
    rows = logits[(positions - prompt) % k, positions]                     # [R, V]
    log_probabilities = torch.log_softmax(rows, dim=-1)
    nll = -log_probabilities.gather(1, clean[prompt:, None]).squeeze(1)
    entropy = -(log_probabilities.exp() * log_probabilities).sum(-1)
    return nll, entropy


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkpoint", required=True)
    parser.add_argument("--records", required=True)
    parser.add_argument("--k", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    with open(os.path.join(args.checkpoint, "config.json")) as f:
        config = json.load(f)
    weights, _ = safetensors_io.read(os.path.join(args.checkpoint, "model.safetensors"))
    p = {name: tensor.to(torch.float32) for name, tensor in weights.items()}
    with open(args.records) as f:
        records = json.load(f)

    with torch.inference_mode():
        sweep(p, config, records[0]["ids"], records[0]["prompt"], args.k)  # warm-up
        results = []
        tokens = 0
        start = time.perf_counter()
        for record in records:
            nll, _ = sweep(p, config, record["ids"], record["prompt"], args.k)
            results.append(nll)
            tokens += nll.numel()
        seconds = time.perf_counter() - start

    with open(args.output, "w") as f:
        json.dump({"tokens": tokens, "seconds": seconds, "tokens_per_second": tokens / seconds,
                   "nll": [r.tolist() for r in results]}, f)


if __name__ == "__main__":
    main()
