// Run files: CRC-32C, TensorBoard event files (writer, reader, tailing, corruption, hostile bytes)
// and metrics.jsonl. The independent side is tests/reference/tensorboard_events.py (standard
// library only, bitwise CRC, hand-coded protobuf): it wrote data/tensorboard/reference.tfevents,
// whose scalars are listed by hand below, and it reads the files our writer produces.
#include "core/crc32c.h"
#include "core/error.h"
#include "core/metrics_log.h"
#include "core/tensorboard_events.h"

#include <QtCore/QFileInfo>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtTest/QtTest>

#include <bit>
#include <csignal>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <random>
#include <sstream>

#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace maskscope;

namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
}  // namespace QTest

namespace {

namespace fs = std::filesystem;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
const char* const kPython = "/usr/bin/python3";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

void writeFile(const std::string& path, std::string_view bytes, bool append = false) {
    std::ofstream out(path, std::ios::binary | (append ? std::ios::app : std::ios::trunc));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string fixture() { return std::string(MASKSCOPE_TEST_DATA) + "/tensorboard/reference.tfevents"; }
std::string script() { return std::string(MASKSCOPE_SOURCE_DIR) + "/tests/reference/tensorboard_events.py"; }

// Equal as stored: NaN equals NaN, and 0.0 differs from -0.0.
bool sameValue(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

std::string describe(const ScalarEvent& e) {
    std::ostringstream out;
    out.precision(17);
    out << e.tag << " step " << e.step << " wall " << e.wallTime << " value " << e.value;
    return out.str();
}

// Compares scalar lists element by element, naming the first difference.
std::string differenceBetween(const std::vector<ScalarEvent>& actual, const std::vector<ScalarEvent>& expected) {
    for (std::size_t i = 0; i < std::min(actual.size(), expected.size()); ++i) {
        const ScalarEvent& a = actual[i];
        const ScalarEvent& e = expected[i];
        if (a.tag != e.tag || a.step != e.step || !sameValue(a.wallTime, e.wallTime) || !sameValue(a.value, e.value))
            return "scalar " + std::to_string(i) + ": got " + describe(a) + ", expected " + describe(e);
    }
    if (actual.size() != expected.size())
        return "got " + std::to_string(actual.size()) + " scalars, expected " + std::to_string(expected.size());
    return {};
}

#define COMPARE_SCALARS(actual, expected)                                   \
    do {                                                                   \
        const std::string difference = differenceBetween(actual, expected); \
        QVERIFY2(difference.empty(), difference.c_str());                  \
    } while (false)

double stored(double value) { return static_cast<double>(static_cast<float>(value)); }

// The scalars that tests/reference/tensorboard_events.py writes into reference.tfevents, copied
// from its build_events(); float32 values rounded as simple_value stores them.
std::vector<ScalarEvent> referenceScalars() {
    std::vector<ScalarEvent> list;
    for (int step = 0; step < 5; ++step) list.push_back({"train/loss", step, 1700000000.5 + step, 2.5 - 0.25 * step});
    list.push_back({"lr", 7, 1700000010.25, stored(0.0003)});
    list.push_back({"grad_norm", 7, 1700000010.25, 1.5});
    list.push_back({"edge/zero", 8, 1700000011.0, 0.0});
    list.push_back({"edge/nan", 9, 1700000012.0, kNaN});
    list.push_back({"edge/inf", 10, 1700000013.0, kInf});
    list.push_back({"edge/-inf", 11, 1700000014.0, -kInf});
    list.push_back({"edge/negative step", -3, 1700000015.0, -1.25});
    list.push_back({"edge/big step", std::int64_t{1} << 40, 1700000016.0, 65504.0});
    list.push_back({"损失/λ", 12, 1700000017.0, 0.125});
    list.push_back({"edge/no wall time", 13, 0.0, 4.0});
    list.push_back({"eval/loss", 20, 1700000020.0, 3.125});
    list.push_back({"eval/loss", 21, 1700000021.0, -0.5});
    list.push_back({"eval/accuracy", 22, 1700000022.0, 0.1});
    list.push_back({"content/float", 23, 1700000023.0, -7.75});
    list.push_back({"content/double", 23, 1700000023.0, 1.0 / 3.0});
    list.push_back({"train/loss", 40, 1700000040.0, 1.0});
    return list;
}

// Start offsets of the records of an event file, found by walking the length fields.
std::vector<std::uint64_t> recordOffsets(const std::string& bytes) {
    std::vector<std::uint64_t> offsets;
    for (std::uint64_t at = 0; at + 12 <= bytes.size();) {
        std::uint64_t length = 0;
        for (int i = 7; i >= 0; --i) length = (length << 8) | static_cast<unsigned char>(bytes[at + i]);
        offsets.push_back(at);
        at += 16 + length;
    }
    return offsets;
}

std::string recordHeader(std::uint64_t length, bool validCrc = true) {
    std::string header;
    for (int i = 0; i < 8; ++i) header.push_back(static_cast<char>((length >> (8 * i)) & 0xFF));
    std::uint32_t crc = maskCrc32c(crc32c(header));
    if (!validCrc) crc ^= 1;
    for (int i = 0; i < 4; ++i) header.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
    return header;
}

std::string record(const std::string& data) {
    std::string out = recordHeader(data.size()) + data;
    const std::uint32_t crc = maskCrc32c(crc32c(data));
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
    return out;
}

// Runs the reference script; returns its standard output, or a null optional with `error` set.
std::optional<QByteArray> runReference(const QStringList& arguments, QString& error) {
    QProcess process;
    process.start(QString::fromLatin1(kPython), QStringList{QString::fromStdString(script())} + arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        error = QString::fromUtf8(process.readAllStandardError());
        return std::nullopt;
    }
    return process.readAllStandardOutput();
}

// The scalars the reference script printed, one JSON object per line.
std::vector<ScalarEvent> parseReferenceOutput(const QByteArray& output) {
    std::vector<ScalarEvent> list;
    const auto number = [](const QJsonValue& value) {
        const std::string text = value.toString().toStdString();
        double parsed = 0.0;
        std::from_chars(text.data(), text.data() + text.size(), parsed);
        return parsed;
    };
    for (const QByteArray& line : output.split('\n')) {
        if (line.trimmed().isEmpty()) continue;
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        list.push_back({object.value(QStringLiteral("tag")).toString().toStdString(),
                        object.value(QStringLiteral("step")).toInteger(), number(object.value(QStringLiteral("wall_time"))),
                        number(object.value(QStringLiteral("value")))});
    }
    return list;
}

#define REQUIRE_PYTHON()                                                                                  \
    do {                                                                                                  \
        if (!QFileInfo::exists(QString::fromLatin1(kPython)))                                             \
            QSKIP("/usr/bin/python3 is missing: the independent reference (tests/reference/"              \
                  "tensorboard_events.py, standard library only) cannot run; install python3 to run it"); \
    } while (false)

// Runs `work` while writes beyond `bytes` fail with EFBIG (also for root), like a full disk.
template <typename Work>
void withFileSizeLimit(std::uint64_t bytes, Work work) {
    rlimit saved{};
    ::getrlimit(RLIMIT_FSIZE, &saved);
    const auto previousHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved;
    limited.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limited);
    work();
    ::setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previousHandler);
}

bool sameRow(const MetricsRow& a, const MetricsRow& b) {
    if (a.step != b.step || a.eval != b.eval || !sameValue(a.wallTime, b.wallTime) || a.values.size() != b.values.size())
        return false;
    for (const auto& [key, value] : a.values) {
        const auto found = b.values.find(key);
        if (found == b.values.end() || !sameValue(found->second, value)) return false;
    }
    return true;
}

std::vector<MetricsRow> trainerRows() {
    MetricsRow train{100, false, {}, 1717171717.25};
    train.values = {{"tokens", 409600}, {"loss", 2.4817}, {"loss_logical", 2.1}, {"loss_syntactic", 2.9},
                    {"loss_hub", 3.25}, {"loss_nonhub", 1.75}, {"lr", 3e-4}, {"grad_norm", 0.87},
                    {"mask_ratio", 0.5}, {"tokens_per_s", 123456.789}};
    MetricsRow diverged{101, false, {{"loss", kNaN}, {"grad_norm", kInf}, {"lr", -kInf}, {"tokens", 0.0}}, 1717171718.5};
    MetricsRow eval{100, true, {{"loss", 2.6102}, {"loss_hub", -0.0}}, 1717171720.5};
    MetricsRow odd{-1, false, {{"tiny", 5e-324}, {"huge", 1.7976931348623157e308}, {"big int", 18446744073709551616.0},
                               {"quote\"back\\slash\ttab", 1.0}, {"ключ/λ", 0.1}}, 0.0};
    return {train, diverged, eval, odd};
}

}  // namespace

