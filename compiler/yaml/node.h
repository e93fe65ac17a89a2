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

// The most bytes a scalar, items a sequence or entries a map may hold: Load refuses larger
// files.
inline constexpr std::size_t kMaxCount = 0xFFFFFFFF;

class Node;

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

// 32 bytes: a large template has a node per 9 bytes of YAML, so the tree is most of the
// compiler's memory. A scalar's text, a sequence's items and a map's entries share one pointer
// and one count, so each is read through its accessor, which is empty for the other kinds. A
// tag is rare: a tagged node points at its tag and its data through a Tagged (Document::SetTag).
class Node {
 public:
  Kind kind = Kind::kNull;
  // A plain (unquoted) scalar: its type is inferred (123 is an integer, "123" a string).
  bool plain = true;

 private:
  bool tagged_ = false;  // data_ points at a Tagged; declared here to fill the padding

 public:
  diag::Location location;

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsMap() const { return kind == Kind::kMap; }
  bool IsSequence() const { return kind == Kind::kSequence; }

  // An explicit tag such as "tag:yaml.org,2002:str"; empty when none.
  std::string_view tag() const {
    return tagged_ ? std::string_view(*static_cast<const Tagged*>(data_)->tag) : "";
  }
  // kScalar only (empty otherwise): its bytes belong to the Document (Document::Text), or to
  // the source text it was loaded from (Load).
  std::string_view value() const {
    return kind == Kind::kScalar ? std::string_view(static_cast<const char*>(Data()), size_)
                                 : std::string_view();
  }
  // kSequence only (empty otherwise).
  Span<const Node*> items() const {
    return kind == Kind::kSequence
               ? Span<const Node*>(static_cast<const Node* const*>(Data()), size_)
               : Span<const Node*>();
  }
  // kMap only (empty otherwise), in source order.
  Span<Entry> entries() const {
    return kind == Kind::kMap ? Span<Entry>(static_cast<const Entry*>(Data()), size_)
                              : Span<Entry>();
  }

  // The value of `key` in a map, or nullptr (also for non-maps).
  const Node* Find(std::string_view key) const;
  // The map entry with `key`, or nullptr.
  const Entry* FindEntry(std::string_view key) const;

  // Point the node at text, items or entries that outlive it (the Document's, usually; see
  // Document::Text, SetItems and SetEntries), and set its kind to match.
  void SetValue(std::string_view value);
  void SetItems(Span<const Node*> items);
  void SetEntries(Span<Entry> entries);

 private:
  friend class Document;
  struct Tagged {
    const std::string* tag;
    const void* data;
  };
  const void* Data() const { return tagged_ ? static_cast<const Tagged*>(data_)->data : data_; }
  void SetData(const void* data, std::size_t size);

  std::uint32_t size_ = 0;      // bytes of the value, items or entries
  const void* data_ = nullptr;  // the value's bytes, the items or the entries; or a Tagged
};

// "a map", "a sequence", "null", "a string"... for messages ("expected a map, got a sequence").
std::string_view Describe(const Node& node);

// Owns a tree's nodes and their arrays, in chunks: no allocation per node, item or entry.
// Nodes never move, so pointers to them stay valid while the Document lives.
class Document {
 public:
  Document() = default;
  ~Document();
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
  // Gives the node a tag (its text stored once per document), before or after its data.
  void SetTag(Node& n, std::string_view tag);

  const Node* root() const { return root_; }
  void set_root(const Node* root) { root_ = root; }
  std::size_t NodeCount() const { return node_count_; }

  // A tree read lazily from a digest (digest.h) holds collections whose items or entries are
  // not decoded yet; Expand(n) decodes every one of them under `n`, which then reads as if it
  // had been decoded from the start. Without an expander it does nothing.
  class Expander {
   public:
    virtual ~Expander() = default;
    virtual void Expand(Document& doc, const Node& n) = 0;
  };
  void set_expander(std::unique_ptr<Expander> expander) { expander_ = std::move(expander); }
  void Expand(const Node& n) {
    if (expander_ != nullptr) expander_->Expand(*this, n);
  }

 private:
  void* Allocate(std::size_t bytes, std::size_t align);

  // Raw storage: a node is constructed when it is handed out, so the pages of a chunk are
  // touched as it fills (a page touched costs more than the node written to it).
  struct NodeChunk {
    std::unique_ptr<std::byte[]> storage;
    std::size_t used = 0;
  };
  std::vector<NodeChunk> node_chunks_;
  std::size_t chunk_size_ = 0, node_count_ = 0;
  std::vector<std::unique_ptr<std::byte[]>> blocks_, large_;
  std::size_t block_used_ = 0, block_size_ = 0;
  std::set<std::string, std::less<>> tags_;
  const Node* root_ = nullptr;
  std::unique_ptr<Expander> expander_;
};

}  // namespace toscac::yaml
