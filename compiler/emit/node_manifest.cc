// One node's manifest: identity, values, ordering, steps, other operations, artifacts.
#include "emit/builder.h"

namespace toscac::emit {

using resolve::Family;

namespace {

const std::vector<std::string> kDeploySteps = {"create", "configure", "start"};
const std::vector<std::string> kTeardownSteps = {"stop", "delete"};

// ConnectsTo and RoutesTo need their target running only to be configured; every other family
// needs it before the source is even created (docs/manifest-format.md, "Ordering").
bool NeedsTargetToConfigure(Family f) { return f == Family::kConnectsTo || f == Family::kRoutesTo; }

// One entry per node: when two edges join the same pair of nodes, the stronger wait (`strong`
// for `field`) covers the weaker one (waiting before create covers waiting before configure;
// waiting for deleted covers waiting for stopped).
void AddWait(Json& list, const std::string& node, Json wait, const char* field,
             const char* strong) {
  for (Json& existing : list) {
    if (existing["node"] != node) continue;
    if (wait[field] == strong) existing[field] = strong;
    return;
  }
  list.push_back(std::move(wait));
}

}  // namespace

ManifestBuilder::ManifestBuilder(check::Model& model, eval::Evaluator& ev, std::string deployment)
    : model_(model),
      topology_(model.topology),
      ev_(ev),
      deployment_(std::move(deployment)),
      files_(TemplateDirectory(model.ctx.program), model.ctx.diags),
      ops_(ev, files_),
      outgoing_(topology_.nodes.size()),
      incoming_(topology_.nodes.size()) {
  for (const resolve::Edge& e : topology_.edges) {
    outgoing_[e.source].push_back(&e);
    incoming_[e.target].push_back(&e);
  }
}

Json ManifestBuilder::Manifest(int node) {
  NodeView n = View(node);
  Json m = Json::object();
  m["manifest_version"] = kManifestVersion;
  m["deployment"] = deployment_;
  m["node"] = n.info->name;
  m["type"] = n.info->type;
  m["type_chain"] = n.info->type_chain;
  m["host"] = n.info->host.empty() ? Json(nullptr) : Json(n.info->host);
  m["compute"] = Compute(node);
  m["properties"] = Properties(n);
  m["attributes"] = Attributes(n);
  m["requirements"] = Requirements(n);
  m["wait_for"] = WaitFor(node);
  m["steps"] = Steps(n, kDeploySteps);
  m["teardown_wait_for"] = TeardownWaitFor(node);
  m["teardown"] = Steps(n, kTeardownSteps);
  m["relationship_operations"] = RelationshipOperations(n);
  m["operations"] = OtherOperations(n);
  m["artifacts"] = ArtifactList(ops_.TakeUsed());
  return m;
}

NodeView ManifestBuilder::View(int node) const {
  NodeView n;
  n.index = node;
  n.info = &topology_.nodes[node];
  const check::Context& ctx = model_.ctx;
  if (auto it = ctx.nodes.find(n.info->name); it != ctx.nodes.end()) n.tmpl = it->second;
  if (auto it = ctx.node_types.find(n.info->name); it != ctx.node_types.end()) n.type = it->second;
  if (n.type != nullptr && !n.type->poisoned) n.flat = &model_.types.Flatten(*n.type);
  if (n.tmpl != nullptr) {
    for (const ir::ArtifactDef& a : n.tmpl->artifacts) n.artifacts.push_back(&a);
  }
  if (n.flat != nullptr) {
    for (const ir::ArtifactDef& a : n.flat->artifacts) n.artifacts.push_back(&a);
  }
  return n;
}

// The end of the HostedOn chain: where the node runs (itself when it has no host).
Json ManifestBuilder::Compute(int node) const {
  int at = node;
  for (std::size_t hops = 0; hops <= topology_.nodes.size(); ++hops) {
    int host = topology_.Find(topology_.nodes[at].host);
    if (topology_.nodes[at].host.empty() || host < 0) return topology_.nodes[at].name;
    at = host;
  }
  return nullptr;  // a HostedOn loop: the checks reported it
}

Json ManifestBuilder::Properties(const NodeView& n) {
  Json out = Json::object();
  if (n.flat == nullptr) return out;
  for (const ir::PropertyDef& def : n.flat->properties) {
    bool assigned = n.tmpl != nullptr && types::FindByName(n.tmpl->properties, def.name.text);
    if (!assigned && def.default_value == nullptr) continue;
    out[def.name.text] = ev_.NodeProperty(n.index, def.name.text);
  }
  return out;
}

Json ManifestBuilder::Attributes(const NodeView& n) {
  Json out = Json::object();
  if (n.flat == nullptr) return out;
  for (const ir::PropertyDef& def : n.flat->attributes) {
    const ir::Assignment* a =
        n.tmpl != nullptr ? types::FindByName(n.tmpl->attributes, def.name.text) : nullptr;
    const ir::Node* value = a != nullptr ? a->value : def.default_value;
    if (value == nullptr) continue;
    out[def.name.text] = ev_.Evaluate(*value, ev_.NodeScope(n.index));
  }
  return out;
}

Json ManifestBuilder::WaitFor(int node) const {
  Json out = Json::array();
  for (const resolve::Edge* edge : outgoing_[node]) {
    const resolve::Edge& e = *edge;
    const std::string& target = topology_.nodes[e.target].name;
    std::string before = NeedsTargetToConfigure(e.family) ? "configure" : "create";
    AddWait(out, target, Json{{"node", target}, {"state", "started"}, {"before", before}}, "before",
            "create");
  }
  return out;
}

// The reverse of WaitFor: a target stops once what needed it created is deleted, and what
// needed it configured is stopped.
Json ManifestBuilder::TeardownWaitFor(int node) const {
  Json out = Json::array();
  for (const resolve::Edge* edge : incoming_[node]) {
    const resolve::Edge& e = *edge;
    const std::string& source = topology_.nodes[e.source].name;
    std::string state = NeedsTargetToConfigure(e.family) ? "stopped" : "deleted";
    AddWait(out, source, Json{{"node", source}, {"state", state}, {"before", "stop"}}, "state",
            "deleted");
  }
  return out;
}

std::string ManifestBuilder::Prefix(const types::TypeInfo* type) const {
  return type != nullptr && type->unit != nullptr ? type->unit->namespace_prefix : "";
}

// The node's interface of type `base` (else named `fallback`): the type's, then the
// template's assignment of the same name.
Interface ManifestBuilder::NodeInterface(const NodeView& n, std::string_view base,
                                         std::string_view fallback) const {
  if (n.flat == nullptr) return Interface{std::string(fallback), {}, {}};
  std::string name = InterfaceOfType(model_.types, n.flat->interfaces, base, Prefix(n.type));
  if (name.empty()) name = fallback;
  Interface itf =
      MergeInterface({FindInterface(n.flat->interfaces, name),
                      n.tmpl != nullptr ? FindInterface(n.tmpl->interfaces, name) : nullptr});
  itf.name = name;
  return itf;
}

Json ManifestBuilder::Steps(const NodeView& n, const std::vector<std::string>& names) {
  Interface standard = NodeInterface(n, kStandard, "Standard");
  Interface check = NodeInterface(n, kNodeCheck, "");
  eval::EvalScope scope = ev_.NodeScope(n.index);
  Json out = Json::array();
  for (const std::string& name : names) {
    const Operation* op = standard.Find(name);
    Json step = Json::object();
    step["name"] = name;
    step["interface"] = standard.name;
    step["do"] = ops_.Do(standard, op, scope, n.artifacts);
    step["check"] =
        check.name.empty() ? Json(nullptr) : ops_.Do(check, check.Find(name), scope, n.artifacts);
    step["outputs"] = OperationWriter::Outputs(op);
    out.push_back(std::move(step));
  }
  return out;
}

// Operations of the node's other interfaces (a Maintenance interface, say), for workflows.
Json ManifestBuilder::OtherOperations(const NodeView& n) {
  Json out = Json::array();
  if (n.flat == nullptr) return out;
  std::string standard = NodeInterface(n, kStandard, "Standard").name;
  std::string check = NodeInterface(n, kNodeCheck, "").name;
  eval::EvalScope scope = ev_.NodeScope(n.index);
  for (const ir::InterfaceDef& def : n.flat->interfaces) {
    if (def.name.text == standard || def.name.text == check) continue;
    Interface itf = MergeInterface(
        {&def, n.tmpl != nullptr ? FindInterface(n.tmpl->interfaces, def.name.text) : nullptr});
    for (const Operation& op : itf.operations) {
      if (op.implementation == nullptr) continue;
      Json entry = Json::object();
      entry["interface"] = def.name.text;
      entry["operation"] = op.name;
      entry["do"] = ops_.Do(itf, &op, scope, n.artifacts);
      entry["outputs"] = OperationWriter::Outputs(&op);
      out.push_back(std::move(entry));
    }
  }
  return out;
}

Json ManifestBuilder::ArtifactList(const std::set<std::string>& used) const {
  Json out = Json::array();
  for (const std::string& path : used) {
    const ArtifactFile* f = files_.Find(path);
    if (f == nullptr) continue;
    out.push_back(Json{{"path", f->path},
                       {"file", f->file},
                       {"sha256", f->sha256 ? Json(*f->sha256) : Json(nullptr)}});
  }
  return out;
}

}  // namespace toscac::emit
