#pragma once
// `toscac graph`: the resolved topology as Graphviz DOT, built with libcgraph so that Graphviz
// itself quotes every name. The text feeds `dot -Tsvg` unchanged:
//
//   std::string dot = graph::RenderDot(topology, {.waves = false});
//
//   digraph topology {
//     node [shape=box, style=rounded];
//     subgraph cluster_server {
//       graph [color=grey60, style=rounded];
//       subgraph cluster_web {
//         graph [color=grey60, style=rounded];
//         app [label="app\nWebApplication", tooltip="tosca.nodes.WebApplication"];
//         web [label="web\nWebServer", tooltip="tosca.nodes.WebServer"];
//       }
//       server [label="server\nCompute", tooltip="tosca.nodes.Compute"];
//     }
//     app -> web [style=bold, tooltip="host -> host (tosca.relationships.HostedOn)"];
//     web -> server [style=bold, tooltip="host -> host (tosca.relationships.HostedOn)"];
//   }
//
// (agwrite indents with tabs and puts one attribute per line.) One vertex per node template,
// labelled with its name and the last component of its type (the full type is the tooltip). A node
// that hosts others is drawn inside a cluster of its own, nested in its host's cluster, so a
// HostedOn stack is a set of nested boxes. Edges go from the node with the requirement to the
// node it needs: HostedOn bold, DependsOn dashed, ConnectsTo solid and labelled with the
// capability, every other relationship dotted and labelled with the requirement. The same
// topology gives the same bytes. docs/graph.md has the details.
#include <string>

#include "resolve/topology.h"

namespace toscac::graph {

struct DotOptions {
  // Rank the vertices by deployment wave: one row per wave, wave 0 at the bottom (with
  // `newrank`, so the hosting clusters stay). Ignored when the topology has no waves.
  bool waves = false;
};

// The DOT text, ending in a newline; "" only when Graphviz fails (out of memory). Never throws.
std::string RenderDot(const resolve::Topology& t, const DotOptions& o);

}  // namespace toscac::graph
