#pragma once
// The pipeline as one call per command: load -> resolve types -> check templates.
// The library never prints or exits; the CLI renders what it returns.
//
//   auto result = Validate(load::Source::File("app.yaml"), {});
//   if (result->program.diags.HasErrors()) ...
#include <memory>

#include "load/program.h"
#include "resolve/topology.h"

namespace toscac::driver {

struct Options {
  load::LoadOptions load;
};

struct Result {
  load::Program program;
  bool loaded = false;  // the root file was read into IR
  resolve::Topology topology;
};

// Validates one service template and everything it imports. Never throws.
std::unique_ptr<Result> Validate(const load::Source& source, const Options& options);

}  // namespace toscac::driver
