// The low-level SHA-256 functions, not EVP: see compiler/emit/sha256.cc.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <fstream>

#include "core/agent.h"
#include "core/files.h"

namespace toscac::agent {

namespace {
// Lower-case hex SHA-256 of a file's bytes; nullopt when it cannot be read.
std::optional<std::string> Sha256File(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  char buf[65536];
  while (in) {
    in.read(buf, sizeof buf);
    if (in.gcount() > 0) SHA256_Update(&ctx, buf, static_cast<size_t>(in.gcount()));
  }
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256_Final(digest, &ctx);
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 15];
  }
  return hex;
}

}  // namespace

std::string VerifyArtifacts(const Manifest& manifest, const std::string& deployment_dir) {
  std::string problems;
  for (const Artifact& a : manifest.artifacts) {
    if (a.path.find("://") != std::string::npos) continue;  // URLs are not fetched
    if (!StaysInside(a.path)) {
      problems += "artifact '" + a.path + "' leaves the deployment directory\n";
      continue;
    }
    if (!a.sha256) continue;  // missing at compile time: its step fails when it runs
    auto actual = Sha256File(deployment_dir + "/" + a.path);
    if (!actual) {
      problems += "artifact '" + a.path + "' cannot be read\n";
      continue;
    }
    if (*actual != *a.sha256) {
      problems += "artifact '" + a.path + "' has sha256 " + *actual + ", the manifest says " +
                  *a.sha256 + "\n";
    }
  }
  return problems;
}

}  // namespace toscac::agent
