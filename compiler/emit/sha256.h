#pragma once
// SHA-256 through OpenSSL's EVP interface, as lower-case hex: the hashes of the manifests'
// artifacts and the deployment's content hash.
//
//   Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace toscac::emit {

std::string Sha256Hex(std::string_view bytes);

// The hash of a file's bytes, read in chunks; nullopt when it cannot be read.
std::optional<std::string> Sha256File(const std::filesystem::path& path);

}  // namespace toscac::emit
