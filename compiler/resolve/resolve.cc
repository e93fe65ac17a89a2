#include "resolve/resolve.h"

#include <algorithm>
#include <set>
#include <span>
#include <unordered_map>

#include "resolve/graph.h"
#include "resolve/node_filter.h"

namespace toscac::resolve {

using diag::Code;
using types::TypeInfo;
using types::TypeKind;

namespace {

// The relationship families, most derived first: RoutesTo derives from ConnectsTo.
constexpr std::pair<std::string_view, Family> kFamilies[] = {
    {"tosca.relationships.HostedOn", Family::kHostedOn},
    {"tosca.relationships.DependsOn", Family::kDependsOn},
    {"tosca.relationships.RoutesTo", Family::kRoutesTo},
    {"tosca.relationships.ConnectsTo", Family::kConnectsTo},
    {"tosca.relationships.AttachesTo", Family::kAttachesTo}};

// A capability of a node type with its type looked up.
struct TypedCapability {
  const ir::CapabilityDef* def;
  const TypeInfo* type;
};

struct Match {
  int target;
  const ir::CapabilityDef* capability;
  const TypeInfo* capability_type;
};

// What one requirement looks for, gathered from its definition and its assignment.
struct Want {
  const ir::RequirementDef* def = nullptr;
  const ir::RequirementAssignment* assignment = nullptr;  // nullptr when implicit
  int explicit_target = -1;
  const TypeInfo* node_type = nullptr;
  const TypeInfo* capability_type = nullptr;
  std::string capability_name;
  const TypeInfo* relationship_type = nullptr;
  std::string relationship_template;
  const ir::Node* node_filter = nullptr;
};

class Resolver {
 public:
  explicit Resolver(check::Context& ctx) : ctx_(ctx) {}

  Topology Run() {
    // ctx_.node_types has the same keys as ctx_.nodes, in the same order: walk them together
    // rather than look each name up.
    auto type_it = ctx_.node_types.begin();
    topo_.nodes.reserve(ctx_.nodes.size());
    templates_.reserve(ctx_.nodes.size());
    types_.reserve(ctx_.nodes.size());
    for (const auto& [name, n] : ctx_.nodes) {
      NodeInfo info;
      info.name = name;
      info.location = n->name.location;
      const TypeInfo* type = (type_it++)->second;
      if (type != nullptr) {
        info.type = type->name;
        std::size_t depth = 0;  // reserved exactly: the chains of all nodes are kept to the end
        for (const TypeInfo* t = type; t != nullptr; t = t->parent) ++depth;
        info.type_chain.reserve(depth);
        for (const TypeInfo* t = type; t != nullptr; t = t->parent)
          info.type_chain.push_back(t->name);
      }
      topo_.nodes.push_back(std::move(info));
      templates_.push_back(n);
      types_.push_back(type != nullptr && !type->poisoned ? type : nullptr);
    }
    targets_.resize(templates_.size());
    // One edge per assignment, at most, before the implicit ones: growing the vector moved
    // every edge (six strings each) again and again.
    std::size_t assignments = 0;
    for (const ir::NodeTemplate* n : templates_) assignments += n->requirements.size();
    topo_.edges.reserve(assignments);
    for (const auto& [name, family] : kFamilies) {
      families_.emplace_back(Normative(TypeKind::kRelationship, name), family);
    }
    // Explicit assignments first, so that implicit ones can steer clear of their cycles.
    for (int v = 0; v < static_cast<int>(templates_.size()); ++v) ResolveExplicit(v);
    for (int v = 0; v < static_cast<int>(templates_.size()); ++v) ResolveImplicit(v);
    CheckCapabilityOccurrences();
    SortEdgesBySource();
    Graph g(topo_);
    g.ReportCycles(ctx_.diags);
    g.AssignWaves();
    for (const Edge& e : topo_.edges) {
      if (e.family == Family::kHostedOn && topo_.nodes[e.source].host.empty()) {
        topo_.nodes[e.source].host = topo_.nodes[e.target].name;
      }
    }
    topo_.resolved = true;
    return std::move(topo_);
  }

