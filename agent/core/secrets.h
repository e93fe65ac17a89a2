// Secrets: the values of secret inputs (docs/security.md, "Secrets"). The compiler never sees
// them: a manifest holds {"get_secret": ["db_password"]} where the value goes, and the agent
// reads the values from its secrets file, a JSON object of input name to value:
//
//   {"db_password": "s3cret", "api_token": "..."}
//
// The file must be a regular file owned by the agent's user and readable by nobody else
// (chmod 600), like an ssh key. Values reach a step only through its environment; the agent
// redacts them from step output before it reaches a log file or the store.
//
//   std::string error;
//   auto secrets = LoadSecrets("/etc/toscac/shop.secrets", error);   // nullopt: error says why
//   std::string missing = MissingSecrets(manifest, *secrets);       // "" when all are there
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/manifest.h"

namespace toscac::agent {

struct Secrets {
  std::map<std::string, Json> values;  // input name -> value
  // The text of every value as a step sees it (EnvText), longest first: what redaction hides.
  std::vector<std::string> texts;
};

// Reads and checks a secrets file: a regular file (not a symlink), owned by this user,
// mode without group or other bits, at most 1 MiB, holding a JSON object.
std::optional<Secrets> LoadSecrets(const std::string& path, std::string& error);

// The secret inputs a manifest refers to, sorted.
std::set<std::string> SecretNames(const Manifest& manifest);

// "" when `secrets` holds every secret the manifest refers to; else one line per missing one.
std::string MissingSecrets(const Manifest& manifest, const Secrets& secrets);

}  // namespace toscac::agent
