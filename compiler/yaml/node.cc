#include "yaml/node.h"

namespace toscac::yaml {

const Entry* Node::FindEntry(std::string_view key) const {
  for (const Entry& e : entries) {
    if (e.key->IsScalar() && e.key->value == key) return &e;
  }
  return nullptr;
}

const Node* Node::Find(std::string_view key) const {
  const Entry* e = FindEntry(key);
  return e ? e->value : nullptr;
}

std::string_view Describe(const Node& node) {
  switch (node.kind) {
    case Kind::kNull:
      return "null";
    case Kind::kMap:
      return "a map";
    case Kind::kSequence:
      return "a sequence";
    case Kind::kScalar:
      return "a scalar";
  }
  return "a value";
}

}  // namespace toscac::yaml