 private:
  const TypeInfo* Normative(TypeKind kind, std::string_view name) {
    return ctx_.types.Find(kind, name);
  }

  // Names looked up here sit in the IR and the flattened types, which outlive the resolver,
  // and most are the same few for every requirement (a definition's node, capability and
  // relationship types; valid source and target types): each is looked up once, by address.
  const TypeInfo* Find(TypeKind kind, const std::string& name) {
    if (name.empty()) return nullptr;
    auto [it, inserted] = found_.try_emplace({kind, &name}, nullptr);
    if (inserted) it->second = ctx_.types.Find(kind, name, ctx_.prefix);
    return it->second;
  }

  static bool Substitutable(const ir::NodeTemplate& n) {
    for (const ir::Name& d : n.directives) {
      if (d.text == "substitutable" || d.text == "select" || d.text == "substitute") return true;
    }
    return false;
  }

  bool MappedBySubstitution(const std::string& node, const std::string& req) {
    if (ctx_.topology == nullptr || !ctx_.topology->substitution_mappings) return false;
    for (const ir::Assignment& a : ctx_.topology->substitution_mappings->requirements) {
      const ir::Node* v = a.value;
      if (v && v->IsSequence() && v->items().size() == 2 && v->items()[0]->IsScalar() &&
          v->items()[1]->IsScalar() && v->items()[0]->value() == node &&
          v->items()[1]->value() == req) {
        return true;
      }
    }
    return false;
  }

  void ResolveExplicit(int v) {
    if (types_[v] == nullptr) return;
    const types::Flat& flat = ctx_.types.Flatten(*types_[v]);
    // Assignments so far of each requirement definition, by its index in flat.requirements.
    std::vector<std::uint64_t> counts(flat.requirements.size(), 0);
    for (const ir::RequirementAssignment& a : templates_[v]->requirements) {
      const ir::RequirementDef* def = types::FindByName(flat.requirements, a.name.text);
      if (def == nullptr) continue;  // reported by the checks (N501)
      std::uint64_t count = ++counts[def - flat.requirements.data()];
      std::uint64_t upper = def->occurrences ? def->occurrences->upper : 1;
      if (count > upper) {
        ctx_.diags
            .Report(Code::R604, a.name.location,
                    "requirement '" + a.name.text + "' of '" + templates_[v]->name.text +
                        "' is assigned " + std::to_string(count) + " times, at most " +
                        std::to_string(upper) + " allowed")
            .AddNote(def->occurrences ? def->occurrences->location : def->location,
                     "its occurrences are set here");
        continue;
      }
      Want want;
      if (!Describe(v, *def, &a, want)) continue;
      ResolveOne(v, want, false);
    }
  }

  // How many assignments of node `v` name requirement `def` (ResolveExplicit counted the same).
  std::uint64_t AssignedCount(int v, const ir::RequirementDef& def) const {
    std::uint64_t have = 0;
    for (const ir::RequirementAssignment& a : templates_[v]->requirements) {
      if (a.name.text == def.name.text) ++have;
    }
    return have;
  }

  void ResolveImplicit(int v) {
    if (types_[v] == nullptr || Substitutable(*templates_[v])) return;
    const types::Flat& flat = ctx_.types.Flatten(*types_[v]);
    for (const ir::RequirementDef& def : flat.requirements) {
      std::uint64_t lower = def.occurrences ? def.occurrences->lower : 1;
      std::uint64_t have = AssignedCount(v, def);
      if (have >= lower || MappedBySubstitution(templates_[v]->name.text, def.name.text)) continue;
      Want want;
      if (!Describe(v, def, nullptr, want)) continue;
      for (std::uint64_t k = have; k < lower; ++k) {
        if (!ResolveOne(v, want, true)) break;
      }
    }
  }

