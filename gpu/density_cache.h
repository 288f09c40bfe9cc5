// The on-disk score file of gpu/density_corpus.h: the raw per-token values of one model density
// source over one corpus, in corpus order, so that a second run (another normalisation, hubs of
// another threshold) reads them instead of running the model again. Torch-free.
//
// Layout (little-endian, as written by the host):
//   "MSDENS01"  u32 key-text length, key text (what was hashed, for people reading the file)
//   per record: u32 token count n, n x f32 raw values (prompt tokens 0)
//   trailer:    u64 record count, f64 lowest, f64 highest (finite response values over the corpus;
//               lowest > highest when there were none), "MSDEND01"
// A file without a complete trailer is never produced: the writer streams into a temporary file in
// the same folder, fsyncs it and renames it into place in commit(); a writer destroyed before
// commit() (cancel, error) removes its temporary file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace maskscope {

class DensityCacheWriter {
public:
    // Creates the folder of `path` when needed. Throws InputError naming the file it cannot create.
    DensityCacheWriter(std::string path, const std::string& keyText);
    ~DensityCacheWriter();
    DensityCacheWriter(const DensityCacheWriter&) = delete;
    DensityCacheWriter& operator=(const DensityCacheWriter&) = delete;

    void append(const std::vector<float>& raw, std::size_t promptTokens);
    void commit();  // trailer, fsync, rename over `path`

    std::uint64_t records() const { return m_records; }
    double lowest() const { return m_lowest; }
    double highest() const { return m_highest; }

private:
    void write(const void* data, std::size_t size);

    std::string m_path;
    std::string m_temporary;
    std::FILE* m_file = nullptr;
    std::uint64_t m_records = 0;
    double m_lowest;
    double m_highest;
};

class DensityCacheReader {
public:
    // Throws InputError naming `path` when it is missing, truncated or not a score file.
    explicit DensityCacheReader(const std::string& path);
    ~DensityCacheReader();
    DensityCacheReader(const DensityCacheReader&) = delete;
    DensityCacheReader& operator=(const DensityCacheReader&) = delete;

    std::uint64_t records() const { return m_records; }
    double lowest() const { return m_lowest; }
    double highest() const { return m_highest; }
    const std::string& keyText() const { return m_keyText; }
    // The next record's values; throws InputError naming the file when it holds no further record.
    std::vector<float> next();

private:
    std::string m_path;
    std::FILE* m_file = nullptr;
    std::string m_keyText;
    std::uint64_t m_records = 0;
    std::uint64_t m_read = 0;
    long m_end = 0;  // offset of the trailer
    double m_lowest = 0.0;
    double m_highest = 0.0;
};

}  // namespace maskscope
