#include "yaml/digest.h"

#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace toscac::yaml {
namespace {

// The layout, all integers as LEB128 varints:
//   "TYD2" depth alias_nodes node_count root
//   per node, in first-visit pre-order (keys before values):
//     flags (kind | plain << 2 | has_tag << 3 | deferred << 4) line column end_column
//     [tag: size bytes] [deferred: size_in_bytes descendants]
//     [scalar: size bytes] [sequence: n item...] [map: n (key value+1)...]
// Nodes are named by their index, so an aliased node is written once and shared again.
// A type definition (the value of an entry of a root section whose name ends in "_types")
// whose subtree shares no node with the rest is "deferred": its size in bytes and its count of
// descendants let a lazy reader skip it (the records that follow are the same either way).
constexpr std::string_view kMagic = "TYD2";
constexpr std::uint64_t kDeferredFlag = 16;

// The type definitions of a profile's root map: the collections a lazy reading may defer.
std::unordered_set<const Node*> TypeDefinitions(const Node* root) {
  std::unordered_set<const Node*> out;
  if (root == nullptr) return out;
  constexpr std::string_view kSuffix = "_types";
  for (const Entry& section : root->entries()) {
    std::string_view key = section.key->IsScalar() ? section.key->value() : "";
    if (key.size() <= kSuffix.size() || key.substr(key.size() - kSuffix.size()) != kSuffix ||
        section.value == nullptr) {
      continue;
    }
    for (const Entry& type : section.value->entries()) {
      if (type.value != nullptr && (type.value->IsMap() || type.value->IsSequence())) {
        out.insert(type.value);
      }
    }
  }
  return out;
}

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
    ++references_[n];
    if (!index_.emplace(n, order_.size()).second) {
      info_.alias_nodes += Weight(n);  // a second reference: an alias
      return;
    }
    order_.push_back(n);
    std::size_t first = order_.size() - 1;
    if (n->IsSequence() || n->IsMap()) info_.depth = std::max(info_.depth, level + 1);
    for (const Node* item : n->items()) Visit(item, level + 1);
    for (const Entry& e : n->entries()) {
      Visit(e.key, level + 1);
      if (e.value != nullptr) Visit(e.value, level + 1);
    }
    sizes_.resize(order_.size());
    sizes_[first] = order_.size() - first;
  }

  std::uint64_t Index(const Node* n) const { return index_.at(n); }
  const std::vector<const Node*>& order() const { return order_; }
  const DigestInfo& info() const { return info_; }
  // Nodes in the subtree of the i-th node, itself included, first visits only.
  std::size_t Size(std::size_t i) const { return sizes_[i]; }

  // The subtree of the i-th node neither shares a node with the rest of the tree nor refers to
  // one outside: it can be decoded on its own.
  bool Closed(std::size_t i) const {
    std::size_t end = i + Size(i);
    for (std::size_t k = i + 1; k < end; ++k) {
      const Node* n = order_[k];
      if (references_.at(n) != 1) return false;
      auto inside = [&](const Node* c) {
        std::uint64_t at = Index(c);
        return at > i && at < end;
      };
      for (const Node* item : n->items()) {
        if (!inside(item)) return false;
      }
      for (const Entry& e : n->entries()) {
        if (!inside(e.key) || (e.value != nullptr && !inside(e.value))) return false;
      }
    }
    const Node* n = order_[i];
    for (const Node* item : n->items()) {
      if (references_.at(item) != 1) return false;
    }
    for (const Entry& e : n->entries()) {
      if (references_.at(e.key) != 1 || (e.value != nullptr && references_.at(e.value) != 1))
        return false;
    }
    return true;
  }

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
  std::unordered_map<const Node*, std::uint64_t> references_;
  std::vector<const Node*> order_;
  std::vector<std::size_t> sizes_;
  DigestInfo info_;
};

