// What kind of MaskScope document a file is, so that files given on the command line or dropped on
// the window can be opened without asking.
#pragma once

#include <QtCore/QString>

namespace maskscope::ui {

enum class FileKind { Unknown, Corpus, Tokenizer, Annotations, Session, Checkpoint };

// Decides by name first, then by content:
//   a directory                               checkpoint when it names one (ui/checkpoint_info.h)
//   *.model                                   tokenizer (sentencepiece)
//   *.maskscope, *.maskscope-session.json     session
//   *.annotations.jsonl                       annotations
//   otherwise the first line decides: the annotation header ("format":"maskscope-annotations")
//   means annotations, "format":"maskscope-session" a session; other text (valid UTF-8 without NUL
//   bytes, e.g. .jsonl / .txt corpora) is a corpus, and binary data a tokenizer model.
// A file that cannot be read is Unknown.
FileKind detectFileKind(const QString& path);

// A user-facing name of the kind ("corpus", "tokenizer", ...), translated.
QString fileKindName(FileKind kind);

}  // namespace maskscope::ui
