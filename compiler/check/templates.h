#pragma once
// The checks of a topology template: node and relationship templates, inputs and outputs,
// groups, policies, substitution mappings, workflows, and requirement cycles.
#include "check/context.h"

namespace toscac::check {

void CheckTopology(Context& ctx);

// The defaults and constraints of every type definition of the user's files.
void CheckTypeValues(Context& ctx);

}  // namespace toscac::check
