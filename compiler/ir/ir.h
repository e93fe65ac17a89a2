#pragma once
// The typed IR of one TOSCA file: what the reader (reader.h) makes of the located YAML tree.
// Values stay as located YAML nodes (they are checked against types later); names keep the
// location where they were written so every later phase can point at them.
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "diag/location.h"
#include "yaml/node.h"

namespace toscac::ir {

using diag::Location;
using yaml::Entry;
using yaml::Node;

// A name as written in the source (a type name, a template name, a keyname).
struct Name {
  std::string text;
  Location location;
  bool Empty() const { return text.empty(); }
};

// The eight kinds of type definitions.
enum class TypeKind {
  kArtifact,
  kData,
  kCapability,
  kInterface,
  kRelationship,
  kNode,
  kGroup,
  kPolicy
};
inline constexpr int kTypeKindCount = 8;
std::string_view TypeKindName(TypeKind kind);     // "node type"
std::string_view TypeKindSection(TypeKind kind);  // "node_types"

// Occurrences and other [lower, upper] bounds; upper == kUnbounded for UNBOUNDED.
inline constexpr std::uint64_t kUnbounded = ~std::uint64_t{0};
struct Bounds {
  std::uint64_t lower = 0;
  std::uint64_t upper = kUnbounded;
  Location location;
};

// entry_schema / key_schema.
struct Schema {
  Name type;
  std::vector<const Node*> constraints;  // each a constraint clause
  std::shared_ptr<Schema> entry_schema;
  std::shared_ptr<Schema> key_schema;
  Location location;
};

// Property, attribute, parameter and input definitions (also topology inputs and outputs).
struct PropertyDef {
  Name name;
  Name type;  // empty when not given (allowed for parameters and outputs)
  std::optional<bool> required;
  const Node* default_value = nullptr;
  const Node* value = nullptr;  // parameters and outputs: the assigned value
  std::vector<const Node*> constraints;
  std::shared_ptr<Schema> entry_schema;
  std::shared_ptr<Schema> key_schema;
  Location location;  // of the name
  const Node* node = nullptr;
  bool short_form = false;  // a parameter written as a bare value
  // metadata `toscac.secret: true`: its value never reaches a manifest, the store or a log in
  // clear (docs/security.md); a type derived from toscac.datatypes.Secret means the same.
  bool secret = false;
};

struct ArtifactDef {
  Name name;
  Name type;
  const Node* file = nullptr;
  Name repository;
  const Node* deploy_path = nullptr;
  std::vector<std::pair<Name, const Node*>> properties;
  Location location;
  bool short_form = false;  // just a file name: the type is inferred from its extension
};

// An operation's implementation: a primary artifact and its dependencies.
struct Implementation {
  const Node* primary = nullptr;  // a file name, or an artifact definition (map)
  std::vector<const Node*> dependencies;
  const Node* timeout = nullptr;
  const Node* operation_host = nullptr;
  Location location;
};

// Operation and notification definitions in types, and their assignments in templates.
struct OperationDef {
  Name name;
  std::string description;
  std::optional<Implementation> implementation;
  std::vector<PropertyDef> input_defs;                // in types: parameter definitions
  std::vector<std::pair<Name, const Node*>> outputs;  // attribute mappings (1.3)
  Location location;
  const Node* node = nullptr;
};

struct InterfaceDef {
  Name name;
  Name type;  // may be empty in templates and refinements
  std::vector<PropertyDef> inputs;
  std::vector<OperationDef> operations;
  std::vector<OperationDef> notifications;
  Location location;
};

struct CapabilityDef {
  Name name;
  Name type;
  std::vector<PropertyDef> properties;
  std::vector<PropertyDef> attributes;
  std::vector<Name> valid_source_types;
  std::optional<Bounds> occurrences;
  Location location;
  bool short_form = false;
};

struct RequirementDef {
  Name name;
  Name capability;
  Name node;
  Name relationship;
  std::vector<InterfaceDef> relationship_interfaces;  // refinements in the extended form
  std::optional<Bounds> occurrences;
  const Node* node_filter = nullptr;
  Location location;
};

// One type definition of any kind; members that a kind does not have stay empty (the reader
// refuses keynames a kind does not allow).
struct TypeDef {
  TypeKind kind;
  Name name;
  Name derived_from;
  std::string description;
  const Node* metadata = nullptr;
  const Node* version = nullptr;
  std::vector<PropertyDef> properties;
  std::vector<PropertyDef> attributes;
  std::vector<RequirementDef> requirements;
  std::vector<CapabilityDef> capabilities;
  std::vector<InterfaceDef> interfaces;
  std::vector<ArtifactDef> artifacts;
  std::vector<Name> valid_source_types;  // capability types
  std::vector<Name> valid_target_types;  // relationship types
  std::vector<Name> members;             // group types
  std::vector<Name> targets;             // policy types
  const Node* triggers = nullptr;        // policy types
  std::vector<const Node*> constraints;  // data types
  std::shared_ptr<Schema> entry_schema;  // data types derived from list or map
  std::shared_ptr<Schema> key_schema;
  // Interface types keep their operations and inputs here.
  std::vector<OperationDef> operations;
  std::vector<OperationDef> notifications;
  std::vector<PropertyDef> inputs;
  const Node* mime_type = nullptr;  // artifact types
  std::vector<const Node*> file_ext;
  Location location;
  // A type of a normative profile is read in two steps: its name when the file is read, the
  // rest (this map, derived_from included) on its first use (ReadTypeBody, TypeTable::Find).
  const Node* unread_body = nullptr;
};

// Assignments in templates.
struct Assignment {
  Name name;
  const Node* value = nullptr;
};

struct CapabilityAssignment {
  Name name;
  std::vector<Assignment> properties;
  std::vector<Assignment> attributes;
  std::optional<Bounds> occurrences;
  Location location;
};

struct RelationshipAssignment {
  Name type_or_template;  // the short form, or the extended form's "type"
  bool extended = false;
  std::vector<Assignment> properties;
  std::vector<InterfaceDef> interfaces;
  Location location;
};

struct RequirementAssignment {
  Name name;
  Name node;        // a node template or a node type
  Name capability;  // a capability name or a capability type
  // Null when not given. Behind a pointer: most assignments have none, and a large topology
  // has a few per node template.
  std::shared_ptr<const RelationshipAssignment> relationship;
  const Node* node_filter = nullptr;
  std::optional<Bounds> occurrences;
  Location location;
};

struct NodeTemplate {
  Name name;
  Name type;
  std::string description;
  const Node* metadata = nullptr;
  std::vector<Name> directives;
  std::vector<Assignment> properties;
  std::vector<Assignment> attributes;
  std::vector<RequirementAssignment> requirements;
  std::vector<CapabilityAssignment> capabilities;
  std::vector<InterfaceDef> interfaces;
  std::vector<ArtifactDef> artifacts;
  const Node* node_filter = nullptr;
  Name copy;
  Location location;
};

struct RelationshipTemplate {
  Name name;
  Name type;
  std::string description;
  const Node* metadata = nullptr;
  std::vector<Assignment> properties;
  std::vector<Assignment> attributes;
  std::vector<InterfaceDef> interfaces;
  Name copy;
  Location location;
};

struct GroupTemplate {
  Name name;
  Name type;
  std::vector<Assignment> properties;
  std::vector<Assignment> attributes;
  std::vector<Name> members;
  std::vector<InterfaceDef> interfaces;
  Location location;
};

struct PolicyTemplate {
  Name name;
  Name type;
  std::vector<Assignment> properties;
  std::vector<Name> targets;
  const Node* triggers = nullptr;
  Location location;
};

// substitution_mappings: each mapping keeps its raw value for the checker.
struct SubstitutionMappings {
  Name node_type;
  const Node* substitution_filter = nullptr;
  std::vector<Assignment> properties;
  std::vector<Assignment> attributes;
  std::vector<Assignment> capabilities;
  std::vector<Assignment> requirements;
  std::vector<Assignment> interfaces;
  Location location;
};

struct WorkflowStep {
  Name name;
  Name target;
  Name target_relationship;
  Name operation_host;
  const Node* filter = nullptr;
  const Node* activities = nullptr;
  std::vector<Name> on_success;
  std::vector<Name> on_failure;
  Location location;
};

struct Workflow {
  Name name;
  std::vector<PropertyDef> inputs;
  const Node* preconditions = nullptr;
  std::vector<WorkflowStep> steps;
  Implementation implementation;
  bool has_implementation = false;
  Location location;
};

struct TopologyTemplate {
  std::string description;
  std::vector<PropertyDef> inputs;
  std::vector<NodeTemplate> node_templates;
  std::vector<RelationshipTemplate> relationship_templates;
  std::vector<GroupTemplate> groups;
  std::vector<PolicyTemplate> policies;
  std::vector<PropertyDef> outputs;
  std::optional<SubstitutionMappings> substitution_mappings;
  std::vector<Workflow> workflows;
  Location location;
};

struct Repository {
  Name name;
  const Node* url = nullptr;
  Location location;
};

struct Import {
  Name file;  // as written
  Name repository;
  Name namespace_prefix;
  Location location;
};

// One TOSCA file as read.
struct ServiceTemplate {
  diag::FileId file = diag::kNoFile;
  Name version;   // tosca_definitions_version
  int minor = 3;  // 1.x: selects the grammar
  std::string description;
  const Node* metadata = nullptr;
  std::vector<Repository> repositories;
  std::vector<Import> imports;
  std::vector<TypeDef> types[kTypeKindCount];
  std::optional<TopologyTemplate> topology;
};

inline const Repository* FindRepository(const ServiceTemplate& st, std::string_view name) {
  for (const Repository& r : st.repositories) {
    if (r.name.text == name) return &r;
  }
  return nullptr;
}

}  // namespace toscac::ir
