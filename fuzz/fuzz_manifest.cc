// Fuzz target: the agent's reader of a node's manifest (agent/core/manifest.h, LoadManifest):
// the document is checked against schemas/manifest.schema.json, then parsed. An agent reads
// manifests from a store other hosts write to, so no bytes may crash it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/manifest.h"
#include "scratch.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace toscac;
  static fuzz::ScratchDir dir;
  std::string error;
  agent::LoadManifest(dir.Write("manifest.json", data, size), error);
  return 0;
}
