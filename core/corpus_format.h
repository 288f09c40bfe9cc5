// Corpus record shapes: naming them, telling them apart, and turning one JSONL line or one
// plain-text paragraph into a Record. Pure functions over bytes; files are handled by Corpus
// (corpus_reader.h).
//
// The shapes (one JSON object per line unless noted):
//   instruction-output  {"instruction", "output", optional "input"}
//                       prompt = instruction, or instruction + "\n\n" + input when "input" is a
//                       non-empty string; response = output.
//   messages            {"messages": [{"role", "content"}, ...]}
//                       response = content of the LAST message whose role is exactly "assistant";
//                       prompt   = the messages before it, each rendered as role + ": " + content,
//                       joined by "\n\n" (so [system "S", user "U", assistant "A"] gives the
//                       prompt "system: S\n\nuser: U"). Messages after that assistant message
//                       are ignored. Every message must have string "role" and "content".
//   question-answer     {"question", "answer"} (GSM8K); prompt = question, response = answer.
//   prompt-response     {"prompt", "response"} or {"prompt", "completion"} ("response" wins
//                       when both are present).
//   text                {"text"}; prompt is empty, response = text.
//   plain-text          not JSON: records are paragraphs, i.e. runs of non-blank lines separated
//                       by blank lines (lines of only spaces, tabs, CR, FF, VT). The paragraph is
//                       kept byte-exact except that "\r\n" line ends become "\n". Empty prompt.
//
// Rules shared by all JSON shapes:
//   - All text fields are JSON strings; anything else is a bad line ("field 'output' is not a
//     string"). Unknown extra fields are ignored. An empty response is a bad line, since there is
//     nothing to train on; an empty prompt is fine.
//   - Record id: the "id" field if it is a non-empty string or an integer (written in decimal),
//     else "task_id" under the same rule, else "line-<N>" with N the 1-based line number (for
//     plain text: the line the paragraph starts on). A null or empty-string id counts as absent;
//     any other type (float, object, ...) is a bad line.
//   - A line may end in "\r\n"; the '\r' is dropped. A line of only whitespace is "empty line".
#pragma once

#include "core/record.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

enum class CorpusFormat {
    Auto,               // detect from the first lines of the file (see detectFormat)
    InstructionOutput,
    Messages,
    QuestionAnswer,
    PromptResponse,
    Text,
    PlainText,
};

// Every format, Auto first, in the order used for tie-breaking during detection.
inline constexpr std::array<CorpusFormat, 7> kCorpusFormats = {
    CorpusFormat::Auto,           CorpusFormat::InstructionOutput, CorpusFormat::Messages,
    CorpusFormat::QuestionAnswer, CorpusFormat::PromptResponse,    CorpusFormat::Text,
    CorpusFormat::PlainText,
};

// The CLI names: "auto", "instruction-output", "messages", "question-answer", "prompt-response",
// "text", "plain-text". parseCorpusFormat accepts exactly these and returns nullopt otherwise.
std::string_view toString(CorpusFormat format);
std::optional<CorpusFormat> parseCorpusFormat(std::string_view name);

// Longest entry (line or paragraph) that is parsed; longer ones are bad lines. Bounds the memory
// one read takes (the JSON parser needs a few times the line size).
inline constexpr std::size_t kMaxEntryBytes = std::size_t{256} << 20;
// Readable bytes that must follow a line handed to parsePaddedJsonLine (simdjson's padding).
inline constexpr std::size_t kJsonPadding = 64;

// A parsed entry: either a record, or the reason it was rejected (never both).
struct ParsedEntry {
    std::optional<Record> record;
    std::string error;
};

// Parses one JSONL line as `format` (not Auto, not PlainText). `line` excludes the '\n'; a trailing
// '\r' is dropped. `lineNumber` (1-based) only feeds the "line-<N>" fallback id. Never throws on bad
// input: invalid JSON or UTF-8, a missing or mistyped field, etc. come back as `error`. Thread-safe
// (each thread uses its own parser).
ParsedEntry parseJsonLine(std::string_view line, CorpusFormat format, std::uint64_t lineNumber);
// The same, for a caller that guarantees kJsonPadding readable bytes after line.end() (their
// values do not matter); saves copying the line.
ParsedEntry parsePaddedJsonLine(std::string_view line, CorpusFormat format, std::uint64_t lineNumber);
// Turns one plain-text paragraph into a record (checks UTF-8, rejects NUL bytes, maps "\r\n" to
// "\n"). `firstLine` is the 1-based line the paragraph starts on.
ParsedEntry parsePlainTextParagraph(std::string_view paragraph, std::uint64_t firstLine);

// Format detection over the first lines of a file (without their '\n', BOM already removed):
//   - Blank lines are ignored. If none is left, the result is an error.
//   - If at least half of the remaining lines look like JSON (first non-blank byte '{' or '['),
//     the file is JSONL: each line that parses as an object votes for the first shape, in
//     kCorpusFormats order, whose keys it has (key presence only; types are checked per line
//     later), and the shape with most votes wins (ties: kCorpusFormats order). No vote at all is
//     an error naming the keys seen.
//   - Otherwise it is plain text, provided the lines are valid UTF-8 without NUL bytes; if not,
//     the result is an error (the file is probably binary).
struct FormatDetection {
    CorpusFormat format = CorpusFormat::Auto;  // Auto when detection failed
    std::string error;                         // why, when it failed
    std::uint64_t errorLine = 0;               // 1-based line the error is about, 0 if none
};
FormatDetection detectFormat(const std::vector<std::string_view>& lines);

}  // namespace maskscope
