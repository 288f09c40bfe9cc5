#include "annotation_import.h"

#include "content_hash.h"
#include "error.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

namespace maskscope {
namespace {

using Json = nlohmann::json;

bool isContinuationByte(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

std::size_t codePointCount(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char byte) { return !isContinuationByte(byte); }));
}

// Byte offset where code point `index` starts; the text's size for index == count; nothing past it.
std::optional<std::size_t> byteOffsetOfCodePoint(std::string_view text, std::uint64_t index) {
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (isContinuationByte(text[i])) continue;
        if (seen == index) return i;
        ++seen;
    }
    if (seen == index) return text.size();
    return std::nullopt;
}

// A short, quotable excerpt for messages, cut on a character boundary.
std::string excerpt(std::string_view text) {
    constexpr std::size_t kLimit = 60;
    std::size_t cut = text.size();
    if (cut > kLimit) {
        cut = kLimit;
        while (cut > 0 && isContinuationByte(text[cut])) --cut;
    }
    std::string quoted(1, '"');
    quoted.append(text.substr(0, cut));
    if (cut < text.size()) quoted += "...";
    quoted += '"';
    return quoted;
}

// A span that could not be placed; the message is the reason.
struct SpanProblem {
    std::string reason;
};

// Reads a non-negative integer member, or nothing when it is absent.
std::optional<std::uint64_t> offsetField(const Json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end()) return std::nullopt;
    if (it->is_number_unsigned()) return it->get<std::uint64_t>();
    if (it->is_number_integer() && it->get<std::int64_t>() >= 0) return 0;  // "-0"
    if (it->is_number_integer()) throw SpanProblem{"'" + std::string(name) + "' is negative"};
    throw SpanProblem{"'" + std::string(name) + "' must be a non-negative integer"};
}

// Places the spans of one record in its response, in the order they are given.
class SpanPlacer {
public:
    explicit SpanPlacer(std::string_view response) : m_response(response) {}

    // The byte range of a span element, or SpanProblem. `note` receives a warning for a span
    // that was placed anyway (offsets that disagreed with the given text).
    std::pair<std::uint32_t, std::uint32_t> place(const Json& element, std::string& note) {
        if (element.is_string()) return locate(element.get<std::string>());
        if (!element.is_object()) throw SpanProblem{"must be an object or a string, not " + std::string(element.type_name())};

        const bool hasBytes = element.contains("start") || element.contains("end");
        const bool hasChars = element.contains("char_start") || element.contains("char_end");
        const auto textIt = element.find("text");
        if (textIt != element.end() && !textIt->is_string()) throw SpanProblem{"'text' must be a string"};
        if (hasBytes && hasChars) throw SpanProblem{"give either start/end or char_start/char_end, not both"};
        if (!hasBytes && !hasChars && textIt == element.end())
            throw SpanProblem{"needs start/end, char_start/char_end or text"};
        if (!hasBytes && !hasChars) return locate(textIt->get<std::string>());

        std::pair<std::uint32_t, std::uint32_t> range;
        try {
            range = hasBytes ? byteRange(element) : codePointRange(element);
        } catch (const SpanProblem& problem) {
            if (textIt == element.end()) throw;
            note = problem.reason + "; located the text instead";
            return locate(textIt->get<std::string>());
        }
        if (textIt != element.end()) {
            const std::string& text = textIt->get_ref<const std::string&>();
            if (m_response.substr(range.first, range.second - range.first) != text) {
                note = "offsets [" + std::to_string(range.first) + ", " + std::to_string(range.second) +
                       ") do not cover the given text " + excerpt(text) + "; located the text instead";
                return locate(text);
            }
        }
        return accept(range);
    }

private:
    std::pair<std::uint32_t, std::uint32_t> byteRange(const Json& element) {
        const auto start = offsetField(element, "start");
        const auto end = offsetField(element, "end");
        if (!start || !end) throw SpanProblem{"needs both 'start' and 'end'"};
        checkRange(*start, *end, "", m_response.size(), "bytes");
        if (!onBoundary(*start) || !onBoundary(*end))
            throw SpanProblem{"[" + std::to_string(*start) + ", " + std::to_string(*end) +
                              ") does not lie on UTF-8 character boundaries"};
        return {static_cast<std::uint32_t>(*start), static_cast<std::uint32_t>(*end)};
    }

