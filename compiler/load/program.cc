#include "load/program.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>

#include "ir/reader.h"
#include "toscac/embedded_profiles.h"
#include "yaml/digest.h"

namespace toscac::load {

namespace fs = std::filesystem;
using diag::Code;
using diag::Location;

namespace {

enum class ReadStatus { kOk, kMissing, kNotFile, kTooLarge, kUnreadable };

ReadStatus ReadWholeFile(const fs::path& path, std::uint64_t limit, std::string& out,
                         std::string& why) {
  std::error_code ec;
  auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    why = ec && ec != std::errc::no_such_file_or_directory ? ec.message() : "no such file";
    return ReadStatus::kMissing;
  }
  if (fs::is_directory(status)) {
    why = "it is a directory";
    return ReadStatus::kNotFile;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = "cannot open it";
    return ReadStatus::kUnreadable;
  }
  // Read in chunks so that pipes and special files work and the size limit holds for them.
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (text.size() > limit) {
      why = "it is larger than " + std::to_string(limit) + " bytes";
      return ReadStatus::kTooLarge;
    }
  }
  if (in.bad()) {
    why = "a read error";
    return ReadStatus::kUnreadable;
  }
  out = std::move(text);
  return ReadStatus::kOk;
}

// Adds the time from its construction to its destruction to `*sum`, when `sum` is set.
class Stopwatch {
 public:
  explicit Stopwatch(double* sum) : sum_(sum) {
    if (sum_ != nullptr) start_ = std::chrono::steady_clock::now();
  }
  ~Stopwatch() {
    if (sum_ == nullptr) return;
    *sum_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  Stopwatch(const Stopwatch&) = delete;
  Stopwatch& operator=(const Stopwatch&) = delete;

 private:
  double* sum_;
  std::chrono::steady_clock::time_point start_;
};

// Lexically inside `root`? Both paths are absolute and normalised.
bool IsInside(const fs::path& path, const fs::path& root) {
  auto rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

class Loader {
 public:
  Loader(const LoadOptions& options, Program& program) : options_(options), program_(program) {}

  bool LoadRoot(const Source& source) {
    std::string text;
    std::string path = source.name;
    if (source.text) {
      text = *source.text;
      root_dir_ = fs::current_path();
    } else {
      std::string why;
      fs::path p = fs::absolute(source.path).lexically_normal();
      ReadStatus s = ReadWholeFile(p, options_.max_file_bytes, text, why);
      if (s != ReadStatus::kOk) {
        diag::FileId id = program_.sources.Add(source.name, "");
        program_.diags.Report(s == ReadStatus::kTooLarge ? Code::F002 : Code::F001,
                              Location{id, 0, 0, 0}, "cannot read '" + source.name + "': " + why);
        program_.io_error = true;
        return false;
      }
      root_dir_ = p.parent_path();
      path = Canonical(p);
    }
    std::unique_ptr<Unit> root = ParseUnit(source.name, path, std::move(text), false);
    if (root == nullptr) return false;
    program_.minor = root->st->minor;
    max_minor_ = root->st->minor;
    active_.push_back(root->path);
    LoadImports(*root, source.text ? root_dir_ : fs::path(path).parent_path(), "");
    active_.pop_back();
    program_.root = root.get();
    program_.units.push_back(std::move(root));
    // The profile goes first so that its types are registered before the user's. When an
    // import declares a newer TOSCA version than the root, its types may build on that
    // version's normative types: the newest version declared selects the profile.
    if (options_.load_profile) LoadProfile(max_minor_);
    return true;
  }

 private:
  static std::string Canonical(const fs::path& p) {
    std::error_code ec;
    fs::path c = fs::weakly_canonical(p, ec);
    return (ec ? p : c).string();
  }

  std::unique_ptr<Unit> ParseUnit(const std::string& name, const std::string& path,
                                  std::string text, bool normative) {
    diag::FileId id = program_.sources.Add(name, std::move(text));
    auto unit = NewUnit(path, normative);
    if (!Parse(*unit, id)) return nullptr;
    return ReadUnit(std::move(unit), id);
  }

  static std::unique_ptr<Unit> NewUnit(const std::string& path, bool normative) {
    auto unit = std::make_unique<Unit>();
    unit->path = path;
    unit->normative = normative;
    unit->doc = std::make_unique<yaml::Document>();
    return unit;
  }

  // Loads the YAML text of file `id` into the unit's tree; false when there is no tree.
  bool Parse(Unit& unit, diag::FileId id) {
    Stopwatch watch(Timer(&LoadTimings::parse, unit));
    return yaml::Load(program_.sources, id, options_.yaml, *unit.doc, program_.diags) ||
           unit.doc->root() != nullptr;
  }

  std::unique_ptr<Unit> ReadUnit(std::unique_ptr<Unit> unit, diag::FileId id) {
    Stopwatch watch(Timer(&LoadTimings::read, *unit));
    unit->st = std::make_unique<ir::ServiceTemplate>();
    if (!ir::ReadServiceTemplate(*unit->doc->root(), id, program_.diags, *unit->st)) {
      return nullptr;
    }
    return unit;
  }

  // User files are timed by phase; the profile is timed as a whole (LoadProfile).
  double* Timer(double LoadTimings::*phase, const Unit& unit) const {
    if (options_.timings == nullptr || unit.normative) return nullptr;
    return &(options_.timings->*phase);
  }

  void LoadProfile(int minor) {
    Stopwatch watch(options_.timings ? &options_.timings->profile : nullptr);
    std::size_t inserted = 0;
    std::string name = "tosca_simple_yaml_1_" + std::to_string(minor) + ".yaml";
    for (const std::string& file : {name, std::string("toscac_profile.yaml")}) {
      const profiles::EmbeddedFile* f = profiles::FindEmbedded(file);
      if (f == nullptr) continue;
      auto unit = ProfileUnit(*f);
      if (unit != nullptr)
        program_.units.insert(program_.units.begin() + inserted++, std::move(unit));
    }
  }

  // A profile's tree comes from its digest, made at build time from the same text by the same
  // loader, which saves parsing it. Limits tighter than the profile itself get the text
  // parsed, so that they are reported as Load() reports them.
  std::unique_ptr<Unit> ProfileUnit(const profiles::EmbeddedFile& f) {
    std::string name = "<tosca-profiles>/" + std::string(f.name);
    yaml::DigestInfo info;
    bool digested = yaml::ReadDigestInfo(f.digest, info) && info.depth <= options_.yaml.max_depth &&
                    info.alias_nodes <= options_.yaml.max_alias_nodes;
    if (!digested) return ParseUnit(name, name, std::string(f.text), true);
    diag::FileId id = program_.sources.Add(name, std::string(f.text));
    auto unit = NewUnit(name, true);
    if (!yaml::Undigest(f.digest, id, *unit->doc)) {
      unit->doc = std::make_unique<yaml::Document>();  // cannot happen: the build checked it
      if (!Parse(*unit, id)) return nullptr;
    }
    return ReadUnit(std::move(unit), id);
  }

  void LoadImports(Unit& unit, const fs::path& dir, const std::string& prefix) {
    std::string display_dir =
        fs::path(std::string(program_.sources.Name(unit.st->file))).parent_path().string();
    for (const ir::Import& imp : unit.st->imports) {
      if (!imp.repository.Empty() && ir::FindRepository(*unit.st, imp.repository.text) == nullptr) {
        program_.diags.Report(Code::F009, imp.repository.location,
                              "unknown repository '" + imp.repository.text + "'");
        continue;
      }
      LoadImport(imp, dir, display_dir, prefix);
    }
  }

  void LoadImport(const ir::Import& imp, const fs::path& dir, const std::string& display_dir,
                  const std::string& prefix) {
    const std::string& file = imp.file.text;
    const Location& at = imp.file.location;
    if (!imp.repository.Empty() || file.find("://") != std::string::npos) {
      program_.diags.Report(Code::F006, at, "import '" + file + "' is not fetched")
          .AddNote("toscac reads local files only; download it and import it by path");
      return;
    }
    fs::path p = fs::path(file).is_absolute() ? fs::path(file) : dir / file;
    p = p.lexically_normal();
    std::string canonical = Canonical(p);
    if (!options_.allow_outside_root &&
        (fs::path(file).is_absolute() || !IsInside(p, root_dir_) ||
         !IsInside(fs::path(canonical), fs::path(Canonical(root_dir_))))) {
      program_.diags
          .Report(Code::F005, at, "import '" + file + "' leaves the template's root directory")
          .AddNote("pass --allow-outside-root to permit it");
      return;
    }
    for (const std::string& a : active_) {
      if (a != canonical) continue;
      program_.diags.Report(Code::F004, at, "import '" + file + "' forms a cycle")
          .AddNote("'" + fs::path(canonical).filename().string() + "' is already being imported");
      return;
    }
    if (loaded_.count(canonical)) return;  // a diamond: loaded once
    if (++import_count_ > options_.max_imports) {
      std::uint32_t limit = options_.max_imports;
      program_.diags
          .Report(Code::F008, at,
                  "import '" + file + "' exceeds the limit of " + std::to_string(limit) +
                      (limit == 1 ? " imported file" : " imported files"))
          .AddNote("raise the limit with --max-imports");
      return;
    }
    std::string text, why;
    ReadStatus s = ReadWholeFile(p, options_.max_file_bytes, text, why);
    if (s != ReadStatus::kOk) {
      program_.diags.Report(s == ReadStatus::kTooLarge ? Code::F002 : Code::F003, at,
                            "cannot import '" + file + "': " + why);
      return;
    }
    loaded_.insert(canonical);
    // Shown relative to the importer's shown name: no absolute paths in messages.
    std::string name = (fs::path(display_dir) / file).lexically_normal().string();
    std::unique_ptr<Unit> unit = ParseUnit(name, canonical, std::move(text), false);
    if (unit == nullptr) return;
    max_minor_ = std::max(max_minor_, unit->st->minor);
    if (unit->st->minor != program_.minor) {
      program_.diags
          .Report(Code::F007, at,
                  "'" + file + "' declares " + unit->st->version.text +
                      " but the root template declares tosca_simple_yaml_1_" +
                      std::to_string(program_.minor))
          .AddNote(unit->st->version.location,
                   "declared here; the normative types of the "
                   "newest version declared are used");
    }
    std::string full_prefix = prefix;
    if (!imp.namespace_prefix.Empty()) full_prefix = imp.namespace_prefix.text;
    unit->namespace_prefix = full_prefix;
    active_.push_back(canonical);
    LoadImports(*unit, fs::path(canonical).parent_path(), full_prefix);
    active_.pop_back();
    program_.units.push_back(std::move(unit));  // imports come before their importers
  }

  const LoadOptions& options_;
  Program& program_;
  fs::path root_dir_;
  std::vector<std::string> active_;  // the import chain being loaded, for cycle detection
  std::set<std::string> loaded_;
  std::uint32_t import_count_ = 0;
  int max_minor_ = 3;
};

}  // namespace

bool LoadProgram(const Source& source, const LoadOptions& options, Program& program) {
  Loader loader(options, program);
  return loader.LoadRoot(source);
}

}  // namespace toscac::load
