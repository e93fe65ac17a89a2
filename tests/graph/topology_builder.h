#pragma once
// Topologies written by hand for the graph tests, as the resolver would hand them over:
//
//   Topology t = TopologyBuilder()
//                    .Node("server", "tosca.nodes.Compute")
//                    .Node("web", "tosca.nodes.WebServer", "server")
//                    .Edge("web", "host", "server", "host", Family::kHostedOn)
//                    .Waves({{"server"}, {"web"}});
#include <string>
#include <vector>

#include "resolve/topology.h"

namespace toscac::graph::testing {

class TopologyBuilder {
 public:
  // Nodes must come in name order, as the resolver sorts them.
  TopologyBuilder& Node(const std::string& name, const std::string& type,
                        const std::string& host = "") {
    resolve::NodeInfo node;
    node.name = name;
    node.type = type;
    node.host = host;
    t_.nodes.push_back(node);
    return *this;
  }

  TopologyBuilder& Edge(const std::string& source, const std::string& requirement,
                        const std::string& target, const std::string& capability,
                        resolve::Family family, const std::string& relationship_type = "") {
    resolve::Edge edge;
    edge.source = Index(source);
    edge.target = Index(target);
    edge.requirement = requirement;
    edge.capability = capability;
    edge.family = family;
    edge.relationship_type = relationship_type;
    t_.edges.push_back(edge);
    return *this;
  }

  resolve::Topology Waves(const std::vector<std::vector<std::string>>& waves) {
    for (std::size_t k = 0; k < waves.size(); ++k) {
      t_.waves.emplace_back();
      for (const std::string& name : waves[k]) {
        t_.waves.back().push_back(Index(name));
        t_.nodes[Index(name)].wave = int(k);
      }
    }
    t_.resolved = true;
    return t_;
  }

 private:
  int Index(const std::string& name) const {
    for (std::size_t i = 0; i < t_.nodes.size(); ++i) {
      if (t_.nodes[i].name == name) return int(i);
    }
    return -1;
  }

  resolve::Topology t_;
};

}  // namespace toscac::graph::testing
