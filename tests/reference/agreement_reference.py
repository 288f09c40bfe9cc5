#!/usr/bin/python3
"""Independent oracle for core/agreement.h: Cohen's kappa and precision/recall/F1 of two hub
labelings, per record and pooled over a corpus. Standard library only.

Reads one JSON object on stdin:

    {"cases": [{"maskable": [0, 1, ...], "reference": [0, 1, ...], "predicted": [...],
                "referenceSpans": [[begin, end], ...], "predictedSpans": [[begin, end], ...]}, ...]}

and writes one JSON object on stdout:

    {"records": [FIGURES, ...], "pooled": FIGURES,
     "means": {"kappa": MEAN, "tokenF1": MEAN, "exactF1": MEAN, "overlapF1": MEAN}}

    FIGURES = {"kappa": x, "tokens": PRF, "exact": PRF, "overlap": PRF}
    PRF     = {"precision": x, "recall": x, "f1": x}
    MEAN    = {"mean": x, "records": count}

where x is a number or null (undefined). The computation follows the textbook definitions, not
the C++ code: kappa from the observed agreement p_o and the chance agreement p_e of the two
raters' label frequencies, in exact rational arithmetic; span matches from explicit token sets,
with the overlap matching found by augmenting paths (Kuhn's algorithm) on the full bipartite
graph. The pooled figures are computed from the concatenation of every record's labels and the
totals of span matches. Conventions for the undefined cases (the C++ header documents them):
no maskable token -> every figure null; p_e = 1 -> kappa 1; nothing predicted -> precision
null; empty reference -> recall null; nothing on either side -> F1 1.
"""

import json
import sys
from fractions import Fraction


def kappa(reference, predicted):
    """Cohen's kappa of two equally long label sequences (labels 0/1)."""
    n = len(reference)
    if n == 0:
        return None
    agree = sum(1 for r, p in zip(reference, predicted) if r == p)
    p_o = Fraction(agree, n)
    p_e = Fraction(0)
    for label in (0, 1):
        share_reference = Fraction(sum(1 for r in reference if r == label), n)
        share_predicted = Fraction(sum(1 for p in predicted if p == label), n)
        p_e += share_reference * share_predicted
    if p_e == 1:
        return 1.0
    return float((p_o - p_e) / (1 - p_e))


def prf(true_positives, predicted_total, reference_total):
    precision = None if predicted_total == 0 else float(Fraction(true_positives, predicted_total))
    recall = None if reference_total == 0 else float(Fraction(true_positives, reference_total))
    if predicted_total + reference_total == 0:
        f1 = 1.0
    else:
        f1 = float(Fraction(2 * true_positives, predicted_total + reference_total))
    return {"precision": precision, "recall": recall, "f1": f1}


def token_prf(reference, predicted):
    hits = sum(1 for r, p in zip(reference, predicted) if r == 1 and p == 1)
    return prf(hits, sum(predicted), sum(reference))


def exact_matches(reference_spans, predicted_spans):
    remaining = [tuple(s) for s in predicted_spans]
    matched = 0
    for span in reference_spans:
        if tuple(span) in remaining:
            remaining.remove(tuple(span))
            matched += 1
    return matched


def overlap_matches(reference_spans, predicted_spans):
    """Maximum one-to-one matching where an edge joins spans sharing a token index."""
    reference_sets = [set(range(b, e)) for b, e in reference_spans]
    predicted_sets = [set(range(b, e)) for b, e in predicted_spans]
    edges = [[j for j, p in enumerate(predicted_sets) if r & p] for r in reference_sets]
    owner = [None] * len(predicted_sets)

    def augment(i, seen):
        for j in edges[i]:
            if j in seen:
                continue
            seen.add(j)
            if owner[j] is None or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(1 for i in range(len(reference_sets)) if augment(i, set()))


def maskable_labels(case, key):
    return [1 if case[key][i] else 0 for i in range(len(case["maskable"])) if case["maskable"][i]]


def figures(reference, predicted, exact, overlap, reference_count, predicted_count):
    if len(reference) == 0:
        empty = {"precision": None, "recall": None, "f1": None}
        return {"kappa": None, "tokens": dict(empty), "exact": dict(empty), "overlap": dict(empty)}
    return {
        "kappa": kappa(reference, predicted),
        "tokens": token_prf(reference, predicted),
        "exact": prf(exact, predicted_count, reference_count),
        "overlap": prf(overlap, predicted_count, reference_count),
    }


def mean(values):
    defined = [Fraction(v) for v in values if v is not None]
    if not defined:
        return {"mean": None, "records": 0}
    return {"mean": float(sum(defined) / len(defined)), "records": len(defined)}


def main():
    cases = json.load(sys.stdin)["cases"]
    records = []
    all_reference, all_predicted = [], []
    totals = {"exact": 0, "overlap": 0, "reference": 0, "predicted": 0}
    for case in cases:
        reference = maskable_labels(case, "reference")
        predicted = maskable_labels(case, "predicted")
        exact = exact_matches(case["referenceSpans"], case["predictedSpans"])
        overlap = overlap_matches(case["referenceSpans"], case["predictedSpans"])
        reference_count, predicted_count = len(case["referenceSpans"]), len(case["predictedSpans"])
        records.append(figures(reference, predicted, exact, overlap, reference_count, predicted_count))
        all_reference += reference
        all_predicted += predicted
        totals["exact"] += exact
        totals["overlap"] += overlap
        totals["reference"] += reference_count
        totals["predicted"] += predicted_count
    pooled = figures(all_reference, all_predicted, totals["exact"], totals["overlap"], totals["reference"],
                     totals["predicted"])
    means = {
        "kappa": mean(r["kappa"] for r in records),
        "tokenF1": mean(r["tokens"]["f1"] for r in records),
        "exactF1": mean(r["exact"]["f1"] for r in records),
        "overlapF1": mean(r["overlap"]["f1"] for r in records),
    }
    json.dump({"records": records, "pooled": pooled, "means": means}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
