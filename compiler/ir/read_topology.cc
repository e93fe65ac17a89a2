// The topology template: inputs, node and relationship templates, groups, policies, outputs,
// substitution mappings and workflows.
#include "ir/read_internal.h"

namespace toscac::ir {

using diag::Code;

namespace {

std::vector<CapabilityAssignment> ReadCapabilityAssignments(ReadContext& ctx, const Node* node) {
  std::vector<CapabilityAssignment> out;
  for (auto& [name, value] : ReadEntries(ctx, node, "'capabilities'")) {
    CapabilityAssignment c;
    c.name = name;
    c.location = name.location;
    if (value == nullptr || value->IsNull()) {
      out.push_back(std::move(c));
      continue;
    }
    if (!ExpectMap(ctx, value, "capability assignment", name.text)) continue;
    Fields f(ctx, *value, "capability assignment");
    c.properties = ReadAssignments(ctx, f.Take("properties"), "'properties'");
    c.attributes = ReadAssignments(ctx, f.Take("attributes"), "'attributes'");
    c.occurrences = ReadBounds(ctx, f.Take("occurrences", 3), "'occurrences'");
    f.Finish();
    out.push_back(std::move(c));
  }
  return out;
}

RelationshipAssignment ReadRelationshipAssignment(ReadContext& ctx, const Node& node) {
  RelationshipAssignment r;
  r.location = node.location;
  if (node.IsScalar()) {
    r.type_or_template = ReadName(ctx, &node, "'relationship'");
    return r;
  }
  r.extended = true;
  if (!ExpectMap(ctx, &node, "'relationship'")) return r;
  Fields f(ctx, node, "relationship assignment");
  r.type_or_template = ReadName(ctx, f.Take("type"), "'type'");
  r.properties = ReadAssignments(ctx, f.Take("properties"), "'properties'");
  r.interfaces = ReadInterfaces(ctx, f.Take("interfaces"), true);
  f.Finish();
  return r;
}

std::vector<RequirementAssignment> ReadRequirementAssignments(ReadContext& ctx, const Node* node) {
  std::vector<RequirementAssignment> out;
  if (node == nullptr || node->IsNull()) return out;
  if (!ExpectSequence(ctx, node, "'requirements'")) return out;
  out.reserve(node->items().size());
  for (const Node* item : node->items()) {
    const Entry* entry = ExpectSingleEntry(ctx, item, Code::S101,
                                           "a requirement assignment such as '- host: server'");
    if (entry == nullptr) continue;
    const Entry& e = *entry;
    RequirementAssignment r;
    r.name = KeyName(e);
    r.location = r.name.location;
    if (e.value->IsScalar()) {
      r.node = ReadName(ctx, e.value, "'node'");
      out.push_back(std::move(r));
      continue;
    }
    if (e.value->IsNull()) {
      out.push_back(std::move(r));
      continue;
    }
    if (!ExpectMap(ctx, e.value, "requirement assignment", r.name.text)) continue;
    Fields f(ctx, *e.value, "requirement assignment");
    r.node = ReadName(ctx, f.Take("node"), "'node'");
    r.capability = ReadName(ctx, f.Take("capability"), "'capability'");
    if (const Node* rel = f.Take("relationship")) {
      r.relationship =
          std::make_shared<const RelationshipAssignment>(ReadRelationshipAssignment(ctx, *rel));
    }
    r.node_filter = f.Take("node_filter");
    r.occurrences = ReadBounds(ctx, f.Take("occurrences", 3), "'occurrences'");
    f.Take("description");
    f.Finish();
    out.push_back(std::move(r));
  }
  return out;
}

void ReadNodeTemplates(ReadContext& ctx, const Node* node, TopologyTemplate& t) {
  auto entries = ReadEntries(ctx, node, "'node_templates'");
  // Growing one by one moved every template read so far, over and over.
  t.node_templates.reserve(t.node_templates.size() + entries.size());
  for (auto& [name, value] : entries) {
    NodeTemplate n;
    n.name = name;
    n.location = name.location;
    if (!ExpectMap(ctx, value, "node template", name.text)) {
      t.node_templates.push_back(std::move(n));  // known by name, poisoned: no type
      continue;
    }
    Fields f(ctx, *value, "node template");
    n.copy = ReadName(ctx, f.Take("copy"), "'copy'");
    const Node* type = n.copy.Empty() ? f.Require("type") : f.Take("type");
    n.type = ReadName(ctx, type, "'type'");
    n.description = ReadString(ctx, f.Take("description"), "'description'");
    n.metadata = f.Take("metadata");
    n.directives = ReadNameList(ctx, f.Take("directives"), "'directives'");
    n.properties = ReadAssignments(ctx, f.Take("properties"), "'properties'");
    n.attributes = ReadAssignments(ctx, f.Take("attributes"), "'attributes'");
    n.requirements = ReadRequirementAssignments(ctx, f.Take("requirements"));
    n.capabilities = ReadCapabilityAssignments(ctx, f.Take("capabilities"));
    n.interfaces = ReadInterfaces(ctx, f.Take("interfaces"), true);
    n.artifacts = ReadArtifactDefs(ctx, f.Take("artifacts"));
    n.node_filter = f.Take("node_filter");
    f.Finish();
    t.node_templates.push_back(std::move(n));
  }
}

void ReadRelationshipTemplates(ReadContext& ctx, const Node* node, TopologyTemplate& t) {
  for (auto& [name, value] : ReadEntries(ctx, node, "'relationship_templates'")) {
    if (!ExpectMap(ctx, value, "relationship template", name.text)) continue;
    RelationshipTemplate r;
    r.name = name;
    r.location = name.location;
    Fields f(ctx, *value, "relationship template");
    r.copy = ReadName(ctx, f.Take("copy"), "'copy'");
    const Node* type = r.copy.Empty() ? f.Require("type") : f.Take("type");
    r.type = ReadName(ctx, type, "'type'");
    r.description = ReadString(ctx, f.Take("description"), "'description'");
    r.metadata = f.Take("metadata");
    r.properties = ReadAssignments(ctx, f.Take("properties"), "'properties'");
    r.attributes = ReadAssignments(ctx, f.Take("attributes"), "'attributes'");
    r.interfaces = ReadInterfaces(ctx, f.Take("interfaces"), true);
    f.Finish();
    t.relationship_templates.push_back(std::move(r));
  }
}

void ReadGroups(ReadContext& ctx, const Node* node, TopologyTemplate& t) {
  for (auto& [name, value] : ReadEntries(ctx, node, "'groups'")) {
    if (!ExpectMap(ctx, value, "group '" + name.text + "'")) continue;
    GroupTemplate g;
    g.name = name;
    g.location = name.location;
    Fields f(ctx, *value, "group definition");
    g.type = ReadName(ctx, f.Require("type"), "'type'");
    f.Take("description");
    f.Take("metadata");
    g.properties = ReadAssignments(ctx, f.Take("properties"), "'properties'");
    g.attributes = ReadAssignments(ctx, f.Take("attributes"), "'attributes'");
    g.members = ReadNameList(ctx, f.Take("members"), "'members'");
    g.interfaces = ReadInterfaces(ctx, f.Take("interfaces"), true);
    f.Finish();
    t.groups.push_back(std::move(g));
  }
}

void ReadPolicy(ReadContext& ctx, const Name& name, const Node* value, TopologyTemplate& t) {
  if (!ExpectMap(ctx, value, "policy '" + name.text + "'")) return;
  PolicyTemplate p;
  p.name = name;
  p.location = name.location;
  Fields f(ctx, *value, "policy definition");
  p.type = ReadName(ctx, f.Require("type"), "'type'");
  f.Take("description");
  f.Take("metadata");
  p.properties = ReadAssignments(ctx, f.Take("properties"), "'properties'");
  p.targets = ReadNameList(ctx, f.Take("targets"), "'targets'");
  p.triggers = f.Take("triggers", 1);
  f.Finish();
  t.policies.push_back(std::move(p));
}

// Policies are a sequence of single-entry maps (a plain map is accepted too: many templates
// in the wild write them so, and the names stay unique either way).
void ReadPolicies(ReadContext& ctx, const Node* node, TopologyTemplate& t) {
  if (node == nullptr || node->IsNull()) return;
  if (node->IsMap()) {
    for (auto& [name, value] : ReadEntries(ctx, node, "'policies'"))
      ReadPolicy(ctx, name, value, t);
    return;
  }
  if (!ExpectSequence(ctx, node, "'policies'")) return;
  for (const Node* item : node->items()) {
    const Entry* e = ExpectSingleEntry(
        ctx, item, Code::S101, "a policy such as '- my_policy: {type: tosca.policies.Root}'");
    if (e != nullptr) ReadPolicy(ctx, KeyName(*e), e->value, t);
  }
}

void ReadSubstitution(ReadContext& ctx, const Node* node, TopologyTemplate& t) {
  if (node == nullptr) return;
  if (!ExpectMap(ctx, node, "'substitution_mappings'")) return;
  SubstitutionMappings s;
  s.location = node->location;
  Fields f(ctx, *node, "substitution mappings");
  s.node_type = ReadName(ctx, f.Require("node_type"), "'node_type'");
  s.substitution_filter = f.Take("substitution_filter", 3);
  s.properties = ReadAssignments(ctx, f.Take("properties"), "'properties'");
  s.attributes = ReadAssignments(ctx, f.Take("attributes", 3), "'attributes'");
  s.capabilities = ReadAssignments(ctx, f.Take("capabilities"), "'capabilities'");
  s.requirements = ReadAssignments(ctx, f.Take("requirements"), "'requirements'");
  s.interfaces = ReadAssignments(ctx, f.Take("interfaces", 2), "'interfaces'");
  f.Finish();
  t.substitution_mappings = std::move(s);
}

WorkflowStep ReadStep(ReadContext& ctx, const Name& name, const Node* value) {
  WorkflowStep s;
  s.name = name;
  s.location = name.location;
  if (!ExpectMap(ctx, value, "workflow step '" + name.text + "'")) return s;
  Fields f(ctx, *value, "workflow step");
  s.target = ReadName(ctx, f.Require("target"), "'target'");
  s.target_relationship = ReadName(ctx, f.Take("target_relationship"), "'target_relationship'");
  s.operation_host = ReadName(ctx, f.Take("operation_host"), "'operation_host'");
  s.filter = f.Take("filter");
  s.activities = f.Require("activities");
  if (s.activities != nullptr && !s.activities->IsNull()) {
    ExpectSequence(ctx, s.activities, "'activities'");
  }
  s.on_success = ReadNameList(ctx, f.Take("on_success"), "'on_success'", true);
  s.on_failure = ReadNameList(ctx, f.Take("on_failure"), "'on_failure'", true);
  f.Finish();
  return s;
}

void ReadWorkflows(ReadContext& ctx, const Node* node, TopologyTemplate& t) {
  for (auto& [name, value] : ReadEntries(ctx, node, "'workflows'")) {
    if (!ExpectMap(ctx, value, "workflow '" + name.text + "'")) continue;
    Workflow w;
    w.name = name;
    w.location = name.location;
    Fields f(ctx, *value, "workflow definition");
    f.Take("description");
    f.Take("metadata");
    w.inputs = ReadParameterDefs(ctx, f.Take("inputs"), "'inputs'", false);
    w.preconditions = f.Take("preconditions");
    for (auto& [step_name, step] : ReadEntries(ctx, f.Take("steps"), "'steps'")) {
      w.steps.push_back(ReadStep(ctx, step_name, step));
    }
    f.Take("implementation", 3);
    f.Take("outputs", 3);
    f.Finish();
    t.workflows.push_back(std::move(w));
  }
}

}  // namespace

TopologyTemplate ReadTopology(ReadContext& ctx, const Node& node) {
  TopologyTemplate t;
  t.location = node.location;
  Fields f(ctx, node, "topology template");
  t.description = ReadString(ctx, f.Take("description"), "'description'");
  t.inputs = ReadParameterDefs(ctx, f.Take("inputs"), "'inputs'", false);
  ReadNodeTemplates(ctx, f.Take("node_templates"), t);
  ReadRelationshipTemplates(ctx, f.Take("relationship_templates"), t);
  ReadGroups(ctx, f.Take("groups"), t);
  ReadPolicies(ctx, f.Take("policies"), t);
  t.outputs = ReadParameterDefs(ctx, f.Take("outputs"), "'outputs'", false);
  ReadSubstitution(ctx, f.Take("substitution_mappings"), t);
  ReadWorkflows(ctx, f.Take("workflows"), t);
  f.Finish();
  return t;
}

}  // namespace toscac::ir
