#pragma once
// The pipeline as one call per command: load -> resolve types -> check templates.
// The library never prints or exits; the CLI renders what it returns.
//
//   auto result = Validate(load::Source::File("app.yaml"), {});
//   if (result->program.diags.HasErrors()) ...
#include <memory>

#include "check/check.h"
#include "load/program.h"
#include "resolve/topology.h"

namespace toscac::driver {

struct Options {
  load::LoadOptions load;
};

struct Result {
  load::Program program;
  bool loaded = false;                  // the root file was read into IR
  std::unique_ptr<check::Model> model;  // set when loaded
  const resolve::Topology& topology() const { return model ? model->topology : kEmpty; }

 private:
  static inline const resolve::Topology kEmpty{};
};

// Validates one service template and everything it imports. Never throws.
std::unique_ptr<Result> Validate(const load::Source& source, const Options& options);

}  // namespace toscac::driver
