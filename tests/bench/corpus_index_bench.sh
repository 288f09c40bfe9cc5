#!/usr/bin/env bash
# Corpus indexing benchmark: times `wc -l` and Corpus::open (detect + line index) on the same
# generated JSONL, in one run, from a warm page cache, and prints a table of medians with the peak
# RSS of each process. Targets (exit status 1 when missed): indexing within 3x of `wc -l`, peak RSS
# of the indexing process under 10% of the file size.
#
# Usage: tests/bench/corpus_index_bench.sh [path/to/bench_corpus_index]
#   (default: build/tests/bench/bench_corpus_index; configure with -DMASKSCOPE_BENCH=ON)
# Environment:
#   CORPUS_BENCH_BYTES  size of the generated file (default 1073741824 = 1 GiB)
#   CORPUS_BENCH_REPS   runs per method, the median is reported (default 3)
#   CORPUS_BENCH_SCAN   1 (default) adds a row for open + scan (parses every line); 0 skips it
#   TMPDIR              where the file is written (deleted at exit)
set -euo pipefail

bin=${1:-build/tests/bench/bench_corpus_index}
bytes=${CORPUS_BENCH_BYTES:-1073741824}
reps=${CORPUS_BENCH_REPS:-3}
with_scan=${CORPUS_BENCH_SCAN:-1}
if [[ ! -x $bin ]]; then
    echo "corpus_index_bench: $bin is not an executable; pass the path of bench_corpus_index" >&2
    exit 2
fi
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
export LC_ALL=C

work=$(mktemp -d "${TMPDIR:-/tmp}/corpus-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
file=$work/corpus.jsonl

free_disk=$(df --output=avail -B1 "$work" | tail -1)
if (( free_disk < bytes + (64 << 20) )); then
    echo "corpus_index_bench: not enough space in $work for $bytes bytes" >&2
    exit 2
fi

echo "generating $bytes bytes of JSONL in $work ..."
"$bin" generate "$file" "$bytes" >"$work/generate.txt"
size=$(stat -c %s "$file")
lines=$(sed -n 's/.*lines=\([0-9]*\).*/\1/p' "$work/generate.txt")

# Warm the page cache so that every method reads the same bytes from memory, not from the disk.
available=$(awk '/^MemAvailable:/ {printf "%d\n", $2 * 1024}' /proc/meminfo)
if (( available < size + size / 4 )); then
    echo "warning: only $available bytes of memory available; the file may not stay cached" >&2
fi
cat "$file" >/dev/null
cat "$file" >/dev/null

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

# run_method NAME COMMAND...: runs COMMAND $reps times under `bench_corpus_index measure`, which
# reports wall seconds and the child's peak RSS (getrusage ru_maxrss via wait4).
declare -A seconds rss_kib
methods=()
run_method() {
    local name=$1
    shift
    local times=() peak=0 i report
    for ((i = 0; i < reps; ++i)); do
        "$bin" measure "$@" >"$work/out.txt" 2>"$work/err.txt" || {
            echo "corpus_index_bench: '$name' failed:" >&2
            cat "$work/err.txt" >&2
            exit 1
        }
        report=$(grep '^seconds=' "$work/err.txt" | tail -1)
        times+=("$(sed 's/.*seconds=\([0-9.]*\).*/\1/' <<<"$report")")
        local kib
        kib=$(sed 's/.*maxrss_kib=\([0-9]*\).*/\1/' <<<"$report")
        ((kib > peak)) && peak=$kib
    done
    seconds[$name]=$(printf '%s\n' "${times[@]}" | median)
    rss_kib[$name]=$peak
    methods+=("$name")
}

run_method "wc -l" wc -l "$file"
wc_lines=$(awk '{print $1}' "$work/out.txt")
run_method "Corpus::open (index)" "$bin" index "$file"
entries=$(sed 's/.*entries=\([0-9]*\).*/\1/' "$work/out.txt")
if [[ $with_scan == 1 ]]; then
    run_method "Corpus::open + scan (parse)" "$bin" scan "$file"
fi

commit=$(git -C "$(dirname "$0")" rev-parse --short HEAD 2>/dev/null || echo "none")
if [[ $commit != none ]] && [[ -n $(git -C "$(dirname "$0")" status --porcelain 2>/dev/null) ]]; then
    commit="$commit (dirty)"
fi
echo
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "commit:  $commit"
echo "cpu:     $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo), $(nproc) cores"
echo "kernel:  $(uname -r)"
echo "file:    $size bytes ($(awk -v s="$size" 'BEGIN {printf "%.2f GiB", s / 2^30}')), $lines lines, page cache warm"
echo "runs:    $reps per method, median time, max RSS"
echo "check:   wc -l counted $wc_lines lines, Corpus::open indexed $entries entries"
echo
printf '%-28s %9s %9s %10s %14s %10s\n' "method" "seconds" "MB/s" "vs wc -l" "peak RSS MiB" "RSS/file"
printf '%-28s %9s %9s %10s %14s %10s\n' "----------------------------" "-------" "-------" "--------" "------------" "--------"
wc_seconds=${seconds["wc -l"]}
for name in "${methods[@]}"; do
    awk -v n="$name" -v t="${seconds[$name]}" -v w="$wc_seconds" -v s="$size" -v r="${rss_kib[$name]}" 'BEGIN {
        printf "%-28s %9.3f %9.0f %9.2fx %14.1f %9.2f%%\n", n, t, s / 1e6 / t, t / w, r / 1024, 100 * r * 1024 / s
    }'
done
echo

status=0
index_seconds=${seconds["Corpus::open (index)"]}
index_rss=${rss_kib["Corpus::open (index)"]}
if [[ $entries != "$wc_lines" ]]; then
    echo "FAIL: entry count $entries differs from wc -l $wc_lines"
    status=1
fi
if awk -v t="$index_seconds" -v w="$wc_seconds" 'BEGIN {exit !(t <= 3 * w)}'; then
    echo "PASS: indexing within 3x of wc -l"
else
    echo "FAIL: indexing slower than 3x wc -l"
    status=1
fi
if awk -v r="$index_rss" -v s="$size" 'BEGIN {exit !(r * 1024 < 0.10 * s)}'; then
    echo "PASS: indexing peak RSS under 10% of the file size"
else
    echo "FAIL: indexing peak RSS not under 10% of the file size"
    status=1
fi
exit $status
