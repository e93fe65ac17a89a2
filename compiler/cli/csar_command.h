#pragma once
// `toscac csar create DIR -o app.csar [--entry FILE]`: packs a directory into a CSAR, then
// validates the archive as `toscac validate app.csar` would.
#include <memory>
#include <string>

#include "cli/common.h"

namespace toscac::cli {

struct CsarFlags {
  std::string dir;
  std::string output;
  std::string entry;
  OutputFlags out;
  driver::Options options;
  CLI::App* cmd = nullptr;  // `csar`: parsed() when it was given
};

// Registers the subcommand; the returned flags must outlive the parse.
std::unique_ptr<CsarFlags> AddCsar(CLI::App& app);
int RunCsar(const CsarFlags& flags);

}  // namespace toscac::cli
