#include "cli/common.h"

#include <unistd.h>

#include <iostream>
#include <iterator>

#include "diag/render.h"

namespace toscac::cli {

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

void AddOutputFlags(CLI::App* cmd, OutputFlags& out, bool with_format) {
  if (with_format) {
    cmd->add_option("--format", out.format, "Diagnostics format: text, gcc, json or sarif")
        ->check(CLI::IsMember({"text", "gcc", "json", "sarif"}))
        ->capture_default_str();
  }
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
  cmd->add_option("--max-nodes", load.yaml.max_nodes, "Maximum YAML nodes in one file")
      ->capture_default_str();
  cmd->add_option("--max-file-size", load.max_file_bytes, "Maximum size of a file in bytes")
      ->capture_default_str();
  cmd->add_option("--max-imports", load.max_imports, "Maximum number of imported files")
      ->capture_default_str();
  cmd->add_flag("--allow-url-imports", load.allow_url_imports, "Fetch http(s) imports");
  cmd->add_option("--url-timeout", load.url_timeout_s, "Seconds allowed to fetch one URL import")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--max-archive-size", load.archive.max_total_bytes,
                  "Maximum uncompressed size of a CSAR's entries, in bytes")
      ->capture_default_str();
  cmd->add_option("--max-archive-entries", load.archive.max_entries,
                  "Maximum number of entries in a CSAR")
      ->capture_default_str();
  cmd->add_option("--max-compression-ratio", load.archive.max_ratio,
                  "Maximum compression ratio of a CSAR entry over 1 MiB")
      ->capture_default_str();
}

std::unique_ptr<driver::Result> Front(const std::string& file, const driver::Options& options,
                                      const OutputFlags& out, int& code) {
  auto result = driver::Validate(SourceFor(file), options);
  auto sorted = result->program.diags.Sorted();
  std::size_t errors = 0, warnings = 0;
  for (auto& d : sorted) {
    if (out.werror && d.severity == diag::Severity::kWarning) d.severity = diag::Severity::kError;
    errors += d.severity == diag::Severity::kError;
    warnings += d.severity == diag::Severity::kWarning;
  }
  diag::TextOptions text{UseColor(out.color), !out.no_caret};
  std::cerr << diag::RenderText(sorted, result->program.sources, text);
  std::cerr << diag::RenderSummary(errors, warnings);
  code = result->program.io_error ? kExitUsage : errors > 0 ? kExitErrors : kExitOk;
  return result;
}

}  // namespace toscac::cli
