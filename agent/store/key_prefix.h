// Prefix ranges over byte-string keys, as etcd does them: the keys under "/a/b/" are those in
// ["/a/b/", PrefixEnd("/a/b/")) = ["/a/b/", "/a/b0"). A prefix is plain bytes, not a path:
// "/a/b" covers "/a/bc" too, so callers end their prefixes with "/".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace toscac::agent::store {

// The smallest key greater than every key that starts with prefix: the prefix without its
// trailing 0xFF bytes, last byte plus one. nullopt when there is none (an empty prefix or only
// 0xFF bytes): the range then has no upper end.
std::optional<std::string> PrefixEnd(std::string_view prefix);

}  // namespace toscac::agent::store
