// Corpus: indexes a corpus file by entry offsets in one sequential pass and reads entries back
// with pread(). See corpus_reader.h for the model.
#include "core/corpus_reader.h"

#include "core/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

namespace maskscope {

namespace {

// Read size of the indexing pass: large enough that syscalls are a small share of the time, small
// enough to stay in the L2/L3 caches between read() and memchr().
constexpr std::size_t kIndexChunk = std::size_t{1} << 20;
// Format detection looks at this much of the file first, and grows it (x4) up to kDetectMaxBytes
// only while it holds no complete non-blank line.
constexpr std::size_t kDetectBytes = std::size_t{1} << 20;
constexpr std::size_t kDetectMaxBytes = std::size_t{64} << 20;
constexpr std::size_t kDetectLines = 64;  // non-blank lines
// scan() reads runs of consecutive entries in windows of this size.
constexpr std::size_t kScanWindow = std::size_t{8} << 20;

constexpr unsigned char kBom[3] = {0xEF, 0xBB, 0xBF};

std::string errnoText(int error) {
    return std::strerror(error);
}

// pread() until `size` bytes are read, end of file or an error. Returns the bytes read, or -1
// with errno set.
std::int64_t readAt(int fd, char* buffer, std::size_t size, std::uint64_t offset) {
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::pread(fd, buffer + done, size - done, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    return static_cast<std::int64_t>(done);
}

void report(const Progress& progress, std::uint64_t done, std::uint64_t total) {
    if (progress && !progress(done, total)) throw Cancelled();
}

bool isBlankByte(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// An uninitialised byte buffer (std::vector<char> would zero it, touching every page up front).
std::unique_ptr<char[]> allocateBuffer(std::size_t size) {
    return std::unique_ptr<char[]>(new char[size]);
}

}  // namespace

Corpus::Corpus(Corpus&& other) noexcept
    : m_path(std::move(other.m_path)),
      m_format(other.m_format),
      m_fileSize(other.m_fileSize),
      m_fd(std::exchange(other.m_fd, -1)),
      m_lineStarts(std::move(other.m_lineStarts)),
      m_paragraphs(std::move(other.m_paragraphs)) {}

Corpus& Corpus::operator=(Corpus&& other) noexcept {
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_path = std::move(other.m_path);
        m_format = other.m_format;
        m_fileSize = other.m_fileSize;
        m_fd = std::exchange(other.m_fd, -1);
        m_lineStarts = std::move(other.m_lineStarts);
        m_paragraphs = std::move(other.m_paragraphs);
    }
    return *this;
}

Corpus::~Corpus() {
    if (m_fd >= 0) ::close(m_fd);
}

Corpus Corpus::open(const std::string& path, CorpusFormat format, const Progress& progress) {
    Corpus corpus;
    corpus.m_path = path;
    corpus.m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (corpus.m_fd < 0) throw InputError(path, 0, "cannot open: " + errnoText(errno));
    struct stat info {};
    if (::fstat(corpus.m_fd, &info) != 0) throw InputError(path, 0, "cannot read: " + errnoText(errno));
    if (!S_ISREG(info.st_mode)) throw InputError(path, 0, "not a regular file");
    corpus.m_fileSize = static_cast<std::uint64_t>(info.st_size);
    ::posix_fadvise(corpus.m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);

    // Skip a UTF-8 byte order mark.
    std::uint64_t start = 0;
    char bom[3] = {};
    if (readAt(corpus.m_fd, bom, 3, 0) == 3 && std::memcmp(bom, kBom, 3) == 0) start = 3;

    if (format == CorpusFormat::Auto) {
        // Read a head large enough to hold at least one complete non-blank line, then detect.
        const std::uint64_t available = corpus.m_fileSize - start;
        std::size_t size = static_cast<std::size_t>(std::min<std::uint64_t>(available, kDetectBytes));
        std::string head;
        std::vector<std::string_view> lines;
        for (;;) {
            head.resize(size);
            const std::int64_t got = readAt(corpus.m_fd, head.data(), size, start);
            if (got < 0) throw InputError(path, 0, "cannot read: " + errnoText(errno));
            head.resize(static_cast<std::size_t>(got));
            const bool wholeFile = head.size() >= available;
            lines.clear();
            std::size_t contentLines = 0;
            std::string_view rest(head);
            while (!rest.empty() && contentLines < kDetectLines) {
                const std::size_t newline = rest.find('\n');
                if (newline == std::string_view::npos && !wholeFile) break;  // partial last line
                const std::string_view line = rest.substr(0, newline);
                lines.push_back(line);
                if (!std::all_of(line.begin(), line.end(), isBlankByte)) ++contentLines;
                rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
            }
            if (contentLines > 0 || wholeFile) break;
            if (size >= kDetectMaxBytes)
                throw InputError(path, 1, "the first line is longer than " + std::to_string(kDetectMaxBytes >> 20) +
                                              " MiB; choose the format explicitly");
            size = static_cast<std::size_t>(std::min<std::uint64_t>(available, std::uint64_t{size} * 4));
        }
        const FormatDetection detection = detectFormat(lines);
        if (detection.format == CorpusFormat::Auto) throw InputError(path, detection.errorLine, detection.error);
        format = detection.format;
    }
    corpus.m_format = format;

    if (format == CorpusFormat::PlainText)
        corpus.indexParagraphs(start, progress);
    else
        corpus.indexLines(start, progress);
    ::posix_fadvise(corpus.m_fd, 0, 0, POSIX_FADV_NORMAL);
    return corpus;
}

void Corpus::indexLines(std::uint64_t start, const Progress& progress) {
    m_lineStarts.clear();
    m_lineStarts.push_back(start);
    const std::unique_ptr<char[]> buffer = allocateBuffer(kIndexChunk);
    std::uint64_t position = start;
    while (position < m_fileSize) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kIndexChunk, m_fileSize - position));
        const std::int64_t got = readAt(m_fd, buffer.get(), want, position);
        if (got < 0) throw InputError(m_path, 0, "cannot read: " + errnoText(errno));
        if (got == 0) throw InputError(m_path, 0, "the file shrank while it was being read");
        const char* cursor = buffer.get();
        const char* const end = cursor + got;
        while (const void* found = std::memchr(cursor, '\n', static_cast<std::size_t>(end - cursor))) {
            const char* newline = static_cast<const char*>(found);
            m_lineStarts.push_back(position + static_cast<std::uint64_t>(newline - buffer.get()) + 1);
            cursor = newline + 1;
        }
        position += static_cast<std::uint64_t>(got);
        report(progress, position, m_fileSize);
    }
    // The last start is the end sentinel when the file ends with '\n' (or is empty).
    if (m_lineStarts.back() != m_fileSize) m_lineStarts.push_back(m_fileSize);
    if (start >= m_fileSize) report(progress, m_fileSize, m_fileSize);
}

