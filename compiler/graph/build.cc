#include "graph/build.h"

#include <map>
#include <set>

namespace toscac::graph {
namespace {

using resolve::Family;
using resolve::Topology;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD, for a NUL

// Graphviz 2.43 writes a `"` in a name as `\"` and leaves backslashes alone, but its reader
// takes `\\` as a pair: an odd run of backslashes before a quote or at the end then swallows
// the quote (a syntax error), and one before a line end joins the lines. A NUL ends a C
// string, and cgraph keeps names starting with '%' for anonymous objects.
bool ReadsBack(std::string_view name) {
  if (!name.empty() && name.front() == '%') return false;
  std::size_t run = 0;  // backslashes just before the current character
  for (char c : name) {
    if (c == '\0') return false;
    if (c == '\\') {
      ++run;
      continue;
    }
    if (run % 2 == 1 && (c == '"' || c == '\n')) return false;
    run = 0;
  }
  return run % 2 == 0;
}

// A name that does not read back, made to: backslashes doubled, NUL as U+FFFD, a leading '%'
// behind an underscore.
std::string StandIn(std::string_view name) {
  std::string out = !name.empty() && name.front() == '%' ? "_" : "";
  for (char c : name) {
    if (c == '\0') {
      out += kReplacement;
      continue;
    }
    if (c == '\\') out += '\\';
    out += c;
  }
  return out;
}

// The host each node is drawn inside, index for index, or -1. A host chain that loops (an error
// the resolver reports) is drawn without clusters, since boxes cannot nest in a circle.
std::vector<int> DrawnHosts(const Topology& t) {
  std::map<std::string_view, int> index;
  for (std::size_t i = 0; i < t.nodes.size(); ++i) index.emplace(t.nodes[i].name, int(i));
  std::vector<int> host(t.nodes.size(), -1);
  for (std::size_t i = 0; i < t.nodes.size(); ++i) {
    if (t.nodes[i].host.empty()) continue;
    auto it = index.find(t.nodes[i].host);
    if (it != index.end()) host[i] = it->second;
  }
  enum State { kUnseen, kOnPath, kGood, kLoops };
  std::vector<State> state(t.nodes.size(), kUnseen);
  for (std::size_t start = 0; start < t.nodes.size(); ++start) {
    std::vector<int> path;
    int v = int(start);
    while (v >= 0 && state[v] == kUnseen) {
      state[v] = kOnPath;
      path.push_back(v);
      v = host[v];
    }
    State end = v < 0 || state[v] == kGood ? kGood : kLoops;
    for (int p : path) state[p] = end;
  }
  for (std::size_t i = 0; i < host.size(); ++i) {
    if (state[i] == kLoops) host[i] = -1;
  }
  return host;
}

class Builder {
 public:
  Builder(const Topology& t, const DotOptions& o, Agraph_t* g)
      : t_(t), o_(o), g_(g), ids_(DotIds(t.nodes)), host_(DrawnHosts(t)) {}

  bool Build() {
    agattr(g_, AGNODE, Chars("shape"), Chars("box"));
    agattr(g_, AGNODE, Chars("style"), Chars("rounded"));
    return AddNodes() && AddClusters() && AddEdges() && AddWaves();
  }

 private:
  bool AddNodes() {
    for (std::size_t i = 0; i < t_.nodes.size(); ++i) {
      const resolve::NodeInfo& node = t_.nodes[i];
      Agnode_t* n = agnode(g_, Chars(ids_[i]), 1);
      if (n == nullptr) return false;
      std::string label = EscapeLabel(node.name);
      if (!node.type.empty()) label += "\\n" + EscapeLabel(ShortType(node.type));
      Set(n, "label", label);
      Set(n, "tooltip", EscapeLabel(node.type));
      nodes_.push_back(n);
    }
    return true;
  }

  // A cluster per node that hosts others, holding that node and everything on it.
  bool AddClusters() {
    clusters_.assign(t_.nodes.size(), nullptr);
    for (std::size_t i = 0; i < t_.nodes.size(); ++i) {
      int h = host_[i];
      if (h < 0) continue;
      Agraph_t* cluster = ClusterOf(h);
      if (cluster == nullptr || agsubnode(cluster, nodes_[i], 1) == nullptr) return false;
      if (agsubnode(cluster, nodes_[h], 1) == nullptr) return false;
    }
    return true;
  }

  // The cluster of host `v`, created with those of its own hosts (outermost first, so that
  // agwrite lists them in a stable order). Iterative: host chains can be long.
  Agraph_t* ClusterOf(int v) {
    std::vector<int> missing;
    for (int u = v; u >= 0 && clusters_[u] == nullptr; u = host_[u]) missing.push_back(u);
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      int h = host_[*it];
      Agraph_t* parent = h < 0 ? g_ : clusters_[h];
      Agraph_t* cluster = agsubg(parent, Chars("cluster_" + ids_[*it]), 1);
      if (cluster == nullptr) return nullptr;
      Set(cluster, "style", "rounded");
      Set(cluster, "color", "grey60");
      clusters_[*it] = cluster;
    }
    return clusters_[v];
  }

