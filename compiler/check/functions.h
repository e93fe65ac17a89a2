#pragma once
// Checks TOSCA function calls wherever values may hold them: arity and argument shapes (X401),
// and that the inputs (X402), node templates and entities (X403), properties and attributes
// (X404), capabilities and requirements (X405), interfaces and operations (X406) and artifacts
// (X407) they name exist; SOURCE and TARGET only inside relationships (X408).
#include <string_view>

#include "check/context.h"

namespace toscac::check {

bool IsFunctionName(std::string_view name);

// Walks `value` and checks every function call in it, nested ones included.
void CheckFunctions(Context& ctx, const Node& value, const Scope& scope);

}  // namespace toscac::check
