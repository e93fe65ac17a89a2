// Imports: resolved relative to the importing file, on disk, inside an archive, or at a URL;
// each read once, in the order written, imports before their importers.
#include <filesystem>

#include "load/fetch.h"
#include "load/loader.h"
#include "load/read_file.h"

namespace toscac::load {

namespace fs = std::filesystem;
using diag::Code;
using diag::Location;

namespace {

// Lexically inside `root`? Both paths are absolute and normalised.
bool IsInside(const fs::path& path, const fs::path& root) {
  auto rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

std::string Canonical(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return (ec ? p : c).string();
}

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

void Loader::LoadImports(Unit& unit, const Origin& origin, const std::string& prefix) {
  for (const ir::Import& imp : unit.st->imports) {
    std::string repository_url;
    if (!imp.repository.Empty()) {
      const ir::Repository* r = ir::FindRepository(*unit.st, imp.repository.text);
      if (r == nullptr) {
        program_.diags.Report(Code::F009, imp.repository.location,
                              "unknown repository '" + imp.repository.text + "'");
        continue;
      }
      if (r->url != nullptr && r->url->IsScalar()) repository_url = r->url->value();
    }
    LoadImport(imp, repository_url, origin, prefix);
  }
}

void Loader::LoadImport(const ir::Import& imp, const std::string& repository_url,
                        const Origin& from, const std::string& prefix) {
  Target target;
  std::string text;
  if (!Resolve(imp, repository_url, from, target) || !Admit(imp, target) ||
      !ReadTarget(imp, target, text)) {
    return;
  }
  loaded_.insert(target.key);
  std::unique_ptr<Unit> unit = ParseUnit(target.display, target.key, std::move(text), false);
  if (unit == nullptr) return;
  CheckVersion(imp, *unit);
  std::string full_prefix = prefix;
  if (!imp.namespace_prefix.Empty()) full_prefix = imp.namespace_prefix.text;
  unit->namespace_prefix = full_prefix;
  active_.push_back(target.key);
  LoadImports(*unit, target.origin, full_prefix);
  active_.pop_back();
  program_.units.push_back(std::move(unit));  // imports come before their importers
}

// A URL (written, or relative to a fetched file, or in a repository) is fetched only when
// allowed, and only over http(s).
bool Loader::Resolve(const ir::Import& imp, const std::string& repository_url, const Origin& from,
                     Target& target) {
  const std::string& file = imp.file.text;
  std::string url;
  if (!imp.repository.Empty()) {
    std::string base = repository_url;
    if (!base.empty() && base.back() != '/') base += '/';
    url = IsHttpUrl(base) ? JoinUrl(base, file) : "-";
  } else if (file.find("://") != std::string::npos) {
    url = file;
  } else if (from.kind == Origin::Kind::kUrl) {
    url = JoinUrl(from.dir, file);
  }
  if (!url.empty() && !(options_.allow_url_imports && IsHttpUrl(url))) {
    auto& d = program_.diags.Report(Code::F006, imp.file.location,
                                    "import " + Quoted(file) + " is not fetched");
    if (options_.allow_url_imports) {
      d.AddNote("only http and https URLs are fetched");
    } else {
      d.AddNote("pass --allow-url-imports to fetch it, or download it and import it by path");
    }
    return false;
  }
  if (!url.empty()) return ResolveUrl(url, target);
  if (from.kind == Origin::Kind::kArchive) return ResolveEntry(imp, from, target);
  return ResolveDisk(imp, from, target);
}

bool Loader::ResolveUrl(const std::string& url, Target& target) {
  target = Target{url, url, url, Origin{Origin::Kind::kUrl, url, ""}};
  return true;
}

// Inside an archive, an import is an entry named relative to the importing entry.
bool Loader::ResolveEntry(const ir::Import& imp, const Origin& from, Target& target) {
  const std::string& file = imp.file.text;
  std::string entry = csar::JoinInside(from.dir, file);
  if (entry.empty()) {
    program_.diags
        .Report(Code::F016, imp.file.location,
                "import " + Quoted(file) + " leaves the archive '" + program_.archive_name + "'")
        .AddNote(
            "inside an archive, imports name files of the archive, relative to the importing "
            "file");
    return false;
  }
  target = Target{entry, entry, csar::DisplayName(program_.archive_name, entry),
                  Origin{Origin::Kind::kArchive, csar::DirOf(entry), ""}};
  return true;
}

bool Loader::ResolveDisk(const ir::Import& imp, const Origin& from, Target& target) {
  const std::string& file = imp.file.text;
  fs::path p = fs::path(file).is_absolute() ? fs::path(file) : fs::path(from.dir) / file;
  p = p.lexically_normal();
  std::string canonical = Canonical(p);
  if (!options_.allow_outside_root &&
      (fs::path(file).is_absolute() || !IsInside(p, root_dir_) ||
       !IsInside(fs::path(canonical), fs::path(Canonical(root_dir_))))) {
    program_.diags
        .Report(Code::F005, imp.file.location,
                "import " + Quoted(file) + " leaves the template's root directory")
        .AddNote("pass --allow-outside-root to permit it");
    return false;
  }
  // Shown relative to the importer's shown name: no absolute paths in messages.
  std::string display = (fs::path(from.display_dir) / file).lexically_normal().string();
  target = Target{canonical, p.string(), display,
                  Origin{Origin::Kind::kDisk, fs::path(canonical).parent_path().string(),
                         fs::path(display).parent_path().string()}};
  return true;
}

// Not a cycle, not loaded before, and within the number of imports allowed.
bool Loader::Admit(const ir::Import& imp, const Target& target) {
  const std::string& file = imp.file.text;
  const Location& at = imp.file.location;
  for (const std::string& a : active_) {
    if (a != target.key) continue;
    std::string shown = target.origin.kind == Origin::Kind::kUrl
                            ? target.key
                            : fs::path(target.key).filename().string();
    program_.diags.Report(Code::F004, at, "import " + Quoted(file) + " forms a cycle")
        .AddNote(Quoted(shown) + " is already being imported");
    return false;
  }
  if (loaded_.count(target.key)) return false;  // a diamond: loaded once
  if (++import_count_ > options_.max_imports) {
    std::uint32_t limit = options_.max_imports;
    program_.diags
        .Report(Code::F008, at,
                "import " + Quoted(file) + " exceeds the limit of " + std::to_string(limit) +
                    (limit == 1 ? " imported file" : " imported files"))
        .AddNote("raise the limit with --max-imports");
    return false;
  }
  return true;
}

bool Loader::ReadTarget(const ir::Import& imp, const Target& target, std::string& text) {
  const std::string& file = imp.file.text;
  const Location& at = imp.file.location;
  std::string why;
  if (target.origin.kind == Origin::Kind::kUrl) {
    FetchStatus s = Fetch(target.read_from,
                          FetchOptions{options_.url_timeout_s, options_.max_file_bytes}, text, why);
    if (s == FetchStatus::kOk) return true;
    auto& d = program_.diags.Report(s == FetchStatus::kTooLarge ? Code::F002 : Code::F017, at,
                                    "cannot fetch " + Quoted(target.key) + ": " + why);
    if (s == FetchStatus::kTooLarge) d.AddNote("raise the limit with --max-file-size");
    return false;
  }
  if (target.origin.kind == Origin::Kind::kArchive) {
    if (!program_.archive->Contains(target.read_from)) {
      program_.diags.Report(Code::F003, at,
                            "cannot import " + Quoted(file) + ": no such file in the archive");
      return false;
    }
    bool too_large = false;
    if (program_.archive->Read(target.read_from, text, why, &too_large)) return true;
    program_.diags.Report(too_large ? Code::F012 : Code::F010, at,
                          "cannot import " + Quoted(file) + ": " + why);
    return false;
  }
  ReadStatus s = ReadWholeFile(target.read_from, options_.max_file_bytes, text, why);
  if (s == ReadStatus::kOk) return true;
  program_.diags.Report(s == ReadStatus::kTooLarge ? Code::F002 : Code::F003, at,
                        "cannot import " + Quoted(file) + ": " + why);
  return false;
}

void Loader::CheckVersion(const ir::Import& imp, const Unit& unit) {
  max_minor_ = std::max(max_minor_, unit.st->minor);
  if (unit.st->minor == program_.minor) return;
  program_.diags
      .Report(Code::F007, imp.file.location,
              Quoted(imp.file.text) + " declares " + unit.st->version.text +
                  " but the root template declares tosca_simple_yaml_1_" +
                  std::to_string(program_.minor))
      .AddNote(unit.st->version.location,
               "declared here; the normative types of the "
               "newest version declared are used");
}

}  // namespace toscac::load
