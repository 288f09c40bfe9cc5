// Record shapes of corpus files: names, detection and per-line parsing with simdjson's DOM parser,
// which validates the whole line (structure and UTF-8) before we look at any field.
#include "core/corpus_format.h"

#include <simdjson.h>

#include <algorithm>
#include <map>

namespace maskscope {

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING, "kJsonPadding must cover simdjson's padding");

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

struct FormatName {
    CorpusFormat format;
    std::string_view name;
};

constexpr std::array<FormatName, 7> kFormatNames = {{
    {CorpusFormat::Auto, "auto"},
    {CorpusFormat::InstructionOutput, "instruction-output"},
    {CorpusFormat::Messages, "messages"},
    {CorpusFormat::QuestionAnswer, "question-answer"},
    {CorpusFormat::PromptResponse, "prompt-response"},
    {CorpusFormat::Text, "text"},
    {CorpusFormat::PlainText, "plain-text"},
}};

// A parser keeps buffers sized to the largest document it has seen; one that grew past this is
// dropped after use so that a single huge line does not pin its memory for the thread's lifetime.
constexpr std::size_t kParserKeepCapacity = std::size_t{64} << 20;
// DOM nesting limit; deeper lines are rejected by the parser (no recursion involved).
constexpr std::size_t kMaxDepth = simdjson::DEFAULT_MAX_DEPTH;

simdjson::dom::parser& threadParser() {
    thread_local simdjson::dom::parser parser;
    return parser;
}

void releaseIfHuge(simdjson::dom::parser& parser) {
    if (parser.capacity() > kParserKeepCapacity) parser = simdjson::dom::parser{};
}

