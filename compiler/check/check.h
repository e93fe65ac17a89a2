#pragma once
// The semantic checks of a loaded program: types, values, constraints, functions, templates.
#include "load/program.h"
#include "resolve/topology.h"

namespace toscac::check {

// Reports every problem into program.diags and returns the resolved topology (empty when the
// root has no topology template).
resolve::Topology CheckProgram(load::Program& program);

}  // namespace toscac::check
