#include "emit/sha256.h"

// OpenSSL's low-level SHA-256 functions, deprecated in OpenSSL 3 in favour of EVP but kept
// throughout 3.x: EVP brings the whole provider framework along, which linked statically is
// 340 KB of pointer tables that every run of toscac relocates at start-up (docs/performance.md).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <fstream>
#include <vector>

namespace toscac::emit {

namespace {

std::string Finish(SHA256_CTX* ctx) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  if (SHA256_Final(digest, ctx) != 1) return "";
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * SHA256_DIGEST_LENGTH);
  for (unsigned char byte : digest) {
    out += kHex[byte >> 4];
    out += kHex[byte & 0xf];
  }
  return out;
}

}  // namespace

Sha256::Sha256() : ctx_(std::make_unique<SHA256state_st>()) { ok_ = SHA256_Init(ctx_.get()) == 1; }

Sha256::~Sha256() = default;

void Sha256::Update(std::string_view bytes) {
  ok_ = ok_ && SHA256_Update(ctx_.get(), bytes.data(), bytes.size()) == 1;
}

std::string Sha256::Hex() { return ok_ ? Finish(ctx_.get()) : ""; }

std::string Sha256Hex(std::string_view bytes) {
  Sha256 hash;
  hash.Update(bytes);
  return hash.Hex();
}

std::optional<std::string> Sha256File(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  Sha256 hash;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    std::streamsize n = in.gcount();
    if (n > 0) hash.Update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
  if (in.bad()) return std::nullopt;
  std::string hex = hash.Hex();
  if (hex.empty()) return std::nullopt;
  return hex;
}

}  // namespace toscac::emit