  // Fills `want` from a requirement definition and its assignment; false when something it
  // names is unknown (already reported by the checks) or of the wrong type (reported here).
  bool Describe(int v, const ir::RequirementDef& def, const ir::RequirementAssignment* a,
                Want& want) {
    want.def = &def;
    want.assignment = a;
    want.node_type = Find(TypeKind::kNode, def.node.text);
    want.capability_type = Find(TypeKind::kCapability, def.capability.text);
    want.relationship_type = Find(TypeKind::kRelationship, def.relationship.text);
    if (a == nullptr) return true;
    want.node_filter = a->node_filter;
    if (!a->node.Empty()) {
      int t = topo_.Find(a->node.text);
      if (t >= 0) {
        want.explicit_target = t;
      } else if (const TypeInfo* nt = Find(TypeKind::kNode, a->node.text)) {
        want.node_type = nt;
      } else {
        return false;
      }
    }
    if (!a->capability.Empty()) {
      if (const TypeInfo* ct = Find(TypeKind::kCapability, a->capability.text)) {
        if (want.capability_type && !types::TypeTable::DerivesFrom(ct, want.capability_type)) {
          ctx_.diags.Report(Code::R602, a->capability.location,
                            "capability type '" + ct->name + "' does not derive from '" +
                                want.capability_type->name + "', which requirement '" +
                                a->name.text + "' asks for");
          return false;
        }
        want.capability_type = ct;
      } else {
        want.capability_name = a->capability.text;
      }
    }
    if (a->relationship && !a->relationship->type_or_template.Empty()) {
      const std::string& r = a->relationship->type_or_template.text;
      auto it = ctx_.relationships.find(r);
      if (it != ctx_.relationships.end()) {
        want.relationship_template = r;
        want.relationship_type = Find(TypeKind::kRelationship, it->second->type.text);
      } else if (const TypeInfo* rt = Find(TypeKind::kRelationship, r)) {
        want.relationship_type = rt;
      } else {
        return false;
      }
    }
    (void)v;
    return true;
  }

  // Why a capability of a candidate does not fit, or "" when it does.
  std::string Unfit(int source, const Want& want, const ir::CapabilityDef& cap,
                    const TypeInfo* cap_type) {
    if (!want.capability_name.empty() && cap.name.text != want.capability_name) return "name";
    if (cap_type == nullptr) return "its type is unknown";
    if (want.capability_type && !types::TypeTable::DerivesFrom(cap_type, want.capability_type)) {
      if (want.capability_name.empty()) return "type";
      return "its capability '" + cap.name.text + "' is a '" + cap_type->name + "', not a '" +
             want.capability_type->name + "'";
    }
    const types::Flat& cflat = ctx_.types.Flatten(*cap_type);
    const std::vector<ir::Name>& sources =
        cap.valid_source_types.empty() ? cflat.valid_source_types : cap.valid_source_types;
    if (!sources.empty() && types_[source] != nullptr) {
      bool ok = false;
      for (const ir::Name& s : sources) {
        const TypeInfo* st = Find(TypeKind::kNode, s.text);
        ok = ok || st == nullptr || types::TypeTable::DerivesFrom(types_[source], st);
      }
      if (!ok)
        return "capability '" + cap.name.text + "' does not accept a source of type '" +
               types_[source]->name + "' (valid_source_types)";
    }
    if (want.relationship_type != nullptr) {
      const types::Flat& rflat = ctx_.types.Flatten(*want.relationship_type);
      bool ok = rflat.valid_target_types.empty();
      for (const ir::Name& t : rflat.valid_target_types) {
        const TypeInfo* tt = Find(TypeKind::kCapability, t.text);
        ok = ok || tt == nullptr || types::TypeTable::DerivesFrom(cap_type, tt);
      }
      if (!ok)
        return "relationship type '" + want.relationship_type->name +
               "' does not accept capability type '" + cap_type->name + "' (valid_target_types)";
    }
    return "";
  }

