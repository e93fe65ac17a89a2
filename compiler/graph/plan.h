#pragma once
// `toscac plan`: the deployment waves of a resolved topology, in order. Every node of a wave
// needs only nodes of earlier waves, so a wave can be deployed at once.
//
// Text, one table for all waves (names and types padded to the widest, counted in code points):
//
//   wave 0
//     db_server   tosca.nodes.Compute
//   wave 1
//     mysql       tosca.nodes.DBMS.MySQL   on db_server
//
// JSON (schemas/plan.schema.json), pretty-printed:
//
//   {"plan_version": 1,
//    "waves": [{"wave": 0, "nodes": [{"name": "db_server", "type": "tosca.nodes.Compute",
//                                     "host": null}]}, ...]}
//
// Nodes keep the order of Topology::waves. A topology without waves (a cycle) gives "" as text
// and no waves in JSON. Both end in a newline when not empty, and never throw.
#include <string>

#include "resolve/topology.h"

namespace toscac::graph {

std::string RenderPlanText(const resolve::Topology& t);
std::string RenderPlanJson(const resolve::Topology& t);

}  // namespace toscac::graph
