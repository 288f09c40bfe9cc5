#include "tensorboard_events.h"

#include "crc32c.h"
#include "tensorboard.pb.h"

#include <array>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace maskscope {
namespace {

namespace fs = std::filesystem;
namespace pb = maskscope::tensorboard;

constexpr std::size_t kHeaderBytes = 12;   // uint64 length + uint32 masked CRC of the length
constexpr std::size_t kFooterBytes = 4;    // uint32 masked CRC of the data
constexpr std::size_t kFlushThresholdBytes = std::size_t{1} << 20;
// Protobuf cannot parse messages of 2 GiB or more; no scalar event comes anywhere near this.
constexpr std::uint64_t kMaxRecordBytes = std::uint64_t{1} << 30;
constexpr std::size_t kReadChunkBytes = std::size_t{1} << 20;
constexpr const char* kFileVersion = "brain.Event:2";
constexpr int kDataTypeFloat = 1;   // tensorflow.DataType DT_FLOAT
constexpr int kDataTypeDouble = 2;  // tensorflow.DataType DT_DOUBLE

std::string systemReason(int error) { return std::error_code(error, std::generic_category()).message(); }

void appendLittleEndian(std::string& out, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFu));
}

std::uint64_t loadLittleEndian(const char* data, int bytes) {
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) value |= static_cast<std::uint64_t>(static_cast<unsigned char>(data[i])) << (8 * i);
    return value;
}

// Appends one TFRecord-framed record holding `data`.
void appendRecord(std::string& out, const std::string& data) {
    std::string header;
    appendLittleEndian(header, data.size(), 8);
    appendLittleEndian(header, maskCrc32c(crc32c(header)), 4);
    out += header;
    out += data;
    appendLittleEndian(out, maskCrc32c(crc32c(data)), 4);
}

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

std::string hostName() {
    std::array<char, 256> name{};
    if (::gethostname(name.data(), name.size() - 1) != 0 || name[0] == '\0') return "localhost";
    std::string host(name.data());
    // A host name never holds a path separator, but the file name must not either.
    for (char& c : host)
        if (c == '/') c = '_';
    return host;
}

float toStoredFloat(double value) {
    // Casting an out-of-range double to float is undefined behaviour; saturate to +-inf instead.
    if (std::isfinite(value) && std::fabs(value) > static_cast<double>(std::numeric_limits<float>::max()))
        return value > 0 ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
    return static_cast<float>(value);
}

// The scalar in a Summary.Value, if it holds one: simple_value, or a 0-d float/double tensor of
// the scalars plugin (a tensor of any other plugin is left out; values without metadata count as
// scalars because TF2 writes the metadata only with a tag's first value). An empty 0-d tensor
// means 0, as in TensorFlow, where missing values are zero-filled.
bool scalarOf(const pb::Summary::Value& value, double& out) {
    if (value.value_case() == pb::Summary::Value::kSimpleValue) {
        out = static_cast<double>(value.simple_value());
        return true;
    }
    if (value.value_case() != pb::Summary::Value::kTensor) return false;
    if (value.has_metadata() && value.metadata().has_plugin_data() &&
        !value.metadata().plugin_data().plugin_name().empty() &&
        value.metadata().plugin_data().plugin_name() != "scalars")
        return false;
    const pb::TensorProto& tensor = value.tensor();
    if (tensor.tensor_shape().dim_size() != 0 || tensor.tensor_shape().unknown_rank()) return false;
    const std::string& content = tensor.tensor_content();
    if (tensor.dtype() == kDataTypeFloat) {
        if (!content.empty()) {
            if (content.size() != sizeof(float)) return false;
            const auto bits = static_cast<std::uint32_t>(loadLittleEndian(content.data(), 4));
            float number;
            std::memcpy(&number, &bits, sizeof number);
            out = number;
        } else {
            out = tensor.float_val_size() > 0 ? static_cast<double>(tensor.float_val(0)) : 0.0;
        }
        return true;
    }
    if (tensor.dtype() == kDataTypeDouble) {
        if (!content.empty()) {
            if (content.size() != sizeof(double)) return false;
            const std::uint64_t bits = loadLittleEndian(content.data(), 8);
            std::memcpy(&out, &bits, sizeof out);
        } else {
            out = tensor.double_val_size() > 0 ? tensor.double_val(0) : 0.0;
        }
        return true;
    }
    return false;
}

