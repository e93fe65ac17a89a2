#include "emit/write.h"

#include <cerrno>
#include <fstream>
#include <set>
#include <system_error>

#include "emit/sha256.h"

namespace toscac::emit {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxFileName = 200;
constexpr std::size_t kKeptBytes = 180;

bool Plain(char c, bool first) {
  bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return alnum || c == '_' || c == '-' || (c == '.' && !first);
}

bool Fail(std::string* error, const std::string& what, const fs::path& path,
          const std::error_code& ec) {
  if (error != nullptr) *error = "cannot " + what + " '" + path.string() + "': " + ec.message();
  return false;
}

bool Fail(std::string* error, const std::string& message) {
  if (error != nullptr) *error = message;
  return false;
}

bool MakeDirectory(const fs::path& dir, std::string* error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Fail(error, "create directory", dir, ec);
  return true;
}

constexpr std::string_view kStaging = ".toscac-staging";

std::string ManifestFile(std::string_view node) { return SafeFileName(node) + ".json"; }

// Stale manifests (of nodes since renamed or removed) would mislead an agent: remove them.
bool RemoveStale(const std::set<std::string>& keep, const fs::path& dir, std::string* error) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path& p = entry.path();
    if (p.extension() != ".json" || keep.count(p.filename().string()) > 0) continue;
    if (!fs::remove(p, ec) || ec) return Fail(error, "remove", p, ec);
  }
  if (ec) return Fail(error, "list", dir, ec);
  return true;
}

bool CopyArtifact(const ArtifactFile& f, const fs::path& out, std::string* error) {
  if (!f.sha256) return true;  // missing: nothing to copy
  fs::path to = out / f.path;
  if (!MakeDirectory(to.parent_path(), error)) return false;
  if (f.bytes) return WriteFile(to, *f.bytes, error);  // read from an archive
  std::error_code ec;
  fs::copy_file(f.source, to, fs::copy_options::overwrite_existing, ec);
  if (ec) return Fail(error, "copy to", to, ec);
  return true;
}

// What follows the manifests: the artifacts, then the index.
bool WriteRest(const Deployment& d, const fs::path& out, std::string* error) {
  for (const ArtifactFile& f : d.artifacts) {
    if (!CopyArtifact(f, out, error)) return false;
  }
  return WriteFile(out / "index.json", d.index_text, error);
}

bool WriteBytes(const fs::path& path, std::string_view text, std::string* error) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (out) return true;
  std::error_code ec(errno != 0 ? errno : EIO, std::generic_category());
  return Fail(error, "write", path, ec);
}

}  // namespace

std::string SafeFileName(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  std::size_t cut = 0;  // the longest prefix of whole characters within kKeptBytes
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (Plain(c, i == 0)) {
      out += c;
    } else {
      auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
    if (out.size() <= kKeptBytes) cut = out.size();
  }
  if (out.size() <= kMaxFileName) return out;
  return out.substr(0, cut) + "~" + Sha256Hex(name).substr(0, 16);
}

std::string ManifestPath(std::string_view node) {
  return "manifests/" + SafeFileName(node) + ".json";
}

bool WriteFile(const fs::path& path, const std::string& text, std::string* error) {
  return WriteBytes(path, text, error);
}

bool WriteDeployment(const Deployment& d, const fs::path& out, std::string* error) {
  fs::path manifests = out / "manifests";
  std::set<std::string> keep;
  for (const auto& [name, text] : d.manifests) keep.insert(ManifestFile(name));
  if (!MakeDirectory(manifests, error) || !RemoveStale(keep, manifests, error)) return false;
  for (const auto& [name, text] : d.manifests) {
    if (!WriteFile(out / ManifestPath(name), text, error)) return false;
  }
  return WriteRest(d, out, error);
}

StagedManifests::StagedManifests(fs::path out) : out_(std::move(out)), stage_(out_ / kStaging) {}

StagedManifests::~StagedManifests() {
  std::error_code ec;
  if (started_) fs::remove_all(stage_, ec);  // nothing left once committed
  if (!committed_ && !created_.empty()) fs::remove_all(created_, ec);
}

// Remembers which directories of `out` did not exist, then makes a fresh staging directory
// (one a killed compile left behind is removed).
bool StagedManifests::Start() {
  started_ = true;
  std::error_code ec;
  fs::path absolute = fs::absolute(out_, ec).lexically_normal();
  for (fs::path p = absolute; !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    created_ = p;
    if (p == p.parent_path()) break;
  }
  fs::remove_all(stage_, ec);
  return MakeDirectory(stage_, &error_);
}

void StagedManifests::Stage(const std::string& node, std::string_view text) {
  if (!error_.empty() || (!started_ && !Start())) return;
  WriteBytes(stage_ / ManifestFile(node), text, &error_);
}

ManifestSink StagedManifests::Sink() {
  return [this](const std::string& node, std::string_view text) { Stage(node, text); };
}

bool StagedManifests::Commit(const Deployment& d, std::string* error) {
  committed_ = true;
  if (!started_ && !Start()) return Fail(error, error_);
  if (!error_.empty()) return Fail(error, error_);
  fs::path manifests = out_ / "manifests";
  std::error_code ec;
  if (!fs::exists(manifests, ec)) {
    fs::rename(stage_, manifests, ec);  // the usual case: all of them at once
    if (ec) return Fail(error, "move to", manifests, ec);
    return WriteRest(d, out_, error);
  }
  std::set<std::string> keep;
  for (const std::string& node : d.nodes) keep.insert(ManifestFile(node));
  if (!RemoveStale(keep, manifests, error)) return false;
  for (const auto& entry : fs::directory_iterator(stage_, ec)) {
    fs::path to = manifests / entry.path().filename();
    fs::rename(entry.path(), to, ec);
    if (ec) return Fail(error, "move to", to, ec);
  }
  if (ec) return Fail(error, "list", stage_, ec);
  return WriteRest(d, out_, error);
}

}  // namespace toscac::emit
