#include "ui/file_kind.h"

#include "ui/checkpoint_info.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>

namespace maskscope::ui {

namespace {

constexpr qint64 kSniffBytes = 4096;

bool endsWith(const QString& path, const char* suffix) {
    return path.endsWith(QLatin1String(suffix), Qt::CaseInsensitive);
}

// True when `bytes` is UTF-8 except possibly for a character cut off at the end.
bool looksLikeUtf8(const QByteArray& bytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.constData());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i];
        int extra = 0;
        if (c < 0x80) extra = 0;
        else if ((c & 0xE0) == 0xC0 && c >= 0xC2) extra = 1;
        else if ((c & 0xF0) == 0xE0) extra = 2;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4) extra = 3;
        else return false;
        for (int k = 1; k <= extra; ++k) {
            if (i + k >= n) return true;  // cut off by the sniffing window
            if ((p[i + k] & 0xC0) != 0x80) return false;
        }
        i += 1 + extra;
    }
    return true;
}

}  // namespace

FileKind detectFileKind(const QString& path) {
    if (QFileInfo(path).isDir()) return isCheckpointPath(path) ? FileKind::Checkpoint : FileKind::Unknown;
    if (endsWith(path, ".model")) return FileKind::Tokenizer;
    if (endsWith(path, ".maskscope") || endsWith(path, ".maskscope-session.json")) return FileKind::Session;
    if (endsWith(path, ".annotations.jsonl")) return FileKind::Annotations;

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return FileKind::Unknown;
    const QByteArray head = file.read(kSniffBytes);
    if (head.isEmpty()) return FileKind::Corpus;  // an empty corpus; opening it says so
    const qsizetype newline = head.indexOf('\n');
    const QByteArray firstLine = newline >= 0 ? head.left(newline) : head;
    const QByteArray compact = QByteArray(firstLine).replace(' ', QByteArray());
    if (compact.contains("\"format\":\"maskscope-annotations\"")) return FileKind::Annotations;
    if (compact.contains("\"format\":\"maskscope-session\"")) return FileKind::Session;
    if (head.contains('\0')) return FileKind::Tokenizer;
    return looksLikeUtf8(head) ? FileKind::Corpus : FileKind::Tokenizer;
}

QString fileKindName(FileKind kind) {
    switch (kind) {
    case FileKind::Corpus: return QCoreApplication::translate("FileKind", "corpus");
    case FileKind::Tokenizer: return QCoreApplication::translate("FileKind", "tokenizer");
    case FileKind::Annotations: return QCoreApplication::translate("FileKind", "annotations");
    case FileKind::Session: return QCoreApplication::translate("FileKind", "session");
    case FileKind::Checkpoint: return QCoreApplication::translate("FileKind", "checkpoint");
    case FileKind::Unknown: break;
    }
    return QCoreApplication::translate("FileKind", "unknown file");
}

}  // namespace maskscope::ui
