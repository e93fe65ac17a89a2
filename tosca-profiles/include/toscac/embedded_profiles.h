#pragma once
// The profile YAML files of tosca-profiles/, compiled into the binary by toscac_embed
// (tosca-profiles/embed_profiles.cc), each with the digest of its located YAML tree.
#include <string_view>

namespace toscac::profiles {

struct EmbeddedFile {
  std::string_view name;  // file name, e.g. "tosca_simple_yaml_1_3.yaml"
  std::string_view text;
  std::string_view digest;  // yaml::Digest of the file's tree (compiler/yaml/digest.h)
};

// Returns the embedded file with that name, or nullptr.
const EmbeddedFile* FindEmbedded(std::string_view name);

}  // namespace toscac::profiles
