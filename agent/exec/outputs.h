// A step's outputs: it writes `name=value` lines to the file named by $TOSCA_OUTPUTS.
//
//   # a comment; blank lines are skipped too
//   url=http://10.0.0.5:8080/?a=b      -> url: "http://10.0.0.5:8080/?a=b"
//   empty=                             -> empty: ""
//   padded=  kept as is  \r\n          -> padded: "  kept as is  "
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace toscac::agent::exec {

// A script gone wrong must not fill the agent's memory or the store.
inline constexpr std::size_t kMaxOutputsBytes = 1 << 20;

struct Outputs {
  std::vector<std::pair<std::string, std::string>> values;  // in order of first appearance
  std::vector<std::string> errors;  // "line 3: expected 'name=value', found 'oops'"
};

// Names match [A-Za-z_][A-Za-z0-9_.-]*; the value is the rest of the line after the first
// '=', verbatim but for one trailing "\r". Lines that are empty or start with '#' are
// skipped; a later value of a name replaces the earlier one. A missing file gives nothing and
// no error; a file over kMaxOutputsBytes gives only an error, no values.
Outputs ReadOutputs(const std::string& path);

}  // namespace toscac::agent::exec
