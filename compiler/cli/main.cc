// toscac: the command line. Glue only: parse flags, call the library, render, return a code.
#include <CLI/CLI.hpp>
#include <initializer_list>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>

#include "cli/explain_command.h"
#include "cli/validate_command.h"
#ifdef TOSCAC_FRONT
#include "cli/front.h"
#else
#include "cli/compile_command.h"
#include "cli/csar_command.h"
#include "cli/deploy_command.h"
#include "cli/graph_command.h"
#include "cli/set_command.h"
#endif

namespace {

// The subcommand named on the command line, or "" when none is, or when the name is not one of
// ours (CLI11 then reports it with every subcommand known).
constexpr std::string_view kSubcommands[] = {"validate", "graph",   "plan", "compile",
                                             "csar",     "explain", "set",  "up",
                                             "deploy",   "status",  "down", "call"};

bool IsSubcommand(std::string_view arg) {
  for (std::string_view name : kSubcommands) {
    if (arg == name) return true;
  }
  return false;
}

std::string Selected(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (!arg.empty() && arg[0] == '-') continue;
    return IsSubcommand(arg) ? std::string(arg) : "";
  }
  return "";
}

// `toscac validate FILE...` and nothing else, as a CI lint step runs it: every flag keeps its
// default, so the command line needs no parser. CLI11 building the subcommand's twenty options
// was a fifth of the instructions of validating a small file (docs/performance.md). Anything
// else on the line, an option, "-" or a word that names a subcommand, goes through CLI11.
bool PlainValidate(int argc, char** argv, toscac::cli::ValidateFlags& flags) {
  if (argc < 3 || std::string_view(argv[1]) != "validate") return false;
  for (int i = 2; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg.empty() || arg[0] == '-' || IsSubcommand(arg)) return false;
  }
  flags.files.assign(argv + 2, argv + argc);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace toscac::cli;
#ifdef TOSCAC_FRONT
  // The static front runs validate and explain; its twin everything else (cli/front.h). The
  // front hands other command lines over before main(); this is the same test, in case.
  if (!front::RunsHere(argc, argv)) return front::HandOff(argv);
  front::ArmFallback(argv);
#endif
  if (ValidateFlags plain; PlainValidate(argc, argv, plain)) {
    try {
      return RunValidate(plain);
    } catch (const std::exception& e) {
      std::cerr << "toscac: internal error: " << e.what() << "\n";
      return kExitUsage;
    }
  }
  CLI::App app{"toscac: a compiler for TOSCA Simple Profile in YAML 1.0-1.3", "toscac"};
  app.set_version_flag("--version", std::string("toscac ") + TOSCAC_VERSION);
  app.require_subcommand(1);

  // Only the subcommand being run is built, with its options: building all of them took a
  // tenth of a whole `toscac validate` (docs/performance.md). Without one, all are built, for
  // --help and for CLI11's messages.
  std::string selected = Selected(argc, argv);
  auto wanted = [&](std::initializer_list<std::string_view> names) {
    if (selected.empty()) return true;
    for (std::string_view name : names) {
      if (selected == name) return true;
    }
    return false;
  };
  ValidateFlags validate;
  ExplainFlags explain;
  CLI::App *validate_cmd = nullptr, *explain_cmd = nullptr;
  // In this order in --help.
  if (wanted({"validate"})) AddValidate(app, validate, validate_cmd);
#ifndef TOSCAC_FRONT
  GraphFlags graph, plan;
  CLI::App *graph_cmd = nullptr, *plan_cmd = nullptr;
  std::unique_ptr<CompileFlags> compile;
  std::unique_ptr<DeployFlags> deploy;
  std::unique_ptr<CsarFlags> csar;
  std::unique_ptr<SetFlags> set;
  if (wanted({"graph"})) AddGraph(app, graph, graph_cmd);
  if (wanted({"plan"})) AddPlan(app, plan, plan_cmd);
  if (wanted({"compile"})) compile = AddCompile(app);
  if (wanted({"up", "deploy", "status", "down", "call"})) deploy = AddDeploy(app);
  if (wanted({"csar"})) csar = AddCsar(app);
#endif
  if (wanted({"explain"})) AddExplain(app, explain, explain_cmd);
#ifndef TOSCAC_FRONT
  if (wanted({"set"})) set = AddSet(app);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  auto parsed = [](const CLI::App* cmd) { return cmd != nullptr && cmd->parsed(); };
  try {
    if (parsed(validate_cmd)) return RunValidate(validate);
    if (parsed(explain_cmd)) return RunExplain(explain);
#ifndef TOSCAC_FRONT
    if (compile && parsed(compile->cmd)) return RunCompile(*compile);
    if (parsed(graph_cmd)) return RunGraph(graph);
    if (parsed(plan_cmd)) return RunPlan(plan);
    if (csar && parsed(csar->cmd)) return RunCsar(*csar);
    if (deploy) {
      if (int code = RunDeploy(*deploy); code >= 0) return code;
    }
    if (set && parsed(set->cmd)) return RunSet(*set);
#endif
  } catch (const std::exception& e) {
    std::cerr << "toscac: internal error: " << e.what() << "\n";
  }
  return kExitUsage;
}
