#include "annotations.h"

#include "atomic_file.h"
#include "content_hash.h"
#include "error.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

namespace maskscope {
namespace {

using Json = nlohmann::json;

bool isContinuationByte(char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

// Strict UTF-8: shortest form only, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length;
        std::uint32_t codePoint;
        if (lead < 0x80) {
            ++i;
            continue;
        } else if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            codePoint = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            codePoint = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            codePoint = lead & 0x07;
        } else {
            return false;
        }
        if (text.size() - i < length) return false;
        for (std::size_t k = 1; k < length; ++k) {
            if (!isContinuationByte(text[i + k])) return false;
            codePoint = codePoint << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        if ((length == 3 && codePoint < 0x800) || (length == 4 && codePoint < 0x10000)) return false;
        if (codePoint >= 0xD800 && codePoint <= 0xDFFF) return false;
        if (codePoint > 0x10FFFF) return false;
        i += length;
    }
    return true;
}

std::string spanText(std::size_t index, const AnnotationSpan& span) {
    return "span " + std::to_string(index + 1) + " [" + std::to_string(span.start) + ", " +
           std::to_string(span.end) + ")";
}

// A JSON string with minimal escaping; the text must be valid UTF-8 (set() guarantees it).
std::string quoted(const std::string& text) {
    return Json(text).dump();
}

// --- reading -----------------------------------------------------------------------------------

// Reasons for refusing one line; caught by load() and turned into an InputError with the line.
struct LineError {
    std::string reason;
};

struct DuplicateKey {
    std::string key;
};

// Parses one line as JSON. Refuses duplicate member names, which nlohmann would silently resolve
// by keeping the last one.
Json parseLine(const std::string& line) {
    std::vector<std::set<std::string>> openObjects;
    const Json::parser_callback_t callback = [&openObjects](int, Json::parse_event_t event, Json& parsed) {
        switch (event) {
        case Json::parse_event_t::object_start:
            openObjects.emplace_back();
            break;
        case Json::parse_event_t::object_end:
            if (!openObjects.empty()) openObjects.pop_back();
            break;
        case Json::parse_event_t::key:
            if (!openObjects.empty() && !openObjects.back().insert(parsed.get<std::string>()).second)
                throw DuplicateKey{parsed.get<std::string>()};
            break;
        default:
            break;
        }
        return true;
    };
    try {
        return Json::parse(line, callback);
    } catch (const DuplicateKey& duplicate) {
        throw LineError{"field '" + duplicate.key + "' appears twice"};
    } catch (const Json::parse_error& error) {
        // nlohmann's message names "line 1" of the single line it saw; keep only the column part.
        std::string message = error.what();
        const auto column = message.find("column");
        if (column != std::string::npos) message = message.substr(column);
        throw LineError{"invalid JSON: " + message};
    }
}

std::string typeName(const Json& value) {
    if (value.is_number_integer()) return "integer";
    if (value.is_number_float()) return "number with a fraction";
    return value.type_name();
}

const Json& requireField(const Json& object, const char* name, const std::string& where) {
    const auto it = object.find(name);
    if (it == object.end()) throw LineError{where + "field '" + name + "' missing"};
    return *it;
}

std::string requireString(const Json& object, const char* name, const std::string& where) {
    const Json& value = requireField(object, name, where);
    if (!value.is_string())
        throw LineError{where + "field '" + name + "' must be a string, not " + typeName(value)};
    return value.get<std::string>();
}

std::uint32_t requireOffset(const Json& object, const char* name, const std::string& where) {
    const Json& value = requireField(object, name, where);
    if (value.is_number_integer()) {
        if (value.is_number_unsigned()) {
            const auto offset = value.get<std::uint64_t>();
            if (offset > std::numeric_limits<std::uint32_t>::max())
                throw LineError{where + "field '" + name + "' is too large (" + std::to_string(offset) + ")"};
            return static_cast<std::uint32_t>(offset);
        }
        const auto offset = value.get<std::int64_t>();
        if (offset < 0)
            throw LineError{where + "field '" + name + "' is negative (" + std::to_string(offset) + ")"};
        return static_cast<std::uint32_t>(offset);  // "-0"
    }
    throw LineError{where + "field '" + name + "' must be an integer, not " + typeName(value)};
}

void refuseUnknownFields(const Json& object, std::initializer_list<std::string_view> known, const std::string& where) {
    for (const auto& member : object.items()) {
        if (std::find(known.begin(), known.end(), member.key()) == known.end())
            throw LineError{where + "unknown field '" + member.key() + "'"};
    }
}

void checkHeader(const Json& header) {
    const std::string expected = "the first line must be the header " + std::string(kAnnotationHeader);
    if (!header.is_object()) throw LineError{"not a MaskScope annotation file: " + expected};
    const auto format = header.find("format");
    if (format == header.end() || !format->is_string() || format->get<std::string>() != "maskscope-annotations")
        throw LineError{"not a MaskScope annotation file: " + expected};

    const Json& version = requireField(header, "version", "header: ");
    if (!version.is_number_integer())
        throw LineError{"header: field 'version' must be an integer, not " + typeName(version)};
    if (version.get<std::int64_t>() != kAnnotationFormatVersion)
        throw LineError{"unsupported version " + version.dump() + " (this build reads version " +
                        std::to_string(kAnnotationFormatVersion) + ")"};

    const std::string offsets = requireString(header, "offsets", "header: ");
    if (offsets != "utf8-bytes")
        throw LineError{"header: unsupported offsets '" + offsets + "' (expected 'utf8-bytes')"};
    const std::string field = requireString(header, "field", "header: ");
    if (field != "response")
        throw LineError{"header: unsupported field '" + field + "' (expected 'response')"};
    refuseUnknownFields(header, {"format", "version", "offsets", "field"}, "header: ");
}

AnnotationSpan parseSpan(const Json& value, std::size_t index) {
    const std::string where = "span " + std::to_string(index + 1) + ": ";
    if (!value.is_object()) throw LineError{where + "must be an object, not " + typeName(value)};
    AnnotationSpan span;
    span.start = requireOffset(value, "start", where);
    span.end = requireOffset(value, "end", where);
    if (span.start > span.end)
        throw LineError{where + "start " + std::to_string(span.start) + " is after end " + std::to_string(span.end)};
    span.source = requireString(value, "source", where);
    if (span.source.empty()) throw LineError{where + "field 'source' is empty"};
    if (value.contains("label")) span.label = requireString(value, "label", where);
    refuseUnknownFields(value, {"start", "end", "source", "label"}, where);
    return span;
}

RecordAnnotations parseRecord(const Json& value) {
    if (!value.is_object()) throw LineError{"a record line must be a JSON object, not " + typeName(value)};
    RecordAnnotations record;
    record.id = requireString(value, "id", "");
    if (record.id.empty()) throw LineError{"field 'id' is empty"};

    const std::string hash = requireString(value, "text_hash", "");
    if (!hashFromHex(hash, record.textHash))
        throw LineError{"field 'text_hash' must be 16 lowercase hex digits, not '" + hash + "'"};

    const Json& spans = requireField(value, "spans", "");
    if (!spans.is_array()) throw LineError{"field 'spans' must be an array, not " + typeName(spans)};
    record.spans.reserve(spans.size());
    for (std::size_t i = 0; i < spans.size(); ++i) {
        record.spans.push_back(parseSpan(spans[i], i));
        if (i > 0 && record.spans[i].start < record.spans[i - 1].start)
            throw LineError{"spans are not sorted by start: span " + std::to_string(i + 1) + " starts at " +
                            std::to_string(record.spans[i].start) + ", before span " + std::to_string(i) +
                            " at " + std::to_string(record.spans[i - 1].start)};
    }
    refuseUnknownFields(value, {"id", "text_hash", "spans"}, "");
    return record;
}

bool isBlank(const std::string& line) {
    return line.find_first_not_of(" \t") == std::string::npos;
}

}  // namespace

