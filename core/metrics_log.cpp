#include "metrics_log.h"

#include "error.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace maskscope {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kReadChunkBytes = std::size_t{1} << 20;
// Longer lines are not metrics rows; they are skipped without being held in memory.
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

std::string systemReason(int error) { return std::error_code(error, std::generic_category()).message(); }

bool isReservedKey(std::string_view key) { return key == "step" || key == "eval" || key == "wall_time"; }

void appendJsonString(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (byte < 0x20) {
                out += "\\u00";
                out.push_back(kHex[byte >> 4]);
                out.push_back(kHex[byte & 0xF]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

// The shortest text that reads back to the same double; non-finite values as JSON strings.
void appendNumber(std::string& out, double value) {
    if (std::isnan(value)) {
        out += "\"nan\"";
    } else if (std::isinf(value)) {
        out += value > 0 ? "\"inf\"" : "\"-inf\"";
    } else if (value == 0.0 && std::signbit(value)) {
        out += "-0.0";  // "-0" would read back as the integer 0 and lose the sign
    } else {
        // Shortest round-trip digits, laid out like Python's repr(): plain decimals for exponents
        // from -4 to 15 (0.0003, 409600), scientific notation outside (1e-05, 1.5e+16).
        std::array<char, 64> buffer{};
        char* const end = buffer.data() + buffer.size();
        auto result = std::to_chars(buffer.data(), end, value, std::chars_format::scientific);
        const char* const e = std::find(buffer.data(), result.ptr, 'e');
        int exponent = 0;
        std::from_chars(e + (e[1] == '+' ? 2 : 1), result.ptr, exponent);
        if (exponent >= -4 && exponent < 16) result = std::to_chars(buffer.data(), end, value, std::chars_format::fixed);
        out.append(buffer.data(), result.ptr);
    }
}

// "nan", "inf", "-inf" and their spellings "NaN", "Infinity", "+inf", ... in any letter case.
bool nonFiniteFromString(std::string_view text, double& out) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c); });
    if (lower == "nan" || lower == "+nan" || lower == "-nan") {
        out = std::numeric_limits<double>::quiet_NaN();
    } else if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") {
        out = std::numeric_limits<double>::infinity();
    } else if (lower == "-inf" || lower == "-infinity") {
        out = -std::numeric_limits<double>::infinity();
    } else {
        return false;
    }
    return true;
}

// A JSON number, or one of the non-finite strings, as a double.
bool numberOf(const Json& value, double& out) {
    if (value.is_number()) {
        out = value.get<double>();
        return true;
    }
    if (value.is_string()) return nonFiniteFromString(value.get_ref<const std::string&>(), out);
    return false;
}

bool stepOf(const Json& value, std::int64_t& out) {
    if (value.is_number_integer() && !value.is_number_unsigned()) {
        out = value.get<std::int64_t>();
        return true;
    }
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (number > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return false;
        out = static_cast<std::int64_t>(number);
        return true;
    }
    if (value.is_number_float()) {
        // Accept 100.0 from writers that keep the step in a float; not 100.5, and nothing that
        // does not fit an int64 (2^63 itself is exactly representable, so compare with it).
        const double number = value.get<double>();
        if (!(std::floor(number) == number) || number < -9223372036854775808.0 || number >= 9223372036854775808.0)
            return false;
        out = static_cast<std::int64_t>(number);
        return true;
    }
    return false;
}

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (m_fd >= 0) ::close(m_fd);
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

// Writes all `size` bytes (one write() call unless the kernel takes fewer); returns errno or 0 and
// sets `written` to the bytes that reached the file, also on failure.
int writeAll(int fd, const char* data, std::size_t size, std::size_t& written) {
    written = 0;
    while (written < size) {
        const ssize_t count = ::write(fd, data + written, size - written);
        if (count < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        written += static_cast<std::size_t>(count);
    }
    return 0;
}

// Reads the lines of `path` that start at `offset`, advancing `offset` and `lines` past every
// line that ends in "\n" (and, with `includeUnterminated`, past a last line without one).
// Returns false when the file does not exist.
bool scanLines(const std::string& path, std::uint64_t& offset, std::uint64_t& lines, bool includeUnterminated,
               MetricsReadResult& out) {
    // O_NONBLOCK: opening a FIFO put in the file's place must not hang; S_ISREG refuses it below.
    const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return false;
        throw InputError(path, 0, "cannot open: " + systemReason(errno));
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) throw InputError(path, 0, "cannot read: " + systemReason(errno));
    if (!S_ISREG(status.st_mode)) throw InputError(path, 0, "not a regular file");
    const auto size = static_cast<std::uint64_t>(status.st_size);
    if (size < offset)
        throw InputError(path, 0,
                         "the file is shorter (" + std::to_string(size) + " bytes) than the part already read (" +
                             std::to_string(offset) + " bytes); was it replaced?");

    const auto consumeLine = [&](std::string_view line, bool tooLong) {
        ++lines;
        if (lines == 1 && line.substr(0, 3) == "\xEF\xBB\xBF") line.remove_prefix(3);  // UTF-8 byte order mark
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (tooLong) {
            out.warnings.push_back({lines, "line is longer than " + std::to_string(kMaxLineBytes) + " bytes"});
            return;
        }
        if (line.find_first_not_of(" \t") == std::string_view::npos) return;  // blank line
        MetricsRow row;
        std::string problem = parseMetricsLine(line, row);
        if (problem.empty())
            out.rows.push_back(std::move(row));
        else
            out.warnings.push_back({lines, std::move(problem)});
    };

    std::string current;  // the line being assembled (at most kMaxLineBytes of it)
    bool currentTooLong = false;
    std::uint64_t lineStart = offset;
    std::string chunk;
    for (std::uint64_t position = offset; position < size;) {
        const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(kReadChunkBytes, size - position));
        chunk.resize(length);
        const ssize_t got = ::pread(fd.get(), chunk.data(), length, static_cast<off_t>(position));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw InputError(path, 0, "cannot read: " + systemReason(errno));
        if (got == 0) break;  // shortened while we read: the rest counts as not yet written
        std::string_view view(chunk.data(), static_cast<std::size_t>(got));
        while (!view.empty()) {
            const std::size_t newline = view.find('\n');
            const std::string_view piece = view.substr(0, newline);
            if (!currentTooLong) {
                if (current.size() + piece.size() > kMaxLineBytes) {
                    currentTooLong = true;
                    current.clear();
                } else {
                    current.append(piece);
                }
            }
            if (newline == std::string_view::npos) break;
            consumeLine(current, currentTooLong);
            current.clear();
            currentTooLong = false;
            const auto newlineInChunk = static_cast<std::uint64_t>(view.data() - chunk.data()) + newline;
            lineStart = position + newlineInChunk + 1;
            view.remove_prefix(newline + 1);
        }
        position += static_cast<std::uint64_t>(got);
    }
    offset = lineStart;
    if (includeUnterminated && lineStart < size) {
        consumeLine(current, currentTooLong);
        offset = size;
    }
    return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Format

