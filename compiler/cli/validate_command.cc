#include "cli/validate_command.h"

#include <iostream>

#include "diag/render.h"
#include "diag/sarif.h"

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

// JSON and SARIF are one document for all files, on standard output; text and gcc are
// written file by file on standard error.
bool IsDocument(const std::string& format) { return format == "json" || format == "sarif"; }

std::string Document(const std::string& format, const std::vector<diag::JsonRun>& runs) {
  if (format == "json") return diag::RenderJson(runs);
  std::string home = TOSCAC_HOMEPAGE_URL;
  diag::SarifTool tool{"toscac", TOSCAC_VERSION, home, home + "/blob/main/docs/diagnostics.md"};
  return diag::RenderSarif(runs, tool);
}

std::string Shown(const std::vector<diag::Diagnostic>& diags, const diag::SourceManager& sm,
                  const OutputFlags& out) {
  if (out.format == "gcc") return diag::RenderGcc(diags, sm);
  return diag::RenderText(diags, sm, diag::TextOptions{UseColor(out.color), !out.no_caret});
}

}  // namespace

int RunValidate(const ValidateFlags& flags) {
  std::size_t errors = 0, warnings = 0;
  bool io_error = false;
  // A document is rendered once every file is checked: keep every run until then.
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
    if (IsDocument(flags.out.format)) {
      shown_per_run.push_back(std::move(shown));
      runs.push_back(std::move(result));
      continue;
    }
    std::cerr << Shown(shown, program.sources, flags.out);
    if (capped) {
      std::cerr << "too many errors emitted, stopping now [--max-errors=" << flags.out.max_errors
                << "]\n";
    }
    if (&file == &flags.files.back()) KeepUntilExit(std::move(result));
  }
  if (IsDocument(flags.out.format)) {
    std::vector<diag::JsonRun> documented;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      documented.push_back(diag::JsonRun{&shown_per_run[i], &runs[i]->program.sources});
    }
    std::cout << Document(flags.out.format, documented);
    for (auto& run : runs) KeepUntilExit(std::move(run));
  } else if (flags.out.format == "text") {
    // gcc's form is one line per diagnostic and nothing else, for problem matchers.
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
