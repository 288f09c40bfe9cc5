// Crash-safe replacement of files that users keep (annotations, run configs): a reader sees either
// the complete old contents or the complete new contents, never a torn mix.
#pragma once

#include <string>
#include <string_view>

namespace maskscope {

// Replaces the file at `path` with `contents`.
//
// The bytes go to a fresh temporary file in the same directory (so the final rename stays on one
// file system), which is flushed to disk with fsync, renamed over `path`, and then the directory
// itself is fsynced so that the rename survives a power loss. A new file gets the usual
// permissions (0666 less the umask); an existing file keeps its permission bits. When `path` is a
// symbolic link, the file it points to is replaced and the link stays.
//
// Throws InputError naming `path`, the step that failed and the system's reason (strerror). When
// anything up to and including the rename fails, the previous file is untouched and the
// temporary file has been removed. Only a failure to sync the directory after the rename is
// reported with the new contents already in place.
void writeFileAtomically(const std::string& path, std::string_view contents);

}  // namespace maskscope
