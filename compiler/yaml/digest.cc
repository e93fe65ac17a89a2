#include "yaml/digest.h"

#include <unordered_map>
#include <vector>

namespace toscac::yaml {
namespace {

// The layout, all integers as LEB128 varints:
//   "TYD1" depth alias_nodes node_count root
//   per node, in first-visit pre-order (keys before values):
//     flags (kind | plain << 2 | has_tag << 3) line column end_column
//     [tag: size bytes] [scalar: size bytes] [sequence: n item...] [map: n (key value+1)...]
// Nodes are named by their index, so an aliased node is written once and shared again.
constexpr std::string_view kMagic = "TYD1";

void PutVarint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void PutString(std::string& out, std::string_view s) {
  PutVarint(out, s.size());
  out.append(s);
}

// Numbers the nodes in first-visit pre-order and measures what Load() limits.
class Indexer {
 public:
  void Visit(const Node* n, std::uint64_t level) {
    if (!index_.emplace(n, order_.size()).second) {
      info_.alias_nodes += Weight(n);  // a second reference: an alias
      return;
    }
    order_.push_back(n);
    if (n->IsSequence() || n->IsMap()) info_.depth = std::max(info_.depth, level + 1);
    for (const Node* item : n->items()) Visit(item, level + 1);
    for (const Entry& e : n->entries()) {
      Visit(e.key, level + 1);
      if (e.value != nullptr) Visit(e.value, level + 1);
    }
  }

  std::uint64_t Index(const Node* n) const { return index_.at(n); }
  const std::vector<const Node*>& order() const { return order_; }
  const DigestInfo& info() const { return info_; }

 private:
  // Nodes in the subtree with aliases expanded, as Load() counts them.
  std::uint64_t Weight(const Node* n) {
    if (auto it = weight_.find(n); it != weight_.end()) return it->second;
    std::uint64_t w = 1;
    for (const Node* item : n->items()) w += Weight(item);
    for (const Entry& e : n->entries()) w += Weight(e.key) + (e.value ? Weight(e.value) : 0);
    weight_.emplace(n, w);
    return w;
  }

  std::unordered_map<const Node*, std::uint64_t> index_;
  std::unordered_map<const Node*, std::uint64_t> weight_;
  std::vector<const Node*> order_;
  DigestInfo info_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  bool Varint(std::uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64 && pos_ < bytes_.size(); shift += 7) {
      auto byte = static_cast<unsigned char>(bytes_[pos_++]);
      v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return true;
    }
    return false;
  }
  bool U32(std::uint32_t& v) {
    std::uint64_t wide = 0;
    if (!Varint(wide) || wide > UINT32_MAX) return false;
    v = static_cast<std::uint32_t>(wide);
    return true;
  }
  bool String(std::string& s) {
    std::uint64_t size = 0;
    if (!Varint(size) || size > bytes_.size() - pos_) return false;
    s.assign(bytes_.substr(pos_, size));
    pos_ += size;
    return true;
  }
  bool Magic() {
    if (bytes_.substr(0, kMagic.size()) != kMagic) return false;
    pos_ = kMagic.size();
    return true;
  }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

bool ReadHeader(Reader& in, DigestInfo& info) {
  return in.Magic() && in.Varint(info.depth) && in.Varint(info.alias_nodes);
}

// One node's fields; child indices are checked against `nodes`.
bool ReadNode(Reader& in, const std::vector<Node*>& nodes, diag::FileId file, Document& doc,
              Node& n) {
  std::uint64_t flags = 0;
  if (!in.Varint(flags) || flags >= 16) return false;
  n.kind = static_cast<Kind>(flags & 3);
  n.plain = (flags & 4) != 0;
  n.location.file = file;
  if (!in.U32(n.location.line) || !in.U32(n.location.column) || !in.U32(n.location.end_column))
    return false;
  if ((flags & 8) != 0) {
    std::string tag;
    if (!in.String(tag)) return false;
    doc.SetTag(n, tag);
  }
  if (n.kind == Kind::kScalar) {
    std::string value;
    if (!in.String(value)) return false;
    n.SetValue(doc.Text(value));
    return true;
  }
  auto child = [&](std::uint64_t& i) { return in.Varint(i) && i < nodes.size(); };
  std::uint64_t count = 0;
  if (n.kind == Kind::kSequence) {
    if (!in.Varint(count) || count > nodes.size()) return false;
    std::vector<const Node*> items;
    items.reserve(count);
    for (std::uint64_t k = 0, i = 0; k < count; ++k) {
      if (!child(i)) return false;
      items.push_back(nodes[i]);
    }
    doc.SetItems(n, items);
    return true;
  }
  if (n.kind != Kind::kMap) return true;
  if (!in.Varint(count) || count > nodes.size()) return false;
  std::vector<Entry> entries;
  entries.reserve(count);
  for (std::uint64_t k = 0, key = 0, value = 0; k < count; ++k) {
    if (!child(key) || !in.Varint(value) || value > nodes.size()) return false;
    entries.push_back(Entry{nodes[key], value == 0 ? nullptr : nodes[value - 1]});
  }
  doc.SetEntries(n, entries);
  return true;
}

}  // namespace

std::string Digest(const Document& doc) {
  Indexer indexer;
  if (doc.root() != nullptr) indexer.Visit(doc.root(), 0);
  std::string out(kMagic);
  PutVarint(out, indexer.info().depth);
  PutVarint(out, indexer.info().alias_nodes);
  PutVarint(out, indexer.order().size());
  for (const Node* n : indexer.order()) {
    bool has_tag = !n->tag().empty();
    PutVarint(out, static_cast<std::uint64_t>(n->kind) | (n->plain ? 4 : 0) | (has_tag ? 8 : 0));
    PutVarint(out, n->location.line);
    PutVarint(out, n->location.column);
    PutVarint(out, n->location.end_column);
    if (has_tag) PutString(out, n->tag());
    if (n->IsScalar()) PutString(out, n->value());
    if (n->IsSequence()) {
      PutVarint(out, n->items().size());
      for (const Node* item : n->items()) PutVarint(out, indexer.Index(item));
    }
    if (n->IsMap()) {
      PutVarint(out, n->entries().size());
      for (const Entry& e : n->entries()) {
        PutVarint(out, indexer.Index(e.key));
        PutVarint(out, e.value == nullptr ? 0 : indexer.Index(e.value) + 1);
      }
    }
  }
  return out;
}

bool ReadDigestInfo(std::string_view bytes, DigestInfo& info) {
  Reader in(bytes);
  return ReadHeader(in, info) && in.Varint(info.nodes);
}

bool Undigest(std::string_view bytes, diag::FileId file, Document& doc) {
  Reader in(bytes);
  DigestInfo info;
  std::uint64_t count = 0;
  if (!ReadHeader(in, info) || !in.Varint(count) || count == 0 || count > bytes.size()) {
    return false;
  }
  // Children may come after their parents: make every node first, then fill them in.
  std::vector<Node*> nodes(count);
  for (Node*& n : nodes) n = &doc.NewNode();
  for (Node* n : nodes) {
    if (!ReadNode(in, nodes, file, doc, *n)) return false;
  }
  doc.set_root(nodes[0]);
  return true;
}

}  // namespace toscac::yaml
