// Fuzz target: the fast YAML scanner (compiler/yaml/fast_scanner.h) against libyaml. Whatever
// the fast scanner accepts, libyaml must accept too and read into the same events; any
// difference aborts, with both readings on stderr.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "yaml/event_dump.h"
#include "yaml/fast_scanner.h"
#include "yaml/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace toscac::yaml;
  std::string text(reinterpret_cast<const char*>(data), size);
  EventDump fast;
  if (!FastScan(text, fast)) return 0;
  EventDump slow;
  bool read = LibyamlScan(text, slow);
  if (read && fast.text() == slow.text()) return 0;
  std::fprintf(stderr, "fast scanner and libyaml differ%s\n--- fast\n%s--- libyaml\n%s",
               read ? "" : " (libyaml refuses the text)", fast.text().c_str(), slow.text().c_str());
  std::abort();
}
