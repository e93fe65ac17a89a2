#pragma once
// node_filter: property constraints on a candidate node and on its capabilities.
//
//   node_filter:
//     properties: [ { num_cpus: { in_range: [2, 4] } } ]
//     capabilities: [ { host: { properties: [ { mem_size: [ { greater_or_equal: 2 GB } ] } ] } } ]
//
// Only values known at compile time are compared: a property whose value is a function call,
// or a constraint that does not parse for the property's type, does not exclude a candidate.
#include <string>

#include "check/context.h"

namespace toscac::resolve {

// True when `candidate` passes the filter; otherwise `why` says which clause failed.
bool PassesNodeFilter(const check::Context& ctx, const ir::Node& filter,
                      const ir::NodeTemplate& candidate, const types::TypeInfo& type,
                      std::string* why);

}  // namespace toscac::resolve
