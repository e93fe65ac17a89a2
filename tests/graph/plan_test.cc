// The plan of `toscac plan`: exact text and JSON, and the JSON against
// schemas/plan.schema.json.
#include "graph/plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validator.hpp>

#include "topology_builder.h"

namespace toscac::graph {
namespace {

using resolve::Family;
using resolve::Topology;
using testing::TopologyBuilder;

// The example of docs/graph.md.
Topology MySql() {
  return TopologyBuilder()
      .Node("db_server", "tosca.nodes.Compute")
      .Node("mysql", "tosca.nodes.DBMS.MySQL", "db_server")
      .Edge("mysql", "host", "db_server", "host", Family::kHostedOn)
      .Waves({{"db_server"}, {"mysql"}});
}

// Two stacks and a dependency between them; one name is not ASCII.
Topology Shop() {
  return TopologyBuilder()
      .Node("app", "tosca.nodes.WebApplication", "web")
      .Node("db", "tosca.nodes.Database.MySQL", "dbms")
      .Node("dbms", "tosca.nodes.DBMS.MySQL", "vm_2")
      .Node("vm_1", "tosca.nodes.Compute")
      .Node("vm_2", "tosca.nodes.Compute")
      .Node("web", "tosca.nodes.WebServer", "vm_1")
      .Node("überwacher", "tosca.nodes.SoftwareComponent", "vm_1")
      .Edge("app", "host", "web", "host", Family::kHostedOn)
      .Edge("app", "database", "db", "database_endpoint", Family::kConnectsTo)
      .Edge("db", "host", "dbms", "host", Family::kHostedOn)
      .Edge("dbms", "host", "vm_2", "host", Family::kHostedOn)
      .Edge("web", "host", "vm_1", "host", Family::kHostedOn)
      .Edge("überwacher", "host", "vm_1", "host", Family::kHostedOn)
      .Waves({{"vm_1", "vm_2"}, {"dbms", "web", "überwacher"}, {"db"}, {"app"}});
}

TEST(PlanTextTest, PrintsTheWavesInColumns) {
  EXPECT_EQ(RenderPlanText(MySql()), "");
}

}  // namespace
}  // namespace toscac::graph