  bool AddEdges() {
    for (const resolve::Edge& edge : t_.edges) {
      if (!Valid(edge.source) || !Valid(edge.target)) continue;
      Agedge_t* e = agedge(g_, nodes_[edge.source], nodes_[edge.target], nullptr, 1);
      if (e == nullptr) return false;
      Style(edge, e);
    }
    return true;
  }

  static void Style(const resolve::Edge& edge, Agedge_t* e) {
    switch (edge.family) {
      case Family::kHostedOn:
        Set(e, "style", "bold");
        break;
      case Family::kDependsOn:
        Set(e, "style", "dashed");
        break;
      case Family::kConnectsTo:
      case Family::kRoutesTo:  // a kind of ConnectsTo: drawn the same
        Set(e, "label", EscapeLabel(edge.capability));
        break;
      default:
        Set(e, "style", "dotted");
        Set(e, "label", EscapeLabel(edge.requirement));
        break;
    }
    std::string tooltip = edge.requirement + " -> " + edge.capability;
    if (!edge.relationship_type.empty()) tooltip += " (" + edge.relationship_type + ")";
    Set(e, "tooltip", EscapeLabel(tooltip));
  }

  // One rank=same subgraph per wave. Clusters and rank=same only mix under `newrank`; an
  // invisible edge keeps two consecutive waves in order when no real edge does.
  bool AddWaves() {
    if (!o_.waves || t_.waves.empty()) return true;
    Set(g_, "newrank", "true");
    std::vector<int> wave_of(t_.nodes.size(), -1);
    for (std::size_t k = 0; k < t_.waves.size(); ++k) {
      Agraph_t* rank = agsubg(g_, nullptr, 1);
      if (rank == nullptr) return false;
      Set(rank, "rank", "same");
      for (int v : t_.waves[k]) {
        if (!Valid(v)) continue;
        wave_of[v] = int(k);
        if (agsubnode(rank, nodes_[v], 1) == nullptr) return false;
      }
    }
    std::set<int> linked;  // k: some edge goes from wave k + 1 to wave k
    for (const resolve::Edge& edge : t_.edges) {
      if (!Valid(edge.source) || !Valid(edge.target)) continue;
      int from = wave_of[edge.source], to = wave_of[edge.target];
      if (from >= 0 && from == to + 1) linked.insert(to);
    }
    for (std::size_t k = 0; k + 1 < t_.waves.size(); ++k) {
      if (linked.count(int(k)) || t_.waves[k].empty() || t_.waves[k + 1].empty()) continue;
      int above = t_.waves[k + 1].front(), below = t_.waves[k].front();
      if (!Valid(above) || !Valid(below)) continue;
      Agedge_t* e = agedge(g_, nodes_[above], nodes_[below], nullptr, 1);
      if (e == nullptr) return false;
      Set(e, "style", "invis");
    }
    return true;
  }

  bool Valid(int v) const { return v >= 0 && std::size_t(v) < nodes_.size(); }

  const Topology& t_;
  const DotOptions& o_;
  Agraph_t* g_;
  std::vector<std::string> ids_;
  std::vector<int> host_;
  std::vector<Agnode_t*> nodes_;
  std::vector<Agraph_t*> clusters_;
};

}  // namespace

std::vector<std::string> DotIds(const std::vector<resolve::NodeInfo>& nodes) {
  std::vector<std::string> ids(nodes.size());
  std::set<std::string, std::less<>> taken;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (ReadsBack(nodes[i].name)) taken.insert(ids[i] = nodes[i].name);
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (ReadsBack(nodes[i].name)) continue;
    std::string base = StandIn(nodes[i].name), id = base;
    for (int n = 2; taken.count(id); ++n) id = base + " (" + std::to_string(n) + ")";
    taken.insert(ids[i] = id);
  }
  return ids;
}

std::string EscapeLabel(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\0') {
      out += kReplacement;
      continue;
    }
    if (c == '\\') out += '\\';
    out += c;
  }
  return out;
}

std::string_view ShortType(std::string_view type) {
  std::size_t dot = type.find_last_of(".:");
  if (dot == std::string_view::npos || dot + 1 == type.size()) return type;
  return type.substr(dot + 1);
}

bool BuildGraph(const Topology& t, const DotOptions& o, Graph& g) {
  if (g.get() == nullptr) return false;
  return Builder(t, o, g.get()).Build();
}

}  // namespace toscac::graph
