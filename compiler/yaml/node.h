#pragma once
// The located YAML tree: every scalar, map and sequence keeps its file, line and column.
// Built from libyaml's events by Load() (loader.h). Nodes live in their Document's arena;
// an alias shares the anchored node, so the tree is a DAG whose expanded size is bounded.
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "diag/location.h"

namespace toscac::yaml {

enum class Kind : std::uint8_t { kNull, kScalar, kSequence, kMap };

struct Node;

struct Entry {
  const Node* key;  // usually a scalar; TOSCA allows function calls as keys of map values
  const Node* value;
};

struct Node {
  Kind kind = Kind::kNull;
  // A plain (unquoted) scalar: its type is inferred (123 is an integer, "123" a string).
  bool plain = true;
  diag::Location location;
  std::string tag;    // an explicit tag such as "tag:yaml.org,2002:str"; empty when none
  std::string value;  // kScalar only
  std::vector<const Node*> items;  // kSequence only
  std::vector<Entry> entries;      // kMap only, in source order

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsMap() const { return kind == Kind::kMap; }
  bool IsSequence() const { return kind == Kind::kSequence; }

  // The value of `key` in a map, or nullptr (also for non-maps).
  const Node* Find(std::string_view key) const;
  // The map entry with `key`, or nullptr.
  const Entry* FindEntry(std::string_view key) const;
};

// "a map", "a sequence", "null", "a string"... for messages ("expected a map, got a sequence").
std::string_view Describe(const Node& node);

class Document {
 public:
  Node& NewNode() { return arena_.emplace_back(); }
  const Node* root() const { return root_; }
  void set_root(const Node* root) { root_ = root; }
  std::size_t NodeCount() const { return arena_.size(); }

 private:
  std::deque<Node> arena_;
  const Node* root_ = nullptr;
};

}  // namespace toscac::yaml