    std::pair<std::uint32_t, std::uint32_t> codePointRange(const Json& element) {
        const auto start = offsetField(element, "char_start");
        const auto end = offsetField(element, "char_end");
        if (!start || !end) throw SpanProblem{"needs both 'char_start' and 'char_end'"};
        checkRange(*start, *end, "char_", codePointCount(m_response), "characters");
        return {static_cast<std::uint32_t>(*byteOffsetOfCodePoint(m_response, *start)),
                static_cast<std::uint32_t>(*byteOffsetOfCodePoint(m_response, *end))};
    }

    static void checkRange(std::uint64_t start, std::uint64_t end, const std::string& prefix, std::size_t size,
                           const char* unit) {
        if (start > end)
            throw SpanProblem{prefix + "start " + std::to_string(start) + " is after " + prefix + "end " +
                              std::to_string(end)};
        if (end > size)
            throw SpanProblem{prefix + "end " + std::to_string(end) + " is past the end of the response (" +
                              std::to_string(size) + " " + unit + ")"};
    }

    bool onBoundary(std::uint64_t offset) const {
        return offset >= m_response.size() || !isContinuationByte(m_response[offset]);
    }

    std::pair<std::uint32_t, std::uint32_t> locate(const std::string& text) {
        if (text.empty()) throw SpanProblem{"the text is empty"};
        std::size_t position = m_response.find(text, m_cursor);
        if (position == std::string_view::npos) position = m_response.find(text);
        if (position == std::string_view::npos) throw SpanProblem{"text " + excerpt(text) + " not found in the response"};
        const std::size_t end = position + text.size();
        if (!onBoundary(position) || !onBoundary(end))
            throw SpanProblem{"text " + excerpt(text) + " only occurs inside UTF-8 characters"};
        return accept({static_cast<std::uint32_t>(position), static_cast<std::uint32_t>(end)});
    }

    std::pair<std::uint32_t, std::uint32_t> accept(std::pair<std::uint32_t, std::uint32_t> range) {
        m_cursor = range.second;
        return range;
    }

    std::string_view m_response;
    std::size_t m_cursor = 0;
};

// The spans imported so far for one record, with the placer that keeps its search position.
struct PendingRecord {
    std::string response;
    std::vector<AnnotationSpan> spans;
    std::optional<SpanPlacer> placer;
};

class Importer {
public:
    Importer(std::string path, std::string source) : m_path(std::move(path)), m_source(std::move(source)) {}

    void readLine(const std::string& line, std::uint64_t lineNumber,
                  const std::function<const Record*(const std::string& id)>& lookup) {
        Json value;
        try {
            value = Json::parse(line);
        } catch (const Json::parse_error& error) {
            std::string message = error.what();
            const auto column = message.find("column");
            if (column != std::string::npos) message = message.substr(column);
            return warn(lineNumber, "invalid JSON (" + message + "); line skipped");
        }
        if (!value.is_object()) return warn(lineNumber, "not a JSON object; line skipped");
        if (lineNumber == 1 && value.value("format", Json()).is_string() &&
            value["format"].get<std::string>() == "maskscope-annotations")
            return;  // the header of a MaskScope sidecar that is imported as it is

        const auto idIt = value.find("id");
        std::string id;
        if (idIt == value.end()) return warn(lineNumber, "field 'id' missing; line skipped");
        if (idIt->is_string()) id = idIt->get<std::string>();
        else if (idIt->is_number_integer()) id = idIt->dump();
        else return warn(lineNumber, "field 'id' must be a string or an integer; line skipped");

        const Record* record = lookup(id);
        if (!record) return warn(lineNumber, "unknown id '" + id + "'; line skipped");

        const auto spansIt = value.find("spans");
        const auto hubsIt = value.find("hubs");
        if (spansIt == value.end() && hubsIt == value.end())
            return warn(lineNumber, "id '" + id + "': neither 'spans' nor 'hubs' given; line skipped");
        if (spansIt != value.end() && !spansIt->is_array())
            return warn(lineNumber, "id '" + id + "': field 'spans' must be an array; line skipped");
        if (hubsIt != value.end() && !hubsIt->is_array())
            return warn(lineNumber, "id '" + id + "': field 'hubs' must be an array; line skipped");

        PendingRecord& pending = m_pending[id];
        if (!pending.placer) {
            pending.response = record->response;
            pending.placer.emplace(pending.response);
        }
        if (spansIt != value.end()) addSpans(pending, *spansIt, false, id, lineNumber);
        if (hubsIt != value.end()) addSpans(pending, *hubsIt, true, id, lineNumber);
    }

