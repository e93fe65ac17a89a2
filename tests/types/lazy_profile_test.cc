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

  // Not used: registered by name and parent only, until something asks for it.
  const TypeInfo* storage = Registered(table, "tosca.nodes.Storage.BlockStorage");
  ASSERT_NE(storage, nullptr);
  EXPECT_NE(storage->unread, nullptr);
  EXPECT_TRUE(storage->def->properties.empty());
  ASSERT_NE(storage->parent, nullptr);
  EXPECT_EQ(storage->parent->name, "tosca.nodes.Abstract.Storage");
  EXPECT_NE(storage->parent->unread, nullptr);

  const TypeInfo* found = table.Find(TypeKind::kNode, "BlockStorage");
  EXPECT_EQ(found, storage);
  EXPECT_EQ(storage->unread, nullptr);
  EXPECT_EQ(storage->parent->unread, nullptr);
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

}  // namespace
}  // namespace toscac::types
