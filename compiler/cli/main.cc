// toscac: the command line. Glue only: parse flags, call the library, render, return a code.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/compile_command.h"
#include "cli/csar_command.h"
#include "cli/deploy_command.h"
#include "cli/explain_command.h"
#include "cli/graph_command.h"
#include "cli/set_command.h"
#include "cli/validate_command.h"

int main(int argc, char** argv) {
  using namespace toscac::cli;
  CLI::App app{"toscac: a compiler for TOSCA Simple Profile in YAML 1.0-1.3", "toscac"};
  app.set_version_flag("--version", std::string("toscac ") + TOSCAC_VERSION);
  app.require_subcommand(1);

  ValidateFlags validate;
  GraphFlags graph, plan;
  CLI::App *validate_cmd = nullptr, *graph_cmd = nullptr, *plan_cmd = nullptr;
  AddValidate(app, validate, validate_cmd);
  AddGraph(app, graph, graph_cmd);
  AddPlan(app, plan, plan_cmd);
  auto compile = AddCompile(app);
  auto deploy = AddDeploy(app);
  auto csar = AddCsar(app);
  ExplainFlags explain;
  CLI::App* explain_cmd = nullptr;
  AddExplain(app, explain, explain_cmd);
  auto set = AddSet(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  try {
    if (validate_cmd->parsed()) return RunValidate(validate);
    if (graph_cmd->parsed()) return RunGraph(graph);
    if (plan_cmd->parsed()) return RunPlan(plan);
    if (compile->cmd->parsed()) return RunCompile(*compile);
    if (csar->cmd->parsed()) return RunCsar(*csar);
    if (explain_cmd->parsed()) return RunExplain(explain);
    if (int code = RunDeploy(*deploy); code >= 0) return code;
    if (set->cmd->parsed()) return RunSet(*set);
  } catch (const std::exception& e) {
    std::cerr << "toscac: internal error: " << e.what() << "\n";
  }
  return kExitUsage;
}
