#pragma once
// The topology as a libcgraph graph, shared by the DOT writer and the image renderer.
// Internal to graph/.
#include <string>
#include <string_view>
#include <vector>

#include "graph/agraph.h"
#include "graph/dot.h"
#include "resolve/topology.h"

namespace toscac::graph {

// Adds the vertices, hosting clusters, edges and (with o.waves) wave ranks of `t` to the empty
// graph `g`. Returns false when cgraph fails.
bool BuildGraph(const resolve::Topology& t, const DotOptions& o, Graph& g);

// The DOT ID of every node, index for index: its name, except for names Graphviz 2.43 cannot
// read back from its own output (see the .cc); those get a stand-in that it can.
std::vector<std::string> DotIds(const std::vector<resolve::NodeInfo>& nodes);

// `text` as an escString (the type of label and tooltip): backslashes doubled, so that `\n`
// and friends in a name are shown and not interpreted.
std::string EscapeLabel(std::string_view text);

// The last dotted component of a type name: "tosca.nodes.DBMS.MySQL" -> "MySQL".
std::string_view ShortType(std::string_view type);

}  // namespace toscac::graph
