// A streamed output file that appears only when complete: lines go to "<path>.partial", which is
// flushed, fsynced and renamed over <path> by commit(). Without commit() (an error, a crash) the
// previous file at <path> stays as it was.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace maskscope::cli {

class OutputFile {
public:
    // "-" writes to standard output directly. Throws InputError when the file cannot be created.
    explicit OutputFile(std::string path);
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void writeLine(std::string_view line);
    void commit();

private:
    std::string m_path;
    std::string m_partial;
    std::FILE* m_file = nullptr;
    bool m_stdout = false;
};

}  // namespace maskscope::cli
