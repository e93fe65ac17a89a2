#include "resolve/resolve.h"

#include <algorithm>
#include <set>

#include "resolve/graph.h"
#include "resolve/node_filter.h"

namespace toscac::resolve {

using diag::Code;
using types::TypeInfo;
using types::TypeKind;

namespace {

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
    for (const auto& [name, n] : ctx_.nodes) {
      NodeInfo info;
      info.name = name;
      info.location = n->name.location;
      const TypeInfo* type = ctx_.node_types[name];
      if (type != nullptr) {
        info.type = type->name;
        for (const TypeInfo* t = type; t != nullptr; t = t->parent)
          info.type_chain.push_back(t->name);
      }
      topo_.nodes.push_back(std::move(info));
      templates_.push_back(n);
      types_.push_back(type != nullptr && !type->poisoned ? type : nullptr);
    }
    assigned_counts_.resize(templates_.size());
    // Explicit assignments first, so that implicit ones can steer clear of their cycles.
    for (int v = 0; v < static_cast<int>(templates_.size()); ++v) ResolveExplicit(v);
    for (int v = 0; v < static_cast<int>(templates_.size()); ++v) ResolveImplicit(v);
    CheckCapabilityOccurrences();
    std::stable_sort(topo_.edges.begin(), topo_.edges.end(),
                     [](const Edge& a, const Edge& b) { return a.source < b.source; });
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

  const TypeInfo* Find(TypeKind kind, const std::string& name) {
    return name.empty() ? nullptr : ctx_.types.Find(kind, name, ctx_.prefix);
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
      if (v && v->IsSequence() && v->items.size() == 2 && v->items[0]->IsScalar() &&
          v->items[1]->IsScalar() && v->items[0]->value == node && v->items[1]->value == req) {
        return true;
      }
    }
    return false;
  }

  void ResolveExplicit(int v) {
    if (types_[v] == nullptr) return;
    const types::Flat& flat = ctx_.types.Flatten(*types_[v]);
    std::map<std::string, std::uint64_t> counts;
    for (const ir::RequirementAssignment& a : templates_[v]->requirements) {
      const ir::RequirementDef* def = types::FindByName(flat.requirements, a.name.text);
      if (def == nullptr) continue;  // reported by the checks (N501)
      std::uint64_t count = ++counts[a.name.text];
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
    assigned_counts_[v] = std::move(counts);
  }

  void ResolveImplicit(int v) {
    if (types_[v] == nullptr || Substitutable(*templates_[v])) return;
    const types::Flat& flat = ctx_.types.Flatten(*types_[v]);
    for (const ir::RequirementDef& def : flat.requirements) {
      std::uint64_t lower = def.occurrences ? def.occurrences->lower : 1;
      std::uint64_t have = 0;
      if (auto it = assigned_counts_[v].find(def.name.text); it != assigned_counts_[v].end()) {
        have = it->second;
      }
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
    std::vector<const ir::CapabilityDef*> caps;
    for (const auto& cap : ctx_.types.Flatten(*types_[c]).capabilities) caps.push_back(&cap);
    std::sort(caps.begin(), caps.end(),
              [](auto* a, auto* b) { return a->name.text < b->name.text; });
    for (const ir::CapabilityDef* cap : caps) {
      const TypeInfo* ct = Find(TypeKind::kCapability, cap->type.text);
      std::string unfit = Unfit(source, want, *cap, ct);
      if (unfit.empty()) {
        out.push_back(Match{c, cap, ct});
      } else if (unfit != "name" && unfit != "type") {
        *why = unfit;
      }
    }
    if (out.empty() && why->empty()) *why = "no capability fits";
    return out;
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
    std::vector<int> candidates;
    if (want.explicit_target >= 0) {
      candidates.push_back(want.explicit_target);
    } else {
      for (int c = 0; c < static_cast<int>(templates_.size()); ++c) {
        if (c != v) candidates.push_back(c);
      }
    }
    std::vector<Match> matches;
    std::vector<std::string> rejected;
    bool skipped_for_cycle = false;
    for (int c : candidates) {
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
    topo_.edges.push_back(std::move(e));
    return true;
  }

  std::string Explain(const Want& want, const std::vector<Match>& matches, bool implicit) {
    const Match& m = matches.front();
    std::string out =
        "'" + templates_[m.target]->name.text + "' capability '" + m.capability->name.text + "'";
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

  // Is `to` reachable from `from` along the edges resolved so far?
  bool Reaches(int from, int to) {
    std::vector<char> seen(templates_.size(), 0);
    std::vector<int> stack{from};
    while (!stack.empty()) {
      int x = stack.back();
      stack.pop_back();
      if (x == to) return true;
      if (seen[x]) continue;
      seen[x] = 1;
      for (const Edge& e : topo_.edges) {
        if (e.source == x && !seen[e.target]) stack.push_back(e.target);
      }
    }
    return false;
  }

  Family FamilyOf(const TypeInfo* rel) {
    struct Known {
      const char* name;
      Family family;
    };
    // Most derived first: RoutesTo derives from ConnectsTo.
    static const Known kKnown[] = {{"tosca.relationships.HostedOn", Family::kHostedOn},
                                   {"tosca.relationships.DependsOn", Family::kDependsOn},
                                   {"tosca.relationships.RoutesTo", Family::kRoutesTo},
                                   {"tosca.relationships.ConnectsTo", Family::kConnectsTo},
                                   {"tosca.relationships.AttachesTo", Family::kAttachesTo}};
    if (rel == nullptr) return Family::kDependsOn;
    for (const Known& k : kKnown) {
      const TypeInfo* t = Normative(TypeKind::kRelationship, k.name);
      if (t && types::TypeTable::DerivesFrom(rel, t)) return k.family;
    }
    return Family::kOther;
  }

  void CheckCapabilityOccurrences() {
    std::map<std::pair<int, std::string>, std::vector<const Edge*>> incoming;
    for (const Edge& e : topo_.edges) incoming[{e.target, e.capability}].push_back(&e);
    for (const auto& [key, edges] : incoming) {
      const TypeInfo* t = types_[key.first];
      if (t == nullptr) continue;
      const ir::CapabilityDef* cap =
          types::FindByName(ctx_.types.Flatten(*t).capabilities, key.second);
      if (cap == nullptr || !cap->occurrences || edges.size() <= cap->occurrences->upper) continue;
      const Edge* over = edges[cap->occurrences->upper];
      ctx_.diags
          .Report(Code::R607, over->location,
                  "capability '" + key.second + "' of '" + templates_[key.first]->name.text +
                      "' is targeted " + std::to_string(edges.size()) + " times, at most " +
                      std::to_string(cap->occurrences->upper) + " allowed")
          .AddNote(cap->occurrences->location, "its occurrences are set here");
    }
  }

  check::Context& ctx_;
  Topology topo_;
  std::vector<const ir::NodeTemplate*> templates_;
  std::vector<const TypeInfo*> types_;
  std::vector<std::map<std::string, std::uint64_t>> assigned_counts_;
};

}  // namespace

Topology Resolve(check::Context& ctx) { return Resolver(ctx).Run(); }

}  // namespace toscac::resolve
