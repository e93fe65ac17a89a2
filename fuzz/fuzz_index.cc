// Fuzz target: the agent's reader of a deployment's index.json (agent/core/manifest.h,
// LoadIndex), the first file an agent reads. Like the manifests it may come from a store other
// hosts write to, so no bytes may crash it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/manifest.h"
#include "scratch.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace toscac;
  static fuzz::ScratchDir dir;
  std::string error;
  agent::LoadIndex(dir.Write("index.json", data, size), error);
  return 0;
}
