// A compiled deployment's files in the store, for agents on hosts that share no file system
// with the machine that compiled it: `toscac deploy` publishes index.json, the manifests and
// the artifacts under /toscac/<deployment>/files/<encoded path>; `toscac-agent --deployment`
// fetches them into a local directory. The agent then checks them as always (schema, sha256).
#pragma once

#include <string>

#include "store/store.h"

namespace toscac::agent {

// Largest file published: etcd refuses values past about 1.5 MiB.
inline constexpr size_t kMaxPublishedFile = 1 << 20;

// A relative path with no "..", empty or "." segment: it stays inside whatever directory it
// is joined to. Manifests' artifact paths and published file names must be.
bool StaysInside(const std::string& path);

// Replaces the deployment's published files with those under `dir`. Returns false with
// `error` set when a file cannot be read or is too large (nothing is published then).
bool PublishFiles(store::Store& store, const std::string& deployment, const std::string& dir,
                  std::string& error);
// Writes the published files under `dir` (created); refuses a path that would leave it.
bool FetchFiles(store::Store& store, const std::string& deployment, const std::string& dir,
                std::string& error);

}  // namespace toscac::agent
