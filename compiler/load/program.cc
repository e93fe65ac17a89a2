#include "load/program.h"

#include <chrono>
#include <filesystem>

#include "csar/meta.h"
#include "ir/reader.h"
#include "load/loader.h"
#include "load/read_file.h"
#include "yaml/digest.h"

namespace toscac::load {

namespace fs = std::filesystem;
using diag::Code;
using diag::Location;

namespace {

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

std::string Canonical(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return (ec ? p : c).string();
}

std::unique_ptr<Unit> NewUnit(const std::string& path, bool normative) {
  auto unit = std::make_unique<Unit>();
  unit->path = path;
  unit->normative = normative;
  unit->doc = std::make_unique<yaml::Document>();
  return unit;
}

}  // namespace

bool Loader::LoadRoot(const Source& source) {
  if (!source.text && csar::IsArchivePath(source.path)) return LoadArchiveRoot(source);
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
  std::string dir = source.text ? root_dir_.string() : fs::path(path).parent_path().string();
  return Finish(std::move(root),
                Origin{Origin::Kind::kDisk, dir, fs::path(source.name).parent_path().string()});
}

// An archive is checked as a whole when it is opened; then its entry definitions are the root.
bool Loader::LoadArchiveRoot(const Source& source) {
  csar::Problem problem;
  std::unique_ptr<csar::Archive> archive =
      csar::Archive::Open(source.path, source.name, ArchiveLimits(options_), problem);
  diag::FileId id = program_.sources.Add(source.name, "");
  if (archive == nullptr) {
    auto& d = program_.diags.Report(problem.code, Location{id, 0, 0, 0}, problem.message);
    if (!problem.note.empty()) d.AddNote(problem.note);
    program_.io_error = problem.io;
    return false;
  }
  program_.archive = std::move(archive);
  program_.archive_name = source.name;
  std::string entry = csar::FindEntryDefinitions(*program_.archive, source.name, id,
                                                 program_.sources, program_.diags);
  if (entry.empty()) return false;
  std::string text, why;
  bool too_large = false;
  if (!program_.archive->Read(entry, text, why, &too_large)) {
    program_.diags.Report(too_large ? Code::F012 : Code::F010, Location{id, 0, 0, 0},
                          "cannot read '" + csar::DisplayName(source.name, entry) + "': " + why);
    return false;
  }
  std::unique_ptr<Unit> root =
      ParseUnit(csar::DisplayName(source.name, entry), entry, std::move(text), false);
  if (root == nullptr) return false;
  return Finish(std::move(root), Origin{Origin::Kind::kArchive, csar::DirOf(entry), ""});
}

bool Loader::Finish(std::unique_ptr<Unit> root, const Origin& origin) {
  program_.minor = root->st->minor;
  max_minor_ = root->st->minor;
  active_.push_back(root->path);
  LoadImports(*root, origin, "");
  active_.pop_back();
  program_.root = root.get();
  program_.units.push_back(std::move(root));
  // The profile goes first so that its types are registered before the user's. When an
  // import declares a newer TOSCA version than the root, its types may build on that
  // version's normative types: the newest version declared selects the profile.
  if (options_.load_profile) LoadProfile(max_minor_);
  return true;
}

std::unique_ptr<Unit> Loader::ParseUnit(const std::string& name, const std::string& path,
                                        std::string text, bool normative) {
  diag::FileId id = program_.sources.Add(name, std::move(text));
  auto unit = NewUnit(path, normative);
  if (!Parse(*unit, id)) return nullptr;
  return ReadUnit(std::move(unit), id);
}

// Loads the YAML text of file `id` into the unit's tree; false when there is no tree.
bool Loader::Parse(Unit& unit, diag::FileId id) {
  Stopwatch watch(Timer(&LoadTimings::parse, unit));
  return yaml::Load(program_.sources, id, options_.yaml, *unit.doc, program_.diags) ||
         unit.doc->root() != nullptr;
}

std::unique_ptr<Unit> Loader::ReadUnit(std::unique_ptr<Unit> unit, diag::FileId id) {
  Stopwatch watch(Timer(&LoadTimings::read, *unit));
  unit->st = std::make_unique<ir::ServiceTemplate>();
  // A template uses a few of a profile's types: the others are never read (types::TypeTable).
  ir::ReadOptions read;
  read.defer_type_bodies = unit->normative;
  if (!ir::ReadServiceTemplate(*unit->doc->root(), id, program_.diags, *unit->st, read)) {
    return nullptr;
  }
  return unit;
}

// User files are timed by phase; the profile is timed as a whole (LoadProfile).
double* Loader::Timer(double LoadTimings::*phase, const Unit& unit) const {
  if (options_.timings == nullptr || unit.normative) return nullptr;
  return &(options_.timings->*phase);
}

void Loader::LoadProfile(int minor) {
  Stopwatch watch(options_.timings ? &options_.timings->profile : nullptr);
  std::size_t inserted = 0;
  std::string name = "tosca_simple_yaml_1_" + std::to_string(minor) + ".yaml";
  for (const std::string& file : {name, std::string("toscac_profile.yaml")}) {
    const profiles::EmbeddedFile* f = profiles::FindEmbedded(file);
    if (f == nullptr) continue;
    auto unit = ProfileUnit(*f);
    if (unit != nullptr) {
      program_.units.insert(program_.units.begin() + inserted++, std::move(unit));
    }
  }
}

// A profile's tree comes from its digest, made at build time from the same text by the same
// loader, which saves parsing it. Limits tighter than the profile itself get the text
// parsed, so that they are reported as Load() reports them.
std::unique_ptr<Unit> Loader::ProfileUnit(const profiles::EmbeddedFile& f) {
  std::string name = "<tosca-profiles>/" + std::string(f.name);
  yaml::DigestInfo info;
  bool digested = yaml::ReadDigestInfo(f.digest, info) && info.depth <= options_.yaml.max_depth &&
                  info.alias_nodes <= options_.yaml.max_alias_nodes &&
                  info.nodes <= options_.yaml.max_nodes;
  if (!digested) return ParseUnit(name, name, std::string(f.text), true);
  diag::FileId id = program_.sources.AddStatic(name, f.text);
  auto unit = NewUnit(name, true);
  // Lazily: the collections inside the types are decoded with the types a template uses.
  if (!yaml::Undigest(f.digest, id, *unit->doc, yaml::Undigesting::kLazily)) {
    unit->doc = std::make_unique<yaml::Document>();  // cannot happen: the build checked it
    if (!Parse(*unit, id)) return nullptr;
  }
  return ReadUnit(std::move(unit), id);
}

bool LoadProgram(const Source& source, const LoadOptions& options, Program& program) {
  Loader loader(options, program);
  return loader.LoadRoot(source);
}

}  // namespace toscac::load