// A node's items or entries, as child indices.
void PutChildren(std::string& out, const Node* n, const Indexer& indexer) {
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

void PutHeader(std::string& out, const Node* n, bool deferred) {
  bool has_tag = !n->tag().empty();
  PutVarint(out, static_cast<std::uint64_t>(n->kind) | (n->plain ? 4 : 0) | (has_tag ? 8 : 0) |
                     (deferred ? kDeferredFlag : 0));
  PutVarint(out, n->location.line);
  PutVarint(out, n->location.column);
  PutVarint(out, n->location.end_column);
  if (has_tag) PutString(out, n->tag());
}

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
  // The next string as a view of the bytes themselves.
  bool View(std::string_view& s) {
    std::uint64_t size = 0;
    if (!Varint(size) || size > bytes_.size() - pos_) return false;
    s = bytes_.substr(pos_, size);
    pos_ += size;
    return true;
  }
  bool Skip(std::uint64_t size) {
    if (size > bytes_.size() - pos_) return false;
    pos_ += size;
    return true;
  }
  bool Magic() {
    if (bytes_.substr(0, kMagic.size()) != kMagic) return false;
    pos_ = kMagic.size();
    return true;
  }
  std::size_t pos() const { return pos_; }
  void Seek(std::size_t pos) { pos_ = pos; }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

bool ReadHeader(Reader& in, DigestInfo& info) {
  return in.Magic() && in.Varint(info.depth) && in.Varint(info.alias_nodes);
}

// Node slots by index, made when first named: a child may come after its parent.
class Slots {
 public:
  Slots(Document& doc, std::size_t count, std::size_t base)
      : doc_(doc), nodes_(count, nullptr), base_(base) {}
  // The node of index `i`, or nullptr when `i` is not in range.
  Node* At(std::uint64_t i) {
    if (i < base_ || i - base_ >= nodes_.size()) return nullptr;
    Node*& n = nodes_[i - base_];
    if (n == nullptr) n = &doc_.NewNode();
    return n;
  }
  void Put(std::uint64_t i, Node* n) { nodes_[i - base_] = n; }

  // Scratch for one collection's items or entries, before the document copies them.
  std::vector<const Node*> items;
  std::vector<Entry> entries;

 private:
  Document& doc_;
  std::vector<Node*> nodes_;
  std::size_t base_;
};

// A node's header; `deferred` tells whether a size and a count of descendants follow.
bool ReadNodeHeader(Reader& in, diag::FileId file, Document& doc, Node& n, bool& deferred) {
  std::uint64_t flags = 0;
  if (!in.Varint(flags) || flags >= 32) return false;
  n.kind = static_cast<Kind>(flags & 3);
  n.plain = (flags & 4) != 0;
  deferred = (flags & kDeferredFlag) != 0;
  if (deferred && n.kind != Kind::kMap && n.kind != Kind::kSequence) return false;
  n.location.file = file;
  if (!in.U32(n.location.line) || !in.U32(n.location.column) || !in.U32(n.location.end_column))
    return false;
  if ((flags & 8) != 0) {
    std::string_view tag;
    if (!in.View(tag)) return false;
    doc.SetTag(n, tag);
  }
  return true;
}

// A node's value: a scalar's text, or the items or entries of a collection. A scalar's text
// stays in `in`'s bytes when they outlive the document (`keep_views`), else it is copied.
bool ReadNodeBody(Reader& in, Slots& slots, Document& doc, bool keep_views, Node& n) {
  if (n.kind == Kind::kScalar) {
    std::string_view value;
    if (!in.View(value)) return false;
    n.SetValue(keep_views ? value : doc.Text(value));
    return true;
  }
  std::uint64_t count = 0;
  if (n.kind == Kind::kSequence) {
    if (!in.Varint(count)) return false;
    std::vector<const Node*>& items = slots.items;
    items.clear();
    for (std::uint64_t k = 0, i = 0; k < count; ++k) {
      const Node* item = in.Varint(i) ? slots.At(i) : nullptr;
      if (item == nullptr) return false;
      items.push_back(item);
    }
    doc.SetItems(n, items);
    return true;
  }
  if (n.kind != Kind::kMap) return true;
  if (!in.Varint(count)) return false;
  std::vector<Entry>& entries = slots.entries;
  entries.clear();
  for (std::uint64_t k = 0, key = 0, value = 0; k < count; ++k) {
    if (!in.Varint(key) || !in.Varint(value)) return false;
    const Node* key_node = slots.At(key);
    const Node* value_node = value == 0 ? nullptr : slots.At(value - 1);
    if (key_node == nullptr || (value != 0 && value_node == nullptr)) return false;
    entries.push_back(Entry{key_node, value_node});
  }
  doc.SetEntries(n, entries);
  return true;
}

// Where a deferred collection's body starts, and the indices of its descendants.
struct Pending {
  std::size_t pos = 0;
  std::uint64_t index = 0, descendants = 0;
};

// Reads the records of nodes [first, end) from `in`. When `lazy`, a deferred collection is
// left with no items or entries and its place noted in `pending`. `keep_views`: see
// ReadNodeBody.
bool ReadRecords(Reader& in, Slots& slots, std::uint64_t first, std::uint64_t end,
                 diag::FileId file, Document& doc, bool lazy, bool keep_views,
                 std::unordered_map<const Node*, Pending>* pending) {
  for (std::uint64_t i = first; i < end; ++i) {
    Node* n = slots.At(i);
    bool deferred = false;
    if (n == nullptr || !ReadNodeHeader(in, file, doc, *n, deferred)) return false;
    if (deferred) {
      std::uint64_t size = 0, descendants = 0;
      if (!in.Varint(size) || !in.Varint(descendants) || descendants >= end - i) return false;
      if (lazy) {
        pending->emplace(n, Pending{in.pos(), i, descendants});
        if (!in.Skip(size)) return false;
        i += descendants;
        continue;
      }
    }
    if (!ReadNodeBody(in, slots, doc, keep_views, *n)) return false;
  }
  return true;
}

// Decodes the deferred collections of a tree read lazily, when asked.
class DigestExpander : public Document::Expander {
 public:
  DigestExpander(std::string_view bytes, diag::FileId file,
                 std::unordered_map<const Node*, Pending> pending)
      : bytes_(bytes), file_(file), pending_(std::move(pending)) {}

  void Expand(Document& doc, const Node& n) override {
    if (auto it = pending_.find(&n); it != pending_.end()) {
      Pending p = it->second;
      pending_.erase(it);
      Decode(doc, const_cast<Node&>(n), p);
      return;  // a deferred subtree holds no other deferred one
    }
    for (const Node* item : n.items()) Expand(doc, *item);
    for (const Entry& e : n.entries()) {
      Expand(doc, *e.key);
      if (e.value != nullptr) Expand(doc, *e.value);
    }
  }

 private:
  // The build checked the digest with a lazy read and full expansion (embed_profiles.cc), so a
  // failure here leaves the collection empty rather than guessing.
  void Decode(Document& doc, Node& n, const Pending& p) {
    Reader in(bytes_);
    in.Seek(p.pos);
    Slots slots(doc, p.descendants + 1, p.index);
    slots.Put(p.index, &n);
    if (!ReadNodeBody(in, slots, doc, true, n) ||
        !ReadRecords(in, slots, p.index + 1, p.index + 1 + p.descendants, file_, doc, false, true,
                     nullptr)) {
      if (n.IsMap()) n.SetEntries({});
      if (n.IsSequence()) n.SetItems({});
    }
  }

  std::string_view bytes_;
  diag::FileId file_;
  std::unordered_map<const Node*, Pending> pending_;
};

}  // namespace

