#pragma once
// Resolving requirements: every requirement assignment of every node template, and every
// required requirement left out, to a target node template and capability; then the graph,
// its cycles and its deployment waves.
//
// Rules (docs/resolution.md):
// - A requirement naming a node template targets it; naming a node type, capability type or
//   capability name narrows the candidates; a node_filter filters them.
// - Candidates are taken in order of node template name, then capability name: the first one
//   that fits is chosen, and --explain says which others fitted.
// - A requirement whose lower bound is not reached by assignments is filled in the same way
//   (implicitly); a candidate that would close a cycle is skipped (R608 when none is left).
#include "check/context.h"
#include "resolve/topology.h"

namespace toscac::resolve {

// Reports R6xx diagnostics into ctx.diags and returns the topology.
Topology Resolve(check::Context& ctx);

}  // namespace toscac::resolve
