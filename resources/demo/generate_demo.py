#!/usr/bin/env python3
"""Writes MaskScope's bundled demo corpus: small code and math SFT samples, generated from
templates with a fixed seed, so the file is byte-identical on every run.

    python3 resources/demo/generate_demo.py [--out resources/demo/demo.jsonl] [--count 400]

Each line is {"id", "instruction", "output"}: the instruction is the prompt (never masked) and
the output the response whose hubs MaskScope finds and masks.
"""
import argparse
import json
import random

NAMES = ["Ava", "Ben", "Chen", "Dana", "Eli", "Fatima", "Goro", "Hana", "Ivan", "Jia", "Kofi", "Lena"]
ITEMS = ["apples", "pencils", "stickers", "books", "marbles", "cookies", "stamps", "shells"]


def code_samples(rng):
    """Yields (instruction, output) pairs of short Python functions with real control flow."""
    def sum_filtered():
        k = rng.choice([2, 3, 5])
        fn, arg = rng.choice(["sum_multiples", "total_of_multiples"]), rng.choice(["values", "nums", "items"])
        return (f"Write a Python function {fn}({arg}) that returns the sum of the elements divisible by {k}.",
                f"def {fn}({arg}):\n    total = 0\n    for x in {arg}:\n        if x % {k} == 0:\n"
                f"            total += x\n    return total\n")

    def count_above():
        limit = rng.randint(1, 50)
        return (f"Write a function count_above(xs) that counts how many numbers in xs are greater than {limit}.",
                f"def count_above(xs):\n    count = 0\n    for x in xs:\n        if x > {limit}:\n"
                f"            count = count + 1\n    return count\n")

    def binary_search():
        return ("Implement binary search: return the index of target in the sorted list a, or -1.",
                "def binary_search(a, target):\n    lo, hi = 0, len(a) - 1\n    while lo <= hi:\n"
                "        mid = (lo + hi) // 2\n        if a[mid] == target:\n            return mid\n"
                "        elif a[mid] < target:\n            lo = mid + 1\n        else:\n            hi = mid - 1\n"
                "    return -1\n")

    def gcd():
        name = rng.choice(["gcd", "greatest_common_divisor"])
        return (f"Write {name}(a, b) using Euclid's algorithm.",
                f"def {name}(a, b):\n    while b != 0:\n        a, b = b, a % b\n    return a\n")

    def is_prime():
        return ("Write is_prime(n) that returns True when n is a prime number.",
                "def is_prime(n):\n    if n < 2:\n        return False\n    i = 2\n    while i * i <= n:\n"
                "        if n % i == 0:\n            return False\n        i += 1\n    return True\n")

    def clamp():
        lo, hi = sorted(rng.sample(range(-20, 40), 2))
        return (f"Write clamp(x) that limits x to the range [{lo}, {hi}].",
                f"def clamp(x):\n    if x < {lo}:\n        return {lo}\n    if x > {hi}:\n        return {hi}\n"
                f"    return x\n")

    def max_of():
        return ("Return the largest element of a non-empty list without using max().",
                "def largest(xs):\n    best = xs[0]\n    for x in xs[1:]:\n        if x > best:\n"
                "            best = x\n    return best\n")

    def vowels():
        return ("Count the vowels in a string s.",
                "def count_vowels(s):\n    n = 0\n    for ch in s.lower():\n        if ch in \"aeiou\":\n"
                "            n += 1\n    return n\n")

    def fizzbuzz():
        a, b = rng.choice([(3, 5), (2, 7), (4, 6)])
        return (f"Print FizzBuzz from 1 to n, using {a} for Fizz and {b} for Buzz.",
                f"def fizzbuzz(n):\n    for i in range(1, n + 1):\n        if i % {a} == 0 and i % {b} == 0:\n"
                f"            print(\"FizzBuzz\")\n        elif i % {a} == 0:\n            print(\"Fizz\")\n"
                f"        elif i % {b} == 0:\n            print(\"Buzz\")\n        else:\n            print(i)\n")

    def fib():
        return ("Return the n-th Fibonacci number iteratively.",
                "def fib(n):\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n")

    def parse_cfg():
        key = rng.choice(["timeout", "retries", "port"])
        return (f"Read the integer setting '{key}' from a dict cfg, defaulting to 10 when it is missing or invalid.",
                f"def read_{key}(cfg):\n    value = cfg.get(\"{key}\")\n    if value is None:\n        return 10\n"
                f"    try:\n        result = int(value)\n    except ValueError:\n        return 10\n"
                f"    return result if result >= 0 else 10\n")

    def cpp_sum():
        k = rng.randint(2, 9)
        return (f"Write a C++ function that returns the sum of the elements of v smaller than {k}.",
                f"int sum_below(const std::vector<int>& v) {{\n    int total = 0;\n"
                f"    for (std::size_t i = 0; i < v.size(); ++i) {{\n        if (v[i] < {k} && v[i] != 0) {{\n"
                f"            total += v[i];\n        }}\n    }}\n    return total;\n}}\n")

    templates = [sum_filtered, count_above, binary_search, gcd, is_prime, clamp, max_of, vowels, fizzbuzz, fib,
                 parse_cfg, cpp_sum]
    while True:
        yield rng.choice(templates)()


