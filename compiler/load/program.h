#pragma once
// Loading: the root file, every file it imports (transitively) and the normative profile its
// version selects, each read into the IR. The Program owns all of it.
//
//   Program program;
//   LoadProgram(Source::File("app.yaml"), options, program);
//   program.diags ...
//
// A file named *.csar or *.zip is a TOSCA Cloud Service Archive: its entry definitions and their
// imports are read from the archive, in memory, and named "app.csar!/definitions/app.yaml".
// With allow_url_imports, http(s) imports are fetched (load/fetch.h).
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "csar/archive.h"
#include "diag/diagnostic.h"
#include "diag/source_manager.h"
#include "ir/ir.h"
#include "yaml/loader.h"
#include "yaml/node.h"

namespace toscac::load {

// Where the loading time goes, in seconds, for bench/. Accumulated over every file.
struct LoadTimings {
  double parse = 0;    // user files: YAML text to the located tree
  double read = 0;     // user files: the tree to the IR
  double profile = 0;  // the embedded normative profile, to the IR
};

struct LoadOptions {
  yaml::Limits yaml;
  std::uint64_t max_file_bytes = 256ull << 20;  // per file
  std::uint32_t max_imports = 1000;             // files imported, in total
  bool allow_outside_root = false;              // imports may leave the root template's directory
  bool allow_url_imports = false;               // fetch http(s) imports (else F006)
  double url_timeout_s = 10;                    // per fetched file, the whole transfer
  csar::Limits archive;            // its max_entry_bytes is max_file_bytes; see ArchiveLimits()
  bool load_profile = true;        // load the normative types (off to check a profile file itself)
  LoadTimings* timings = nullptr;  // when set, filled in by LoadProgram
};

// The archive limits in effect: `archive`, with an entry's size capped at max_file_bytes.
inline csar::Limits ArchiveLimits(const LoadOptions& options) {
  csar::Limits limits = options.archive;
  limits.max_entry_bytes = options.max_file_bytes;
  return limits;
}

struct Source {
  std::string name;  // shown in diagnostics
  std::string path;  // read from disk when `text` is empty
  std::optional<std::string> text;
  static Source File(std::string path) { return Source{path, path, std::nullopt}; }
  static Source Text(std::string name, std::string text) {
    return Source{name, "", std::move(text)};
  }
};

// A file of the program: its tree and its IR.
struct Unit {
  std::string path;        // canonical path on disk, the entry in an archive, a URL, or a name
  bool normative = false;  // part of a built-in profile
  std::unique_ptr<yaml::Document> doc;
  std::unique_ptr<ir::ServiceTemplate> st;
  std::string namespace_prefix;  // as imported by the root; "" for none
};

struct Program {
  diag::SourceManager sources;
  diag::Diagnostics diags;
  std::vector<std::unique_ptr<Unit>> units;  // profiles first, then imports before importers
  Unit* root = nullptr;
  int minor = 3;          // the root's TOSCA version
  bool io_error = false;  // the root file itself could not be read: exit code 2
  // When the root is an archive: it, and its name as given. Unit paths are then its entries.
  std::shared_ptr<csar::Archive> archive;
  std::string archive_name;
};

// Returns false when the root could not be loaded at all (nothing further to check).
bool LoadProgram(const Source& source, const LoadOptions& options, Program& program);

}  // namespace toscac::load
