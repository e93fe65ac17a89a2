#pragma once
// Compile-time evaluation of values: literals become JSON, the functions known at compile time
// (get_input, get_property, concat, join, token, get_nodes_of_type, get_artifact) are replaced
// by their results, and the run-time ones (get_attribute, get_operation_output) stay as typed
// references with their entities resolved to node template names, for the agents:
//
//   { "get_attribute": ["db", "endpoint", "port"] }
//   { "get_operation_output": ["db", "Standard", "create", "url"] }
//
// A concat, join or token with a run-time argument stays an expression over the evaluated
// arguments: { "concat": ["http://", { "get_attribute": ["web", "ip"] }, ":80"] }.
//
//   Evaluator ev(model, inputs);
//   nlohmann::ordered_json v = ev.Evaluate(*value, ev.NodeScope("web"));
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "check/check.h"

namespace toscac::eval {

using Json = nlohmann::ordered_json;

// Input values given on the command line (--inputs FILE, -i name=value): located YAML nodes.
struct InputValues {
  std::map<std::string, const ir::Node*> values;
  std::vector<std::shared_ptr<yaml::Document>> documents;  // the trees `values` point into
};

// Where a value is evaluated: SELF, and SOURCE/TARGET inside a relationship.
struct EvalScope {
  int self = -1;    // node index in the topology (SELF of a node, SOURCE of a relationship)
  int target = -1;  // TARGET inside a relationship, else -1
  const resolve::Edge* edge = nullptr;  // the relationship, when evaluating one
};

class Evaluator {
 public:
  Evaluator(const check::Model& model, const InputValues& inputs);

  EvalScope NodeScope(int node) const { return EvalScope{node, -1, nullptr}; }
  EvalScope EdgeScope(const resolve::Edge& e) const { return EvalScope{e.source, e.target, &e}; }

  // Evaluates a value; problems (a property with no value, an index out of range...) are
  // reported into the program's diagnostics (E8xx) and the result is null.
  Json Evaluate(const ir::Node& value, const EvalScope& scope);
  // Evaluates the value of a parameter (an operation input); a secret one must evaluate to a
  // secret reference, else V306 and null.
  Json EvaluateParameter(const ir::PropertyDef& def, const ir::Node& value, const EvalScope& scope);
  // The effective value of an input: given, else its default; null when neither.
  Json Input(const std::string& name);
  // The value of a node's property: assigned, else the default, evaluated.
  Json NodeProperty(int node, const std::string& name);
  // The value of a property of one of a node's capabilities: assigned, else the default;
  // null when the capability or the property is unknown or has no value.
  Json NodeCapabilityProperty(int node, const ir::CapabilityDef& capability,
                              const std::string& name);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

// YAML to JSON by the YAML 1.2 core schema: plain 12 is a number, "12" a string.
Json ToJson(const ir::Node& node);

// Reads input values: each --inputs file (a YAML map of name: value) and each -i name=value
// (the value read as YAML), later ones winning; checks them against the topology's input
// definitions (unknown names, types, constraints, required inputs without a value or default)
// and reports problems with the location of the bad value. Returns false on errors.
bool ReadInputs(check::Model& model, const std::vector<std::string>& files,
                const std::vector<std::string>& pairs, InputValues& out);

}  // namespace toscac::eval
