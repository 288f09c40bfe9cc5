#include "density_cache.h"

#include "core/error.h"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <limits>

#include <fcntl.h>
#include <unistd.h>

namespace maskscope {

namespace fs = std::filesystem;

namespace {

constexpr char kHeaderMagic[8] = {'M', 'S', 'D', 'E', 'N', 'S', '0', '1'};
constexpr char kTrailerMagic[8] = {'M', 'S', 'D', 'E', 'N', 'D', '0', '1'};
constexpr long kTrailerSize = 8 + 8 + 8 + 8;

std::string reason() { return std::strerror(errno); }

}  // namespace

DensityCacheWriter::DensityCacheWriter(std::string path, const std::string& keyText)
    : m_path(std::move(path)),
      m_lowest(std::numeric_limits<double>::infinity()),
      m_highest(-std::numeric_limits<double>::infinity()) {
    std::error_code error;
    const fs::path folder = fs::path(m_path).parent_path();
    if (!folder.empty()) fs::create_directories(folder, error);
    if (error) throw InputError(folder.string(), 0, "cannot create the density cache folder: " + error.message());
    m_temporary = m_path + ".partial-" + std::to_string(::getpid());
    m_file = std::fopen(m_temporary.c_str(), "wb");
    if (m_file == nullptr) throw InputError(m_temporary, 0, "cannot create the density cache file: " + reason());
    const auto length = static_cast<std::uint32_t>(keyText.size());
    write(kHeaderMagic, sizeof kHeaderMagic);
    write(&length, sizeof length);
    write(keyText.data(), keyText.size());
}

DensityCacheWriter::~DensityCacheWriter() {
    if (m_file == nullptr) return;
    std::fclose(m_file);
    std::remove(m_temporary.c_str());
}

void DensityCacheWriter::write(const void* data, std::size_t size) {
    if (size > 0 && std::fwrite(data, 1, size, m_file) != size)
        throw InputError(m_temporary, 0, "cannot write the density cache file: " + reason());
}

void DensityCacheWriter::append(const std::vector<float>& raw, std::size_t promptTokens) {
    const auto count = static_cast<std::uint32_t>(raw.size());
    write(&count, sizeof count);
    write(raw.data(), raw.size() * sizeof(float));
    for (std::size_t i = promptTokens; i < raw.size(); ++i) {
        if (!std::isfinite(raw[i])) continue;
        m_lowest = std::min<double>(m_lowest, raw[i]);
        m_highest = std::max<double>(m_highest, raw[i]);
    }
    ++m_records;
}

void DensityCacheWriter::commit() {
    write(&m_records, sizeof m_records);
    write(&m_lowest, sizeof m_lowest);
    write(&m_highest, sizeof m_highest);
    write(kTrailerMagic, sizeof kTrailerMagic);
    if (std::fflush(m_file) != 0 || ::fsync(::fileno(m_file)) != 0)
        throw InputError(m_temporary, 0, "cannot flush the density cache file: " + reason());
    std::fclose(m_file);
    m_file = nullptr;
    if (std::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
        const std::string why = reason();
        std::remove(m_temporary.c_str());
        throw InputError(m_path, 0, "cannot move the density cache file into place: " + why);
    }
    const std::string folder = fs::path(m_path).parent_path().string();
    const int directory = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (directory >= 0) {
        ::fsync(directory);
        ::close(directory);
    }
}

DensityCacheReader::DensityCacheReader(const std::string& path) : m_path(path) {
    m_file = std::fopen(path.c_str(), "rb");
    if (m_file == nullptr) throw InputError(path, 0, "cannot open the density cache file: " + reason());
    const auto broken = [&](const std::string& what) {
        return InputError(m_path, 0, "is not a complete density cache file (" + what +
                                         "); delete it or run with --no-cache");
    };
    char magic[8];
    std::uint32_t length = 0;
    if (std::fread(magic, 1, 8, m_file) != 8 || std::memcmp(magic, kHeaderMagic, 8) != 0) throw broken("header");
    if (std::fread(&length, sizeof length, 1, m_file) != 1 || length > (1u << 20)) throw broken("key");
    m_keyText.resize(length);
    if (length > 0 && std::fread(m_keyText.data(), 1, length, m_file) != length) throw broken("key");
    const long start = std::ftell(m_file);
    if (std::fseek(m_file, -kTrailerSize, SEEK_END) != 0) throw broken("trailer");
    m_end = std::ftell(m_file);
    if (m_end < start || std::fread(&m_records, sizeof m_records, 1, m_file) != 1 ||
        std::fread(&m_lowest, sizeof m_lowest, 1, m_file) != 1 || std::fread(&m_highest, sizeof m_highest, 1, m_file) != 1 ||
        std::fread(magic, 1, 8, m_file) != 8 || std::memcmp(magic, kTrailerMagic, 8) != 0)
        throw broken("trailer");
    std::fseek(m_file, start, SEEK_SET);
}

DensityCacheReader::~DensityCacheReader() {
    if (m_file != nullptr) std::fclose(m_file);
}

std::vector<float> DensityCacheReader::next() {
    std::uint32_t count = 0;
    if (m_read >= m_records || std::ftell(m_file) + static_cast<long>(sizeof count) > m_end ||
        std::fread(&count, sizeof count, 1, m_file) != 1)
        throw InputError(m_path, 0, "holds fewer records than the corpus; delete it or run with --no-cache");
    std::vector<float> values(count);
    if (std::ftell(m_file) + static_cast<long>(count * sizeof(float)) > m_end ||
        (count > 0 && std::fread(values.data(), sizeof(float), count, m_file) != count))
        throw InputError(m_path, 0, "record " + std::to_string(m_read + 1) + " is truncated; delete the file or run "
                                    "with --no-cache");
    ++m_read;
    return values;
}

}  // namespace maskscope
