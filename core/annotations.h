// Hub annotations: spans of a record's response that an annotator (an LLM, a person, a rule set)
// marked as information-dense, kept in a versioned sidecar file next to the corpus.
//
// The sidecar ("*.annotations.jsonl") is JSON Lines in UTF-8. Line 1 is the header
//
//   {"format":"maskscope-annotations","version":1,"offsets":"utf8-bytes","field":"response"}
//
// and every further non-blank line annotates one record:
//
//   {"id":"42","text_hash":"9c2b1f0e5a3d7c61","spans":[{"start":0,"end":6,"source":"llm","label":"cond"}]}
//
// `text_hash` is the XXH3-64 hash (seed 0) of the record's response bytes, written as 16 lowercase
// hex digits; spans are UTF-8 byte offsets [start, end) into that response. The full description,
// including every rule the reader enforces, is at the end of this header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

// The first line of every annotation file, without its newline.
inline constexpr std::string_view kAnnotationHeader =
    R"({"format":"maskscope-annotations","version":1,"offsets":"utf8-bytes","field":"response"})";
inline constexpr int kAnnotationFormatVersion = 1;

// One marked region of a response: UTF-8 byte offsets [start, end), who marked it (`source`, e.g.
// "llm", "human", "rules:code") and an optional free-form `label` (e.g. "condition"; empty = none).
struct AnnotationSpan {
    std::uint32_t start = 0;
    std::uint32_t end = 0;
    std::string source;
    std::string label;

    friend bool operator==(const AnnotationSpan&, const AnnotationSpan&) = default;
    // Canonical order of spans in a record: by start, then end, source, label.
    friend auto operator<=>(const AnnotationSpan&, const AnnotationSpan&) = default;
};

// All spans of one record, tied to the exact response text they were made for.
struct RecordAnnotations {
    std::string id;
    std::uint64_t textHash = 0;  // hashBytes(response)
    std::vector<AnnotationSpan> spans;

    friend bool operator==(const RecordAnnotations&, const RecordAnnotations&) = default;
};

// True when `annotations` was made for exactly this response text (the hashes agree).
bool matches(const RecordAnnotations& annotations, std::string_view response);

// Checks the spans against the response they annotate: each must end inside the text and start
// and end on UTF-8 character boundaries. Returns the first problem as a readable reason, or
// nothing when all spans are fine. Does not look at the hash (see matches()).
std::optional<std::string> spanProblem(const RecordAnnotations& annotations, std::string_view response);

// The annotations of a corpus, keyed by record id. A record that is present with no spans was
// looked at and has no hubs; a record that is absent was not annotated.
class AnnotationSet {
public:
    // Reads an annotation file. Throws InputError naming the file, the 1-based line and the reason
    // for anything that is not a valid version-1 file (see the description below); a set is only
    // returned when the whole file is valid.
    static AnnotationSet load(const std::string& path);

    // Writes serialize() to `path` atomically (writeFileAtomically): on failure the previous file
    // is untouched. Throws InputError.
    void save(const std::string& path) const;

    // The exact bytes save() writes: the header line, then one line per record in id order, each
    // ending in '\n'. Equal sets give byte-identical text.
    std::string serialize() const;

    // The record's annotations, or nullptr when the record is not annotated. The pointer stays
    // valid until the record is set again or removed.
    const RecordAnnotations* find(std::string_view id) const;

    // Inserts or replaces the annotations of `annotations.id`; spans are put in canonical order.
    // Throws UsageError for an empty id or source, a span with start > end, or text that is not
    // valid UTF-8 (the file could not represent it).
    void set(RecordAnnotations annotations);

    // Removes the record's annotations; returns false when there were none.
    bool remove(std::string_view id);

    std::size_t size() const { return m_records.size(); }
    bool empty() const { return m_records.empty(); }

    // Every annotated id in the file's stable order: ascending by the ids' UTF-8 bytes.
    std::vector<std::string> ids() const;

    // The file this set was loaded from (empty for a set built in memory); used in messages.
    const std::string& path() const { return m_path; }

private:
    std::map<std::string, RecordAnnotations, std::less<>> m_records;
    std::string m_path;
};

}  // namespace maskscope

// ---------------------------------------------------------------------------------------------
// File format: maskscope-annotations, version 1
// ---------------------------------------------------------------------------------------------
//
// Purpose. Stores which parts of each training response are information-dense "hubs", for the
// "annotations" density source. The file is a sidecar: it names records by id and does not copy
// their text, so it stays small and can be shared next to a corpus.
//
// Encoding. UTF-8 text, JSON Lines: one complete JSON value per line, lines separated by "\n"
// (a "\r" before it is tolerated when reading). Lines are numbered from 1 in error messages.
// Blank lines (only spaces or tabs) after the header are skipped but still counted.
//
// Line 1, the header. Exactly one JSON object with these members and no others:
//   "format"   the string "maskscope-annotations"
//   "version"  the integer 1. Other versions are refused with "unsupported version N"; a reader
//              never guesses at a newer layout.
//   "offsets"  the string "utf8-bytes": span offsets count bytes of the UTF-8 text
//   "field"    the string "response": offsets point into the record's response (the maskable
//              part), never into the prompt
// MaskScope writes it exactly as kAnnotationHeader shows (members in this order, no spaces).
//
// Lines 2.., one record each. A JSON object with exactly these members:
//   "id"         string, not empty: the record id of the corpus. Each id appears at most once.
//   "text_hash"  string of 16 lowercase hex digits: XXH3-64 (xxHash, seed 0) of the response's
//                UTF-8 bytes. A consumer compares it with the current response and refuses the
//                annotation when the text changed, because the offsets would point at other text.
//   "spans"      array (may be empty: annotated, no hubs) of objects with exactly these members:
//       "start"  integer, 0 <= start <= 4294967295: first byte of the span
//       "end"    integer, start <= end <= 4294967295: one past the last byte
//       "source" string, not empty: who marked the span ("llm", "human", "rules:math", ...)
//       "label"  string, optional: what kind of hub it is; omitted when empty
//     Spans are sorted by "start" (a reader refuses an unsorted list). Spans may overlap, e.g.
//     when two sources mark the same region. An empty span (start == end) is allowed and covers
//     nothing. Whether offsets fall inside the response and on character boundaries can only be
//     checked against the text (spanProblem()); the density source does so before scoring.
//
// Numbers must be JSON integers (no fraction, no exponent). Members not listed above are refused,
// so that a misspelt name ("lable") is reported instead of silently dropped.
//
// Canonical output. MaskScope writes records in ascending byte order of their ids, spans in the
// order (start, end, source, label), members in the order shown above, no insignificant
// whitespace, strings with JSON's minimal escaping (quote, backslash and control characters; all
// other characters as raw UTF-8), and a "\n" after every line including the last. Loading a
// canonical file and saving it again gives identical bytes. Files are replaced atomically
// (temporary file, fsync, rename, directory fsync), so a crash never leaves a half-written file.
//
// Example (the response of record "7" is "while (i < n) { i += 1; }"):
//   {"format":"maskscope-annotations","version":1,"offsets":"utf8-bytes","field":"response"}
//   {"id":"7","text_hash":"<16 hex digits>","spans":[{"start":7,"end":12,"source":"llm","label":"condition"}]}
// Here bytes [7, 12) are "i < n".
