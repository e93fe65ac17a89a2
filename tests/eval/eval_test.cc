#include "eval/eval.h"

#include <gtest/gtest.h>

#include "driver/driver.h"

namespace toscac::eval {
namespace {

constexpr const char* kTemplate = R"(tosca_definitions_version: tosca_simple_yaml_1_3
node_types:
  App:
    derived_from: tosca.nodes.SoftwareComponent
    properties:
      greeting: {type: string, required: false}
      port: {type: integer, default: 8080}
      hosts: {type: list, entry_schema: string, required: false}
      cpus: {type: integer, required: false}
      url: {type: string, required: false}
      csv: {type: string, required: false}
      second: {type: string, required: false}
      ip: {type: string, required: false}
      all: {type: list, entry_schema: string, required: false}
      nested: {type: map, entry_schema: integer, required: false}
      first_port: {type: integer, required: false}
topology_template:
  inputs:
    name: {type: string, default: world}
    ports: {type: list, entry_schema: integer, default: [80, 443]}
  node_templates:
    server:
      type: tosca.nodes.Compute
      capabilities:
        host: {properties: {num_cpus: 4}}
    app:
      type: App
      requirements: [{host: server}]
      properties:
        greeting: {concat: [hello, ' ', {get_input: name}]}
        cpus: {get_property: [HOST, host, num_cpus]}
        url: {concat: ['http://', {get_attribute: [HOST, public_address]}, ':', {get_property: [SELF, port]}]}
        csv: {join: [[a, b, c], ',']}
        second: {token: ['x:y:z', ':', 1]}
        all: {get_nodes_of_type: tosca.nodes.Compute}
        nested: {a: {get_input: [ports, 1]}}
        first_port: {get_input: [ports, 0]}
)";

class EvalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = driver::Validate(load::Source::Text("app.yaml", kTemplate), {});
    ASSERT_FALSE(result_->program.diags.HasErrors());
    ASSERT_NE(result_->model, nullptr);
    eval_ = std::make_unique<Evaluator>(*result_->model, inputs_);
    app_ = result_->topology().Find("app");
    ASSERT_GE(app_, 0);
  }
  Json Prop(const std::string& name) { return eval_->NodeProperty(app_, name); }

  InputValues inputs_;
  std::unique_ptr<driver::Result> result_;
  std::unique_ptr<Evaluator> eval_;
  int app_ = -1;
};

TEST_F(EvalTest, ConcatenatesWithInputs) { EXPECT_EQ(Prop("greeting"), "hello world"); }

TEST_F(EvalTest, UsesDefaults) { EXPECT_EQ(Prop("port"), 8080); }

TEST_F(EvalTest, ReadsCapabilityPropertiesOfTheHost) { EXPECT_EQ(Prop("cpus"), 4); }

TEST_F(EvalTest, KeepsRuntimeReferencesAsExpressions) {
  Json expected = Json::parse(
      R"({"concat": ["http://", {"get_attribute": ["server", "public_address"]}, ":", 8080]})");
  EXPECT_EQ(Prop("url"), expected);
}

TEST_F(EvalTest, JoinsAndTokenizes) {
  EXPECT_EQ(Prop("csv"), "a,b,c");
  EXPECT_EQ(Prop("second"), "y");
}

TEST_F(EvalTest, ListsNodesOfAType) { EXPECT_EQ(Prop("all"), Json::parse(R"(["server"])")); }

TEST_F(EvalTest, FollowsNestedPaths) {
  EXPECT_EQ(Prop("nested"), Json::parse(R"({"a": 443})"));
  EXPECT_EQ(Prop("first_port"), 80);
}

TEST(ToJsonTest, TypesPlainScalarsOnly) {
  diag::SourceManager sm;
  diag::Diagnostics diags;
  yaml::Document doc;
  diag::FileId id = sm.Add("t.yaml", "[12, '12', 1.5, true, ~, abc, 0x10]");
  ASSERT_TRUE(yaml::Load(sm, id, {}, doc, diags));
  EXPECT_EQ(ToJson(*doc.root()), Json::parse(R"([12, "12", 1.5, true, null, "abc", 16])"));
}

}  // namespace
}  // namespace toscac::eval