std::string Digest(const Document& doc) {
  Indexer indexer;
  if (doc.root() != nullptr) indexer.Visit(doc.root(), 0);
  std::string out(kMagic);
  PutVarint(out, indexer.info().depth);
  PutVarint(out, indexer.info().alias_nodes);
  PutVarint(out, indexer.order().size());
  const auto& order = indexer.order();
  const std::unordered_set<const Node*> types = TypeDefinitions(doc.root());
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Node* n = order[i];
    bool deferred = types.count(n) > 0 && indexer.Size(i) > 1 && indexer.Closed(i);
    PutHeader(out, n, deferred);
    if (!deferred) {
      if (n->IsScalar()) PutString(out, n->value());
      PutChildren(out, n, indexer);
      continue;
    }
    std::string body;
    PutChildren(body, n, indexer);
    std::size_t end = i + indexer.Size(i);
    for (std::size_t k = i + 1; k < end; ++k) {
      PutHeader(body, order[k], false);
      if (order[k]->IsScalar()) PutString(body, order[k]->value());
      PutChildren(body, order[k], indexer);
    }
    PutVarint(out, body.size());
    PutVarint(out, end - i - 1);
    out += body;
    i = end - 1;
  }
  return out;
}

bool ReadDigestInfo(std::string_view bytes, DigestInfo& info) {
  Reader in(bytes);
  return ReadHeader(in, info) && in.Varint(info.nodes);
}

bool Undigest(std::string_view bytes, diag::FileId file, Document& doc, Undigesting how) {
  Reader in(bytes);
  DigestInfo info;
  std::uint64_t count = 0;
  if (!ReadHeader(in, info) || !in.Varint(count) || count == 0 || count > bytes.size()) {
    return false;
  }
  bool lazy = how == Undigesting::kLazily;
  std::unordered_map<const Node*, Pending> pending;
  Slots slots(doc, count, 0);
  // Read lazily, the bytes outlive the document: its scalars can stay in them.
  if (!ReadRecords(in, slots, 0, count, file, doc, lazy, lazy, &pending)) return false;
  doc.set_root(slots.At(0));
  if (lazy && !pending.empty()) {
    doc.set_expander(std::make_unique<DigestExpander>(bytes, file, std::move(pending)));
  }
  return true;
}

}  // namespace toscac::yaml
