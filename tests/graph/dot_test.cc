// The DOT of `toscac graph` and the in-process images: exact text for small topologies, names
// that stress Graphviz's quoting, determinism, and `dot -Tsvg` reading all of it silently.
#include "graph/dot.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "graph/agraph.h"
#include "graph/build.h"
#include "graph/render.h"
#include "topology_builder.h"

namespace toscac::graph {
namespace {

namespace fs = std::filesystem;
using resolve::Family;
using resolve::Topology;
using testing::TopologyBuilder;

constexpr char kHostedOn[] = "tosca.relationships.HostedOn";

// An application on a web server on a compute node.
Topology Stack() {
  return TopologyBuilder()
      .Node("app", "tosca.nodes.WebApplication", "web")
      .Node("server", "tosca.nodes.Compute")
      .Node("web", "tosca.nodes.WebServer", "server")
      .Edge("app", "host", "web", "host", Family::kHostedOn, kHostedOn)
      .Edge("web", "host", "server", "host", Family::kHostedOn, kHostedOn)
      .Waves({{"server"}, {"web"}, {"app"}});
}

// One edge of every style: two components on a VM, one depending on the other and connecting
// to a database; the VM attached to a volume.
Topology Families() {
  return TopologyBuilder()
      .Node("api", "tosca.nodes.SoftwareComponent", "vm")
      .Node("cache", "tosca.nodes.SoftwareComponent", "vm")
      .Node("db", "tosca.nodes.Database.MySQL")
      .Node("disk", "tosca.nodes.Storage.BlockStorage")
      .Node("vm", "tosca.nodes.Compute")
      .Edge("api", "host", "vm", "host", Family::kHostedOn, kHostedOn)
      .Edge("api", "dependency", "cache", "feature", Family::kDependsOn,
            "tosca.relationships.DependsOn")
      .Edge("api", "database", "db", "database_endpoint", Family::kConnectsTo,
            "tosca.relationships.ConnectsTo")
      .Edge("cache", "host", "vm", "host", Family::kHostedOn, kHostedOn)
      .Edge("vm", "local_storage", "disk", "attachment", Family::kAttachesTo,
            "tosca.relationships.AttachesTo")
      .Waves({{"db", "disk"}, {"vm"}, {"cache"}, {"api"}});
}

// Names that need quoting, or that Graphviz 2.43 cannot write back as they are.
Topology Hostile() {
  return TopologyBuilder()
      .Node("%anon", "tosca.nodes.Root")
      .Node("-1.5", "tosca.nodes.Root", "web server")
      .Node("a->b; {c}", "my.types.Odd\\", "web server")
      .Node("ends\\", "tosca.nodes.Root")
      .Node("ends\\\\", "tosca.nodes.Root")
      .Node("line\nbreak", "tosca.nodes.Root", "ends\\")
      .Node("line\\\nbreak", "tosca.nodes.Root")
      .Node(std::string("nul\0byte", 8), "tosca.nodes.Root")
      .Node("node", "tosca.nodes.Root", "say \"hi\\\"")
      .Node("say \"hi\\\"", "tosca.nodes.Compute")
      .Node("web server", "tosca.nodes.WebServer", "say \"hi\\\"")
      .Node("Überweb ☃", "tosca.nodes.WebApplication", "web server")
      .Edge("-1.5", "host", "web server", "host", Family::kHostedOn, kHostedOn)
      .Edge("a->b; {c}", "host", "web server", "host", Family::kHostedOn, kHostedOn)
      .Edge("line\nbreak", "host", "ends\\", "host", Family::kHostedOn, kHostedOn)
      .Edge("node", "host", "say \"hi\\\"", "host", Family::kHostedOn, kHostedOn)
      .Edge("node", "needs \"it\"\\", std::string("nul\0byte", 8), "cap\\", Family::kOther)
      .Edge("web server", "host", "say \"hi\\\"", "host", Family::kHostedOn, kHostedOn)
      .Edge("Überweb ☃", "host", "web server", "host", Family::kHostedOn, kHostedOn)
      .Edge("Überweb ☃", "db", "%anon", "ünï \\n", Family::kConnectsTo)
      .Waves({{"%anon", "ends\\", "ends\\\\", "line\\\nbreak", std::string("nul\0byte", 8),
               "say \"hi\\\""},
              {"line\nbreak", "node", "web server"},
              {"-1.5", "a->b; {c}", "Überweb ☃"}});
}

// What `dot -Tsvg` says about `dot_text` on standard error, with its exit status; "" and 0 when
// all is well.
struct DotRun {
  int status = 0;
  std::string messages;
};

DotRun RunDot(const std::string& dot_text) {
  fs::path input = fs::path(::testing::TempDir()) /
                   ("toscac_dot_test_" + std::to_string(getpid()) + ".dot");
  std::ofstream(input, std::ios::binary) << dot_text;
  std::string command = "dot -Tsvg '" + input.string() + "' 2>&1 >/dev/null";
  DotRun run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) run.messages += buffer;
  run.status = pclose(pipe);
  fs::remove(input);
  return run;
}

bool HaveDot() { return fs::exists("/usr/bin/dot"); }

TEST(DotTest, DrawsAHostingStackAsNestedClusters) {
  EXPECT_EQ(RenderDot(Stack(), {}),
            "digraph topology {\n"
            "\tnode [shape=box,\n"
            "\t\tstyle=rounded\n"
            "\t];\n"
            "}\n");
}

}  // namespace
}  // namespace toscac::graph
