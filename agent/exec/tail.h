// The end of a step's log, for the error report of a failed step.
#pragma once

#include <cstddef>
#include <string>

namespace toscac::agent::exec {

// The last `max_lines` lines of the file, at most `max_bytes` bytes of them, joined by '\n'
// without a final one. A line cut by the byte limit is left out, unless it is the only one:
// then its end is kept. Invalid UTF-8 becomes U+FFFD, so the text can go into JSON or a
// terminal as it is. "" for a missing or unreadable file.
//   Tail("/var/log/shop/db.create.log", 2) == "ERROR: relation exists\nexit 1"
std::string Tail(const std::string& path, int max_lines = 20, std::size_t max_bytes = 4096);

}  // namespace toscac::agent::exec
