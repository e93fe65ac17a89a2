// Node templates, relationship templates, inputs and outputs.
#include "check/templates.h"

#include <filesystem>

#include "check/functions.h"
#include "check/values.h"
#include "util/spelling.h"

namespace toscac::check {

using diag::Code;

const TypeInfo* Context::RequireType(TypeKind kind, const Name& name) const {
  if (name.Empty()) return nullptr;
  const TypeInfo* t = FindType(kind, name);
  if (t == nullptr) types::ReportUnknownType(diags, types, kind, name);
  return t;
}

namespace {

template <typename T>
std::vector<std::string_view> Names(const std::vector<T>& list) {
  std::vector<std::string_view> out;
  for (const T& item : list) out.push_back(item.name.text);
  return out;
}

template <typename Map>
std::vector<std::string_view> Keys(const Map& map) {
  std::vector<std::string_view> out;
  for (const auto& [k, v] : map) out.push_back(k);
  return out;
}

diag::Diagnostic& Unknown(Context& ctx, Code code, const Name& name, const std::string& message,
                          const std::vector<std::string_view>& candidates) {
  auto& d = ctx.diags.Report(code, name.location, message);
  std::string near = util::Suggest(name.text, candidates);
  if (!near.empty()) d.AddNote("did you mean '" + near + "'?");
  return d;
}

std::string Of(const TypeInfo& t) {
  return std::string(ir::TypeKindName(t.def->kind)) + " '" + t.name + "'";
}

class TemplateChecker {
 public:
  explicit TemplateChecker(Context& ctx) : ctx_(ctx) {}

  void CheckInterfaces(const std::vector<ir::InterfaceDef>& assigned, const types::Flat& flat,
                       const TypeInfo& owner, const Scope& scope) {
    for (const ir::InterfaceDef& i : assigned) {
      const ir::InterfaceDef* def = types::FindByName(flat.interfaces, i.name.text);
      if (def == nullptr) {
        Unknown(ctx_, Code::N503, i.name,
                "'" + i.name.text + "' is not an interface of " + Of(owner),
                Names(flat.interfaces));
        continue;
      }
      const TypeInfo* it = ctx_.FindType(TypeKind::kInterface, def->type);
      if (it == nullptr || it->poisoned) continue;
      const types::Flat& iflat = ctx_.types.Flatten(*it);
      CheckInputs(i.inputs, iflat.inputs, def->inputs, scope);
      for (const ir::OperationDef& op : i.operations) {
        const ir::OperationDef* od = types::FindByName(def->operations, op.name.text);
        if (od == nullptr) od = types::FindByName(iflat.operations, op.name.text);
        if (od == nullptr) {
          std::vector<std::string_view> names = Names(iflat.operations);
          Unknown(ctx_, Code::N504, op.name,
                  "'" + op.name.text + "' is not an operation of interface '" + i.name.text + "'",
                  names);
          continue;
        }
        CheckInputs(op.input_defs, od->input_defs, i.inputs, scope);
        CheckOutputs(op, flat);
        if (op.implementation) {
          CheckFileExists(op.implementation->primary, "implementation", op.name.text);
          for (const Node* dep : op.implementation->dependencies) {
            CheckFileExists(dep, "dependency", op.name.text);
          }
        }
      }
      for (const ir::OperationDef& n : i.notifications) {
        if (types::FindByName(iflat.notifications, n.name.text) == nullptr &&
            types::FindByName(def->notifications, n.name.text) == nullptr) {
          Unknown(ctx_, Code::N504, n.name,
                  "'" + n.name.text + "' is not a notification of interface '" + i.name.text + "'",
                  Names(iflat.notifications));
        }
      }
    }
  }

  // Input values are typed by their definitions where there is one; extra inputs are allowed
  // (TOSCA 1.0-1.2 templates pass them freely) but their function calls are still checked.
  void CheckInputs(const std::vector<ir::PropertyDef>& values,
                   const std::vector<ir::PropertyDef>& defs,
                   const std::vector<ir::PropertyDef>& more_defs, const Scope& scope) {
    for (const ir::PropertyDef& v : values) {
      if (v.value == nullptr) continue;
      const ir::PropertyDef* def = types::FindByName(defs, v.name.text);
      if (def == nullptr) def = types::FindByName(more_defs, v.name.text);
      if (def != nullptr && !def->short_form) {
        ctx_.values->CheckValue(*v.value, *def, scope);
      } else {
        CheckFunctions(ctx_, *v.value, scope);
      }
    }
  }

