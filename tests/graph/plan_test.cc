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
  EXPECT_EQ(RenderPlanText(MySql()),
            "wave 0\n"
            "  db_server   tosca.nodes.Compute\n"
            "wave 1\n"
            "  mysql       tosca.nodes.DBMS.MySQL   on db_server\n");
}

TEST(PlanTextTest, AlignsColumnsAcrossWavesCountingCodePoints) {
  EXPECT_EQ(RenderPlanText(Shop()),
            "wave 0\n"
            "  vm_1         tosca.nodes.Compute\n"
            "  vm_2         tosca.nodes.Compute\n"
            "wave 1\n"
            "  dbms         tosca.nodes.DBMS.MySQL          on vm_2\n"
            "  web          tosca.nodes.WebServer           on vm_1\n"
            "  überwacher   tosca.nodes.SoftwareComponent   on vm_1\n"
            "wave 2\n"
            "  db           tosca.nodes.Database.MySQL      on dbms\n"
            "wave 3\n"
            "  app          tosca.nodes.WebApplication      on web\n");
}

TEST(PlanTextTest, IsEmptyWithoutWaves) {
  Topology t = Shop();
  t.waves.clear();
  EXPECT_EQ(RenderPlanText(t), "");
}

TEST(PlanJsonTest, ListsWavesWithTypeAndHost) {
  EXPECT_EQ(RenderPlanJson(MySql()),
            "{\n"
            "  \"plan_version\": 1,\n"
            "  \"waves\": [\n"
            "    {\n"
            "      \"wave\": 0,\n"
            "      \"nodes\": [\n"
            "        {\n"
            "          \"name\": \"db_server\",\n"
            "          \"type\": \"tosca.nodes.Compute\",\n"
            "          \"host\": null\n"
            "        }\n"
            "      ]\n"
            "    },\n"
            "    {\n"
            "      \"wave\": 1,\n"
            "      \"nodes\": [\n"
            "        {\n"
            "          \"name\": \"mysql\",\n"
            "          \"type\": \"tosca.nodes.DBMS.MySQL\",\n"
            "          \"host\": \"db_server\"\n"
            "        }\n"
            "      ]\n"
            "    }\n"
            "  ]\n"
            "}\n");
}

TEST(PlanJsonTest, HasNoWavesWithoutWaves) {
  Topology t = Shop();
  t.waves.clear();
  EXPECT_EQ(RenderPlanJson(t), "{\n  \"plan_version\": 1,\n  \"waves\": []\n}\n");
}

TEST(PlanJsonTest, EscapesNames) {
  Topology t = TopologyBuilder()
                   .Node("say \"hi\"\n", "my.Type\\", "überweb ☃")
                   .Node("überweb ☃", "tosca.nodes.Compute")
                   .Waves({{"überweb ☃"}, {"say \"hi\"\n"}});
  nlohmann::json doc = nlohmann::json::parse(RenderPlanJson(t));
  EXPECT_EQ(doc["waves"][1]["nodes"][0]["name"], "say \"hi\"\n");
  EXPECT_EQ(doc["waves"][1]["nodes"][0]["type"], "my.Type\\");
  EXPECT_EQ(doc["waves"][1]["nodes"][0]["host"], "überweb ☃");
}

TEST(PlanTest, IsDeterministic) {
  EXPECT_EQ(RenderPlanText(Shop()), RenderPlanText(Shop()));
  EXPECT_EQ(RenderPlanJson(Shop()), RenderPlanJson(Shop()));
}

// schemas/plan.schema.json accepts the plans and rejects what is not one.
class PlanSchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::ifstream in(std::filesystem::path(TOSCAC_SOURCE_DIR) / "schemas/plan.schema.json");
    schema_doc_ = nlohmann::json::parse(in);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft7);
    valijson::adapters::NlohmannJsonAdapter adapter(schema_doc_);
    parser.populateSchema(adapter, schema_);
  }

  bool Valid(const nlohmann::json& doc) {
    valijson::Validator validator;
    valijson::adapters::NlohmannJsonAdapter target(doc);
    return validator.validate(schema_, target, nullptr);
  }

  nlohmann::json schema_doc_;
  valijson::Schema schema_;
};

TEST_F(PlanSchemaTest, AcceptsPlans) {
  for (const Topology& t : {MySql(), Shop(), Topology()}) {
    EXPECT_TRUE(Valid(nlohmann::json::parse(RenderPlanJson(t)))) << RenderPlanJson(t);
  }
}

TEST_F(PlanSchemaTest, RejectsWhatIsNotAPlan) {
  nlohmann::json plan = nlohmann::json::parse(RenderPlanJson(MySql()));
  ASSERT_TRUE(Valid(plan));
  nlohmann::json bad = plan;
  bad["plan_version"] = 2;
  EXPECT_FALSE(Valid(bad));
  bad = plan;
  bad["waves"][0]["nodes"][0].erase("host");
  EXPECT_FALSE(Valid(bad));
  bad = plan;
  bad["waves"][0]["nodes"][0]["host"] = 3;
  EXPECT_FALSE(Valid(bad));
  bad = plan;
  bad["waves"][0]["extra"] = true;
  EXPECT_FALSE(Valid(bad));
  bad = plan;
  bad.erase("waves");
  EXPECT_FALSE(Valid(bad));
}

}  // namespace
}  // namespace toscac::graph
