// Import of span annotations made outside MaskScope, typically by an LLM annotator prompted to
// mark the information-dense parts ("hubs") of each response, or by a person with another tool.
#pragma once

#include "annotations.h"
#include "record.h"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace maskscope {

// What an import did. Warnings read "file:line: reason" (or "file: reason" when not tied to one
// line); they are meant to be shown to the user as they are.
struct ImportReport {
    std::size_t records = 0;  // distinct known records the file annotated (also with no spans)
    std::size_t spans = 0;    // spans imported into those records, after removing duplicates
    std::vector<std::string> warnings;
};

// At most this many warnings are listed; a last warning then says how many more were dropped.
inline constexpr std::size_t kMaxImportWarnings = 1000;

// Reads external annotations and stores them in `into` as spans of source `source`.
//
// Input: JSON Lines, UTF-8, one object per record; blank lines are skipped. Fields:
//   "id"     string (or integer, taken as its decimal text): the record id, resolved by `lookup`
//   "spans"  array; each element is one of
//              {"start": int, "end": int}            UTF-8 byte offsets [start, end) into the response
//              {"char_start": int, "char_end": int}  Unicode code-point offsets (what Python's
//                                                    len() and slicing count), converted to bytes
//              {"text": "substring"}                 located in the response, see below
//              "substring"                           the same as {"text": ...}
//            with an optional "label" string. Other members (e.g. an annotator's "reason") are
//            ignored. When offsets and "text" are both given, the offsets are used if they cover
//            exactly that text; otherwise (an LLM miscounted) the text is located instead and a
//            warning says so.
//   "hubs"   array of strings: substrings, located like "text" spans
// A line needs "spans" or "hubs" (or both; "spans" are taken first).
//
// Locating a substring: the first occurrence that starts at or after the end of the span taken
// before it for the same record (so repeated substrings listed in reading order map to successive
// occurrences); when there is none, the first occurrence anywhere in the response. Matching is
// exact, byte for byte.
//
// Problems never stop the import: a line that is not JSON, has no usable id, or names an id that
// `lookup` does not know is skipped with a warning; a span that cannot be placed (bad offsets,
// text not found, offsets off a character boundary) is skipped with a warning naming the line and
// the span's 1-based position.
//
// Storing: every imported record gets the text hash of its current response. Its previous spans
// from the same `source` are replaced by the imported ones (so importing a file twice changes
// nothing); spans from other sources are kept, unless they were made for a different text, in
// which case they are dropped with a warning. A record listed with no usable spans is stored
// with none: annotated, no hubs.
//
// Throws InputError when the file cannot be read and UsageError for an empty `source`; `into` is
// only changed when the import completes.
ImportReport importSpans(const std::string& path,
                         const std::function<const Record*(const std::string& id)>& lookup,
                         const std::string& source, AnnotationSet& into);

}  // namespace maskscope