def math_samples(rng):
    """Yields GSM8K-style word problems with worked steps and a '#### N' answer."""
    def shopping():
        name, item = rng.choice(NAMES), rng.choice(ITEMS)
        n, price, paid = rng.randint(2, 9), rng.randint(2, 12), 0
        cost = n * price
        paid = cost + rng.randint(1, 20)
        change = paid - cost
        return (f"{name} buys {n} {item} at ${price} each and pays with ${paid}. How much change does {name} get?",
                f"The {item} cost {n} * {price} = {cost} dollars.\n{name} pays {paid}, so the change is "
                f"{paid} - {cost} = {change} dollars.\n#### {change}")

    def sharing():
        name, item = rng.choice(NAMES), rng.choice(ITEMS)
        friends, each, extra = rng.randint(2, 6), rng.randint(3, 10), rng.randint(0, 5)
        total = friends * each + extra
        return (f"{name} has {total} {item} and gives {each} to each of {friends} friends. How many are left?",
                f"{name} gives away {friends} * {each} = {friends * each} {item}.\n"
                f"Left: {total} - {friends * each} = {extra}.\n#### {extra}")

    def speed():
        v, h = rng.randint(30, 90), rng.randint(2, 6)
        return (f"A train travels at {v} km/h for {h} hours. How far does it go?",
                f"Distance = speed * time = {v} * {h} = {v * h} km.\n#### {v * h}")

    def percent():
        base, p = rng.choice([40, 60, 80, 120, 200, 250]), rng.choice([10, 20, 25, 50])
        off = base * p // 100
        return (f"A jacket costs ${base}. It is on sale for {p}% off. What is the sale price?",
                f"The discount is {p}% of {base} = {base} * {p} / 100 = {off}.\n"
                f"The sale price is {base} - {off} = {base - off}.\n#### {base - off}")

    def algebra():
        a, x, b = rng.randint(2, 9), rng.randint(1, 12), rng.randint(1, 30)
        c = a * x + b
        return (f"Solve for x: {a}x + {b} = {c}.",
                f"Subtract {b} from both sides: {a}x = {c} - {b} = {c - b}.\n"
                f"Divide by {a}: x = {c - b} / {a} = {x}.\nThe answer is \\boxed{{{x}}}.")

    def fraction():
        d = rng.choice([2, 3, 4, 5])
        n = rng.randint(1, d - 1)
        whole = d * rng.randint(3, 12)
        part = whole * n // d
        return (f"What is \\frac{{{n}}}{{{d}}} of {whole}?",
                f"\\frac{{{n}}}{{{d}}} \\times {whole} = \\frac{{{n * whole}}}{{{d}}} = {part}.\n"
                f"So the result is \\boxed{{{part}}}.")

    templates = [shopping, sharing, speed, percent, algebra, fraction]
    while True:
        yield rng.choice(templates)()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="resources/demo/demo.jsonl")
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    code, math = code_samples(rng), math_samples(rng)
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for i in range(args.count):
            kind, source = ("code", code) if i % 2 == 0 else ("math", math)
            instruction, output = next(source)
            record = {"id": f"{kind}-{i:04d}", "instruction": instruction, "output": output}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
