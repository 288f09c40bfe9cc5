#!/usr/bin/env python3
"""TensorBoard's smoothing of scalar charts, written independently in Python (standard library only).

It follows the TypeScript of TensorBoard's scalars dashboard, `classicSmoothing` in
tensorboard/webapp/widgets/line_chart_v2/data_transformer.ts (the older
vz_line_chart2/line-chart.ts `resmoothDataset` is the same), step by step:

    weight = 0 if weight is not finite, then clamped to [0, 1]
    if every y == the first y: the series is returned unchanged
    last = 0, num_accum = 0
    for y in the series:
        y not finite:  output y (last and num_accum unchanged)
        otherwise:     last = last * weight + (1 - weight) * y
                       num_accum += 1
                       debias = 1 if weight == 1 else 1 - weight ** num_accum
                       output last / debias

Usage: tensorboard_smoothing.py < INPUT
  INPUT holds one series per line: the weight, then the values, separated by spaces, each as
  Python's float() reads it ("nan", "inf", "-inf" included). For every input line one output line
  holds the smoothed values as repr() strings, separated by spaces.
"""
import math
import sys


def smooth(values, weight):
    if not math.isfinite(weight):
        weight = 0.0
    weight = max(0.0, min(weight, 1.0))
    if values and all(value == values[0] for value in values):
        return list(values)
    last = 0.0
    num_accum = 0
    out = []
    for value in values:
        if not math.isfinite(value):
            out.append(value)
            continue
        last = last * weight + (1.0 - weight) * value
        num_accum += 1
        debias = 1.0 if weight == 1.0 else 1.0 - math.pow(weight, num_accum)
        out.append(last / debias)
    return out


def main():
    for line in sys.stdin:
        fields = line.split()
        if not fields:
            continue
        weight = float(fields[0])
        values = [float(field) for field in fields[1:]]
        print(" ".join(repr(value) for value in smooth(values, weight)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
