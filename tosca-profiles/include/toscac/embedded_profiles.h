#pragma once
// The profile YAML files of tosca-profiles/, compiled into the binary by embed.cmake.
#include <string_view>

namespace toscac::profiles {

struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "tosca_simple_yaml_1_3.yaml"
  std::string_view text;
};

// Returns the embedded file with that name, or nullptr.
const EmbeddedFile* FindEmbedded(std::string_view name);

}  // namespace toscac::profiles