  // `type`: the node's entry in ctx_.node_types.
  void CheckNode(const ir::NodeTemplate& n, const TypeInfo* type) {
    if (type == nullptr || type->poisoned) return;
    const types::Flat& flat = ctx_.types.Flatten(*type);
    Scope scope{&n, type, false, nullptr, false};
    ctx_.values->CheckAssignments(n.properties, flat.properties, scope, n.name, "property", *type,
                                  !IsSubstitutable(n));
    ctx_.values->CheckAssignments(n.attributes, flat.attributes, scope, n.name, "attribute", *type,
                                  false);
    for (const ir::RequirementAssignment& r : n.requirements) CheckRequirement(n, *type, flat, r);
    for (const ir::CapabilityAssignment& c : n.capabilities) CheckCapability(*type, flat, c, scope);
    CheckInterfaces(n.interfaces, flat, *type, scope);
    for (const ir::ArtifactDef& a : n.artifacts) CheckArtifact(a);
  }

  static bool IsSubstitutable(const ir::NodeTemplate& n) {
    for (const Name& d : n.directives) {
      if (d.text == "substitutable" || d.text == "select" || d.text == "substitute") return true;
    }
    return false;
  }

  void CheckCapability(const TypeInfo& type, const types::Flat& flat,
                       const ir::CapabilityAssignment& c, const Scope& scope) {
    const ir::CapabilityDef* def = types::FindByName(flat.capabilities, c.name.text);
    if (def == nullptr) {
      Unknown(ctx_, Code::N502, c.name, "'" + c.name.text + "' is not a capability of " + Of(type),
              Names(flat.capabilities));
      return;
    }
    const TypeInfo* ct = ctx_.FindType(TypeKind::kCapability, def->type);
    if (ct == nullptr || ct->poisoned) return;
    const CapabilityDefs& defs = CapabilityDefinitions(*def, *ct);
    ctx_.values->CheckAssignments(c.properties, defs.properties, scope, c.name, "property", *ct,
                                  false);
    ctx_.values->CheckAssignments(c.attributes, defs.attributes, scope, c.name, "attribute", *ct,
                                  false);
  }

  // A capability's definitions: its type's, then those its definition adds.
  struct CapabilityDefs {
    std::vector<ir::PropertyDef> properties;
    std::vector<ir::PropertyDef> attributes;
  };

  // The same for every node template of a type, so merged once per capability definition
  // (and type) rather than copied for each template.
  const CapabilityDefs& CapabilityDefinitions(const ir::CapabilityDef& def, const TypeInfo& type) {
    auto [it, inserted] = capability_defs_.try_emplace({&def, &type});
    if (!inserted) return it->second;
    const types::Flat& cflat = ctx_.types.Flatten(type);
    CapabilityDefs& out = it->second;
    out.properties = cflat.properties;
    out.attributes = cflat.attributes;
    for (const auto& p : def.properties) {
      if (!types::FindByName(out.properties, p.name.text)) out.properties.push_back(p);
    }
    for (const auto& a : def.attributes) {
      if (!types::FindByName(out.attributes, a.name.text)) out.attributes.push_back(a);
    }
    return out;
  }

  void CheckRequirement(const ir::NodeTemplate& n, const TypeInfo& type, const types::Flat& flat,
                        const ir::RequirementAssignment& r) {
    const ir::RequirementDef* def = types::FindByName(flat.requirements, r.name.text);
    if (def == nullptr) {
      Unknown(ctx_, Code::N501, r.name, "'" + r.name.text + "' is not a requirement of " + Of(type),
              Names(flat.requirements));
      return;
    }
    const TypeInfo* target_type = nullptr;
    if (!r.node.Empty()) {
      // node_types has the keys of nodes.
      if (auto it = ctx_.node_types.find(r.node.text); it != ctx_.node_types.end()) {
        target_type = it->second;
      } else if (ctx_.FindType(TypeKind::kNode, r.node) == nullptr) {
        Unknown(ctx_, Code::N505, r.node,
                "unknown node template or node type '" + r.node.text + "' in requirement '" +
                    r.name.text + "' of '" + n.name.text + "'",
                Keys(ctx_.nodes));
      }
    }
    if (!r.capability.Empty()) CheckRequirementCapability(r, target_type);
    if (r.relationship) CheckRelationship(*def, *r.relationship, n, &type);
  }

