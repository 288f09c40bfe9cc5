// Corpus: random access to the records of a corpus file without loading it.
//
// Opening a file scans it once with read() into a fixed buffer, finding line ends with memchr, and
// keeps only the byte offset where each entry starts (8 bytes per JSONL line; plain text keeps
// start, end and first line of each paragraph). Nothing is mapped into memory, so a 1 GB file opens
// in a few tens of MB. Reading entry i is one pread() of its bytes plus parsing (corpus_format.h);
// a bad entry does not stop anything: read() says why it is bad, scan() lists all bad entries.
//
// Entries: JSONL files have one entry per line (blank lines included, they are bad entries), so
// entry i is line i + 1. Plain-text files have one entry per paragraph. A UTF-8 byte order mark at
// the start of the file is skipped. The file must not change while a Corpus is open; if it shrinks,
// reads past its new end report an error entry.
//
// Thread safety: after open() a Corpus is immutable; read(), record() and scan() may run on any
// number of threads at once. Corpus is movable, not copyable.
#pragma once

#include "core/corpus_format.h"
#include "core/record.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace maskscope {

// Thrown when a Progress callback returns false.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

// Called now and then during long work with the amount done so far and the total (bytes while
// opening, entries while scanning); the last call has done == total. Return false to cancel: the
// work stops and throws Cancelled. Called on the thread doing the work.
using Progress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

// A rejected entry: its 1-based line number (for paragraphs, the line it starts on) and why.
struct BadLine {
    std::uint64_t line = 0;
    std::string reason;
};

class Corpus {
public:
    // Opens and indexes `path`. With CorpusFormat::Auto the format is detected from the first lines
    // (up to 64 non-blank lines; see detectFormat). Throws InputError when the file cannot be read,
    // or, with Auto, when it is empty or no format can be detected; Cancelled when `progress`
    // returns false (progress counts bytes indexed).
    static Corpus open(const std::string& path, CorpusFormat format = CorpusFormat::Auto,
                       const Progress& progress = {});

    Corpus(Corpus&& other) noexcept;
    Corpus& operator=(Corpus&& other) noexcept;
    Corpus(const Corpus&) = delete;
    Corpus& operator=(const Corpus&) = delete;
    ~Corpus();

    const std::string& path() const { return m_path; }
    CorpusFormat format() const { return m_format; }  // never Auto after open()
    std::uint64_t fileSize() const { return m_fileSize; }
    std::uint64_t entryCount() const;  // lines (JSONL) or paragraphs (plain text)

    // One entry: `record` when it parsed, else `error` says why. `line` is the 1-based line number
    // (the first line, for a paragraph).
    struct Entry {
        std::optional<Record> record;
        std::uint64_t line = 0;
        std::string error;
    };
    // Reads and parses entry `index` (0-based). Throws std::out_of_range when index >= entryCount();
    // bad data never throws.
    Entry read(std::uint64_t index) const;
    // The record of entry `index`; throws InputError ("<path>:<line>: <reason>") for a bad entry.
    Record record(std::uint64_t index) const;

    // Every entry checked in file order: `good` lists the indices (0-based) of entries that parse,
    // `bad` the line and reason of the others. Progress counts entries.
    struct Scan {
        std::vector<std::uint64_t> good;
        std::vector<BadLine> bad;
    };
    Scan scan(const Progress& progress = {}) const;

private:
    Corpus() = default;

    // Byte range [begin, end) of an entry and its first line. For JSONL lines the range includes
    // the '\n' that ends the line (if any); parse() drops it.
    struct Span {
        std::uint64_t begin = 0;
        std::uint64_t end = 0;
        std::uint64_t line = 0;
    };
    Span span(std::uint64_t index) const;
    Entry parse(std::string_view bytes, const Span& span) const;  // bytes followed by kJsonPadding
    Entry readSpan(const Span& span) const;
    void indexLines(std::uint64_t start, const Progress& progress);
    void indexParagraphs(std::uint64_t start, const Progress& progress);

    std::string m_path;
    CorpusFormat m_format = CorpusFormat::Auto;
    std::uint64_t m_fileSize = 0;
    int m_fd = -1;
    // JSONL: start offset of every line, then fileSize as an end sentinel (entryCount + 1 values).
    std::vector<std::uint64_t> m_lineStarts;
    // Plain text: one span per paragraph, its last line's terminator excluded.
    std::vector<Span> m_paragraphs;
};

}  // namespace maskscope
