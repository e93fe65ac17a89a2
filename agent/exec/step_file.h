// Reading the files a step wrote (its outputs, its log). The step may have swapped one for a
// FIFO, where open and read would block the agent, or for a device that never ends.
#pragma once

#include <cstddef>
#include <string>

namespace toscac::agent::exec {

struct StepFile {
  std::string text;
  int error = 0;           // errno; ENOENT for a missing file
  std::string error_text;  // "cannot read 'x': not a regular file", when error != 0
};

// At most `max_bytes` bytes of the regular file at `path`, from `max_bytes` before its end
// (from_end) or from its start. With from_end, `truncated` says whether bytes were left out
// before; from the start, one byte more than max_bytes is read so that the caller sees
// whether the file is larger.
StepFile ReadStepFile(const std::string& path, std::size_t max_bytes, bool from_end,
                      bool* truncated = nullptr);

}  // namespace toscac::agent::exec