  void CheckRequirementCapability(const ir::RequirementAssignment& r, const TypeInfo* target) {
    if (ctx_.FindType(TypeKind::kCapability, r.capability) != nullptr) return;
    if (target != nullptr && !target->poisoned) {
      const types::Flat& tflat = ctx_.types.Flatten(*target);
      if (types::FindByName(tflat.capabilities, r.capability.text)) return;
      Unknown(ctx_, Code::N502, r.capability,
              "'" + r.capability.text + "' is neither a capability of '" + r.node.text +
                  "' nor a capability type",
              Names(tflat.capabilities));
      return;
    }
    if (target == nullptr && ctx_.nodes.count(r.node.text)) return;  // poisoned target
    types::ReportUnknownType(ctx_.diags, ctx_.types, TypeKind::kCapability, r.capability);
  }

  void CheckRelationship(const ir::RequirementDef& def, const ir::RelationshipAssignment& rel,
                         const ir::NodeTemplate& n, const TypeInfo* node_type) {
    const TypeInfo* rtype = nullptr;
    const Name& named = rel.type_or_template;
    if (!named.Empty()) {
      auto it = ctx_.relationships.find(named.text);
      if (it != ctx_.relationships.end() && !rel.extended) {
        return;  // a relationship template, checked on its own
      }
      if (it != ctx_.relationships.end()) {
        rtype = ctx_.FindType(TypeKind::kRelationship, it->second->type);
      } else {
        rtype = ctx_.FindType(TypeKind::kRelationship, named);
        if (rtype == nullptr) {
          std::vector<std::string_view> names = Keys(ctx_.relationships);
          for (std::string_view t : ctx_.types.Names(TypeKind::kRelationship)) names.push_back(t);
          Unknown(ctx_, Code::N506, named,
                  "unknown relationship template or relationship type '" + named.text + "'", names);
          return;
        }
      }
    } else {
      rtype = ctx_.FindType(TypeKind::kRelationship, def.relationship);
    }
    if (rtype == nullptr || rtype->poisoned) return;
    const types::Flat& rflat = ctx_.types.Flatten(*rtype);
    Scope scope{&n, node_type, true, rtype, false};
    ctx_.values->CheckAssignments(rel.properties, rflat.properties, scope,
                                  Name{n.name.text, rel.location}, "property", *rtype, false);
    CheckInterfaces(rel.interfaces, rflat, *rtype, scope);
  }

  void CheckArtifact(const ir::ArtifactDef& a) {
    if (!a.type.Empty()) ctx_.RequireType(TypeKind::kArtifact, a.type);
    if (!a.repository.Empty()) return;
    CheckFileExists(a.file, "artifact file", a.name.text);
  }

  // Files named by templates are read relative to the root template; a missing one is a
  // warning (N511): it may be produced before deployment.
  void CheckFileExists(const Node* file_node, const char* what, const std::string& owner) {
    if (file_node == nullptr || !file_node->IsScalar()) return;
    const std::string& file = std::string(file_node->value());
    if (file.empty() || file.find("://") != std::string::npos) return;
    if (ctx_.program.root == nullptr) return;
    std::string root = ctx_.program.root->path;
    if (ctx_.program.archive != nullptr) {  // relative to the root's entry in the archive
      std::string entry = csar::JoinInside(csar::DirOf(root), file);
      if (!entry.empty() && ctx_.program.archive->Contains(entry)) return;
      ctx_.diags.Report(
          Code::N511, file_node->location,
          std::string(what) + " '" + file + "' of '" + owner + "' is not a file of the archive");
      return;
    }
    if (root.empty() || root[0] == '<') return;
    std::error_code ec;
    auto path = std::filesystem::path(root).parent_path() / file;
    if (std::filesystem::exists(path, ec)) return;
    ctx_.diags.Report(Code::N511, file_node->location,
                      std::string(what) + " '" + file + "' of '" + owner + "' does not exist");
  }

  // 1.3 output mappings: [ SELF | SOURCE | TARGET, attribute, nested keys... ].
  void CheckOutputs(const ir::OperationDef& op, const types::Flat& self) {
    for (const auto& [name, value] : op.outputs) {
      if (value == nullptr || !value->IsSequence() || value->items().size() < 2 ||
          !value->items()[0]->IsScalar() || !value->items()[1]->IsScalar()) {
        ctx_.diags.Report(Code::X401, name.location,
                          "expected [ SELF, attribute name ] for output '" + name.text + "'");
        continue;
      }
      const Node& entity = *value->items()[0];
      const Node& attr = *value->items()[1];
      if (entity.value() != "SELF") continue;
      if (types::FindByName(self.attributes, attr.value()) ||
          types::FindByName(self.properties, attr.value())) {
        continue;
      }
      ctx_.diags.Report(Code::X404, attr.location,
                        "'" + std::string(attr.value()) +
                            "' is not an attribute of SELF in output '" + name.text + "'");
    }
  }

