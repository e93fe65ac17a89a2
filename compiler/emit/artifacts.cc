#include "emit/artifacts.h"

#include "emit/sha256.h"

namespace toscac::emit {

namespace fs = std::filesystem;
using diag::Code;

namespace {

inline constexpr std::string_view kArtifactsDir = "artifacts/";

bool IsInside(const fs::path& path, const fs::path& root) {
  fs::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

fs::path Canonical(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return ec ? p : c;
}

}  // namespace

TemplateFiles TemplateDirectory(const load::Program& program) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (program.archive != nullptr && program.root != nullptr) {
    return TemplateFiles{cwd, program.archive.get(), csar::DirOf(program.root->path)};
  }
  if (program.root == nullptr || program.root->path.empty() || program.root->path[0] == '<') {
    return TemplateFiles{cwd, nullptr, ""};
  }
  fs::path dir = fs::absolute(program.root->path, ec).lexically_normal().parent_path();
  return TemplateFiles{dir, nullptr, ""};
}

Artifacts::Artifacts(fs::path template_dir, diag::Diagnostics& diags)
    : Artifacts(TemplateFiles{std::move(template_dir), nullptr, ""}, diags) {}

Artifacts::Artifacts(TemplateFiles where, diag::Diagnostics& diags)
    : dir_(std::move(where.dir)),
      canonical_(Canonical(dir_)),
      archive_(where.archive),
      entry_dir_(std::move(where.entry_dir)),
      diags_(diags) {}

// A refused file is not remembered: each place that names it gets its diagnostic.
FileRef Artifacts::Add(const ir::Node& file) {
  if (auto it = refs_.find(std::string(file.value())); it != refs_.end()) return it->second;
  FileRef ref = Register(std::string(file.value()), file.location);
  if (!ref.refused) refs_[std::string(file.value())] = ref;
  return ref;
}

// A file named outside the template's directory would let a template ship any file of the
// machine it is compiled on: refuse it, whether by an absolute path, "..", or a link.
FileRef Artifacts::Register(const std::string& file, const diag::Location& at) {
  if (file.empty()) return FileRef{"", false, true};  // no file at all: nothing to run
  if (file.find("://") != std::string::npos) return FileRef{file, false, false};
  if (archive_ != nullptr) return RegisterEntry(file, at);
  fs::path rel = fs::path(file).lexically_normal();
  fs::path full = (dir_ / rel).lexically_normal();
  if (rel.is_absolute() || !IsInside(full, dir_) || !IsInside(Canonical(full), canonical_)) {
    diags_.Report(Code::M901, at,
                  "implementation file '" + file + "' leaves the template's root directory");
    return FileRef{"", false, true};
  }
  ArtifactFile entry;
  entry.file = full.lexically_relative(dir_).generic_string();
  entry.path = std::string(kArtifactsDir) + entry.file;
  entry.source = full;
  std::error_code ec;
  bool exists = fs::exists(full, ec);
  if (exists) {
    bool regular = fs::is_regular_file(full, ec);
    entry.sha256 = regular ? Sha256File(full) : std::nullopt;
    if (!entry.sha256) {
      diags_.Report(Code::M902, at,
                    "implementation file '" + file + "' cannot be read: " +
                        (regular ? "permission denied or an I/O error" : "it is not a file"));
      return FileRef{"", false, true};
    }
  }
  files_[entry.path] = entry;
  return FileRef{entry.path, !exists, false};
}

// Inside an archive: an entry named relative to the root template's, read into memory.
FileRef Artifacts::RegisterEntry(const std::string& file, const diag::Location& at) {
  std::string entry = csar::JoinInside(entry_dir_, file);
  if (entry.empty()) {
    diags_.Report(Code::M901, at, "implementation file '" + file + "' leaves the archive");
    return FileRef{"", false, true};
  }
  ArtifactFile a;
  a.file = entry;  // named from the archive's root: "../scripts/a.sh" is a file of it too
  a.path = std::string(kArtifactsDir) + a.file;
  bool exists = archive_->Contains(entry);
  if (exists) {
    std::string bytes, why;
    if (!archive_->Read(entry, bytes, why, nullptr)) {
      diags_.Report(Code::M902, at, "implementation file '" + file + "' cannot be read: " + why);
      return FileRef{"", false, true};
    }
    a.sha256 = Sha256Hex(bytes);
    a.bytes = std::move(bytes);
  }
  files_[a.path] = a;
  return FileRef{a.path, !exists, false};
}

std::vector<ArtifactFile> Artifacts::All() const {
  std::vector<ArtifactFile> out;
  for (const auto& [path, entry] : files_) out.push_back(entry);
  return out;
}

const ArtifactFile* Artifacts::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

}  // namespace toscac::emit