// A read-only view of a file's bytes up to a size fixed when it was opened, read in large chunks
// with pread() so that many small records cost few system calls.
class ChunkedFile {
public:
    ChunkedFile(const std::string& path, int fd, std::uint64_t size) : m_path(path), m_fd(fd), m_size(size) {}

    std::uint64_t size() const { return m_size; }

    // The `count` bytes at `offset`; the caller has checked offset + count <= size().
    std::string_view bytes(std::uint64_t offset, std::size_t count) {
        if (offset < m_windowStart || offset + count > m_windowStart + m_window.size()) {
            const std::uint64_t wanted = std::max<std::uint64_t>(count, kReadChunkBytes);
            const auto length = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, m_size - offset));
            m_window.resize(length);
            std::size_t done = 0;
            while (done < length) {
                const ssize_t got = ::pread(m_fd, m_window.data() + done, length - done,
                                            static_cast<off_t>(offset + done));
                if (got < 0 && errno == EINTR) continue;
                if (got < 0) throw InputError(m_path, 0, "cannot read: " + systemReason(errno));
                if (got == 0) throw InputError(m_path, 0, "the file became shorter while it was read");
                done += static_cast<std::size_t>(got);
            }
            m_windowStart = offset;
        }
        return std::string_view(m_window).substr(static_cast<std::size_t>(offset - m_windowStart), count);
    }

private:
    const std::string& m_path;
    int m_fd;
    std::uint64_t m_size;
    std::string m_window;
    std::uint64_t m_windowStart = 0;
};

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

}  // namespace

double wallTimeNow() {
    const auto sinceEpoch = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration<double>(sinceEpoch).count();
}

// ---------------------------------------------------------------------------------------------
// Writer

TensorBoardWriter::TensorBoardWriter(const std::string& runDir) {
    std::error_code error;
    fs::create_directories(runDir, error);
    if (error) throw InputError(runDir, 0, "cannot create the run directory: " + error.message());

    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    const std::string base = (fs::path(runDir) / ("events.out.tfevents." + std::to_string(seconds) + "." +
                                                  hostName() + "." + std::to_string(::getpid()) + ".maskscope"))
                                 .string();
    for (int attempt = 0; attempt < 1000 && m_fd < 0; ++attempt) {
        const std::string candidate = attempt == 0 ? base : base + "." + std::to_string(attempt);
        m_fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0666);
        if (m_fd >= 0) {
            m_path = candidate;
        } else if (errno != EEXIST) {
            throw InputError(candidate, 0, "cannot create the event file: " + systemReason(errno));
        }
    }
    if (m_fd < 0) throw InputError(base, 0, "cannot create the event file: every candidate name is taken");

    pb::Event event;
    event.set_wall_time(wallTimeNow());
    event.set_file_version(kFileVersion);
    queue(event.SerializeAsString());
    flush();
}

TensorBoardWriter::~TensorBoardWriter() {
    try {
        flush();
    } catch (const std::exception&) {
        // A destructor cannot report the failure; the records written by earlier flushes stay.
    }
    close();
}

TensorBoardWriter::TensorBoardWriter(TensorBoardWriter&& other) noexcept
    : m_path(std::move(other.m_path)), m_fd(other.m_fd), m_pending(std::move(other.m_pending)) {
    other.m_fd = -1;
    other.m_pending.clear();
}

TensorBoardWriter& TensorBoardWriter::operator=(TensorBoardWriter&& other) noexcept {
    if (this != &other) {
        try {
            flush();
        } catch (const std::exception&) {
            // As in the destructor.
        }
        close();
        m_path = std::move(other.m_path);
        m_fd = other.m_fd;
        m_pending = std::move(other.m_pending);
        other.m_fd = -1;
        other.m_pending.clear();
    }
    return *this;
}

void TensorBoardWriter::close() noexcept {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = -1;
}

void TensorBoardWriter::addScalar(const std::string& tag, std::int64_t step, double value, double wallTime) {
    addScalars(step, {{tag, value}}, wallTime);
}

void TensorBoardWriter::addScalars(std::int64_t step, const std::map<std::string, double>& values,
                                   double wallTime) {
    if (values.empty()) return;
    pb::Event event;
    event.set_wall_time(wallTime);
    event.set_step(step);
    pb::Summary* summary = event.mutable_summary();
    for (const auto& [tag, value] : values) {
        pb::Summary::Value* entry = summary->add_value();
        entry->set_tag(tag);
        entry->set_simple_value(toStoredFloat(value));
    }
    queue(event.SerializeAsString());
}

