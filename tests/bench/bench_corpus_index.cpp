// Corpus indexing benchmark (driven by corpus_index_bench.sh). Targets: Corpus::open on a 1 GiB
// JSONL within 3x the time of `wc -l` on the same file, with peak RSS under 10% of the file size.
//
//   bench_corpus_index generate PATH BYTES   write a deterministic SFT-like JSONL of about BYTES
//   bench_corpus_index index PATH            Corpus::open (detect + index); prints entries and time
//   bench_corpus_index scan PATH             Corpus::open + Corpus::scan (parses every line)
//   bench_corpus_index measure CMD [ARG...]  runs CMD, prints its wall time and peak RSS
//
// Output lines are key=value pairs so that the script can read them.
#include "core/corpus_reader.h"
#include "core/error.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// SplitMix64: a small deterministic generator, so every run writes the same file.
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }
};

// Appends `length` bytes of word-like text with escapes and some multi-byte UTF-8, as found in
// code and math SFT data.
void appendText(std::string& out, std::size_t length, SplitMix64& random) {
    static const char* const kWords[] = {"the",  "value", "return", "for",  "if",   "while", "x",      "= ",
                                         "sum",  "+",     "\\n",    "\\\"", "def",  "int",   "\xC3\xA9t\xC3\xA9",
                                         "\xE4\xB8\x96\xE7\x95\x8C", "(i)", "42", "answer", "\\t", "#### 7"};
    constexpr std::size_t kWordCount = sizeof(kWords) / sizeof(kWords[0]);
    const std::size_t target = out.size() + length;
    while (out.size() < target) {
        out += kWords[random.below(kWordCount)];
        out += ' ';
    }
}

int generate(const char* path, std::uint64_t bytes) {
    std::FILE* file = std::fopen(path, "wb");
    if (!file) {
        std::perror(path);
        return 1;
    }
    SplitMix64 random{20260315};
    std::string chunk;
    std::uint64_t written = 0;
    std::uint64_t lines = 0;
    while (written < bytes) {
        chunk.clear();
        while (chunk.size() < (std::size_t{4} << 20) && written + chunk.size() < bytes) {
            // Line lengths 150..2950 bytes (mean about 1.5 KB), prompt about a third of it.
            const std::size_t length = 150 + static_cast<std::size_t>(random.below(2800));
            chunk += "{\"id\": \"r" + std::to_string(lines++) + "\", \"instruction\": \"";
            appendText(chunk, length / 3, random);
            chunk += "\", \"output\": \"";
            appendText(chunk, length - length / 3, random);
            chunk += "\"}\n";
        }
        if (std::fwrite(chunk.data(), 1, chunk.size(), file) != chunk.size()) {
            std::perror(path);
            std::fclose(file);
            return 1;
        }
        written += chunk.size();
    }
    std::fclose(file);
    std::printf("bytes=%llu lines=%llu\n", static_cast<unsigned long long>(written), static_cast<unsigned long long>(lines));
    return 0;
}

long peakRssKib() {
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

int openAndMaybeScan(const char* path, bool scan) {
    const Clock::time_point start = Clock::now();
    const maskscope::Corpus corpus = maskscope::Corpus::open(path);
    const double openSeconds = secondsSince(start);
    std::printf("format=%s entries=%llu open_seconds=%.4f", std::string(maskscope::toString(corpus.format())).c_str(),
                static_cast<unsigned long long>(corpus.entryCount()), openSeconds);
    if (scan) {
        const Clock::time_point scanStart = Clock::now();
        const maskscope::Corpus::Scan result = corpus.scan();
        std::printf(" scan_seconds=%.4f good=%zu bad=%zu", secondsSince(scanStart), result.good.size(), result.bad.size());
    }
    std::printf(" self_maxrss_kib=%ld\n", peakRssKib());
    return 0;
}

// Runs argv[0..] as a child and reports its wall time and peak RSS (from wait4's rusage), so every
// method in the table is measured the same way.
int measure(char** argv) {
    const Clock::time_point start = Clock::now();
    const pid_t child = fork();
    if (child < 0) {
        std::perror("fork");
        return 1;
    }
    if (child == 0) {
        execvp(argv[0], argv);
        std::perror(argv[0]);
        _exit(127);
    }
    int status = 0;
    rusage usage {};
    if (wait4(child, &status, 0, &usage) < 0) {
        std::perror("wait4");
        return 1;
    }
    const double seconds = secondsSince(start);
    std::fprintf(stderr, "seconds=%.4f maxrss_kib=%ld status=%d\n", seconds, usage.ru_maxrss,
                 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int usage() {
    std::fputs("usage: bench_corpus_index generate PATH BYTES | index PATH | scan PATH | measure CMD [ARG...]\n", stderr);
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    const std::string mode = argv[1];
    try {
        if (mode == "generate" && argc == 4) return generate(argv[2], std::strtoull(argv[3], nullptr, 10));
        if (mode == "index" && argc == 3) return openAndMaybeScan(argv[2], false);
        if (mode == "scan" && argc == 3) return openAndMaybeScan(argv[2], true);
        if (mode == "measure") return measure(argv + 2);
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_corpus_index: %s\n", error.what());
        return 1;
    }
    return usage();
}
