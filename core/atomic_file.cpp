#include "atomic_file.h"

#include "error.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace maskscope {
namespace {

namespace fs = std::filesystem;

// std::generic_category().message() is strerror's text without strerror's shared buffer.
std::string systemReason(int error) {
    return std::error_code(error, std::generic_category()).message();
}

[[noreturn]] void fail(const std::string& path, const std::string& step, int error) {
    throw InputError(path, 0, "cannot save: " + step + ": " + systemReason(error));
}

// Follows symbolic links (also dangling ones) so that saving through a link replaces the file it
// points to instead of the link itself.
fs::path resolveLinks(const std::string& path) {
    fs::path current(path);
    for (int hops = 0; hops < 40; ++hops) {
        std::error_code error;
        if (!fs::is_symlink(fs::symlink_status(current, error)) || error) break;
        const fs::path link = fs::read_symlink(current, error);
        if (error) break;
        current = link.is_absolute() ? link : current.parent_path() / link;
    }
    return current;
}

// A temporary file that is removed again unless it was renamed into place.
class TemporaryFile {
public:
    TemporaryFile() = default;
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile() {
        if (m_fd >= 0) ::close(m_fd);
        if (!m_path.empty() && !m_committed) ::unlink(m_path.c_str());
    }

    // Creates a new file next to `target` with a name no other writer uses; returns errno or 0.
    int create(const fs::path& target) {
        static std::atomic<unsigned> counter{0};
        const fs::path directory = target.parent_path().empty() ? fs::path(".") : target.parent_path();
        for (int attempt = 0; attempt < 100; ++attempt) {
            const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
            std::string name(1, '.');
            name += target.filename().string();
            name += ".tmp-" + std::to_string(::getpid());
            name += '-';
            name += std::to_string(counter++);
            name += '-';
            name += std::to_string(static_cast<unsigned long long>(ticks) % 1000000007ULL);
            const std::string candidate = (directory / name).string();
            // 0666 less the umask, like any newly created file.
            const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd >= 0) {
                m_fd = fd;
                m_path = candidate;
                return 0;
            }
            if (errno != EEXIST) return errno;
        }
        return EEXIST;
    }

    int fd() const { return m_fd; }
    const std::string& path() const { return m_path; }

    // Closes the descriptor; returns errno or 0. close() can report a delayed write error.
    int close() {
        const int fd = m_fd;
        m_fd = -1;
        return ::close(fd) == 0 ? 0 : errno;
    }

    void commit() { m_committed = true; }

private:
    int m_fd = -1;
    std::string m_path;
    bool m_committed = false;
};

int writeAll(int fd, std::string_view contents) {
    const char* data = contents.data();
    std::size_t remaining = contents.size();
    while (remaining > 0) {
        const std::size_t chunk = remaining < (std::size_t{1} << 30) ? remaining : (std::size_t{1} << 30);
        const ssize_t written = ::write(fd, data, chunk);
        if (written < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        data += written;
        remaining -= static_cast<std::size_t>(written);
    }
    return 0;
}

}  // namespace

void writeFileAtomically(const std::string& path, std::string_view contents) {
    const fs::path target = resolveLinks(path);
    const std::string directory = target.parent_path().empty() ? std::string(".") : target.parent_path().string();

    struct stat existing {};
    const bool exists = ::stat(target.c_str(), &existing) == 0;
    if (exists && S_ISDIR(existing.st_mode)) throw InputError(path, 0, "cannot save: the path is a directory");

    TemporaryFile temporary;
    if (const int error = temporary.create(target))
        fail(path, "cannot create a temporary file in " + directory, error);

    if (exists && S_ISREG(existing.st_mode)) {
        // Keep the replaced file's permissions and, where we may, its owner. Failing to restore the
        // owner is not an error: an unprivileged user cannot give files away anyway.
        if (::fchmod(temporary.fd(), existing.st_mode & 07777) != 0)
            fail(path, "cannot set the permissions of " + temporary.path(), errno);
        if (::fchown(temporary.fd(), existing.st_uid, existing.st_gid) != 0) {
            // ignored on purpose, see above
        }
    }

    if (const int error = writeAll(temporary.fd(), contents))
        fail(path, "cannot write " + temporary.path(), error);
    if (::fsync(temporary.fd()) != 0) fail(path, "cannot sync " + temporary.path(), errno);
    if (const int error = temporary.close()) fail(path, "cannot close " + temporary.path(), error);

    if (::rename(temporary.path().c_str(), target.c_str()) != 0)
        fail(path, "cannot rename " + temporary.path() + " into place", errno);
    temporary.commit();

    // Make the rename itself durable. Some file systems cannot sync directories (EINVAL); there is
    // nothing more to do for them.
    const int directoryFd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directoryFd < 0) {
        fail(path, "saved, but cannot open directory " + directory + " to sync it", errno);
    }
    const int syncResult = ::fsync(directoryFd);
    const int syncError = errno;
    ::close(directoryFd);
    if (syncResult != 0 && syncError != EINVAL && syncError != EROFS)
        fail(path, "saved, but cannot sync directory " + directory, syncError);
}

}  // namespace maskscope
