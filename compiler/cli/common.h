#pragma once
// What the subcommands share: output flags, load flags, reading a source, showing diagnostics.
#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

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

// Hands `object` over to the end of the process, which takes its memory back at once: freeing a
// large program's trees node by node costs more than the last steps of a command. Only for what
// a command holds when it is about to return.
template <class T>
void KeepUntilExit(std::unique_ptr<T> object) {
  static auto* kept = new std::vector<std::shared_ptr<void>>();  // reachable, so not a leak
  kept->push_back(std::move(object));
}

}  // namespace toscac::cli
