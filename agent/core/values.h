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
#include "core/secrets.h"
#include "core/snapshot.h"

namespace toscac::agent {

// string: itself; number, boolean: JSON text; null: ""; list, map: compact JSON.
std::string EnvText(const Json& value);

class Resolver {
 public:
  Resolver(std::string deployment, const Snapshot& snapshot, const Secrets* secrets = nullptr)
      : deployment_(std::move(deployment)), snapshot_(snapshot), secrets_(secrets) {}

  // The value with every reference replaced by what the store holds; nullopt when something
  // is not published yet (missing() says what) or cannot be computed (error() says why).
  std::optional<Json> Resolve(const Json& value);
  const std::string& missing() const { return missing_; }
  const std::string& error() const { return error_; }
  // Whether a get_secret was resolved since the last ClearUsedSecret.
  bool used_secret() const { return used_secret_; }
  void ClearUsedSecret() { used_secret_ = false; }

 private:
  std::optional<Json> Function(const std::string& name, const Json& args);
  std::optional<Json> Attribute(const Json& args);
  std::optional<Json> OperationOutput(const Json& args);
  std::optional<Json> Secret(const Json& args);

  std::string deployment_;
  const Snapshot& snapshot_;
  const Secrets* secrets_;
  std::string missing_, error_;
  bool used_secret_ = false;
};

bool IsReference(const Json& value);

}  // namespace toscac::agent
