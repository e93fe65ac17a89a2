#include "cli/compile_command.h"

#include <iostream>
#include <set>
#include <tuple>

#include "diag/render.h"
#include "emit/manifest.h"
#include "emit/write.h"
#include "eval/eval.h"

namespace toscac::cli {

namespace {

using Key = std::tuple<diag::Code, diag::FileId, std::uint32_t, std::uint32_t, std::string>;

Key KeyOf(const diag::Diagnostic& d) {
  return {d.code, d.location.file, d.location.line, d.location.column, d.message};
}

std::set<Key> Shown(const load::Program& program) {
  std::set<Key> keys;
  for (const auto& d : program.diags.Sorted()) keys.insert(KeyOf(d));
  return keys;
}

// Front() showed the validation's diagnostics; this shows those the later phases (inputs,
// evaluation, emission) added, and returns the exit code so far.
int ShowLater(const load::Program& program, const std::set<Key>& shown, const OutputFlags& out) {
  std::vector<diag::Diagnostic> later;
  std::size_t errors = 0, warnings = 0;
  for (auto& d : program.diags.Sorted()) {
    if (shown.count(KeyOf(d)) > 0) continue;
    if (out.werror && d.severity == diag::Severity::kWarning) d.severity = diag::Severity::kError;
    errors += d.severity == diag::Severity::kError;
    warnings += d.severity == diag::Severity::kWarning;
    later.push_back(std::move(d));
  }
  diag::TextOptions text{UseColor(out.color), !out.no_caret};
  std::cerr << diag::RenderText(later, program.sources, text);
  std::cerr << diag::RenderSummary(errors, warnings);
  return errors > 0 ? kExitErrors : kExitOk;
}

int WriteFailed(const std::string& error) {
  std::cerr << "toscac: " << error << "\n";
  return kExitUsage;
}

// Each manifest goes to a staging directory as soon as it is built (a large topology's
// manifests are many times its size); they are moved into place only when there is no error.
int CompileManifests(const CompileFlags& flags, check::Model& model, eval::Evaluator& ev,
                     const emit::Options& options, const load::Program& program,
                     const std::set<Key>& shown) {
  emit::StagedManifests staged(flags.output);
  emit::Deployment d = emit::BuildDeployment(model, ev, options, staged.Sink());
  if (ShowLater(program, shown, flags.out) != kExitOk) return kExitErrors;
  std::string error;
  return staged.Commit(d, &error) ? kExitOk : WriteFailed(error);
}

int CompileIr(const CompileFlags& flags, check::Model& model, eval::Evaluator& ev,
              const emit::Options& options, const load::Program& program,
              const std::set<Key>& shown) {
  emit::Deployment d = emit::BuildDeployment(model, ev, options);
  if (ShowLater(program, shown, flags.out) != kExitOk) return kExitErrors;
  if (flags.output.empty() || flags.output == "-") {
    std::cout << emit::JsonText(emit::IrDocument(d));
    return std::cout ? kExitOk : kExitUsage;
  }
  std::string error;
  if (emit::WriteFile(flags.output, emit::JsonText(emit::IrDocument(d)), &error)) return kExitOk;
  return WriteFailed(error);
}

}  // namespace

std::unique_ptr<CompileFlags> AddCompile(CLI::App& app) {
  auto owned = std::make_unique<CompileFlags>();
  CompileFlags& flags = *owned;
  CLI::App* cmd = flags.cmd =
      app.add_subcommand("compile", "Compile a template into per-node manifests for the agents");
  cmd->add_option("file", flags.file, "TOSCA service template ('-' reads standard input)")
      ->required();
  cmd->add_option("--emit", flags.emit, "What to write: a manifest directory, or one IR document")
      ->check(CLI::IsMember({"manifests", "ir"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", flags.output,
                  "Output directory (manifests); file or '-' for standard output (ir)");
  // One value per flag, so that `-i a=1 app.yaml` does not take the file for an input.
  cmd->add_option("--inputs", flags.input_files, "YAML file of input values (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("-i,--input", flags.input_pairs, "An input value: name=value (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--name", flags.name,
                  "Deployment name (default: metadata template_name, else the file's stem)");
  AddOutputFlags(cmd, flags.out, false);
  AddLoadFlags(cmd, flags.options.load);
  return owned;
}

int RunCompile(const CompileFlags& flags) {
  if (flags.emit == "manifests" && (flags.output.empty() || flags.output == "-")) {
    std::cerr << "toscac: compile --emit manifests needs an output directory (-o DIR)\n";
    return kExitUsage;
  }
  int code = kExitOk;
  auto result = Front(flags.file, flags.options, flags.out, code);
  if (code != kExitOk) return code;
  if (result->model == nullptr) return kExitErrors;
  check::Model& model = *result->model;
  std::set<Key> shown = Shown(result->program);
  eval::InputValues inputs;
  if (!eval::ReadInputs(model, flags.input_files, flags.input_pairs, inputs)) {
    ShowLater(result->program, shown, flags.out);
    return kExitErrors;
  }
  eval::Evaluator ev(model, inputs);
  emit::Options options;
  options.deployment =
      flags.name.empty() ? emit::DefaultDeploymentName(result->program) : flags.name;
  if (flags.emit == "manifests") {
    return CompileManifests(flags, model, ev, options, result->program, shown);
  }
  return CompileIr(flags, model, ev, options, result->program, shown);
}

}  // namespace toscac::cli
