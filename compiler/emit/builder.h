#pragma once
// Building one node's manifest (node_manifest.cc) and its relationship parts
// (relationships.cc); manifest.cc drives it over the topology. Internal to emit/.
#include <map>
#include <string>
#include <vector>

#include "emit/artifacts.h"
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

  Json Manifest(int node);
  // instances.cc: every node counted more than once, with its count.
  std::map<std::string, int> InstanceCounts();
  std::vector<ArtifactFile> AllArtifacts() const { return files_.All(); }

 private:
  NodeView View(int node) const;
  Json Compute(int node) const;
  Json Properties(const NodeView& n);
  Json Attributes(const NodeView& n);
  Json WaitFor(int node) const;
  Json TeardownWaitFor(int node) const;
  Json Steps(const NodeView& n, const std::vector<std::string>& names);
  Json OtherOperations(const NodeView& n);
  Json ArtifactList(const std::set<std::string>& used) const;
  Interface NodeInterface(const NodeView& n, std::string_view base,
                          std::string_view fallback) const;
  std::string Prefix(const types::TypeInfo* type) const;
  int OwnInstances(int node);

  // relationships.cc
  Json Requirements(const NodeView& n);
  Json RelationshipOperations(const NodeView& n);
  Json EdgeProperties(const resolve::Edge& e);
  void EdgeOperations(const resolve::Edge& e, bool source_side, const NodeView& n, Json& out);
  Interface EdgeInterface(const resolve::Edge& e, std::string_view base,
                          std::string_view fallback) const;
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
};

}  // namespace toscac::emit
