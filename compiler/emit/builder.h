#pragma once
// Building one node's manifest (node_manifest.cc) and its relationship parts
// (relationships.cc); manifest.cc drives it over the topology. Internal to emit/.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "emit/artifacts.h"
#include "emit/json_writer.h"
#include "emit/manifest.h"
#include "emit/operations.h"

namespace toscac::emit {

// A node of the topology with what the checks learned about it.
struct NodeView {
  int index = -1;
  const resolve::NodeInfo* info = nullptr;
  const ir::NodeTemplate* tmpl = nullptr;  // nullptr only after errors
  const types::TypeInfo* type = nullptr;
  const types::Flat* flat = nullptr;
  std::vector<const ir::ArtifactDef*> artifacts;  // the template's, then the type's
};

class ManifestBuilder {
 public:
  ManifestBuilder(check::Model& model, eval::Evaluator& ev, std::string deployment);

  // Writes the node's manifest as one document.
  void Manifest(int node, JsonWriter& w);
  // instances.cc: every node counted more than once, with its count.
  std::map<std::string, int> InstanceCounts();
  std::vector<ArtifactFile> AllArtifacts() const { return files_.All(); }

 private:
  // What the checks learned about a node, looked up once: a node's edges look at it again.
  struct NodeRefs {
    bool found = false;
    const ir::NodeTemplate* tmpl = nullptr;
    const types::TypeInfo* type = nullptr;
    const types::Flat* flat = nullptr;
  };
  const NodeRefs& Refs(int node) const;
  NodeView View(int node) const;
  void Compute(int node, JsonWriter& w) const;
  void Properties(const NodeView& n, JsonWriter& w);
  void Attributes(const NodeView& n, JsonWriter& w);
  void WaitFor(int node, JsonWriter& w) const;
  void TeardownWaitFor(int node, JsonWriter& w) const;
  void Steps(const NodeView& n, const Interface& standard, const Interface& check,
             const std::vector<std::string>& names, JsonWriter& w);
  void OtherOperations(const NodeView& n, const Interface& standard, const Interface& check,
                       JsonWriter& w);
  void ArtifactList(const std::set<std::string>& used, JsonWriter& w) const;
  Interface NodeInterface(const NodeView& n, std::string_view base,
                          std::string_view fallback) const;
  std::string Prefix(const types::TypeInfo* type) const;
  int OwnInstances(int node);

  // relationships.cc
  void Requirements(const NodeView& n, JsonWriter& w);
  void RelationshipOperations(const NodeView& n, JsonWriter& w);
  void EdgeProperties(const resolve::Edge& e, JsonWriter& w);
  void EdgeOperations(const resolve::Edge& e, bool source_side, const NodeView& n, JsonWriter& w);
  Interface EdgeInterface(const resolve::Edge& e, std::string_view base,
                          std::string_view fallback) const;
  // An edge's Configure and Check interfaces, merged once for both of its sides.
  struct EdgeInterfaces {
    Interface configure;
    Interface check;
    int sides_left = 2;  // dropped once both have been written
  };
  EdgeInterfaces& Interfaces(const resolve::Edge& e);
  void DoneWith(const resolve::Edge& e);
  const ir::RequirementAssignment* Assignment(const resolve::Edge& e) const;
  const ir::RelationshipTemplate* Template(const resolve::Edge& e) const;
  const types::TypeInfo* RelationshipType(const resolve::Edge& e) const;

  check::Model& model_;
  const resolve::Topology& topology_;
  eval::Evaluator& ev_;
  std::string deployment_;
  Artifacts files_;
  OperationWriter ops_;
  // Each node's edges as source and as target, in the topology's edge order: every manifest
  // looks at its own edges only, and a scan of all of them per node is quadratic.
  std::vector<std::vector<const resolve::Edge*>> outgoing_, incoming_;
  mutable std::vector<NodeRefs> refs_;                            // by node index
  std::vector<std::unique_ptr<EdgeInterfaces>> edge_interfaces_;  // by edge index
};

}  // namespace toscac::emit
