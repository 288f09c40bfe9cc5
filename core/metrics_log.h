// metrics.jsonl: the trainer's per-step numbers, one JSON object per line, appended while training
// runs and read (also while it is still growing) by the desktop app and by scripts.
//
//   {"step":100,"loss":2.4817,"lr":0.0003,"tokens":409600,"wall_time":1717171717.25}
//   {"step":100,"eval":true,"loss":2.6102,"wall_time":1717171720.5}
//
// Format:
// - UTF-8 text, one object per line, each line ends with "\n". Keys are written in this order:
//   "step" (an integer), "eval" (only on evaluation rows, always true there), every value in
//   key order, "wall_time" (seconds since the Unix epoch).
// - Values are JSON numbers with the fewest digits that read back to the same double, laid out
//   like Python's repr(): plain decimals for exponents -4..15 (0.0003, 409600), scientific
//   notation otherwise (1e-05); negative zero is "-0.0". JSON has no NaN or infinity, so those
//   are written as the strings "nan", "inf" and "-inf" (a diverged loss stays visible instead of
//   breaking the file). Readers also accept "NaN", "Infinity", "-Infinity" and other letter
//   cases for them (Python's json module writes bare NaN/Infinity, which is not JSON and is
//   reported as a malformed line).
// - The trainer's keys: step, tokens, loss, loss_logical, loss_syntactic, loss_hub, loss_nonhub,
//   lr, grad_norm, mask_ratio, tokens_per_s, wall_time, and "eval": true on eval rows. Any other
//   numeric key is carried along the same way.
//
// Reading: "step" is required and must be an integer; "eval" must be a boolean when present;
// "wall_time" is optional (0 when missing). Other keys whose value is a number or one of the
// strings above become values; keys with other values (strings, null, arrays, objects) are
// ignored, so later versions may add such fields. Blank lines are skipped; a malformed line is
// reported as a warning with its line number and skipped, the rest of the file is still read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace maskscope {

struct MetricsRow {
    std::int64_t step = 0;
    bool eval = false;
    std::map<std::string, double> values;  // "loss" -> 2.4817, ...
    double wallTime = 0.0;                 // seconds since the Unix epoch
};

// A line that was skipped: its 1-based number and why.
struct MetricsWarning {
    std::uint64_t line = 0;
    std::string reason;
};

struct MetricsReadResult {
    std::vector<MetricsRow> rows;
    std::vector<MetricsWarning> warnings;
};

// The line (without its "\n") that MetricsLogWriter writes for `row`. Keys are JSON-escaped but
// otherwise written as given, so they must be UTF-8 (readers reject a line that is not). Throws
// UsageError when a value key is empty or one of the reserved keys "step", "eval", "wall_time".
std::string formatMetricsLine(const MetricsRow& row);

// Appends rows to a metrics file, creating it when missing. Each row is one write() of one
// complete line, so a reader never sees a line that is not finished unless the writer died in the
// middle of that single call (readers handle that tail). When an existing file ends in an
// unfinished line (a writer that crashed), a "\n" is written first so that the new rows start on
// a line of their own; the unfinished line then reads as a malformed line.
//
// Errors throw InputError with the file and the system's reason. A row of which nothing could be
// written is not in the file; one written only in part (a full disk) is completed at the start of
// the next append(). Not thread-safe. Movable.
class MetricsLogWriter {
public:
    explicit MetricsLogWriter(const std::string& path);
    ~MetricsLogWriter();
    MetricsLogWriter(MetricsLogWriter&& other) noexcept;
    MetricsLogWriter& operator=(MetricsLogWriter&& other) noexcept;
    MetricsLogWriter(const MetricsLogWriter&) = delete;
    MetricsLogWriter& operator=(const MetricsLogWriter&) = delete;

    void append(const MetricsRow& row);

    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    int m_fd = -1;
    std::string m_unfinished;  // the unwritten end of a row that a failed write() cut short
};

// Reads a metrics file incrementally while the trainer may still be appending to it.
//
// readNew() returns the rows of the lines completed since the previous call. A last line without
// its "\n" is left for a later call (the offset stays at its start), also when it would already
// parse. A file that does not exist yet reads as empty. Throws InputError when the file cannot be
// read or became shorter than the part already read. Not thread-safe; copyable.
class MetricsLogReader {
public:
    explicit MetricsLogReader(std::string path);

    MetricsReadResult readNew();

    // Bytes consumed so far (the start of the first line not yet read) and lines consumed.
    std::uint64_t offset() const { return m_offset; }
    std::uint64_t linesRead() const { return m_lines; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::uint64_t m_offset = 0;
    std::uint64_t m_lines = 0;
};

// Parses one line (without its "\n") into `row`. Returns an empty string on success, otherwise
// the reason the line is malformed ("field 'step' missing").
std::string parseMetricsLine(std::string_view line, MetricsRow& row);

// The whole file, for a finished run: like MetricsLogReader, but a last line without "\n" is read
// too (and warned about only when it does not parse). Throws InputError when the file cannot be
// opened.
MetricsReadResult readMetricsLog(const std::string& path);

}  // namespace maskscope
