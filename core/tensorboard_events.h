// TensorBoard event files: writing scalars during training and reading them back, also from a
// file that is still being written.
//
// An event file ("events.out.tfevents.<seconds>.<host>.<pid>...") is a TFRecord file: a sequence
// of records, each
//
//   uint64 length           little-endian, the number of data bytes
//   uint32 masked CRC-32C of the 8 length bytes
//   byte   data[length]     one serialized Event protocol buffer
//   uint32 masked CRC-32C of the data
//
// (see crc32c.h for the masking). The first Event carries file_version "brain.Event:2"; the
// following ones carry a Summary whose values are (tag, scalar) pairs. TensorBoard, PyTorch's
// SummaryWriter and tensorboardX store a scalar as Summary.Value.simple_value (a float); TF2 stores
// it as a 0-d float or double tensor in Summary.Value.tensor. The reader accepts both; the writer
// uses simple_value, so values are stored with float precision, like every PyTorch run.
//
// The protobuf messages are private to core/ (tensorboard.proto); nothing here exposes them.
#pragma once

#include "core/error.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace maskscope {

// One scalar of one step, as TensorBoard shows it.
struct ScalarEvent {
    std::string tag;  // the stored bytes: UTF-8 from every known writer, not checked
    std::int64_t step = 0;
    double wallTime = 0.0;  // seconds since the Unix epoch
    double value = 0.0;     // float precision when it was stored as simple_value

    friend bool operator==(const ScalarEvent&, const ScalarEvent&) = default;
};

// A record that fails its checksum or does not hold an Event. file() is the event file, reason()
// names the byte offset where the bad record starts, which byteOffset() also returns.
class CorruptRecordError : public InputError {
public:
    CorruptRecordError(std::string file, std::uint64_t byteOffset, const std::string& what)
        : InputError(std::move(file), 0, "corrupt record at byte " + std::to_string(byteOffset) + ": " + what),
          m_byteOffset(byteOffset) {}
    std::uint64_t byteOffset() const { return m_byteOffset; }

private:
    std::uint64_t m_byteOffset;
};

// Writes scalars into a new event file in a run directory.
//
// Records are collected in memory by addScalar()/addScalars() and reach the file on flush(), which
// writes all of them with one write() call, and so never leaves half a record behind in the
// page cache that a reader could take for a whole one (a crash or a full disk in the middle of a
// write can still cut the file short; readers stop cleanly at such a tail). The buffer is also
// flushed when it grows beyond 1 MiB and by the destructor. Call flush() once per training step
// (or whenever a live viewer should see the values).
//
// Errors (cannot create the directory or the file, a failed write) throw InputError naming the
// file and the system's reason; the records of a failed flush() stay buffered, so a later flush()
// can retry them. Not thread-safe: one writer per thread, or guard it. Movable, not copyable.
class TensorBoardWriter {
public:
    // Creates `runDir` (and its parents) when missing, then the file
    // events.out.tfevents.<unix seconds>.<hostname>.<pid>.maskscope in it (with ".1", ".2", ...
    // appended when that name is taken), and writes the file_version record at once.
    explicit TensorBoardWriter(const std::string& runDir);
    ~TensorBoardWriter();
    TensorBoardWriter(TensorBoardWriter&& other) noexcept;
    TensorBoardWriter& operator=(TensorBoardWriter&& other) noexcept;
    TensorBoardWriter(const TensorBoardWriter&) = delete;
    TensorBoardWriter& operator=(const TensorBoardWriter&) = delete;

    // Queues one scalar as its own Event. `value` is stored as a float (TensorBoard's
    // simple_value): magnitudes beyond float's range become +-inf, NaN stays NaN. `wallTime` is
    // seconds since the Unix epoch (see wallTimeNow()).
    void addScalar(const std::string& tag, std::int64_t step, double value, double wallTime);

    // Queues several scalars of one step as a single Event (one record instead of one per tag).
    void addScalars(std::int64_t step, const std::map<std::string, double>& values, double wallTime);

    // Writes every queued record to the file (one write() call). A no-op when nothing is queued.
    void flush();

    // The event file's full path.
    const std::string& path() const { return m_path; }

private:
    void queue(const std::string& serializedEvent);
    void close() noexcept;

    std::string m_path;
    int m_fd = -1;
    std::string m_pending;  // framed records not yet written
};

// Seconds since the Unix epoch with sub-second precision, for ScalarEvent::wallTime and the
// writer's `wallTime` arguments.
double wallTimeNow();

// Reads the scalars of an event file incrementally, while another process may still be appending.
//
// readNew() continues where the previous call stopped: it returns the scalars of every complete
// record that has appeared since, in file order, and stops in front of a record whose bytes are
// not all there yet (the offset stays at its start, so the next call reads it once it is
// complete). Lengths are never trusted beyond the file's current size, so a corrupt or hostile
// length cannot make the reader allocate or wait for more than the file holds. Records other than
// scalar summaries (file version, graphs, images, histograms, text, ...) are skipped.
//
// A record whose length or data fails its CRC, or whose data is not an Event, throws
// CorruptRecordError (an InputError) with the record's byte offset. When scalars were found before
// the corrupt record in the same call, those are returned first and the next call throws; the
// offset never moves past a corrupt record, so the error repeats on every call (TFRecord files
// offer no way to resynchronise). A file that does not exist yet reads as empty; a file that
// became shorter than the offset (replaced or truncated) throws InputError.
//
// One instance per file; not thread-safe. Copyable (a copy continues from the same offset).
class TensorBoardEventReader {
public:
    explicit TensorBoardEventReader(std::string path);

    std::vector<ScalarEvent> readNew();

    // Bytes consumed so far: the start of the first record not yet read.
    std::uint64_t offset() const { return m_offset; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    std::uint64_t m_offset = 0;
};

// All scalars of a complete (or still growing) event file, in file order. An incomplete record at
// the end is left out. Throws InputError when the file cannot be opened and CorruptRecordError for
// a corrupt record.
std::vector<ScalarEvent> readTensorBoardScalars(const std::string& path);

}  // namespace maskscope