void Corpus::indexParagraphs(std::uint64_t start, const Progress& progress) {
    m_paragraphs.clear();
    const std::unique_ptr<char[]> buffer = allocateBuffer(kIndexChunk);
    std::uint64_t lineStart = start;
    std::uint64_t lineNumber = 1;
    bool lineBlank = true;
    bool inParagraph = false;
    Span paragraph;
    // A line [lineStart, lineEnd) is complete: extend, start or close the current paragraph.
    auto finishLine = [&](std::uint64_t lineEnd) {
        if (!lineBlank) {
            if (!inParagraph) {
                inParagraph = true;
                paragraph.begin = lineStart;
                paragraph.line = lineNumber;
            }
            paragraph.end = lineEnd;
        } else if (inParagraph) {
            m_paragraphs.push_back(paragraph);
            inParagraph = false;
        }
    };

    std::uint64_t position = start;
    while (position < m_fileSize) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(kIndexChunk, m_fileSize - position));
        const std::int64_t got = readAt(m_fd, buffer.get(), want, position);
        if (got < 0) throw InputError(m_path, 0, "cannot read: " + errnoText(errno));
        if (got == 0) throw InputError(m_path, 0, "the file shrank while it was being read");
        const char* cursor = buffer.get();
        const char* const end = cursor + got;
        while (cursor < end) {
            const char* newline = static_cast<const char*>(std::memchr(cursor, '\n', static_cast<std::size_t>(end - cursor)));
            const char* segmentEnd = newline ? newline : end;
            // Usually decided by the first byte of the line.
            if (lineBlank) lineBlank = std::all_of(cursor, segmentEnd, isBlankByte);
            if (!newline) break;  // the line continues in the next chunk
            finishLine(position + static_cast<std::uint64_t>(newline - buffer.get()));
            cursor = newline + 1;
            lineStart = position + static_cast<std::uint64_t>(cursor - buffer.get());
            ++lineNumber;
            lineBlank = true;
        }
        position += static_cast<std::uint64_t>(got);
        report(progress, position, m_fileSize);
    }
    if (lineStart < m_fileSize) finishLine(m_fileSize);  // last line without '\n'
    if (inParagraph) m_paragraphs.push_back(paragraph);
    if (start >= m_fileSize) report(progress, m_fileSize, m_fileSize);
}

