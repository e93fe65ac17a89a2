#include "cli/graph_command.h"

#include <iostream>

#include "graph/dot.h"
#include "graph/plan.h"
#include "graph/render.h"

namespace toscac::cli {

namespace {

void AddCommon(CLI::App* cmd, GraphFlags& flags) {
  cmd->add_option("file", flags.file, "TOSCA service template ('-' reads standard input)")
      ->required();
  cmd->add_flag("--explain", flags.explain,
                "Print every requirement's resolution and why on standard error");
  AddOutputFlags(cmd, flags.out, false);
  AddLoadFlags(cmd, flags.options.load);
}

// One line per resolved requirement: "web.host -> server.host [HostedOn] (why)".
void Explain(const resolve::Topology& t) {
  for (const resolve::Edge& e : t.edges) {
    std::cerr << t.nodes[e.source].name << "." << e.requirement << " -> " << t.nodes[e.target].name
              << "." << e.capability << " [" << resolve::FamilyName(e.family) << "]: " << e.explain
              << "\n";
  }
}

// The front end, then the topology when it is usable; nullptr with `code` set otherwise.
std::unique_ptr<driver::Result> Topology(const GraphFlags& flags, int& code) {
  auto result = Front(flags.file, flags.options, flags.out, code);
  if (code != kExitOk) return nullptr;
  if (flags.explain) Explain(result->topology());
  return result;
}

}  // namespace

void AddGraph(CLI::App& app, GraphFlags& flags, CLI::App*& cmd) {
  cmd = app.add_subcommand("graph", "Draw the topology: DOT on standard output, or an image");
  AddCommon(cmd, flags);
  cmd->add_flag("--waves", flags.waves, "Rank nodes by deployment wave");
  cmd->add_option("-o,--output", flags.output, "Render to a file: .svg, .png or .pdf");
}

void AddPlan(CLI::App& app, GraphFlags& flags, CLI::App*& cmd) {
  cmd = app.add_subcommand("plan", "Print the deployment waves with each node's type and host");
  AddCommon(cmd, flags);
  cmd->add_option("--format", flags.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

int RunGraph(const GraphFlags& flags) {
  int code = kExitOk;
  auto result = Topology(flags, code);
  if (result == nullptr) return code;
  graph::DotOptions options;
  options.waves = flags.waves;
  if (flags.output.empty()) {
    std::cout << graph::RenderDot(result->topology(), options);
    return kExitOk;
  }
  std::string error;
  if (graph::RenderImage(result->topology(), options, flags.output, &error)) return kExitOk;
  std::cerr << "toscac: cannot render '" << flags.output << "': " << error << "\n";
  return kExitUsage;
}

int RunPlan(const GraphFlags& flags) {
  int code = kExitOk;
  auto result = Topology(flags, code);
  if (result == nullptr) return code;
  std::cout << (flags.format == "json" ? graph::RenderPlanJson(result->topology())
                                       : graph::RenderPlanText(result->topology()));
  return kExitOk;
}

}  // namespace toscac::cli
