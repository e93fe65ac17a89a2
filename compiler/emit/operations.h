#pragma once
// Interfaces and their operations as the manifests show them. An interface comes in layers
// (the type's definition with its inheritance merged, then refinements, then the template's
// assignment); MergeInterface folds them, later layers winning. Operations then become
// `do` / `check` objects:
//
//   { "run": "artifacts/scripts/create.sh", "dependencies": [], "env": { "PORT": 80 },
//     "timeout_s": 300, "retries": 3 }
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "emit/artifacts.h"
#include "emit/json_writer.h"
#include "emit/manifest.h"

namespace toscac::emit {

inline constexpr int kDefaultTimeoutS = 300;
inline constexpr int kDefaultRetries = 3;

// The normative interface types the manifests build on.
inline constexpr std::string_view kStandard = "tosca.interfaces.node.lifecycle.Standard";
inline constexpr std::string_view kConfigure = "tosca.interfaces.relationship.Configure";
inline constexpr std::string_view kNodeCheck = "toscac.interfaces.node.lifecycle.Check";
inline constexpr std::string_view kRelationshipCheck = "toscac.interfaces.relationship.Check";

struct Operation {
  std::string name;
  const ir::Implementation* implementation = nullptr;
  std::vector<const ir::PropertyDef*> inputs;  // by name, later layers winning
  std::vector<std::pair<ir::Name, const ir::Node*>> outputs;
};

struct Interface {
  std::string name;
  std::vector<const ir::PropertyDef*> inputs;
  std::vector<Operation> operations;  // in order of first definition
  const Operation* Find(std::string_view op) const;
};

Interface MergeInterface(const std::vector<const ir::InterfaceDef*>& layers);

// The name of the interface of `interfaces` whose type is `base` or derives from it; "" when
// none is. `prefix` is the namespace prefix the type names were written under.
std::string InterfaceOfType(const types::TypeTable& types,
                            const std::vector<ir::InterfaceDef>& interfaces, std::string_view base,
                            std::string_view prefix);

// The interface named `name` in a list, or nullptr.
const ir::InterfaceDef* FindInterface(const std::vector<ir::InterfaceDef>& list,
                                      std::string_view name);

// Writes operations as JSON, registering the files they run.
class OperationWriter {
 public:
  OperationWriter(eval::Evaluator& ev, Artifacts& files) : ev_(ev), files_(files) {}

  // `do` or `check`: null when the operation has no implementation. The interface's inputs and
  // then the operation's are evaluated in `scope`. `named` are the artifacts of the node an
  // implementation may name instead of a file.
  void Do(const Interface& itf, const Operation* op, const eval::EvalScope& scope,
          const std::vector<const ir::ArtifactDef*>& named, JsonWriter& w);
  // A step's "do" (`op` of `itf`) and "check" (the operation of the same name in `check`, null
  // when the node has no check interface), as keys of the object being written.
  void DoAndCheck(const Interface& itf, const Operation* op, const Interface& check,
                  std::string_view name, const eval::EvalScope& scope,
                  const std::vector<const ir::ArtifactDef*>& named, JsonWriter& w);
  // The 1.3 output mappings as written: { "maintenance": ["SELF", "maintenance"] }.
  static void Outputs(const Operation* op, JsonWriter& w);
  // The artifact paths used since the last call, sorted.
  std::set<std::string> TakeUsed();

 private:
  // The path a step runs; nullopt when there is none.
  std::optional<std::string> File(const ir::Node* file,
                                  const std::vector<const ir::ArtifactDef*>& named, bool& missing);
  Members Env(const Interface& itf, const Operation& op, const eval::EvalScope& scope);
  Members EnvProperties(const Interface& itf, const Operation& op, const eval::EvalScope& scope);

  eval::Evaluator& ev_;
  Artifacts& files_;
  std::set<std::string> used_;
};

}  // namespace toscac::emit