bool matches(const RecordAnnotations& annotations, std::string_view response) {
    return hashBytes(response) == annotations.textHash;
}

std::optional<std::string> spanProblem(const RecordAnnotations& annotations, std::string_view response) {
    for (std::size_t i = 0; i < annotations.spans.size(); ++i) {
        const AnnotationSpan& span = annotations.spans[i];
        if (span.start > span.end) return spanText(i, span) + " starts after it ends";
        if (span.end > response.size())
            return spanText(i, span) + " ends after the response (" + std::to_string(response.size()) + " bytes)";
        if (span.start < response.size() && isContinuationByte(response[span.start]))
            return spanText(i, span) + " starts inside a UTF-8 character";
        if (span.end < response.size() && isContinuationByte(response[span.end]))
            return spanText(i, span) + " ends inside a UTF-8 character";
    }
    return std::nullopt;
}

AnnotationSet AnnotationSet::load(const std::string& path) {
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) throw InputError(path, 0, "is a directory, not an annotation file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, 0, "cannot open the annotation file for reading");

    AnnotationSet result;
    result.m_path = path;
    std::map<std::string, std::uint64_t, std::less<>> firstLine;
    std::string line;
    std::uint64_t lineNumber = 0;
    bool sawHeader = false;
    while (std::getline(in, line)) {
        ++lineNumber;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        try {
            if (!sawHeader) {
                if (isBlank(line))
                    throw LineError{"not a MaskScope annotation file: the first line must be the header " +
                                    std::string(kAnnotationHeader)};
                checkHeader(parseLine(line));
                sawHeader = true;
                continue;
            }
            if (isBlank(line)) continue;
            RecordAnnotations record = parseRecord(parseLine(line));
            const auto [previous, inserted] = firstLine.emplace(record.id, lineNumber);
            if (!inserted)
                throw LineError{"duplicate id '" + record.id + "' (first on line " +
                                std::to_string(previous->second) + ")"};
            result.set(std::move(record));
        } catch (const LineError& error) {
            throw InputError(path, lineNumber, error.reason);
        } catch (const UsageError& error) {
            throw InputError(path, lineNumber, error.what());
        }
    }
    if (in.bad()) throw InputError(path, lineNumber, "read error");
    if (!sawHeader)
        throw InputError(path, 1, "empty file: the first line must be the header " + std::string(kAnnotationHeader));
    return result;
}