std::string formatMetricsLine(const MetricsRow& row) {
    std::string line;
    line.reserve(32 + 32 * row.values.size());
    line += "{\"step\":";
    line += std::to_string(row.step);
    if (row.eval) line += ",\"eval\":true";
    for (const auto& [key, value] : row.values) {
        if (key.empty()) throw UsageError("metrics: a value needs a non-empty key");
        if (isReservedKey(key)) throw UsageError("metrics: '" + key + "' is a reserved key, not a value name");
        line.push_back(',');
        appendJsonString(line, key);
        line.push_back(':');
        appendNumber(line, value);
    }
    line += ",\"wall_time\":";
    appendNumber(line, row.wallTime);
    line.push_back('}');
    return line;
}

std::string parseMetricsLine(std::string_view line, MetricsRow& row) {
    Json object;
    try {
        object = Json::parse(line);
    } catch (const Json::parse_error& error) {
        return "not valid JSON (at byte " + std::to_string(error.byte) + " of the line)";
    }
    if (!object.is_object()) return "not a JSON object";

    row = MetricsRow{};
    bool haveStep = false;
    for (const auto& [key, value] : object.items()) {
        if (key == "step") {
            if (!stepOf(value, row.step)) return "field 'step' must be an integer";
            haveStep = true;
        } else if (key == "eval") {
            if (!value.is_boolean()) return "field 'eval' must be true or false";
            row.eval = value.get<bool>();
        } else if (key == "wall_time") {
            if (!numberOf(value, row.wallTime)) return "field 'wall_time' must be a number";
        } else {
            double number = 0.0;
            if (numberOf(value, number)) row.values[key] = number;
        }
    }
    if (!haveStep) return "field 'step' missing";
    return {};
}

// ---------------------------------------------------------------------------------------------
// Writer

MetricsLogWriter::MetricsLogWriter(const std::string& path) : m_path(path) {
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (m_fd < 0) throw InputError(path, 0, "cannot open for appending: " + systemReason(errno));
    struct stat status {};
    char last = '\n';
    if (::fstat(m_fd, &status) == 0 && status.st_size > 0 && ::pread(m_fd, &last, 1, status.st_size - 1) == 1 &&
        last != '\n') {
        // A previous writer died in the middle of a line: end it, so our first row is a line of its own.
        std::size_t written = 0;
        if (const int error = writeAll(m_fd, "\n", 1, written)) {
            ::close(m_fd);
            throw InputError(path, 0, "cannot write: " + systemReason(error));
        }
    }
}

MetricsLogWriter::~MetricsLogWriter() {
    if (m_fd >= 0) ::close(m_fd);
}

MetricsLogWriter::MetricsLogWriter(MetricsLogWriter&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(other.m_fd), m_unfinished(std::move(other.m_unfinished)) {
    other.m_fd = -1;
}

MetricsLogWriter& MetricsLogWriter::operator=(MetricsLogWriter&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_path = std::move(other.m_path);
        m_fd = other.m_fd;
        m_unfinished = std::move(other.m_unfinished);
        other.m_fd = -1;
    }
    return *this;
}

void MetricsLogWriter::append(const MetricsRow& row) {
    if (m_fd < 0) throw UsageError("MetricsLogWriter: the writer was moved from");
    const std::size_t previous = m_unfinished.size();
    std::string line = m_unfinished + formatMetricsLine(row);
    line.push_back('\n');
    std::size_t written = 0;
    const int error = writeAll(m_fd, line.data(), line.size(), written);
    // A row of which nothing was written is simply not in the file. One written in part is
    // finished by the next append(), so that the file never holds two rows on one line.
    m_unfinished = written <= previous ? line.substr(written, previous - written) : line.substr(written);
    if (error) throw InputError(m_path, 0, "cannot write: " + systemReason(error));
}

// ---------------------------------------------------------------------------------------------
// Readers

MetricsLogReader::MetricsLogReader(std::string path) : m_path(std::move(path)) {}

MetricsReadResult MetricsLogReader::readNew() {
    MetricsReadResult result;
    scanLines(m_path, m_offset, m_lines, false, result);
    return result;
}

MetricsReadResult readMetricsLog(const std::string& path) {
    MetricsReadResult result;
    std::uint64_t offset = 0;
    std::uint64_t lines = 0;
    if (!scanLines(path, offset, lines, true, result))
        throw InputError(path, 0, "cannot open: " + systemReason(ENOENT));
    return result;
}

}  // namespace maskscope
