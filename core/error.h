// Typed errors of the core library. Library code never exits: it throws one of these, and the
// caller (the CLI, the GUI) shows the message and decides what to do.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace maskscope {

// Bad input in a file a user handed us: names the file, the line (1-based, 0 when the problem is
// not tied to one line) and the reason, e.g. "corpus.jsonl:812: field 'output' missing".
class InputError : public std::runtime_error {
public:
    InputError(std::string file, std::uint64_t line, std::string reason)
        : std::runtime_error(format(file, line, reason)),
          m_file(std::move(file)), m_line(line), m_reason(std::move(reason)) {}

    const std::string& file() const { return m_file; }
    std::uint64_t line() const { return m_line; }
    const std::string& reason() const { return m_reason; }

private:
    static std::string format(const std::string& file, std::uint64_t line, const std::string& reason) {
        std::string out;
        out.reserve(file.size() + reason.size() + 24);
        out.append(file);
        if (line > 0) out.append(":").append(std::to_string(line));
        if (!out.empty()) out.append(": ");
        out.append(reason);
        return out;
    }
    std::string m_file;
    std::uint64_t m_line;
    std::string m_reason;
};

// A value or combination of options that cannot work (e.g. t outside [0,1]).
class UsageError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

}  // namespace maskscope
