#pragma once
// `toscac compile FILE --emit manifests -o DIR` and `toscac compile FILE --emit ir [-o FILE]`,
// with input values from `--inputs FILE` and `-i name=value` (both repeatable).
#include <memory>
#include <string>
#include <vector>

#include "cli/common.h"

namespace toscac::cli {

struct CompileFlags {
  std::string file;
  std::string emit = "manifests";
  std::string output;  // a directory (manifests), a file or "-" (ir)
  std::vector<std::string> input_files;
  std::vector<std::string> input_pairs;
  std::string name;  // the deployment; empty: metadata template_name, else the file's stem
  OutputFlags out;
  driver::Options options;
  CLI::App* cmd = nullptr;  // the subcommand: parsed() when it was given
};

// Registers the subcommand; its options write into the returned flags, which must outlive the
// parse. (A pointer, so main() needs one line for it.)
std::unique_ptr<CompileFlags> AddCompile(CLI::App& app);
int RunCompile(const CompileFlags& flags);

}  // namespace toscac::cli
