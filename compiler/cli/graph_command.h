#pragma once
// `toscac graph FILE [--waves] [-o app.svg]` and `toscac plan FILE [--format text|json]`.
#include "cli/common.h"

namespace toscac::cli {

struct GraphFlags {
  std::string file;
  std::string output;  // empty: DOT on standard output
  bool waves = false;
  bool explain = false;
  std::string format = "text";  // plan only
  OutputFlags out;
  driver::Options options;
};

void AddGraph(CLI::App& app, GraphFlags& flags, CLI::App*& cmd);
void AddPlan(CLI::App& app, GraphFlags& flags, CLI::App*& cmd);
int RunGraph(const GraphFlags& flags);
int RunPlan(const GraphFlags& flags);

}  // namespace toscac::cli
