// 'copy': a node template may start as a copy of another one, then change what it says.
// Values merge deeply (maps key by key; anything else is replaced), as puccini does.
#include "check/context.h"
#include "check/values.h"

namespace toscac::check {

using diag::Code;

namespace {

class CopyResolver {
 public:
  CopyResolver(Context& ctx, const ir::TopologyTemplate& t) : ctx_(ctx), t_(t) {}

  // Templates without 'copy' are used as they are; only the others are made anew, into
  // `storage` (copying every template doubled the memory of the templates).
  std::vector<const ir::NodeTemplate*> Resolve(std::deque<ir::NodeTemplate>& storage) {
    std::vector<const ir::NodeTemplate*> out;
    out.reserve(t_.node_templates.size());
    for (const ir::NodeTemplate& n : t_.node_templates) {
      if (n.copy.Empty()) {
        out.push_back(&n);
        continue;
      }
      storage.push_back(Effective(n, 0));
      out.push_back(&storage.back());
    }
    return out;
  }

 private:
  // The first template of that name, as a scan would find it.
  const ir::NodeTemplate* Find(const std::string& name) {
    if (by_name_.empty()) {
      for (const auto& n : t_.node_templates) by_name_.emplace(n.name.text, &n);
    }
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
  }

  ir::NodeTemplate Effective(const ir::NodeTemplate& n, int depth) {
    if (n.copy.Empty()) return n;
    const ir::NodeTemplate* source = Find(n.copy.text);
    if (source == nullptr) {
      ctx_.diags.Report(Code::N505, n.copy.location,
                        "'copy' names an unknown node template '" + n.copy.text + "'");
      return Poisoned(n);
    }
    if (depth > static_cast<int>(t_.node_templates.size())) {
      ctx_.diags.Report(Code::N512, n.copy.location,
                        "node template '" + n.name.text + "' copies itself through 'copy'");
      return Poisoned(n);
    }
    ir::NodeTemplate base = Effective(*source, depth + 1);
    if (base.type.Empty() && !base.copy.Empty()) return Poisoned(n);
    ir::NodeTemplate out = n;
    if (out.type.Empty()) out.type = base.type;
    out.properties = Merge(base.properties, n.properties);
    out.attributes = Merge(base.attributes, n.attributes);
    if (out.requirements.empty()) out.requirements = base.requirements;
    if (out.capabilities.empty()) out.capabilities = base.capabilities;
    if (out.interfaces.empty()) out.interfaces = base.interfaces;
    if (out.artifacts.empty()) out.artifacts = base.artifacts;
    if (out.directives.empty()) out.directives = base.directives;
    return out;
  }

  static ir::NodeTemplate Poisoned(const ir::NodeTemplate& n) {
    ir::NodeTemplate out;
    out.name = n.name;
    out.location = n.location;
    out.copy = n.copy;
    return out;
  }

  std::vector<ir::Assignment> Merge(const std::vector<ir::Assignment>& base,
                                    const std::vector<ir::Assignment>& over) {
    std::vector<ir::Assignment> out = base;
    for (const ir::Assignment& a : over) {
      bool merged = false;
      for (ir::Assignment& b : out) {
        if (b.name.text != a.name.text) continue;
        b.value = MergeValue(b.value, a.value);
        b.name = a.name;
        merged = true;
      }
      if (!merged) out.push_back(a);
    }
    return out;
  }

  const Node* MergeValue(const Node* base, const Node* over) {
    if (base == nullptr || !base->IsMap() || !over->IsMap() || IsFunctionCall(*base) ||
        IsFunctionCall(*over)) {
      return over;
    }
    Node& merged = ctx_.scratch->NewNode();
    merged.kind = yaml::Kind::kMap;
    merged.location = over->location;
    std::vector<yaml::Entry> entries;
    for (const yaml::Entry& e : base->entries()) {
      if (e.key->IsScalar() && over->Find(e.key->value()) != nullptr) continue;
      entries.push_back(e);
    }
    for (const yaml::Entry& e : over->entries()) {
      const Node* b = e.key->IsScalar() ? base->Find(e.key->value()) : nullptr;
      entries.push_back(yaml::Entry{e.key, MergeValue(b, e.value)});
    }
    ctx_.scratch->SetEntries(merged, entries);
    return &merged;
  }

  Context& ctx_;
  const ir::TopologyTemplate& t_;
  std::map<std::string_view, const ir::NodeTemplate*> by_name_;  // filled on first use
};

}  // namespace

std::vector<const ir::NodeTemplate*> ResolveCopies(Context& ctx, const ir::TopologyTemplate& t) {
  return CopyResolver(ctx, t).Resolve(ctx.node_storage);
}

}  // namespace toscac::check
