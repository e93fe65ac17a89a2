#pragma once
// The semantic checks of a loaded program: types, values, constraints, functions, templates.
#include "load/program.h"

namespace toscac::check {

// Reports every problem into program.diags.
void CheckProgram(load::Program& program);

}  // namespace toscac::check
