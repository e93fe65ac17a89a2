#pragma once
// Loading: the root file, every file it imports (transitively) and the normative profile its
// version selects, each read into the IR. The Program owns all of it.
//
//   Program program;
//   LoadProgram(Source::File("app.yaml"), options, program);
//   program.diags ...
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
  bool load_profile = true;        // load the normative types (off to check a profile file itself)
  LoadTimings* timings = nullptr;  // when set, filled in by LoadProgram
};

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
  std::string path;        // canonical path on disk, or the source name
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
};

// Returns false when the root could not be loaded at all (nothing further to check).
bool LoadProgram(const Source& source, const LoadOptions& options, Program& program);

}  // namespace toscac::load
