// toscac: the command line. Glue only: parse flags, call the library, render, return a code.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <iterator>

#include "diag/render.h"
#include "driver/driver.h"

namespace {

using namespace toscac;

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUsage = 2;

struct OutputFlags {
  std::string format = "text";
  std::string color = "auto";
  bool werror = false;
  std::size_t max_errors = 0;
  bool no_caret = false;
};

struct ValidateFlags {
  std::vector<std::string> files;
  OutputFlags out;
  driver::Options options;
};

bool UseColor(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  return isatty(STDERR_FILENO) != 0 && std::getenv("NO_COLOR") == nullptr;
}

load::Source SourceFor(const std::string& file) {
  if (file != "-") return load::Source::File(file);
  std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  return load::Source::Text("<stdin>", std::move(text));
}

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

void AddOutputFlags(CLI::App* cmd, OutputFlags& out) {
  cmd->add_option("--format", out.format, "Diagnostics format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("--color", out.color, "Colour diagnostics: always, never or auto (a terminal)")
      ->check(CLI::IsMember({"always", "never", "auto"}))
      ->capture_default_str();
  cmd->add_flag("--werror", out.werror, "Treat warnings as errors");
  cmd->add_option("--max-errors", out.max_errors, "Stop showing errors after N (0: no limit)");
  cmd->add_flag("--no-caret", out.no_caret, "Do not print the source line and caret");
}

void AddLoadFlags(CLI::App* cmd, load::LoadOptions& load) {
  cmd->add_flag("--allow-outside-root", load.allow_outside_root,
                "Allow imports outside the template's directory");
  cmd->add_flag("!--no-normative-types", load.load_profile,
                "Do not load the normative types (to check a profile file itself)");
  cmd->add_option("--max-depth", load.yaml.max_depth, "Maximum YAML nesting depth")
      ->capture_default_str();
  cmd->add_option("--max-alias-nodes", load.yaml.max_alias_nodes,
                  "Maximum nodes created by YAML aliases")
      ->capture_default_str();
  cmd->add_option("--max-file-size", load.max_file_bytes, "Maximum size of a file in bytes")
      ->capture_default_str();
  cmd->add_option("--max-imports", load.max_imports, "Maximum number of imported files")
      ->capture_default_str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"toscac: a compiler for TOSCA Simple Profile in YAML 1.0-1.3", "toscac"};
  app.set_version_flag("--version", std::string("toscac ") + TOSCAC_VERSION);
  app.require_subcommand(1);

  ValidateFlags validate;
  CLI::App* v = app.add_subcommand("validate", "Check TOSCA service templates and report problems");
  v->add_option("files", validate.files, "TOSCA files ('-' reads standard input)")->required();
  AddOutputFlags(v, validate.out);
  AddLoadFlags(v, validate.options.load);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (v->parsed()) return RunValidate(validate);
  } catch (const std::exception& e) {
    std::cerr << "toscac: internal error: " << e.what() << "\n";
    return kExitUsage;
  }
  return kExitUsage;
}
