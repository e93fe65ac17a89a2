#include "cli/validate_command.h"

#include <iostream>

#include "diag/render.h"

namespace toscac::cli {

namespace {

// Caps the errors shown at --max-errors; warnings and notes ride along.
std::vector<diag::Diagnostic> Capped(std::vector<diag::Diagnostic> all, std::size_t max_errors,
                                     bool& capped) {
  capped = false;
  if (max_errors == 0) return all;
  std::vector<diag::Diagnostic> out;
  std::size_t errors = 0;
  for (auto& d : all) {
    if (d.severity == diag::Severity::kError && ++errors > max_errors) {
      capped = true;
      continue;
    }
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

int RunValidate(const ValidateFlags& flags) {
  bool color = UseColor(flags.out.color);
  std::size_t errors = 0, warnings = 0;
  bool io_error = false;
  // JSON is one document for all files: keep every run until it is rendered.
  std::vector<std::unique_ptr<driver::Result>> runs;
  std::vector<std::vector<diag::Diagnostic>> shown_per_run;
  for (const std::string& file : flags.files) {
    auto result = driver::Validate(SourceFor(file), flags.options);
    const load::Program& program = result->program;
    io_error = io_error || program.io_error;
    auto sorted = program.diags.Sorted();
    for (auto& d : sorted) {
      if (flags.out.werror && d.severity == diag::Severity::kWarning) {
        d.severity = diag::Severity::kError;
      }
      errors += d.severity == diag::Severity::kError;
      warnings += d.severity == diag::Severity::kWarning;
    }
    bool capped = false;
    auto shown = Capped(std::move(sorted), flags.out.max_errors, capped);
    if (flags.out.format == "json") {
      shown_per_run.push_back(std::move(shown));
      runs.push_back(std::move(result));
      continue;
    }
    diag::TextOptions text{color, !flags.out.no_caret};
    std::cerr << diag::RenderText(shown, program.sources, text);
    if (capped) {
      std::cerr << "too many errors emitted, stopping now [--max-errors=" << flags.out.max_errors
                << "]\n";
    }
  }
  if (flags.out.format == "json") {
    std::vector<diag::JsonRun> json;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      json.push_back(diag::JsonRun{&shown_per_run[i], &runs[i]->program.sources});
    }
    std::cout << diag::RenderJson(json);
  } else {
    std::cerr << diag::RenderSummary(errors, warnings);
  }
  if (io_error) return kExitUsage;
  return errors > 0 ? kExitErrors : kExitOk;
}

void AddValidate(CLI::App& app, ValidateFlags& flags, CLI::App*& cmd) {
  cmd = app.add_subcommand("validate", "Check TOSCA service templates and report problems");
  cmd->add_option("files", flags.files, "TOSCA files ('-' reads standard input)")->required();
  AddOutputFlags(cmd, flags.out, true);
  AddLoadFlags(cmd, flags.options.load);
}

}  // namespace toscac::cli
