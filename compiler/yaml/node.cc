#include "yaml/node.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>

namespace toscac::yaml {

namespace {
// Chunks grow from small (a typical template is a few hundred nodes) to large.
constexpr std::size_t kFirstNodes = 64, kMostNodes = 4096;
constexpr std::size_t kFirstBlock = 1024, kMostBlock = 1 << 16;

// A node's count of bytes, items or entries. The loader refuses larger files (Load), so a
// larger count is a bug.
std::uint32_t Count(std::size_t size) {
  if (size > kMaxCount) throw std::length_error("a YAML node larger than 4 GiB");
  return static_cast<std::uint32_t>(size);
}
}  // namespace

static_assert(sizeof(Node) <= 32, "a node per 9 bytes of YAML: keep it small");

const Entry* Node::FindEntry(std::string_view key) const {
  for (const Entry& e : entries()) {
    if (e.key->IsScalar() && e.key->value() == key) return &e;
  }
  return nullptr;
}

const Node* Node::Find(std::string_view key) const {
  const Entry* e = FindEntry(key);
  return e ? e->value : nullptr;
}

void Node::SetData(const void* data, std::size_t size) {
  size_ = Count(size);
  if (!tagged_) {
    data_ = data;
    return;
  }
  // The Tagged was made by the Document for this node alone (SetTag).
  const_cast<Tagged*>(static_cast<const Tagged*>(data_))->data = data;
}

void Node::SetValue(std::string_view value) {
  kind = Kind::kScalar;
  SetData(value.data(), value.size());
}

void Node::SetItems(Span<const Node*> items) {
  kind = Kind::kSequence;
  SetData(items.begin(), items.size());
}

void Node::SetEntries(Span<Entry> entries) {
  kind = Kind::kMap;
  SetData(entries.begin(), entries.size());
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

Document::~Document() {
  for (NodeChunk& chunk : node_chunks_) {
    Node* nodes = reinterpret_cast<Node*>(chunk.storage.get());
    std::destroy(nodes, nodes + chunk.used);
  }
}

Node& Document::NewNode() {
  static_assert(alignof(Node) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__);
  if (node_chunks_.empty() || node_chunks_.back().used == chunk_size_) {
    chunk_size_ = chunk_size_ == 0 ? kFirstNodes : std::min(chunk_size_ * 2, kMostNodes);
    node_chunks_.push_back(
        NodeChunk{std::make_unique_for_overwrite<std::byte[]>(chunk_size_ * sizeof(Node)), 0});
  }
  NodeChunk& chunk = node_chunks_.back();
  Node* n = new (chunk.storage.get() + chunk.used * sizeof(Node)) Node();
  ++chunk.used;
  ++node_count_;
  return *n;
}

void* Document::Allocate(std::size_t bytes, std::size_t align) {
  block_used_ = (block_used_ + align - 1) / align * align;
  if (bytes > kMostBlock / 4) {  // a large array gets a block of its own
    large_.push_back(std::make_unique_for_overwrite<std::byte[]>(bytes));
    return large_.back().get();
  }
  if (block_used_ + bytes > block_size_ || blocks_.empty()) {
    // Blocks grow by doubling, and a block is always large enough for what it is made for
    // (at most kMostBlock / 4 here): the first block of a document may be made for a
    // thousand items or a long scalar.
    std::size_t next = block_size_ == 0 ? kFirstBlock : std::min(block_size_ * 2, kMostBlock);
    block_size_ = std::max(next, bytes);
    blocks_.push_back(std::make_unique_for_overwrite<std::byte[]>(block_size_));
    block_used_ = 0;
  }
  void* p = blocks_.back().get() + block_used_;
  block_used_ += bytes;
  return p;
}

void Document::SetItems(Node& n, const Node* const* data, std::size_t size) {
  if (size == 0) {
    n.SetItems({});
    return;
  }
  auto* copy = static_cast<const Node**>(Allocate(size * sizeof(const Node*), alignof(Entry)));
  std::memcpy(copy, data, size * sizeof(const Node*));
  n.SetItems(Span<const Node*>(copy, size));
}

void Document::SetEntries(Node& n, const Entry* data, std::size_t size) {
  if (size == 0) {
    n.SetEntries({});
    return;
  }
  auto* copy = static_cast<Entry*>(Allocate(size * sizeof(Entry), alignof(Entry)));
  std::memcpy(copy, data, size * sizeof(Entry));
  n.SetEntries(Span<Entry>(copy, size));
}

std::string_view Document::Text(std::string_view text) {
  if (text.empty()) return {};
  auto* copy = static_cast<char*>(Allocate(text.size(), 1));
  std::memcpy(copy, text.data(), text.size());
  return {copy, text.size()};
}

void Document::SetTag(Node& n, std::string_view tag) {
  auto it = tags_.find(tag);
  if (it == tags_.end()) it = tags_.emplace(tag).first;
  if (n.tagged_) {
    const_cast<Node::Tagged*>(static_cast<const Node::Tagged*>(n.data_))->tag = &*it;
    return;
  }
  auto* tagged = static_cast<Node::Tagged*>(Allocate(sizeof(Node::Tagged), alignof(Node::Tagged)));
  *tagged = Node::Tagged{&*it, n.data_};
  n.data_ = tagged;
  n.tagged_ = true;
}

}  // namespace toscac::yaml
