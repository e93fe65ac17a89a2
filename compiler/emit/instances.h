#pragma once
// Several instances of a node (TOSCA's `scalable` capability, `default_instances`): the
// manifest of a node template with n > 1 instances becomes n manifests, "web[0]" ... "web[n-1]",
// one per agent. A node hosted on a scaled node has as many instances as its host (unless it
// scales itself), and instance i runs on host instance i. The rules for references between
// instances are in docs/manifest-format.md ("Instances"):
//
//   - a reference to the node itself, to a node on its HostedOn chain or to a node hosted on it
//     (the host pairs): the instance of the same index;
//   - waits on any other scaled node: on every instance;
//   - any other reference (get_attribute, a relationship's peer): the first instance.
//
//   std::map<std::string, int> counts = {{"web_host", 3}, {"web", 3}};
//   ExpandInstances(manifests, counts);   // web -> web[0], web[1], web[2]
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "emit/manifest.h"

namespace toscac::emit {

// "web[2]"
std::string InstanceName(const std::string& node, int index);

// Replaces each manifest of a node counted > 1 by its instances (in index order, in the
// node's place) and rewrites every manifest's references to scaled nodes.
void ExpandInstances(std::vector<std::pair<std::string, Json>>& manifests,
                     const std::map<std::string, int>& counts);

}  // namespace toscac::emit