    ImportReport finish(AnnotationSet& into) {
        ImportReport report;
        AnnotationSet result = into;
        for (auto& [id, pending] : m_pending) {
            std::sort(pending.spans.begin(), pending.spans.end());
            pending.spans.erase(std::unique(pending.spans.begin(), pending.spans.end()), pending.spans.end());
            report.spans += pending.spans.size();

            RecordAnnotations merged;
            merged.id = id;
            merged.textHash = hashBytes(pending.response);
            if (const RecordAnnotations* existing = result.find(id)) {
                if (existing->textHash == merged.textHash) {
                    for (const AnnotationSpan& span : existing->spans)
                        if (span.source != m_source) merged.spans.push_back(span);
                } else if (std::any_of(existing->spans.begin(), existing->spans.end(),
                                       [this](const AnnotationSpan& span) { return span.source != m_source; })) {
                    warn(0, "id '" + id + "': the existing annotations were made for a different text; dropped");
                }
            }
            merged.spans.insert(merged.spans.end(), pending.spans.begin(), pending.spans.end());
            result.set(std::move(merged));
        }
        report.records = m_pending.size();
        if (m_droppedWarnings > 0)
            m_warnings.push_back(m_path + ": " + std::to_string(m_droppedWarnings) + " more warnings not listed");
        report.warnings = std::move(m_warnings);
        into = std::move(result);
        return report;
    }

private:
    void addSpans(PendingRecord& pending, const Json& list, bool hubsList, const std::string& id,
                  std::uint64_t lineNumber) {
        const std::string listName = hubsList ? "hub " : "span ";
        for (std::size_t i = 0; i < list.size(); ++i) {
            const Json& element = list[i];
            const std::string where = "id '" + id + "', " + listName + std::to_string(i + 1) + ": ";
            try {
                if (hubsList && !element.is_string()) throw SpanProblem{"must be a string"};
                std::string label;
                if (element.is_object() && element.contains("label")) {
                    if (!element["label"].is_string()) throw SpanProblem{"'label' must be a string"};
                    label = element["label"].get<std::string>();
                }
                std::string note;
                const auto [start, end] = pending.placer->place(element, note);
                if (!note.empty()) warn(lineNumber, where + note);
                pending.spans.push_back(AnnotationSpan{start, end, m_source, std::move(label)});
            } catch (const SpanProblem& problem) {
                warn(lineNumber, where + problem.reason + "; skipped");
            }
        }
    }

    void warn(std::uint64_t lineNumber, const std::string& reason) {
        if (m_warnings.size() >= kMaxImportWarnings) {
            ++m_droppedWarnings;
            return;
        }
        std::string prefix = m_path;
        if (lineNumber > 0) {
            prefix += ':';
            prefix += std::to_string(lineNumber);
        }
        prefix += ": ";
        m_warnings.push_back(prefix + reason);
    }

    std::string m_path;
    std::string m_source;
    std::map<std::string, PendingRecord> m_pending;
    std::vector<std::string> m_warnings;
    std::size_t m_droppedWarnings = 0;
};

}  // namespace

ImportReport importSpans(const std::string& path, const std::function<const Record*(const std::string& id)>& lookup,
                         const std::string& source, AnnotationSet& into) {
    if (source.empty()) throw UsageError("importing annotations needs a non-empty source name (e.g. \"llm\")");
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) throw InputError(path, 0, "is a directory, not a file of annotations");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open the file for reading");

    Importer importer(path, source);
    std::string line;
    std::uint64_t lineNumber = 0;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        importer.readLine(line, lineNumber, lookup);
    }
    if (in.bad()) throw InputError(path, lineNumber, "read error");
    return importer.finish(into);
}

}  // namespace maskscope
