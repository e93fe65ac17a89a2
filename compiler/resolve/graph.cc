#include "resolve/graph.h"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/graph/topological_sort.hpp>
#include <boost/property_map/property_map.hpp>
#include <map>
#include <utility>

namespace toscac::resolve {

namespace {

// Compressed sparse rows: a few arrays, where an adjacency list allocated a vector per node.
// Each node's out-edges keep the order of topology.edges.
using BoostGraph = boost::compressed_sparse_row_graph<boost::directedS>;

BoostGraph Build(const Topology& t) {
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  pairs.reserve(t.edges.size());
  for (const Edge& e : t.edges) pairs.emplace_back(e.source, e.target);
  return BoostGraph(boost::edges_are_unsorted_multi_pass, pairs.begin(), pairs.end(),
                    t.nodes.size());
}

}  // namespace

bool Graph::ReportCycles(diag::Diagnostics& diags) {
  BoostGraph g = Build(topology_);
  std::vector<int> component(topology_.nodes.size());
  int count =
      topology_.nodes.empty()
          ? 0
          : boost::strong_components(g, boost::make_iterator_property_map(
                                            component.begin(), boost::get(boost::vertex_index, g)));
  std::map<int, std::vector<const Edge*>> cycle_edges;
  for (const Edge& e : topology_.edges) {
    if (component[e.source] == component[e.target]) cycle_edges[component[e.source]].push_back(&e);
  }
  acyclic_ = cycle_edges.empty();
  (void)count;
  for (auto& [c, edges] : cycle_edges) {
    std::sort(edges.begin(), edges.end(),
              [](const Edge* a, const Edge* b) { return a->location < b->location; });
    std::vector<std::string> members;
    for (std::size_t v = 0; v < component.size(); ++v) {
      if (component[v] == c) members.push_back(topology_.nodes[v].name);  // in name order
    }
    std::string list;
    for (const std::string& m : members) list += (list.empty() ? "'" : ", '") + m + "'";
    std::string what = members.size() == 1 ? "a requirement of " + list + " targets itself"
                                           : "requirements form a cycle through " + list;
    auto& d = diags.Report(diag::Code::R601, edges.front()->location, what);
    for (const Edge* e : edges) {
      d.AddNote(e->location, "'" + topology_.nodes[e->source].name + "' requirement '" +
                                 e->requirement + "' needs '" + topology_.nodes[e->target].name +
                                 "'");
    }
  }
  return acyclic_;
}

void Graph::AssignWaves() {
  topology_.waves.clear();
  if (!acyclic_) return;
  BoostGraph g = Build(topology_);
  std::vector<std::size_t> order;  // reverse topological: targets before their sources
  boost::topological_sort(g, std::back_inserter(order));
  std::vector<int> wave(topology_.nodes.size(), 0);
  for (std::size_t v : order) {
    for (auto [it, end] = boost::adjacent_vertices(v, g); it != end; ++it) {
      wave[v] = std::max(wave[v], wave[*it] + 1);
    }
  }
  int max_wave = 0;
  for (std::size_t v = 0; v < wave.size(); ++v) {
    topology_.nodes[v].wave = wave[v];
    max_wave = std::max(max_wave, wave[v]);
  }
  if (topology_.nodes.empty()) return;
  topology_.waves.resize(max_wave + 1);
  for (std::size_t v = 0; v < wave.size(); ++v)
    topology_.waves[wave[v]].push_back(static_cast<int>(v));
}

}  // namespace toscac::resolve