  // The capabilities of candidate `c` that fit, in name order; reasons for misfits in `why`.
  std::vector<Match> Fits(int source, int c, const Want& want, std::string* why) {
    std::vector<Match> out;
    if (types_[c] == nullptr) return out;
    if (want.node_type && !types::TypeTable::DerivesFrom(types_[c], want.node_type)) {
      *why = "it is not a '" + want.node_type->name + "'";
      return out;
    }
    if (want.node_filter != nullptr &&
        !PassesNodeFilter(ctx_, *want.node_filter, *templates_[c], *types_[c], why)) {
      return out;
    }
    for (const TypedCapability& cap : SortedCapabilities(*types_[c])) {
      std::string unfit = Unfit(source, want, *cap.def, cap.type);
      if (unfit.empty()) {
        out.push_back(Match{c, cap.def, cap.type});
      } else if (unfit != "name" && unfit != "type") {
        *why = unfit;
      }
    }
    if (out.empty() && why->empty()) *why = "no capability fits";
    return out;
  }

  // A node type's capabilities in name order, with their types: the same for every candidate
  // of that type, so made once per type rather than once per candidate and requirement.
  const std::vector<TypedCapability>& SortedCapabilities(const TypeInfo& type) {
    auto [it, inserted] = capabilities_.try_emplace(&type);
    if (!inserted) return it->second;
    std::vector<TypedCapability>& caps = it->second;
    for (const auto& cap : ctx_.types.Flatten(type).capabilities) {
      caps.push_back(TypedCapability{&cap, Find(TypeKind::kCapability, cap.type.text)});
    }
    std::sort(caps.begin(), caps.end(), [](const TypedCapability& a, const TypedCapability& b) {
      return a.def->name.text < b.def->name.text;
    });
    return caps;
  }

  std::string Looked(const Want& want) {
    if (!want.capability_name.empty()) return "a capability named '" + want.capability_name + "'";
    if (want.capability_type) return "a capability of type '" + want.capability_type->name + "'";
    return "a capability";
  }

  bool ResolveOne(int v, const Want& want, bool implicit) {
    const ir::NodeTemplate& n = *templates_[v];
    const std::string& req = want.def->name.text;
    diag::Location at = want.assignment ? want.assignment->name.location : n.name.location;
    // The named target, or every other node in name order.
    int first = want.explicit_target >= 0 ? want.explicit_target : 0;
    int last =
        want.explicit_target >= 0 ? want.explicit_target + 1 : static_cast<int>(templates_.size());
    std::vector<Match> matches;
    std::vector<std::string> rejected;
    bool skipped_for_cycle = false;
    for (int c = first; c < last; ++c) {
      if (want.explicit_target < 0 && c == v) continue;
      std::string why;
      std::vector<Match> fits = Fits(v, c, want, &why);
      if (implicit && !fits.empty() && Reaches(c, v)) {
        skipped_for_cycle = true;
        rejected.push_back("'" + templates_[c]->name.text + "' (it would close a cycle)");
        continue;
      }
      if (fits.empty() && want.explicit_target >= 0) {
        rejected.push_back(why);
        continue;
      }
      if (fits.empty()) {
        bool right_type = types_[c] && (!want.node_type ||
                                        types::TypeTable::DerivesFrom(types_[c], want.node_type));
        if (right_type && !why.empty() && why != "no capability fits") {
          rejected.push_back("'" + templates_[c]->name.text + "' (" + why + ")");
        }
        continue;
      }
      matches.insert(matches.end(), fits.begin(), fits.end());
    }
    if (matches.empty()) {
      ReportUnresolved(v, want, implicit, at, rejected, skipped_for_cycle);
      return false;
    }
    const Match& m = matches.front();
    Edge e;
    e.source = v;
    e.target = m.target;
    e.requirement = req;
    e.capability = m.capability->name.text;
    e.capability_type = m.capability_type ? m.capability_type->name : "";
    e.relationship_type = want.relationship_type ? want.relationship_type->name : "";
    e.relationship_template = want.relationship_template;
    e.family = FamilyOf(want.relationship_type);
    e.implicit = implicit;
    e.location = at;
    e.explain = Explain(want, matches, implicit);
    targets_[v].push_back(m.target);
    topo_.edges.push_back(std::move(e));
    return true;
  }

