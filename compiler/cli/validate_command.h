#pragma once
// `toscac validate FILE...`: every problem of every file, as text or gcc-style lines on standard
// error, or as one JSON or SARIF document on standard output.
#include "cli/common.h"

namespace toscac::cli {

struct ValidateFlags {
  std::vector<std::string> files;
  OutputFlags out;
  driver::Options options;
};

void AddValidate(CLI::App& app, ValidateFlags& flags, CLI::App*& cmd);
int RunValidate(const ValidateFlags& flags);

}  // namespace toscac::cli
