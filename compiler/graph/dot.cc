#include "graph/dot.h"

#include "graph/agraph.h"
#include "graph/build.h"

namespace toscac::graph {

std::string RenderDot(const resolve::Topology& t, const DotOptions& o) {
  try {
    CaptureMessages quiet;  // the library never prints
    Graph g("topology");
    if (!BuildGraph(t, o, g)) return "";
    return g.Write();
  } catch (...) {
    return "";
  }
}

}  // namespace toscac::graph