void AnnotationSet::save(const std::string& path) const {
    writeFileAtomically(path, serialize());
}

std::string AnnotationSet::serialize() const {
    std::string out;
    out += kAnnotationHeader;
    out += '\n';
    for (const auto& [id, record] : m_records) {
        out += "{\"id\":" + quoted(id) + ",\"text_hash\":\"" + hashToHex(record.textHash) + "\",\"spans\":[";
        for (std::size_t i = 0; i < record.spans.size(); ++i) {
            const AnnotationSpan& span = record.spans[i];
            if (i > 0) out += ',';
            out += "{\"start\":" + std::to_string(span.start) + ",\"end\":" + std::to_string(span.end) +
                   ",\"source\":" + quoted(span.source);
            if (!span.label.empty()) out += ",\"label\":" + quoted(span.label);
            out += '}';
        }
        out += "]}\n";
    }
    return out;
}

const RecordAnnotations* AnnotationSet::find(std::string_view id) const {
    const auto it = m_records.find(id);
    return it == m_records.end() ? nullptr : &it->second;
}

void AnnotationSet::set(RecordAnnotations annotations) {
    if (annotations.id.empty()) throw UsageError("an annotated record needs a non-empty id");
    if (!isValidUtf8(annotations.id))
        throw UsageError("the record id '" + annotations.id + "' is not valid UTF-8");
    for (std::size_t i = 0; i < annotations.spans.size(); ++i) {
        const AnnotationSpan& span = annotations.spans[i];
        const std::string where = "record '" + annotations.id + "', " + spanText(i, span) + ": ";
        if (span.start > span.end) throw UsageError(where + "start is after end");
        if (span.source.empty()) throw UsageError(where + "the source is empty");
        if (!isValidUtf8(span.source) || !isValidUtf8(span.label))
            throw UsageError(where + "source or label is not valid UTF-8");
    }
    std::sort(annotations.spans.begin(), annotations.spans.end());
    const auto it = m_records.find(annotations.id);
    if (it != m_records.end()) {
        it->second = std::move(annotations);
    } else {
        std::string key = annotations.id;
        m_records.emplace(std::move(key), std::move(annotations));
    }
}

bool AnnotationSet::remove(std::string_view id) {
    const auto it = m_records.find(id);
    if (it == m_records.end()) return false;
    m_records.erase(it);
    return true;
}

std::vector<std::string> AnnotationSet::ids() const {
    std::vector<std::string> result;
    result.reserve(m_records.size());
    for (const auto& entry : m_records) result.push_back(entry.first);
    return result;
}

}  // namespace maskscope