bool isBlankByte(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

bool isBlank(std::string_view text) {
    return std::all_of(text.begin(), text.end(), isBlankByte);
}

std::string_view stripCarriageReturn(std::string_view line) {
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
}

// Our own wording for simdjson's errors: short, stable across simdjson versions, and about the
// user's data rather than the parser's internals.
std::string describeJsonError(simdjson::error_code code) {
    switch (code) {
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::DEPTH_ERROR: return "invalid JSON: nested more than " + std::to_string(kMaxDepth) + " levels deep";
    case simdjson::UNESCAPED_CHARS: return "invalid JSON: unescaped control character in a string";
    case simdjson::UNCLOSED_STRING: return "invalid JSON: unterminated string";
    case simdjson::STRING_ERROR: return "invalid JSON: bad escape in a string";
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE: return "invalid JSON: bad number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR: return "invalid JSON: unquoted word";
    case simdjson::TAPE_ERROR:
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
    case simdjson::TRAILING_CONTENT: return "invalid JSON: malformed structure";
    case simdjson::CAPACITY: return "line too long for the JSON parser";
    case simdjson::MEMALLOC: return "out of memory while parsing the line";
    default: return std::string("invalid JSON: ") + simdjson::error_message(code);
    }
}

// A field lookup result: absent (or null where allowed), a string, or an error already worded.
struct Field {
    bool present = false;
    std::string_view text;
    std::string error;
};

Field stringField(const object& obj, std::string_view key) {
    Field field;
    element value;
    if (obj.at_key(key).get(value) != simdjson::SUCCESS) return field;
    field.present = true;
    if (value.get_string().get(field.text) != simdjson::SUCCESS)
        field.error = "field '" + std::string(key) + "' is not a string";
    return field;
}

// A required string field: sets `error` and returns false when absent or mistyped.
bool requireString(const object& obj, std::string_view key, std::string_view& out, std::string& error) {
    Field field = stringField(obj, key);
    if (!field.present) {
        error = "field '" + std::string(key) + "' missing";
        return false;
    }
    if (!field.error.empty()) {
        error = std::move(field.error);
        return false;
    }
    out = field.text;
    return true;
}

// An optional string field: null counts as absent. Returns false (with `error`) on a wrong type.
bool optionalString(const object& obj, std::string_view key, std::string_view& out, std::string& error) {
    element value;
    if (obj.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return true;
    if (value.get_string().get(out) != simdjson::SUCCESS) {
        error = "field '" + std::string(key) + "' is not a string";
        return false;
    }
    return true;
}

// Applies the id rule from the header: "id", then "task_id", then "line-<N>".
bool recordId(const object& obj, std::uint64_t lineNumber, std::string& id, std::string& error) {
    for (std::string_view key : {std::string_view("id"), std::string_view("task_id")}) {
        element value;
        if (obj.at_key(key).get(value) != simdjson::SUCCESS) continue;
        switch (value.type()) {
        case element_type::NULL_VALUE: continue;
        case element_type::STRING: {
            std::string_view text = value.get_string().value_unsafe();
            if (text.empty()) continue;
            id.assign(text);
            return true;
        }
        case element_type::INT64: id = std::to_string(value.get_int64().value_unsafe()); return true;
        case element_type::UINT64: id = std::to_string(value.get_uint64().value_unsafe()); return true;
        default: error = "field '" + std::string(key) + "' must be a string or an integer"; return false;
        }
    }
    id = "line-" + std::to_string(lineNumber);
    return true;
}

bool hasKey(const object& obj, std::string_view key) {
    element value;
    return obj.at_key(key).get(value) == simdjson::SUCCESS;
}

// The first shape, in kCorpusFormats order, whose keys `obj` has; Auto when none.
CorpusFormat shapeOf(const object& obj) {
    if (hasKey(obj, "messages")) return CorpusFormat::Messages;
    if (hasKey(obj, "instruction") && hasKey(obj, "output")) return CorpusFormat::InstructionOutput;
    if (hasKey(obj, "question") && hasKey(obj, "answer")) return CorpusFormat::QuestionAnswer;
    if (hasKey(obj, "prompt") && (hasKey(obj, "response") || hasKey(obj, "completion")))
        return CorpusFormat::PromptResponse;
    if (hasKey(obj, "text")) return CorpusFormat::Text;
    return CorpusFormat::Auto;
}

// Fills prompt/response of a Messages line (see the header for the rendering).
bool readMessages(const object& obj, Record& record, std::string& error) {
    element list;
    if (obj.at_key("messages").get(list) != simdjson::SUCCESS) {
        error = "field 'messages' missing";
        return false;
    }
    simdjson::dom::array messages;
    if (list.get_array().get(messages) != simdjson::SUCCESS) {
        error = "field 'messages' is not a list";
        return false;
    }
    struct Message {
        std::string_view role;
        std::string_view content;
    };
    std::vector<Message> parsed;
    parsed.reserve(messages.size());
    std::size_t index = 0;
    for (element item : messages) {
        const std::string where = "messages[" + std::to_string(index) + "]";
        object message;
        if (item.get_object().get(message) != simdjson::SUCCESS) {
            error = where + " is not an object";
            return false;
        }
        Message m;
        std::string fieldError;
        if (!requireString(message, "role", m.role, fieldError) ||
            !requireString(message, "content", m.content, fieldError)) {
            error = where + ": " + fieldError;
            return false;
        }
        parsed.push_back(m);
        ++index;
    }
    auto last = std::find_if(parsed.rbegin(), parsed.rend(), [](const Message& m) { return m.role == "assistant"; });
    if (last == parsed.rend()) {
        error = "no assistant message in 'messages'";
        return false;
    }
    const std::size_t answer = static_cast<std::size_t>(parsed.rend() - last) - 1;
    if (parsed[answer].content.empty()) {
        error = "the last assistant message is empty";
        return false;
    }
    for (std::size_t i = 0; i < answer; ++i) {
        if (i > 0) record.prompt += "\n\n";
        record.prompt.append(parsed[i].role);
        record.prompt += ": ";
        record.prompt.append(parsed[i].content);
    }
    record.response.assign(parsed[answer].content);
    return true;
}

// Fills prompt/response from the fields of one object of a known JSON shape.
bool readFields(const object& obj, CorpusFormat format, Record& record, std::string& error) {
    std::string_view prompt;
    std::string_view response;
    std::string_view responseKey;
    switch (format) {
    case CorpusFormat::InstructionOutput: {
        std::string_view input;
        if (!requireString(obj, "instruction", prompt, error) || !requireString(obj, "output", response, error) ||
            !optionalString(obj, "input", input, error))
            return false;
        record.prompt.assign(prompt);
        if (!input.empty()) {
            record.prompt += "\n\n";
            record.prompt.append(input);
        }
        responseKey = "output";
        break;
    }
    case CorpusFormat::Messages: return readMessages(obj, record, error);
    case CorpusFormat::QuestionAnswer:
        if (!requireString(obj, "question", prompt, error) || !requireString(obj, "answer", response, error))
            return false;
        record.prompt.assign(prompt);
        responseKey = "answer";
        break;
    case CorpusFormat::PromptResponse:
        if (!requireString(obj, "prompt", prompt, error)) return false;
        responseKey = hasKey(obj, "response") || !hasKey(obj, "completion") ? "response" : "completion";
        if (!requireString(obj, responseKey, response, error)) return false;
        record.prompt.assign(prompt);
        break;
    case CorpusFormat::Text:
        if (!requireString(obj, "text", response, error)) return false;
        responseKey = "text";
        break;
    case CorpusFormat::Auto:
    case CorpusFormat::PlainText: error = "internal: not a JSON record format"; return false;
    }
    if (response.empty()) {
        error = "field '" + std::string(responseKey) + "' is empty";
        return false;
    }
    record.response.assign(response);
    return true;
}

// `line` must be followed by kJsonPadding readable bytes.
ParsedEntry parsePadded(std::string_view line, CorpusFormat format, std::uint64_t lineNumber) {
    ParsedEntry result;
    if (isBlank(line)) {
        result.error = "empty line";
        return result;
    }
    if (line.size() > kMaxEntryBytes) {
        result.error = "line too long (" + std::to_string(line.size()) + " bytes, the limit is " +
                       std::to_string(kMaxEntryBytes) + ")";
        return result;
    }
    simdjson::dom::parser& parser = threadParser();
    element root;
    const simdjson::error_code code = parser.parse(line.data(), line.size(), false).get(root);
    if (code != simdjson::SUCCESS) {
        result.error = describeJsonError(code);
    } else if (object obj; root.get_object().get(obj) != simdjson::SUCCESS) {
        result.error = "not a JSON object";
    } else {
        Record record;
        if (recordId(obj, lineNumber, record.id, result.error) && readFields(obj, format, record, result.error))
            result.record = std::move(record);
    }
    releaseIfHuge(parser);
    return result;
}

}  // namespace

std::string_view toString(CorpusFormat format) {
    for (const FormatName& entry : kFormatNames)
        if (entry.format == format) return entry.name;
    return "unknown";
}

std::optional<CorpusFormat> parseCorpusFormat(std::string_view name) {
    for (const FormatName& entry : kFormatNames)
        if (entry.name == name) return entry.format;
    return std::nullopt;
}

ParsedEntry parsePaddedJsonLine(std::string_view line, CorpusFormat format, std::uint64_t lineNumber) {
    return parsePadded(stripCarriageReturn(line), format, lineNumber);
}

ParsedEntry parseJsonLine(std::string_view line, CorpusFormat format, std::uint64_t lineNumber) {
    line = stripCarriageReturn(line);
    if (line.size() > kMaxEntryBytes) return parsePadded(line, format, lineNumber);  // rejected unread
    std::string padded;
    padded.reserve(line.size() + kJsonPadding);
    padded.assign(line);
    return parsePadded(std::string_view(padded.data(), line.size()), format, lineNumber);
}

ParsedEntry parsePlainTextParagraph(std::string_view paragraph, std::uint64_t firstLine) {
    ParsedEntry result;
    if (paragraph.size() > kMaxEntryBytes) {
        result.error = "paragraph too long (" + std::to_string(paragraph.size()) + " bytes, the limit is " +
                       std::to_string(kMaxEntryBytes) + ")";
        return result;
    }
    if (!simdjson::validate_utf8(paragraph.data(), paragraph.size())) {
        result.error = "invalid UTF-8";
        return result;
    }
    if (paragraph.find('\0') != std::string_view::npos) {
        result.error = "NUL byte in text";
        return result;
    }
    Record record;
    record.id = "line-" + std::to_string(firstLine);
    record.response.reserve(paragraph.size());
    // Copy line by line, dropping the '\r' of each "\r\n" (and of a final '\r').
    while (!paragraph.empty()) {
        const std::size_t newline = paragraph.find('\n');
        std::string_view line = paragraph.substr(0, newline);
        record.response.append(stripCarriageReturn(line));
        if (newline == std::string_view::npos) break;
        record.response += '\n';
        paragraph.remove_prefix(newline + 1);
    }
    if (isBlank(record.response)) {
        result.error = "empty paragraph";
        return result;
    }
    result.record = std::move(record);
    return result;
}

FormatDetection detectFormat(const std::vector<std::string_view>& lines) {
    FormatDetection detection;
    std::size_t nonBlank = 0;
    std::size_t jsonLooking = 0;
    for (std::string_view line : lines) {
        line = stripCarriageReturn(line);
        const auto first = std::find_if_not(line.begin(), line.end(), isBlankByte);
        if (first == line.end()) continue;
        ++nonBlank;
        if (*first == '{' || *first == '[') ++jsonLooking;
    }
    if (nonBlank == 0) {
        detection.error = "no records: the file is empty or has only blank lines";
        return detection;
    }

    if (2 * jsonLooking >= nonBlank) {
        std::map<CorpusFormat, std::size_t> votes;
        std::string keysSeen;
        std::uint64_t keysLine = 0;
        std::uint64_t lineNumber = 0;
        std::string padded;
        simdjson::dom::parser& parser = threadParser();
        for (std::string_view line : lines) {
            ++lineNumber;
            line = stripCarriageReturn(line);
            if (isBlank(line) || line.size() > kMaxEntryBytes) continue;
            padded.reserve(line.size() + kJsonPadding);
            padded.assign(line);
            element root;
            object obj;
            if (parser.parse(padded.data(), padded.size(), false).get(root) != simdjson::SUCCESS ||
                root.get_object().get(obj) != simdjson::SUCCESS)
                continue;
            const CorpusFormat shape = shapeOf(obj);
            if (shape != CorpusFormat::Auto) {
                ++votes[shape];
            } else if (keysLine == 0) {
                keysLine = lineNumber;
                for (auto field : obj) {
                    if (!keysSeen.empty()) keysSeen += ", ";
                    keysSeen += '\'';
                    keysSeen.append(field.key);
                    keysSeen += '\'';
                }
                if (keysSeen.empty()) keysSeen = "none";
            }
        }
        releaseIfHuge(parser);
        if (votes.empty()) {
            if (keysLine == 0) {
                detection.error = "looks like JSONL, but none of the first " + std::to_string(nonBlank) +
                                  " lines is a valid JSON object";
            } else {
                detection.errorLine = keysLine;
                detection.error = "unknown record shape (keys: " + keysSeen +
                                  "); expected instruction/output, messages, question/answer, "
                                  "prompt/response (or completion) or text; choose the format explicitly "
                                  "if the file has another shape";
            }
            return detection;
        }
        // std::map iterates in enum order, which is kCorpusFormats order: ties go to the earlier shape.
        auto best = votes.begin();
        for (auto it = votes.begin(); it != votes.end(); ++it)
            if (it->second > best->second) best = it;
        detection.format = best->first;
        return detection;
    }

    std::uint64_t lineNumber = 0;
    for (std::string_view line : lines) {
        ++lineNumber;
        if (!simdjson::validate_utf8(line.data(), line.size()) || line.find('\0') != std::string_view::npos) {
            detection.errorLine = lineNumber;
            detection.error = "neither JSONL nor UTF-8 text (binary data or another encoding)";
            return detection;
        }
    }
    detection.format = CorpusFormat::PlainText;
    return detection;
}

}  // namespace maskscope