  std::string Explain(const Want& want, const std::vector<Match>& matches, bool implicit) {
    const Match& m = matches.front();
    std::string out;
    out.reserve(128);  // one allocation for the usual line, not one per piece
    out.append("'").append(templates_[m.target]->name.text).append("' capability '");
    out.append(m.capability->name.text).append("'");
    if (want.explicit_target >= 0) {
      out += ": named by the template";
    } else {
      out += std::string(": ") + (implicit ? "filled in" : "found") + " by " + Looked(want);
    }
    if (matches.size() > 1) {
      out += "; first of " + std::to_string(matches.size()) + " candidates by name:";
      for (const Match& other : matches) {
        out += " " + templates_[other.target]->name.text + "." + other.capability->name.text;
      }
    }
    out.shrink_to_fit();  // kept for every edge: the usual line is half of what was reserved
    return out;
  }

  void ReportUnresolved(int v, const Want& want, bool implicit, diag::Location at,
                        const std::vector<std::string>& rejected, bool cycle) {
    const std::string& node = templates_[v]->name.text;
    const std::string& req = want.def->name.text;
    std::string candidates;
    for (const std::string& r : rejected) candidates += (candidates.empty() ? "" : ", ") + r;
    if (candidates.empty()) candidates = "none";
    std::string kind = want.node_type ? "'" + want.node_type->name + "'" : "the right node type";
    if (implicit && cycle) {
      ctx_.diags
          .Report(Code::R608, at,
                  "requirement '" + req + "' of '" + node +
                      "' is left unassigned: every "
                      "candidate would close a cycle")
          .AddNote("candidates: " + candidates);
      return;
    }
    if (want.explicit_target >= 0) {
      const std::string& target = templates_[want.explicit_target]->name.text;
      std::string why = rejected.empty() ? "" : rejected[0];
      if (why.empty() || why == "no capability fits") why = "it has no " + Looked(want).substr(2);
      // A type rule that excludes the named target has a code of its own.
      Code code = why.find("valid_target_types") != std::string::npos   ? Code::R605
                  : why.find("valid_source_types") != std::string::npos ? Code::R606
                                                                        : Code::R602;
      ctx_.diags.Report(code, want.assignment->node.location,
                        "node template '" + target + "' cannot satisfy requirement '" + req +
                            "' of '" + node + "': " + why);
      return;
    }
    std::string message = "no node template provides " + Looked(want) + " for requirement '" + req +
                          "' of '" + node + "'; candidates of " + kind + ": " + candidates;
    if (implicit) {
      ctx_.diags.Report(Code::R603, at, message)
          .AddNote(want.def->location, "'" + req +
                                           "' is required by its definition here "
                                           "(occurrences default to [1, 1])");
      return;
    }
    ctx_.diags.Report(Code::R602, at, message);
  }

  // Is `to` reachable from `from` along the edges resolved so far? The targets of each node
  // are kept as edges are added: walking every edge for each node visited made this cost the
  // size of the graph per step.
  bool Reaches(int from, int to) {
    std::vector<char> seen(templates_.size(), 0);
    std::vector<int> stack{from};
    while (!stack.empty()) {
      int x = stack.back();
      stack.pop_back();
      if (x == to) return true;
      if (seen[x]) continue;
      seen[x] = 1;
      for (int target : targets_[x]) {
        if (!seen[target]) stack.push_back(target);
      }
    }
    return false;
  }