class TestRunFiles : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // --- CRC-32C ------------------------------------------------------------------------------
    void crcMatchesPublishedValues_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<quint32>("crc");
        QTest::addColumn<quint32>("masked");  // from the reference script's bitwise CRC
        QByteArray ascending, descending;
        for (int i = 0; i < 32; ++i) {
            ascending.append(static_cast<char>(i));
            descending.append(static_cast<char>(31 - i));
        }
        QTest::newRow("check 123456789") << QByteArray("123456789") << 0xE3069283u << 0xC78AB0E5u;
        QTest::newRow("RFC 3720 32 zeros") << QByteArray(32, '\0') << 0x8A9136AAu << 0x0FD7FFFAu;
        QTest::newRow("RFC 3720 32 x 0xFF") << QByteArray(32, '\xFF') << 0x62A8AB43u << 0xF909B029u;
        QTest::newRow("RFC 3720 ascending") << ascending << 0x46DD794Eu << 0x951F7892u;
        QTest::newRow("RFC 3720 descending") << descending << 0x113FDB5Cu << maskCrc32c(0x113FDB5Cu);
        QTest::newRow("empty") << QByteArray() << 0u << maskCrc32c(0u);
    }
    void crcMatchesPublishedValues() {
        QFETCH(QByteArray, bytes);
        QFETCH(quint32, crc);
        QFETCH(quint32, masked);
        QCOMPARE(crc32c(bytes.constData(), static_cast<std::size_t>(bytes.size())), crc);
        QCOMPARE(maskCrc32c(crc), masked);
        QCOMPARE(unmaskCrc32c(masked), crc);
    }

    void crcSlicingAgreesWithBitwiseAtEveryLengthAndAlignment() {
        const auto bitwise = [](const unsigned char* data, std::size_t size) {
            std::uint32_t crc = 0xFFFFFFFFu;
            for (std::size_t i = 0; i < size; ++i) {
                crc ^= data[i];
                for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ ((crc & 1u) ? 0x82F63B78u : 0u);
            }
            return ~crc;
        };
        std::mt19937 random(7);
        std::vector<unsigned char> buffer(300);
        for (unsigned char& byte : buffer) byte = static_cast<unsigned char>(random());
        for (std::size_t start = 0; start < 9; ++start) {
            for (std::size_t size = 0; start + size <= buffer.size(); size += 1 + size / 16) {
                const std::uint32_t expected = bitwise(buffer.data() + start, size);
                QCOMPARE(crc32c(buffer.data() + start, size), expected);
                const std::size_t split = size / 3;
                QCOMPARE(crc32cExtend(crc32c(buffer.data() + start, split), buffer.data() + start + split, size - split),
                         expected);
            }
        }
    }

    // --- TensorBoard: reading what the reference wrote ------------------------------------------
    void readsTheReferenceFixture() {
        COMPARE_SCALARS(readTensorBoardScalars(fixture()), referenceScalars());
        TensorBoardEventReader reader(fixture());
        COMPARE_SCALARS(reader.readNew(), referenceScalars());
        QCOMPARE(reader.offset(), static_cast<std::uint64_t>(fs::file_size(fixture())));
        QVERIFY(reader.readNew().empty());
    }

    void referenceScriptStillWritesTheFixture() {
        REQUIRE_PYTHON();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fresh.tfevents"));
        QString error;
        const auto output = runReference({QStringLiteral("write"), path}, error);
        QVERIFY2(output, qPrintable(error));
        // What the script says it wrote is what we read, and the committed fixture is its output.
        COMPARE_SCALARS(readTensorBoardScalars(path.toStdString()), parseReferenceOutput(*output));
        COMPARE_SCALARS(parseReferenceOutput(*output), referenceScalars());
        QVERIFY2(readFile(path.toStdString()) == readFile(fixture()),
                 "tests/core/data/tensorboard/reference.tfevents differs from the script's output: regenerate it");
    }

    // --- TensorBoard: writing ----------------------------------------------------------------
    void writerRoundTripsAndTheReferenceReadsIt() {
        QTemporaryDir dir;
        const std::string runDir = dir.filePath(QStringLiteral("run/nested")).toStdString();
        std::vector<ScalarEvent> expected;
        std::string path;
        {
            TensorBoardWriter writer(runDir);  // creates the missing directories
            path = writer.path();
            const std::vector<ScalarEvent> single = {
                {"train/loss", 0, 1717000000.125, 2.75}, {"lr", 1, 1717000001.5, 3e-4}, {"损失/λ", 2, 1717000002.0, 0.1},
                {"nan", 3, 1717000003.0, kNaN},          {"inf", 4, 1717000004.0, kInf}, {"-inf", 5, 1717000005.0, -kInf},
                {"too big for float", 6, 1717000006.0, 1e300}, {"negative step", -42, 1717000007.0, -0.0},
                {"zero", std::numeric_limits<std::int64_t>::max(), 0.0, 0.0}};
            for (const ScalarEvent& e : single) {
                writer.addScalar(e.tag, e.step, e.value, e.wallTime);
                expected.push_back({e.tag, e.step, e.wallTime, e.value == 1e300 ? kInf : stored(e.value)});
            }
            writer.addScalars(7, {{"b", 1.5}, {"a", 2.5}}, 1717000008.0);  // one Event, tags in key order
            expected.push_back({"a", 7, 1717000008.0, 2.5});
            expected.push_back({"b", 7, 1717000008.0, 1.5});
        }  // the destructor flushes
        const std::string name = fs::path(path).filename().string();
        QVERIFY2(name.rfind("events.out.tfevents.", 0) == 0, name.c_str());
        QVERIFY2(name.size() > 10 && name.substr(name.size() - 10) == ".maskscope", name.c_str());
        const std::string pidField = std::string(".").append(std::to_string(::getpid())).append(".");
        QVERIFY2(name.find(pidField) != std::string::npos, name.c_str());
        COMPARE_SCALARS(readTensorBoardScalars(path), expected);

        REQUIRE_PYTHON();
        QString error;
        const auto output = runReference({QStringLiteral("read"), QString::fromStdString(path)}, error);
        QVERIFY2(output, qPrintable(error));  // also checks every CRC and the file_version record
        COMPARE_SCALARS(parseReferenceOutput(*output), expected);
    }

    void writerMakesRecordsVisibleOnFlushAndPicksFreeNames() {
        QTemporaryDir dir;
        TensorBoardWriter first(dir.path().toStdString());
        TensorBoardWriter second(dir.path().toStdString());  // same second, same process
        QVERIFY(first.path() != second.path());

        TensorBoardEventReader reader(first.path());
        QVERIFY(reader.readNew().empty());
        QVERIFY(reader.offset() > 0);  // the file_version record is written at once
        first.addScalar("loss", 1, 2.0, 1.0);
        QVERIFY(reader.readNew().empty());  // buffered until flush()
        first.flush();
        COMPARE_SCALARS(reader.readNew(), (std::vector<ScalarEvent>{{"loss", 1, 1.0, 2.0}}));
    }

    void fullDiskNeverLeavesADuplicateOrTornRecord() {
        QTemporaryDir dir;
        TensorBoardWriter writer(dir.path().toStdString());
        std::vector<ScalarEvent> expected;
        for (int step = 0; step < 20; ++step) {
            writer.addScalar("loss", step, step * 0.5, 100.0 + step);
            expected.push_back({"loss", step, 100.0 + step, step * 0.5});
        }
        const std::uint64_t before = fs::file_size(writer.path());
        bool failed = false;
        withFileSizeLimit(before + 100, [&] {  // room for a few records and part of the next
            try {
                writer.flush();
            } catch (const InputError&) {
                failed = true;
            }
        });
        QVERIFY(failed);
        QCOMPARE(static_cast<std::uint64_t>(fs::file_size(writer.path())), before + 100);
        TensorBoardEventReader reader(writer.path());
        std::vector<ScalarEvent> seen = reader.readNew();  // the whole records, then it waits
        QVERIFY(!seen.empty() && seen.size() < expected.size());
        writer.flush();  // space again: the cut record is completed, nothing is written twice
        const std::vector<ScalarEvent> rest = reader.readNew();
        seen.insert(seen.end(), rest.begin(), rest.end());
        COMPARE_SCALARS(seen, expected);
    }

    // --- TensorBoard: a file that is still being written --------------------------------------
    void tailsAFileCutAtEveryByte() {
        const std::string bytes = readFile(fixture());
        const std::vector<std::uint64_t> offsets = recordOffsets(bytes);
        QTemporaryDir dir;
        for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
            // A new file each time: rewriting one truncated file makes ext4 flush it on every close.
            const std::string path = dir.filePath(QStringLiteral("growing-%1.tfevents").arg(cut)).toStdString();
            writeFile(path, std::string_view(bytes).substr(0, cut));
            TensorBoardEventReader reader(path);
            std::vector<ScalarEvent> seen = reader.readNew();
            // The reader stops at the start of the first record that is not complete.
            std::uint64_t complete = 0;
            for (std::size_t i = 0; i < offsets.size(); ++i) {
                const std::uint64_t end = i + 1 < offsets.size() ? offsets[i + 1] : bytes.size();
                if (end <= cut) complete = end;
            }
            QCOMPARE(reader.offset(), complete);
            writeFile(path, std::string_view(bytes).substr(cut), true);  // the writer finishes the record
            const std::vector<ScalarEvent> rest = reader.readNew();
            seen.insert(seen.end(), rest.begin(), rest.end());
            fs::remove(path);
            const std::string difference = differenceBetween(seen, referenceScalars());
            QVERIFY2(difference.empty(), ("cut at byte " + std::to_string(cut) + ": " + difference).c_str());
        }
    }

    void tailsAFileGrowingByteByByte() {
        const std::string bytes = readFile(fixture());
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("trickle.tfevents")).toStdString();
        TensorBoardEventReader reader(path);
        QVERIFY(reader.readNew().empty());  // not created yet: nothing to read, no error
        writeFile(path, "");
        std::vector<ScalarEvent> seen;
        for (char byte : bytes) {
            writeFile(path, std::string_view(&byte, 1), true);
            const std::vector<ScalarEvent> batch = reader.readNew();
            seen.insert(seen.end(), batch.begin(), batch.end());
        }
        COMPARE_SCALARS(seen, referenceScalars());
    }

    // --- TensorBoard: corrupt and hostile files -----------------------------------------------
    void corruptRecordIsReportedWithItsOffset_data() {
        QTest::addColumn<int>("recordIndex");
        QTest::addColumn<int>("byteInRecord");  // negative: from the end of the record
        QTest::addColumn<QString>("reason");
        QTest::newRow("length of the first record") << 0 << 0 << QStringLiteral("length CRC mismatch");
        QTest::newRow("length CRC of record 3") << 3 << 9 << QStringLiteral("length CRC mismatch");
        QTest::newRow("data of record 3") << 3 << 14 << QStringLiteral("data CRC mismatch");
        QTest::newRow("data CRC of record 3") << 3 << -1 << QStringLiteral("data CRC mismatch");
        QTest::newRow("data of the last record") << -1 << 12 << QStringLiteral("data CRC mismatch");
    }
    void corruptRecordIsReportedWithItsOffset() {
        QFETCH(int, recordIndex);
        QFETCH(int, byteInRecord);
        QFETCH(QString, reason);
        std::string bytes = readFile(fixture());
        const std::vector<std::uint64_t> offsets = recordOffsets(bytes);
        const std::size_t index = recordIndex < 0 ? offsets.size() - 1 : static_cast<std::size_t>(recordIndex);
        const std::uint64_t start = offsets[index];
        const std::uint64_t end = index + 1 < offsets.size() ? offsets[index + 1] : bytes.size();
        bytes[byteInRecord < 0 ? end + byteInRecord : start + byteInRecord] ^= 0x20;
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("corrupt.tfevents")).toStdString();
        writeFile(path, bytes);

        // Scalars before the corrupt record come first; then the error, again and again.
        TensorBoardEventReader reader(path);
        std::vector<ScalarEvent> before;
        for (int call = 0; call < 3; ++call) {
            try {
                const std::vector<ScalarEvent> batch = reader.readNew();
                QVERIFY2(!batch.empty(), "an empty batch instead of the error");
                before.insert(before.end(), batch.begin(), batch.end());
            } catch (const CorruptRecordError& error) {
                QCOMPARE(error.byteOffset(), start);
                QCOMPARE(error.file(), path);
                const std::string expectedText = "corrupt record at byte " + std::to_string(start) + ": " + reason.toStdString();
                QVERIFY2(std::string(error.what()).find(expectedText) != std::string::npos, error.what());
            }
        }
        QCOMPARE(reader.offset(), start);
        std::vector<ScalarEvent> expectedBefore;
        for (const ScalarEvent& e : referenceScalars())
            if (expectedBefore.size() < before.size()) expectedBefore.push_back(e);
        COMPARE_SCALARS(before, expectedBefore);
        QVERIFY_THROWS_EXCEPTION(InputError, readTensorBoardScalars(path));
    }

    void hostileLengthsNeverOutgrowTheFile_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("throws");
        const auto bytes = [](const std::string& text) { return QByteArray(text.data(), static_cast<qsizetype>(text.size())); };
        QTest::newRow("2^64-1 with a valid CRC") << bytes(recordHeader(~std::uint64_t{0}) + "abcd") << true;
        QTest::newRow("2^63 with a valid CRC") << bytes(recordHeader(std::uint64_t{1} << 63)) << true;
        QTest::newRow("just over the 1 GiB limit") << bytes(recordHeader((std::uint64_t{1} << 30) + 1) + "x") << true;
        QTest::newRow("1 GiB, file much shorter: incomplete") << bytes(recordHeader(std::uint64_t{1} << 30) + "xyz") << false;
        QTest::newRow("one byte past the end: incomplete") << bytes(recordHeader(5) + "abcde" + "123") << false;
        QTest::newRow("huge length, bad CRC") << bytes(recordHeader(~std::uint64_t{0}, false)) << true;
        QTest::newRow("11 bytes: incomplete header") << bytes(recordHeader(3).substr(0, 11)) << false;
        QTest::newRow("not protobuf (wire type 7)") << bytes(record("\x0F\x01\x02")) << true;
        QTest::newRow("truncated varint") << bytes(record("\x10\xFF\xFF")) << true;
        QTest::newRow("deeply nested groups") << bytes(record(std::string(100000, '\x0B'))) << true;
        QTest::newRow("empty Event") << bytes(record("")) << false;
    }
    void hostileLengthsNeverOutgrowTheFile() {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, throws);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("hostile.tfevents")).toStdString();
        writeFile(path, std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
        TensorBoardEventReader reader(path);
        if (throws) {
            try {
                reader.readNew();
                QFAIL("no error");
            } catch (const CorruptRecordError& error) {
                QCOMPARE(error.byteOffset(), std::uint64_t{0});
            }
        } else {
            QVERIFY(reader.readNew().empty());
        }
    }

    void tagThatIsNotUtf8IsReadAsStoredAndFifosDoNotHang() {
        // Event{step: 3, summary: {value: [{tag: "\xFF\xFE", simple_value: 1.0f}]}}, by hand.
        const std::string value = std::string("\x0A\x02\xFF\xFE\x15\x00\x00\x80\x3F", 9);
        const std::string summary = std::string("\x0A") + static_cast<char>(value.size()) + value;
        const std::string event = std::string("\x10\x03\x2A") + static_cast<char>(summary.size()) + summary;
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("latin1.tfevents")).toStdString();
        writeFile(path, record(event));
        COMPARE_SCALARS(readTensorBoardScalars(path), (std::vector<ScalarEvent>{{"\xFF\xFE", 3, 0.0, 1.0}}));

        const std::string fifo = dir.filePath(QStringLiteral("fifo")).toStdString();
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        QVERIFY_THROWS_EXCEPTION(InputError, TensorBoardEventReader(fifo).readNew());
        QVERIFY_THROWS_EXCEPTION(InputError, MetricsLogReader(fifo).readNew());
    }

    void randomBytesAndMutationsNeverCrash() {
        const std::string original = readFile(fixture());
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("fuzz.tfevents")).toStdString();
        std::mt19937_64 random(2024);
        int errors = 0;
        for (int round = 0; round < 3000; ++round) {
            std::string bytes = original;
            if (round % 3 == 0) {
                bytes.assign(random() % 200, '\0');
                for (char& byte : bytes) byte = static_cast<char>(random());
            } else {
                for (int flips = 1 + static_cast<int>(random() % 4); flips > 0; --flips)
                    bytes[random() % bytes.size()] = static_cast<char>(random());
                if (round % 3 == 2) bytes.resize(random() % bytes.size());
            }
            writeFile(path, bytes);
            try {
                TensorBoardEventReader reader(path);
                for (int call = 0; call < 3; ++call) reader.readNew();
                QVERIFY(reader.offset() <= bytes.size());
            } catch (const InputError&) {
                ++errors;
            }
        }
        QVERIFY(errors > 0);
    }

    void shrunkOrMissingFileIsAnInputError() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("replaced.tfevents")).toStdString();
        writeFile(path, readFile(fixture()));
        TensorBoardEventReader reader(path);
        QVERIFY(!reader.readNew().empty());
        writeFile(path, "");
        QVERIFY_THROWS_EXCEPTION(InputError, reader.readNew());
        QVERIFY_THROWS_EXCEPTION(InputError, readTensorBoardScalars(dir.filePath(QStringLiteral("nope")).toStdString()));
    }

    // --- metrics.jsonl ------------------------------------------------------------------------
    void metricsLineFormatIsPinned() {
        MetricsRow row{100, true, {{"loss", kNaN}, {"lr", 3e-4}, {"grad_norm", kInf}, {"x", -kInf}, {"tokens", 409600}},
                       1717171717.25};
        QCOMPARE(formatMetricsLine(row),
                 std::string(R"({"step":100,"eval":true,"grad_norm":"inf","loss":"nan","lr":0.0003,"tokens":409600,)"
                             R"("x":"-inf","wall_time":1717171717.25})"));
        QCOMPARE(formatMetricsLine(MetricsRow{-5, false, {}, 0.0}), std::string(R"({"step":-5,"wall_time":0})"));
        // Numbers are laid out like Python's repr(): decimals for exponents -4..15, else scientific.
        QCOMPARE(formatMetricsLine(MetricsRow{0, false, {{"a", 1e-5}, {"b", 1.5e16}, {"c", 1e15}, {"d", -0.0}}, 123456.789}),
                 std::string(R"({"step":0,"a":1e-05,"b":1.5e+16,"c":1000000000000000,"d":-0.0,"wall_time":123456.789})"));
        QVERIFY_THROWS_EXCEPTION(UsageError, formatMetricsLine(MetricsRow{1, false, {{"step", 1.0}}, 0.0}));
        QVERIFY_THROWS_EXCEPTION(UsageError, formatMetricsLine(MetricsRow{1, false, {{"wall_time", 1.0}}, 0.0}));
        QVERIFY_THROWS_EXCEPTION(UsageError, formatMetricsLine(MetricsRow{1, false, {{"", 1.0}}, 0.0}));
    }

    void metricsRoundTripIncludingNanAndInfinity() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("metrics.jsonl")).toStdString();
        const std::vector<MetricsRow> rows = trainerRows();
        {
            MetricsLogWriter writer(path);
            for (const MetricsRow& row : rows) writer.append(row);
        }
        const MetricsReadResult result = readMetricsLog(path);
        QVERIFY(result.warnings.empty());
        QCOMPARE(result.rows.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i)
            QVERIFY2(sameRow(result.rows[i], rows[i]), formatMetricsLine(result.rows[i]).c_str());

        // Every line is strict JSON for an independent parser; non-finite values are strings.
        std::istringstream lines(readFile(path));
        std::string line;
        int count = 0;
        while (std::getline(lines, line)) {
            QJsonParseError error{};
            const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(line), &error);
            QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(), line.c_str());
            ++count;
        }
        QCOMPARE(count, static_cast<int>(rows.size()));
        QVERIFY(readFile(path).find(R"("grad_norm":"inf","loss":"nan","lr":"-inf")") != std::string::npos);

        // Shortest round-trip formatting keeps every finite double bit for bit.
        std::mt19937_64 random(99);
        for (int i = 0; i < 20000; ++i) {
            const double value = std::bit_cast<double>(random());
            MetricsRow parsed;
            QVERIFY(parseMetricsLine(formatMetricsLine(MetricsRow{i, false, {{"v", value}}, value}), parsed).empty());
            QVERIFY2(sameValue(parsed.values["v"], value) && sameValue(parsed.wallTime, value),
                     formatMetricsLine(MetricsRow{i, false, {{"v", value}}, value}).c_str());
        }
    }

    void metricsTailWaitsForTheLineToEnd() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("metrics.jsonl")).toStdString();
        std::string text;
        for (const MetricsRow& row : trainerRows()) text += formatMetricsLine(row) + "\n";
        for (std::size_t cut = 0; cut <= text.size(); ++cut) {
            writeFile(path, std::string_view(text).substr(0, cut));
            MetricsLogReader reader(path);
            MetricsReadResult first = reader.readNew();
            const std::size_t lastNewline = cut == 0 ? std::string::npos : text.rfind('\n', cut - 1);
            QCOMPARE(reader.offset(), static_cast<std::uint64_t>(lastNewline == std::string::npos ? 0 : lastNewline + 1));
            writeFile(path, std::string_view(text).substr(cut), true);
            const MetricsReadResult second = reader.readNew();
            QVERIFY(first.warnings.empty() && second.warnings.empty());
            first.rows.insert(first.rows.end(), second.rows.begin(), second.rows.end());
            QCOMPARE(first.rows.size(), trainerRows().size());
            for (std::size_t i = 0; i < first.rows.size(); ++i) QVERIFY(sameRow(first.rows[i], trainerRows()[i]));
            QCOMPARE(reader.linesRead(), static_cast<std::uint64_t>(trainerRows().size()));
        }
    }

    void metricsMalformedLinesAreWarnedAndSkipped_data() {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("reason");
        QTest::newRow("not JSON") << QByteArray("loss=2.5") << QStringLiteral("not valid JSON");
        QTest::newRow("cut short") << QByteArray(R"({"step":1,"loss":)") << QStringLiteral("not valid JSON");
        QTest::newRow("bare NaN") << QByteArray(R"({"step":1,"loss":NaN})") << QStringLiteral("not valid JSON");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("not a JSON object");
        QTest::newRow("no step") << QByteArray(R"({"loss":1})") << QStringLiteral("field 'step' missing");
        QTest::newRow("step text") << QByteArray(R"({"step":"7"})") << QStringLiteral("field 'step' must be an integer");
        QTest::newRow("step fraction") << QByteArray(R"({"step":1.5})") << QStringLiteral("field 'step' must be an integer");
        QTest::newRow("step too big") << QByteArray(R"({"step":9223372036854775808})")
                                      << QStringLiteral("field 'step' must be an integer");
        QTest::newRow("eval number") << QByteArray(R"({"step":1,"eval":1})") << QStringLiteral("field 'eval' must be true or false");
        QTest::newRow("wall_time text") << QByteArray(R"({"step":1,"wall_time":"soon"})")
                                        << QStringLiteral("field 'wall_time' must be a number");
        QTest::newRow("deep nesting") << QByteArray(200000, '[') << QStringLiteral("not valid JSON");
        QTest::newRow("over 1 MiB") << QByteArray(R"({"step":1,"pad":")") + QByteArray(1 << 21, 'x') + QByteArray(R"("})")
                                    << QStringLiteral("line is longer than");
    }
    void metricsMalformedLinesAreWarnedAndSkipped() {
        QFETCH(QByteArray, line);
        QFETCH(QString, reason);
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("metrics.jsonl")).toStdString();
        const std::string text = R"({"step":1,"loss":2})" "\n\n" + line.toStdString() + "\n" R"({"step":2,"loss":1})" "\n";
        writeFile(path, text);
        for (const MetricsReadResult& result : {MetricsLogReader(path).readNew(), readMetricsLog(path)}) {
            QCOMPARE(result.rows.size(), std::size_t{2});
            QCOMPARE(result.rows[1].step, std::int64_t{2});
            QCOMPARE(result.warnings.size(), std::size_t{1});
            QCOMPARE(result.warnings[0].line, std::uint64_t{3});  // the blank line 2 counts, unreported
            QVERIFY2(result.warnings[0].reason.find(reason.toStdString()) != std::string::npos,
                     result.warnings[0].reason.c_str());
        }
    }

    void metricsReaderAcceptsOtherWritersSpellings() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("metrics.jsonl")).toStdString();
        writeFile(path, "\xEF\xBB\xBF" R"({"step":5.0,"loss":"NaN","lr":"Infinity","x":"-INF","note":"warmup","n":null,)"
                        R"("list":[1],"big":18446744073709551615})" "\r\n"
                        R"({"step":6,"eval":false,"loss":1e-3})");  // no "\n" at the end
        MetricsLogReader reader(path);
        const MetricsReadResult live = reader.readNew();
        QVERIFY(live.warnings.empty());
        QCOMPARE(live.rows.size(), std::size_t{1});  // the unterminated last line waits
        const MetricsRow& first = live.rows[0];
        QCOMPARE(first.step, std::int64_t{5});
        QCOMPARE(first.values.size(), std::size_t{4});  // loss, lr, x, big; strings, null, arrays ignored
        QVERIFY(std::isnan(first.values.at("loss")));
        QCOMPARE(first.values.at("lr"), kInf);
        QCOMPARE(first.values.at("x"), -kInf);
        QCOMPARE(first.values.at("big"), 18446744073709551615.0);
        QCOMPARE(first.wallTime, 0.0);

        const MetricsReadResult finished = readMetricsLog(path);  // a finished file: the last line counts
        QCOMPARE(finished.rows.size(), std::size_t{2});
        QCOMPARE(finished.rows[1].values.at("loss"), 1e-3);
        QVERIFY(!finished.rows[1].eval);
    }

    void metricsWriterEndsATornLineBeforeAppending() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("metrics.jsonl")).toStdString();
        writeFile(path, "{\"step\":1,\"loss\":2}\n{\"step\":2,\"lo");  // a writer died mid-line
        {
            MetricsLogWriter writer(path);
            writer.append(MetricsRow{3, false, {{"loss", 1.5}}, 10.0});
        }
        const MetricsReadResult result = readMetricsLog(path);
        QCOMPARE(result.rows.size(), std::size_t{2});
        QCOMPARE(result.rows[1].step, std::int64_t{3});
        QCOMPARE(result.warnings.size(), std::size_t{1});
        QCOMPARE(result.warnings[0].line, std::uint64_t{2});
    }

    void metricsFullDiskNeverJoinsTwoRows() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("metrics.jsonl")).toStdString();
        MetricsLogWriter writer(path);
        writer.append(MetricsRow{1, false, {{"loss", 3.0}}, 1.0});
        const std::uint64_t size = fs::file_size(path);
        int failures = 0;
        withFileSizeLimit(size + 10, [&] {
            for (std::int64_t step : {2, 3}) {  // step 2 is cut after 10 bytes, step 3 gets none
                try {
                    writer.append(MetricsRow{step, false, {{"loss", 2.0}}, 2.0});
                } catch (const InputError&) {
                    ++failures;
                }
            }
        });
        QCOMPARE(failures, 2);
        writer.append(MetricsRow{4, false, {{"loss", 1.0}}, 4.0});
        const MetricsReadResult result = readMetricsLog(path);
        QVERIFY(result.warnings.empty());
        QCOMPARE(result.rows.size(), std::size_t{3});
        QCOMPARE(result.rows[1].step, std::int64_t{2});
        QCOMPARE(result.rows[2].step, std::int64_t{4});
    }

    void metricsMissingShrunkAndRandomFiles() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("metrics.jsonl")).toStdString();
        MetricsLogReader reader(path);
        QVERIFY(reader.readNew().rows.empty());  // the trainer has not started yet
        QVERIFY_THROWS_EXCEPTION(InputError, readMetricsLog(path));
        writeFile(path, R"({"step":1})" "\n");
        QCOMPARE(reader.readNew().rows.size(), std::size_t{1});
        writeFile(path, "");
        QVERIFY_THROWS_EXCEPTION(InputError, reader.readNew());

        std::mt19937_64 random(5);
        for (int round = 0; round < 500; ++round) {
            std::string bytes(random() % 400, '\0');
            for (char& byte : bytes) byte = static_cast<char>(random() % 4 == 0 ? '\n' : random());
            writeFile(path, bytes);
            const MetricsReadResult result = readMetricsLog(path);
            QVERIFY(result.rows.size() + result.warnings.size() <= bytes.size() + 1);
        }
    }
};

QTEST_APPLESS_MAIN(TestRunFiles)
#include "test_run_files.moc"