  void CheckRelationshipTemplate(const ir::RelationshipTemplate& r) {
    const TypeInfo* type = ctx_.RequireType(TypeKind::kRelationship, r.type);
    if (type == nullptr || type->poisoned) return;
    const types::Flat& flat = ctx_.types.Flatten(*type);
    Scope scope{nullptr, nullptr, true, type, false};
    ctx_.values->CheckAssignments(r.properties, flat.properties, scope, r.name, "property", *type,
                                  true);
    ctx_.values->CheckAssignments(r.attributes, flat.attributes, scope, r.name, "attribute", *type,
                                  false);
    CheckInterfaces(r.interfaces, flat, *type, scope);
  }

 private:
  Context& ctx_;
  // CapabilityDefinitions' memo; looked up, never iterated.
  std::map<std::pair<const ir::CapabilityDef*, const TypeInfo*>, CapabilityDefs> capability_defs_;
};

void CheckInputsAndOutputs(Context& ctx, const ir::TopologyTemplate& t) {
  Scope scope;
  for (const ir::PropertyDef& in : t.inputs) {
    if (in.node == nullptr) continue;
    if (!in.type.Empty()) {
      types::DataRef ref = ctx.types.FindData(in.type.text, ctx.prefix);
      if (!ref.Known()) {
        types::ReportUnknownDataType(ctx.diags, ctx.types, in.type);
        continue;
      }
    }
    ctx.values->CheckConstraints(in);
    if (types::IsSecret(ctx.types, in, ctx.prefix)) {
      // Only the agents get a secret input's value: it has no default and no value here.
      const Node* written = in.default_value != nullptr ? in.default_value : in.value;
      if (written == nullptr) continue;
      ctx.diags
          .Report(Code::V306, written->location,
                  "input '" + in.name.text + "' is a secret: its value cannot be written here")
          .AddNote("give it to the agents at run time (toscac up --secrets FILE)");
      continue;
    }
    if (in.default_value != nullptr) ctx.values->CheckValue(*in.default_value, in, scope);
    if (in.value != nullptr) ctx.values->CheckValue(*in.value, in, scope);
  }
  for (const ir::PropertyDef& out : t.outputs) {
    if (out.node == nullptr) continue;
    if (out.value == nullptr) {
      ctx.diags.Report(Code::S103, out.location,
                       "missing required keyname 'value' in output '" + out.name.text + "'");
      continue;
    }
    if (!out.type.Empty() && !ctx.types.FindData(out.type.text, ctx.prefix).Known()) {
      types::ReportUnknownDataType(ctx.diags, ctx.types, out.type);
      continue;
    }
    ctx.values->CheckValue(*out.value, out, scope);
  }
}

}  // namespace

void CheckTopologyExtras(Context& ctx, const ir::TopologyTemplate& t);
std::vector<const ir::NodeTemplate*> ResolveCopies(Context& ctx, const ir::TopologyTemplate& t);

void CheckTopology(Context& ctx) {
  const ir::TopologyTemplate& t = *ctx.topology;
  for (const ir::PropertyDef& in : t.inputs) ctx.inputs.emplace(in.name.text, &in);
  for (const auto& r : t.relationship_templates) ctx.relationships.emplace(r.name.text, &r);
  for (const auto& g : t.groups) ctx.groups.emplace(g.name.text, &g);
  for (const ir::NodeTemplate* effective : ResolveCopies(ctx, t)) {
    const ir::NodeTemplate& n = *effective;
    auto [first, inserted] = ctx.nodes.try_emplace(n.name.text, &n);
    if (!inserted) {
      ctx.diags
          .Report(Code::S107, n.name.location,
                  "node template '" + n.name.text + "' is defined twice")
          .AddNote(first->second->name.location, "first defined here");
      continue;
    }
    const TypeInfo* type = n.type.Empty() ? nullptr : ctx.RequireType(TypeKind::kNode, n.type);
    ctx.node_types.emplace(n.name.text, type);
  }
  CheckInputsAndOutputs(ctx, t);
  TemplateChecker checker(ctx);
  // In name order, as diagnostics of equal location and text keep the order they were reported
  // in. node_types has the keys of nodes, in the same order.
  auto type = ctx.node_types.begin();
  for (const auto& [name, n] : ctx.nodes) checker.CheckNode(*n, (type++)->second);
  for (const auto& r : t.relationship_templates) checker.CheckRelationshipTemplate(r);
  CheckTopologyExtras(ctx, t);
  // ctx.nodes stays valid (it points into ctx.node_storage and the topology) for the resolver.
}

}  // namespace toscac::check
