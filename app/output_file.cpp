#include "output_file.h"

#include "core/error.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace maskscope::cli {

OutputFile::OutputFile(std::string path) : m_path(std::move(path)) {
    if (m_path == "-") {
        m_stdout = true;
        m_file = stdout;
        return;
    }
    m_partial = m_path + ".partial";
    m_file = std::fopen(m_partial.c_str(), "wb");
    if (!m_file) throw InputError(m_path, 0, std::string("cannot create output file: ") + std::strerror(errno));
}

OutputFile::~OutputFile() {
    if (m_file && !m_stdout) {
        std::fclose(m_file);
        std::remove(m_partial.c_str());
    }
}

void OutputFile::writeLine(std::string_view line) {
    if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size() || std::fputc('\n', m_file) == EOF)
        throw InputError(m_path, 0, std::string("write failed: ") + std::strerror(errno));
}

void OutputFile::commit() {
    if (m_stdout) {
        std::fflush(stdout);
        return;
    }
    const bool ok = std::fflush(m_file) == 0 && ::fsync(fileno(m_file)) == 0;
    const int error = errno;
    std::fclose(m_file);
    m_file = nullptr;
    if (!ok || std::rename(m_partial.c_str(), m_path.c_str()) != 0) {
        const int cause = ok ? errno : error;
        std::remove(m_partial.c_str());
        throw InputError(m_path, 0, std::string("cannot finish output file: ") + std::strerror(cause));
    }
}

}  // namespace maskscope::cli
