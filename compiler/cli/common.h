#pragma once
// What the subcommands share: output flags, load flags, reading a source, showing diagnostics.
#include <CLI/CLI.hpp>
#include <string>

#include "driver/driver.h"

namespace toscac::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitErrors = 1;
inline constexpr int kExitUsage = 2;

struct OutputFlags {
  std::string format = "text";
  std::string color = "auto";
  bool werror = false;
  std::size_t max_errors = 0;
  bool no_caret = false;
};

bool UseColor(const std::string& mode);
// A file, or standard input for "-".
load::Source SourceFor(const std::string& file);
void AddOutputFlags(CLI::App* cmd, OutputFlags& out, bool with_format);
void AddLoadFlags(CLI::App* cmd, load::LoadOptions& load);

// Validates `file` and shows its diagnostics as text on standard error. Returns the result,
// and in `code` the exit code so far (kExitOk when the template may be used further).
std::unique_ptr<driver::Result> Front(const std::string& file, const driver::Options& options,
                                      const OutputFlags& out, int& code);

}  // namespace toscac::cli
