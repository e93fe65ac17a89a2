#pragma once
// A private directory for one fuzz target run: the targets whose entry points read files (the
// imports of `validate`, `--inputs`, the agent's manifests) get their bytes written here.
// Removed with everything in it when the process exits normally; a crash leaves it behind
// under $TMPDIR (or /tmp) as toscac-fuzz-*.
//
//   static ScratchDir dir;
//   std::string path = dir.Write("input.yaml", data, size);
#include <cstddef>
#include <cstdint>
#include <string>

namespace toscac::fuzz {

class ScratchDir {
 public:
  ScratchDir();  // aborts when the directory cannot be made: nothing can be fuzzed then
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `name` (relative, subdirectories are made) and returns its full path.
  std::string Write(const std::string& name, const std::uint8_t* data, std::size_t size);
  std::string Write(const std::string& name, const std::string& text);

 private:
  std::string path_;
};

}  // namespace toscac::fuzz
