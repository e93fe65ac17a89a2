// Run-time values: references to other nodes' attributes and operation outputs, resolved
// from the store, and the text an environment variable gets for a value.
//
//   Resolver r(deployment, snapshot);
//   auto v = r.Resolve({{"get_attribute", {"db", "port"}}});  // nullopt until published
//   if (!v) Log("waiting for " + r.missing());
#pragma once

#include <optional>
#include <string>

#include "core/manifest.h"
#include "core/snapshot.h"

namespace toscac::agent {

// string: itself; number, boolean: JSON text; null: ""; list, map: compact JSON.
std::string EnvText(const Json& value);

class Resolver {
 public:
  Resolver(std::string deployment, const Snapshot& snapshot)
      : deployment_(std::move(deployment)), snapshot_(snapshot) {}

  // The value with every reference replaced by what the store holds; nullopt when something
  // is not published yet (missing() says what) or cannot be computed (error() says why).
  std::optional<Json> Resolve(const Json& value);
  const std::string& missing() const { return missing_; }
  const std::string& error() const { return error_; }

 private:
  std::optional<Json> Function(const std::string& name, const Json& args);
  std::optional<Json> Attribute(const Json& args);
  std::optional<Json> OperationOutput(const Json& args);

  std::string deployment_;
  const Snapshot& snapshot_;
  std::string missing_, error_;
};

bool IsReference(const Json& value);

}  // namespace toscac::agent