void TensorBoardWriter::queue(const std::string& serializedEvent) {
    if (m_fd < 0) throw UsageError("TensorBoardWriter: the writer was moved from");
    appendRecord(m_pending, serializedEvent);
    if (m_pending.size() >= kFlushThresholdBytes) flush();
}

void TensorBoardWriter::flush() {
    if (m_pending.empty() || m_fd < 0) return;
    std::size_t written = 0;
    const int error = writeAll(m_fd, m_pending.data(), m_pending.size(), written);
    // After a partial write the file ends inside a record; keeping only the unwritten bytes lets
    // the next flush() complete that record instead of starting a second copy of it.
    m_pending.erase(0, written);
    if (error) throw InputError(m_path, 0, "cannot write: " + systemReason(error));
}

// ---------------------------------------------------------------------------------------------
// Reader

TensorBoardEventReader::TensorBoardEventReader(std::string path) : m_path(std::move(path)) {}

std::vector<ScalarEvent> TensorBoardEventReader::readNew() {
    std::vector<ScalarEvent> scalars;
    // O_NONBLOCK: opening a FIFO put in the file's place must not hang; S_ISREG refuses it below.
    const FileDescriptor fd(::open(m_path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return scalars;  // the writer has not created it yet
        throw InputError(m_path, 0, "cannot open: " + systemReason(errno));
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0) throw InputError(m_path, 0, "cannot read: " + systemReason(errno));
    if (!S_ISREG(status.st_mode)) throw InputError(m_path, 0, "not a regular file");
    const auto size = static_cast<std::uint64_t>(status.st_size);
    if (size < m_offset)
        throw InputError(m_path, 0,
                         "the file is shorter (" + std::to_string(size) + " bytes) than the part already read (" +
                             std::to_string(m_offset) + " bytes); was it replaced?");

    ChunkedFile file(m_path, fd.get(), size);
    pb::Event event;
    while (size - m_offset >= kHeaderBytes) {
        // Any error below leaves m_offset at the start of this record. When scalars were found
        // before it, they are returned now and the next call reports the error.
        const auto corrupt = [&](const std::string& what) -> std::vector<ScalarEvent> {
            if (!scalars.empty()) return std::move(scalars);
            throw CorruptRecordError(m_path, m_offset, what);
        };

        const std::string_view header = file.bytes(m_offset, kHeaderBytes);
        const std::uint64_t length = loadLittleEndian(header.data(), 8);
        const auto storedLengthCrc = static_cast<std::uint32_t>(loadLittleEndian(header.data() + 8, 4));
        if (maskCrc32c(crc32c(header.data(), 8)) != storedLengthCrc) return corrupt("length CRC mismatch");
        if (length > kMaxRecordBytes)
            return corrupt("record length " + std::to_string(length) + " exceeds the limit of " +
                           std::to_string(kMaxRecordBytes) + " bytes");
        // Written this way round so that no sum can overflow.
        if (length + kFooterBytes > size - m_offset - kHeaderBytes) break;  // incomplete: wait for the rest

        const std::string_view body = file.bytes(m_offset + kHeaderBytes, static_cast<std::size_t>(length) + kFooterBytes);
        const std::string_view data = body.substr(0, static_cast<std::size_t>(length));
        const auto storedDataCrc = static_cast<std::uint32_t>(loadLittleEndian(body.data() + length, 4));
        if (maskCrc32c(crc32c(data)) != storedDataCrc) return corrupt("data CRC mismatch");
        if (!event.ParseFromArray(data.data(), static_cast<int>(data.size())))
            return corrupt("the data is not a TensorBoard Event");

        if (event.what_case() == pb::Event::kSummary) {
            for (const pb::Summary::Value& value : event.summary().value()) {
                double number = 0.0;
                if (scalarOf(value, number))
                    scalars.push_back(ScalarEvent{value.tag(), event.step(), event.wall_time(), number});
            }
        }
        m_offset += kHeaderBytes + length + kFooterBytes;
    }
    return scalars;
}

std::vector<ScalarEvent> readTensorBoardScalars(const std::string& path) {
    if (::access(path.c_str(), F_OK) != 0) throw InputError(path, 0, "cannot open: " + systemReason(errno));
    TensorBoardEventReader reader(path);
    std::vector<ScalarEvent> all;
    // readNew() returns the scalars before a corrupt record first and throws on the next call.
    for (std::vector<ScalarEvent> batch = reader.readNew(); !batch.empty(); batch = reader.readNew())
        all.insert(all.end(), std::make_move_iterator(batch.begin()), std::make_move_iterator(batch.end()));
    return all;
}

}  // namespace maskscope
