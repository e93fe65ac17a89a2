// The normative profile's types are read when first used (docs/architecture.md).
#include <gtest/gtest.h>

#include "check/check.h"
#include "driver/driver.h"
#include "types/type_table.h"

namespace toscac::types {
namespace {

constexpr const char* kTemplate = R"(tosca_definitions_version: tosca_simple_yaml_1_3
node_types:
  App:
    derived_from: tosca.nodes.SoftwareComponent
topology_template:
  node_templates:
    server:
      type: tosca.nodes.Compute
    app:
      type: App
      requirements: [{host: server}]
)";

const TypeInfo* Registered(const TypeTable& table, std::string_view name) {
  for (const auto& info : table.All()) {
    if (info->name == name) return info.get();
  }
  return nullptr;
}

TEST(LazyProfileTest, ReadsOnlyTheTypesATemplateUses) {
  auto result = driver::Validate(load::Source::Text("app.yaml", kTemplate), {});
  ASSERT_FALSE(result->program.diags.HasErrors());
  ASSERT_NE(result->model, nullptr);
  const TypeTable& table = result->model->types;

  // Used, and the ancestors of what is used: read in full.
  for (std::string_view used : {"tosca.nodes.Compute", "tosca.nodes.SoftwareComponent",
                                "tosca.nodes.Root", "tosca.capabilities.Compute"}) {
    const TypeInfo* info = Registered(table, used);
    ASSERT_NE(info, nullptr) << used;
    EXPECT_EQ(info->unread, nullptr) << used;
  }
  EXPECT_FALSE(Registered(table, "tosca.nodes.Compute")->def->capabilities.empty());

  // Not used: registered by name only, until something asks for it; its parent is not even
  // known yet.
  const TypeInfo* storage = Registered(table, "tosca.nodes.Storage.BlockStorage");
  ASSERT_NE(storage, nullptr);
  EXPECT_NE(storage->unread, nullptr);
  EXPECT_TRUE(storage->def->properties.empty());
  EXPECT_TRUE(storage->def->derived_from.Empty());
  EXPECT_EQ(storage->parent, nullptr);
  const TypeInfo* abstract = Registered(table, "tosca.nodes.Abstract.Storage");
  ASSERT_NE(abstract, nullptr);
  EXPECT_NE(abstract->unread, nullptr);

  const TypeInfo* found = table.Find(TypeKind::kNode, "BlockStorage");
  EXPECT_EQ(found, storage);
  EXPECT_EQ(storage->unread, nullptr);
  EXPECT_EQ(storage->def->derived_from.text, "tosca.nodes.Abstract.Storage");
  EXPECT_EQ(storage->parent, abstract);
  EXPECT_EQ(abstract->unread, nullptr);
  EXPECT_NE(abstract->parent, nullptr);  // tosca.nodes.Root, linked as it was read
  const ir::PropertyDef* size = FindByName(storage->def->properties, "size");
  ASSERT_NE(size, nullptr);
  EXPECT_EQ(size->type.text, "scalar-unit.size");
  EXPECT_EQ(size->constraints.size(), 1u);
  // Located in the profile's text, after the type's own name.
  EXPECT_EQ(size->location.file, storage->def->location.file);
  EXPECT_GT(size->location.line, storage->def->location.line);
  EXPECT_NE(FindByName(table.Flatten(*storage).requirements, "dependency"), nullptr);
  EXPECT_FALSE(result->program.diags.HasErrors());
}

TEST(LazyProfileTest, FlatteningAUserTypeReadsItsNormativeAncestors) {
  auto result = driver::Validate(load::Source::Text("app.yaml", kTemplate), {});
  ASSERT_NE(result->model, nullptr);
  const TypeTable& table = result->model->types;
  const TypeInfo* app = table.Find(TypeKind::kNode, "App");
  ASSERT_NE(app, nullptr);
  const Flat& flat = table.Flatten(*app);
  // component_version comes from SoftwareComponent, the host requirement too, and the
  // Standard interface from tosca.nodes.Root.
  EXPECT_NE(FindByName(flat.properties, "component_version"), nullptr);
  EXPECT_NE(FindByName(flat.requirements, "host"), nullptr);
  EXPECT_NE(FindByName(flat.interfaces, "Standard"), nullptr);
}

// A profile's data type derived from a primitive learns it when read, and hands it down to a
// type of the user's derived from it.
TEST(LazyProfileTest, PrimitivesAreKnownOnceRead) {
  constexpr const char* kPorts = R"(tosca_definitions_version: tosca_simple_yaml_1_3
data_types:
  MyPort:
    derived_from: tosca.datatypes.network.PortDef
node_types:
  Box:
    derived_from: tosca.nodes.Root
    properties:
      port: {type: MyPort}
      json: {type: tosca.datatypes.json}
topology_template:
  node_templates:
    box:
      type: Box
      properties:
        port: not a port
        json: {a: 1}
)";
  auto result = driver::Validate(load::Source::Text("ports.yaml", kPorts), {});
  ASSERT_NE(result->model, nullptr);
  const TypeTable& table = result->model->types;
  const TypeInfo* mine = table.Find(TypeKind::kData, "MyPort");
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(mine->primitive, values::Primitive::kInteger);
  EXPECT_EQ(table.FindData("tosca.datatypes.json").primitive, values::Primitive::kString);
  EXPECT_EQ(table.FindData("PortDef").primitive, values::Primitive::kInteger);
  // Both values are checked against the primitive: two errors, on their lines.
  std::vector<unsigned> lines;
  for (const auto& d : result->program.diags.Sorted()) lines.push_back(d.location.line);
  EXPECT_EQ(lines, (std::vector<unsigned>{16, 17}));
}

}  // namespace
}  // namespace toscac::types