std::uint64_t Corpus::entryCount() const {
    if (m_format == CorpusFormat::PlainText) return m_paragraphs.size();
    return m_lineStarts.empty() ? 0 : m_lineStarts.size() - 1;
}

Corpus::Span Corpus::span(std::uint64_t index) const {
    if (m_format == CorpusFormat::PlainText) return m_paragraphs[index];
    return Span{m_lineStarts[index], m_lineStarts[index + 1], index + 1};
}

Corpus::Entry Corpus::parse(std::string_view bytes, const Span& span) const {
    ParsedEntry parsed;
    if (m_format == CorpusFormat::PlainText) {
        parsed = parsePlainTextParagraph(bytes, span.line);
    } else {
        if (!bytes.empty() && bytes.back() == '\n') bytes.remove_suffix(1);
        parsed = parsePaddedJsonLine(bytes, m_format, span.line);
    }
    return Entry{std::move(parsed.record), span.line, std::move(parsed.error)};
}

Corpus::Entry Corpus::readSpan(const Span& span) const {
    const std::uint64_t length = span.end - span.begin;
    if (length > kMaxEntryBytes + 2) {  // + room for "\r\n"
        return Entry{std::nullopt, span.line,
                     "line too long (" + std::to_string(length) + " bytes, the limit is " +
                         std::to_string(kMaxEntryBytes) + ")"};
    }
    const std::size_t size = static_cast<std::size_t>(length);
    const std::unique_ptr<char[]> buffer = allocateBuffer(size + kJsonPadding);
    const std::int64_t got = readAt(m_fd, buffer.get(), size, span.begin);
    if (got < 0) return Entry{std::nullopt, span.line, "cannot read: " + errnoText(errno)};
    if (static_cast<std::uint64_t>(got) < length)
        return Entry{std::nullopt, span.line, "the file is shorter than when it was opened"};
    return parse(std::string_view(buffer.get(), size), span);
}

Corpus::Entry Corpus::read(std::uint64_t index) const {
    if (index >= entryCount())
        throw std::out_of_range("Corpus::read: entry " + std::to_string(index) + " of " +
                                std::to_string(entryCount()));
    return readSpan(span(index));
}

Record Corpus::record(std::uint64_t index) const {
    Entry entry = read(index);
    if (!entry.record) throw InputError(m_path, entry.line, entry.error);
    return std::move(*entry.record);
}

Corpus::Scan Corpus::scan(const Progress& progress) const {
    Scan result;
    const std::uint64_t count = entryCount();
    auto keep = [&result](std::uint64_t index, Entry&& entry) {
        if (entry.record)
            result.good.push_back(index);
        else
            result.bad.push_back(BadLine{entry.line, std::move(entry.error)});
    };
    const std::unique_ptr<char[]> window = allocateBuffer(kScanWindow + kJsonPadding);
    std::uint64_t index = 0;
    while (index < count) {
        const Span first = span(index);
        if (first.end - first.begin > kScanWindow) {  // a huge entry gets its own buffer
            keep(index, readSpan(first));
            ++index;
        } else {
            // The run of whole entries that fits into one window.
            std::uint64_t stop = index + 1;
            while (stop < count && span(stop).end - first.begin <= kScanWindow) ++stop;
            const std::uint64_t length = span(stop - 1).end - first.begin;
            const std::int64_t got = readAt(m_fd, window.get(), static_cast<std::size_t>(length), first.begin);
            const std::uint64_t available = got < 0 ? 0 : static_cast<std::uint64_t>(got);
            const int readError = errno;
            for (; index < stop; ++index) {
                const Span entry = span(index);
                if (got < 0) {
                    keep(index, Entry{std::nullopt, entry.line, "cannot read: " + errnoText(readError)});
                } else if (entry.end - first.begin > available) {
                    keep(index, Entry{std::nullopt, entry.line, "the file is shorter than when it was opened"});
                } else {
                    const char* bytes = window.get() + (entry.begin - first.begin);
                    keep(index, parse(std::string_view(bytes, static_cast<std::size_t>(entry.end - entry.begin)), entry));
                }
            }
        }
        report(progress, index, count);
    }
    if (count == 0) report(progress, 0, 0);
    return result;
}

}  // namespace maskscope