  // Edges by source, keeping their order within a source (the order of the requirements).
  // A no-op when they already are; otherwise the edges are moved once each, by index, rather
  // than shuffled whole by a merge sort.
  void SortEdgesBySource() {
    std::vector<Edge>& edges = topo_.edges;
    auto by_source = [](const Edge& a, const Edge& b) { return a.source < b.source; };
    if (std::is_sorted(edges.begin(), edges.end(), by_source)) return;
    std::vector<std::size_t> order(edges.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return edges[a].source < edges[b].source;
    });
    std::vector<Edge> sorted;
    sorted.reserve(edges.size());
    for (std::size_t i : order) sorted.push_back(std::move(edges[i]));
    edges = std::move(sorted);
  }

  Family FamilyOf(const TypeInfo* rel) {
    if (rel == nullptr) return Family::kDependsOn;
    for (const auto& [t, family] : families_) {
      if (t && types::TypeTable::DerivesFrom(rel, t)) return family;
    }
    return Family::kOther;
  }

  // R607: the edges into each (target, capability), in that order and, within one, in the
  // order they were resolved. Sorted indices rather than a map of vectors: no allocation per
  // edge.
  void CheckCapabilityOccurrences() {
    const std::vector<Edge>& edges = topo_.edges;
    std::vector<std::size_t> order(edges.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const Edge& x = edges[a];
      const Edge& y = edges[b];
      if (x.target != y.target) return x.target < y.target;
      return x.capability < y.capability;
    });
    for (std::size_t begin = 0, end = 0; begin < order.size(); begin = end) {
      const Edge& head = edges[order[begin]];
      for (end = begin + 1; end < order.size(); ++end) {
        const Edge& e = edges[order[end]];
        if (e.target != head.target || e.capability != head.capability) break;
      }
      CheckCapabilityOccurrences(head.target, head.capability,
                                 std::span(order).subspan(begin, end - begin));
    }
  }

  // `incoming`: indices of the edges into capability `name` of node `target`, in edge order.
  void CheckCapabilityOccurrences(int target, const std::string& name,
                                  std::span<const std::size_t> incoming) {
    const TypeInfo* t = types_[target];
    if (t == nullptr) return;
    const ir::CapabilityDef* cap = types::FindByName(ctx_.types.Flatten(*t).capabilities, name);
    if (cap == nullptr || !cap->occurrences || incoming.size() <= cap->occurrences->upper) return;
    const Edge& over = topo_.edges[incoming[cap->occurrences->upper]];
    ctx_.diags
        .Report(Code::R607, over.location,
                "capability '" + name + "' of '" + templates_[target]->name.text +
                    "' is targeted " + std::to_string(incoming.size()) + " times, at most " +
                    std::to_string(cap->occurrences->upper) + " allowed")
        .AddNote(cap->occurrences->location, "its occurrences are set here");
  }

  check::Context& ctx_;
  Topology topo_;
  std::vector<const ir::NodeTemplate*> templates_;
  std::vector<const TypeInfo*> types_;
  std::vector<std::vector<int>> targets_;  // targets_[v]: the targets of v's edges so far
  std::vector<std::pair<const TypeInfo*, Family>> families_;  // kFamilies' types, when known
  struct FoundHash {
    std::size_t operator()(const std::pair<TypeKind, const std::string*>& k) const {
      return std::hash<const std::string*>{}(k.second) ^ static_cast<std::size_t>(k.first);
    }
  };
  // Find's memo; looked up, never iterated.
  std::unordered_map<std::pair<TypeKind, const std::string*>, const TypeInfo*, FoundHash> found_;
  // SortedCapabilities' memo; looked up by type, never iterated.
  std::unordered_map<const TypeInfo*, std::vector<TypedCapability>> capabilities_;
};

}  // namespace

Topology Resolve(check::Context& ctx) { return Resolver(ctx).Run(); }

}  // namespace toscac::resolve
