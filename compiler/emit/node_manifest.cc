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

// An entry of wait_for or teardown_wait_for: { "node": ..., "state": ..., "before": ... }.
struct Wait {
  const std::string* node;
  const char* state;
  const char* before;
};

// One entry per node: when two edges join the same pair of nodes, the stronger wait covers the
// weaker one (waiting before create covers waiting before configure; waiting for deleted covers
// waiting for stopped).
void AddWait(std::vector<Wait>& list, const Wait& wait, const char* Wait::*field,
             std::string_view strong) {
  for (Wait& existing : list) {
    if (*existing.node != *wait.node) continue;
    if (wait.*field == strong) existing.*field = wait.*field;
    return;
  }
  list.push_back(wait);
}

void WriteWaits(const std::vector<Wait>& list, JsonWriter& w) {
  w.BeginArray();
  for (const Wait& wait : list) {
    w.BeginObject();
    w.Key("node");
    w.String(*wait.node);
    w.Key("state");
    w.String(wait.state);
    w.Key("before");
    w.String(wait.before);
    w.EndObject();
  }
  w.EndArray();
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
      incoming_(topology_.nodes.size()),
      refs_(topology_.nodes.size()),
      edge_interfaces_(topology_.edges.size()) {
  for (const resolve::Edge& e : topology_.edges) {
    outgoing_[e.source].push_back(&e);
    incoming_[e.target].push_back(&e);
  }
}

void ManifestBuilder::Manifest(int node, JsonWriter& w) {
  NodeView n = View(node);
  Interface standard = NodeInterface(n, kStandard, "Standard");
  Interface check = NodeInterface(n, kNodeCheck, "");
  w.BeginObject();
  w.Key("manifest_version");
  w.Int(kManifestVersion);
  w.Key("deployment");
  w.String(deployment_);
  w.Key("node");
  w.String(n.info->name);
  w.Key("type");
  w.String(n.info->type);
  w.Key("type_chain");
  w.BeginArray();
  for (const std::string& type : n.info->type_chain) w.String(type);
  w.EndArray();
  w.Key("host");
  w.StringOrNull(n.info->host);
  w.Key("compute");
  Compute(node, w);
  w.Key("properties");
  Properties(n, w);
  w.Key("attributes");
  Attributes(n, w);
  w.Key("requirements");
  Requirements(n, w);
  w.Key("wait_for");
  WaitFor(node, w);
  w.Key("steps");
  Steps(n, standard, check, kDeploySteps, w);
  w.Key("teardown_wait_for");
  TeardownWaitFor(node, w);
  w.Key("teardown");
  Steps(n, standard, check, kTeardownSteps, w);
  w.Key("relationship_operations");
  RelationshipOperations(n, w);
  w.Key("operations");
  OtherOperations(n, standard, check, w);
  w.Key("artifacts");
  ArtifactList(ops_.TakeUsed(), w);
  w.EndObject();
}

const ManifestBuilder::NodeRefs& ManifestBuilder::Refs(int node) const {
  NodeRefs& refs = refs_[node];
  if (refs.found) return refs;
  refs.found = true;
  const std::string& name = topology_.nodes[node].name;
  const check::Context& ctx = model_.ctx;
  if (auto it = ctx.nodes.find(name); it != ctx.nodes.end()) refs.tmpl = it->second;
  if (auto it = ctx.node_types.find(name); it != ctx.node_types.end()) refs.type = it->second;
  if (refs.type != nullptr && !refs.type->poisoned) refs.flat = &model_.types.Flatten(*refs.type);
  return refs;
}

NodeView ManifestBuilder::View(int node) const {
  NodeView n;
  n.index = node;
  n.info = &topology_.nodes[node];
  const NodeRefs& refs = Refs(node);
  n.tmpl = refs.tmpl;
  n.type = refs.type;
  n.flat = refs.flat;
  if (n.tmpl != nullptr) {
    for (const ir::ArtifactDef& a : n.tmpl->artifacts) n.artifacts.push_back(&a);
  }
  if (n.flat != nullptr) {
    for (const ir::ArtifactDef& a : n.flat->artifacts) n.artifacts.push_back(&a);
  }
  return n;
}

// The end of the HostedOn chain: where the node runs (itself when it has no host).
void ManifestBuilder::Compute(int node, JsonWriter& w) const {
  int at = node;
  for (std::size_t hops = 0; hops <= topology_.nodes.size(); ++hops) {
    int host = topology_.Find(topology_.nodes[at].host);
    if (topology_.nodes[at].host.empty() || host < 0) return w.String(topology_.nodes[at].name);
    at = host;
  }
  w.Null();  // a HostedOn loop: the checks reported it
}

void ManifestBuilder::Properties(const NodeView& n, JsonWriter& w) {
  Members out;
  if (n.flat != nullptr) {
    for (const ir::PropertyDef& def : n.flat->properties) {
      bool assigned = n.tmpl != nullptr && types::FindByName(n.tmpl->properties, def.name.text);
      if (!assigned && def.default_value == nullptr) continue;
      out.Set(def.name.text, ev_.NodeProperty(n.index, def.name.text));
    }
  }
  out.Write(w);
}

void ManifestBuilder::Attributes(const NodeView& n, JsonWriter& w) {
  Members out;
  if (n.flat != nullptr) {
    for (const ir::PropertyDef& def : n.flat->attributes) {
      const ir::Assignment* a =
          n.tmpl != nullptr ? types::FindByName(n.tmpl->attributes, def.name.text) : nullptr;
      const ir::Node* value = a != nullptr ? a->value : def.default_value;
      if (value == nullptr) continue;
      out.Set(def.name.text, ev_.Evaluate(*value, ev_.NodeScope(n.index)));
    }
  }
  out.Write(w);
}

void ManifestBuilder::WaitFor(int node, JsonWriter& w) const {
  std::vector<Wait> out;
  for (const resolve::Edge* edge : outgoing_[node]) {
    const resolve::Edge& e = *edge;
    const char* before = NeedsTargetToConfigure(e.family) ? "configure" : "create";
    AddWait(out, Wait{&topology_.nodes[e.target].name, "started", before}, &Wait::before, "create");
  }
  WriteWaits(out, w);
}

// The reverse of WaitFor: a target stops once what needed it created is deleted, and what
// needed it configured is stopped.
void ManifestBuilder::TeardownWaitFor(int node, JsonWriter& w) const {
  std::vector<Wait> out;
  for (const resolve::Edge* edge : incoming_[node]) {
    const resolve::Edge& e = *edge;
    const char* state = NeedsTargetToConfigure(e.family) ? "stopped" : "deleted";
    AddWait(out, Wait{&topology_.nodes[e.source].name, state, "stop"}, &Wait::state, "deleted");
  }
  WriteWaits(out, w);
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

void ManifestBuilder::Steps(const NodeView& n, const Interface& standard, const Interface& check,
                            const std::vector<std::string>& names, JsonWriter& w) {
  eval::EvalScope scope = ev_.NodeScope(n.index);
  w.BeginArray();
  for (const std::string& name : names) {
    const Operation* op = standard.Find(name);
    w.BeginObject();
    w.Key("name");
    w.String(name);
    w.Key("interface");
    w.String(standard.name);
    ops_.DoAndCheck(standard, op, check, name, scope, n.artifacts, w);
    w.Key("outputs");
    OperationWriter::Outputs(op, w);
    w.EndObject();
  }
  w.EndArray();
}

// Operations of the node's other interfaces (a Maintenance interface, say), for workflows.
// `standard` and `check` are the node's, written as its steps.
void ManifestBuilder::OtherOperations(const NodeView& n, const Interface& standard,
                                      const Interface& check, JsonWriter& w) {
  w.BeginArray();
  if (n.flat == nullptr) return w.EndArray();
  eval::EvalScope scope = ev_.NodeScope(n.index);
  for (const ir::InterfaceDef& def : n.flat->interfaces) {
    if (def.name.text == standard.name || def.name.text == check.name) continue;
    Interface itf = MergeInterface(
        {&def, n.tmpl != nullptr ? FindInterface(n.tmpl->interfaces, def.name.text) : nullptr});
    for (const Operation& op : itf.operations) {
      if (op.implementation == nullptr) continue;
      w.BeginObject();
      w.Key("interface");
      w.String(def.name.text);
      w.Key("operation");
      w.String(op.name);
      w.Key("do");
      ops_.Do(itf, &op, scope, n.artifacts, w);
      w.Key("outputs");
      OperationWriter::Outputs(&op, w);
      w.EndObject();
    }
  }
  w.EndArray();
}

void ManifestBuilder::ArtifactList(const std::set<std::string>& used, JsonWriter& w) const {
  w.BeginArray();
  for (const std::string& path : used) {
    const ArtifactFile* f = files_.Find(path);
    if (f == nullptr) continue;
    w.BeginObject();
    w.Key("path");
    w.String(f->path);
    w.Key("file");
    w.String(f->file);
    w.Key("sha256");
    if (f->sha256) {
      w.String(*f->sha256);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace toscac::emit
