#pragma once
// The located YAML tree: every scalar, map and sequence keeps its file, line and column.
// Built from libyaml's events by Load() (loader.h). Nodes live in their Document's arena, and
// so do their tags, items and entries; an alias shares the anchored node, so the tree is a DAG
// whose expanded size is bounded.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
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

// A node's items or entries: a read-only view of an array its Document owns (or, for a
// temporary node, of a vector that outlives it). Converts to a vector where one is kept.
template <class T>
class Span {
 public:
  Span() = default;
  Span(const T* data, std::size_t size) : data_(data), size_(size) {}
  explicit Span(const std::vector<T>& v) : data_(v.data()), size_(v.size()) {}

  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  const T& front() const { return data_[0]; }
  const T& back() const { return data_[size_ - 1]; }
  operator std::vector<T>() const { return std::vector<T>(begin(), end()); }  // NOLINT

 private:
  const T* data_ = nullptr;
  std::size_t size_ = 0;
};

struct Node {
  Kind kind = Kind::kNull;
  // A plain (unquoted) scalar: its type is inferred (123 is an integer, "123" a string).
  bool plain = true;
  diag::Location location;
  std::string_view tag;     // an explicit tag such as "tag:yaml.org,2002:str"; empty when none
  std::string_view value;   // kScalar only; its bytes belong to the Document (Document::Text)
  Span<const Node*> items;  // kSequence only
  Span<Entry> entries;      // kMap only, in source order

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

// Owns a tree's nodes and their arrays, in chunks: no allocation per node, item or entry.
// Nodes never move, so pointers to them stay valid while the Document lives.
class Document {
 public:
  Document() = default;
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  Node& NewNode();
  // Copies the items or entries into the document and points the node at the copy.
  void SetItems(Node& n, const Node* const* data, std::size_t size);
  void SetEntries(Node& n, const Entry* data, std::size_t size);
  void SetItems(Node& n, const std::vector<const Node*>& items) {
    SetItems(n, items.data(), items.size());
  }
  void SetEntries(Node& n, const std::vector<Entry>& entries) {
    SetEntries(n, entries.data(), entries.size());
  }
  // A copy of `text` that lives as long as the document: a scalar's value.
  std::string_view Text(std::string_view text);
  // The same tag text, stored once per document.
  std::string_view Tag(std::string_view tag);

  const Node* root() const { return root_; }
  void set_root(const Node* root) { root_ = root; }
  std::size_t NodeCount() const { return node_count_; }

 private:
  void* Allocate(std::size_t bytes, std::size_t align);

  std::vector<std::unique_ptr<Node[]>> node_chunks_;
  std::size_t chunk_used_ = 0, chunk_size_ = 0, node_count_ = 0;
  std::vector<std::unique_ptr<std::byte[]>> blocks_, large_;
  std::size_t block_used_ = 0, block_size_ = 0;
  std::set<std::string, std::less<>> tags_;
  const Node* root_ = nullptr;
};

}  // namespace toscac::yaml
