#pragma once
// SHA-256 through OpenSSL's SHA256_* functions, as lower-case hex: the hashes of the manifests'
// artifacts and the deployment's content hash.
//
//   Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct SHA256state_st;  // OpenSSL's SHA256_CTX

namespace toscac::emit {

std::string Sha256Hex(std::string_view bytes);

// The same hash, fed piece by piece, so that large inputs need not be held at once:
//
//   Sha256 h;
//   h.Update("a");
//   h.Update("bc");
//   h.Hex() == Sha256Hex("abc")
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  // The hash of everything fed so far; "" when OpenSSL failed, as Sha256Hex gives.
  std::string Hex();

 private:
  std::unique_ptr<SHA256state_st> ctx_;
  bool ok_;
};

// The hash of a file's bytes, read in chunks; nullopt when it cannot be read.
std::optional<std::string> Sha256File(const std::filesystem::path& path);

}  // namespace toscac::emit
