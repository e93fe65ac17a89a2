#include "check/check.h"

#include "check/templates.h"
#include "check/values.h"
#include "resolve/resolve.h"
#include "types/type_table.h"

namespace toscac::check {

namespace {

// Defaults of the user's type definitions, checked against the definitions they sit in.
void CheckTypeDefaults(Context& ctx) {
  for (const auto& info : ctx.types.All()) {
    if (info->unit->normative || info->poisoned) continue;
    ctx.prefix = info->unit->namespace_prefix;
    const types::Flat& flat = ctx.types.Flatten(*info);
    Scope scope;
    scope.in_type = true;
    scope.relationship = info->def->kind == TypeKind::kRelationship;
    for (const auto* list : {&info->def->properties, &info->def->attributes}) {
      for (const ir::PropertyDef& own : *list) {
        const auto& all = list == &info->def->properties ? flat.properties : flat.attributes;
        const ir::PropertyDef* def = types::FindByName(all, own.name.text);
        if (def == nullptr) continue;
        ctx.values->CheckConstraints(*def);
        if (own.default_value != nullptr) ctx.values->CheckValue(*own.default_value, *def, scope);
      }
    }
  }
  ctx.prefix.clear();
}

}  // namespace

std::unique_ptr<Model> CheckProgram(load::Program& program) {
  auto model = CheckTypes(program);
  CheckTemplates(*model);
  return model;
}

std::unique_ptr<Model> CheckTypes(load::Program& program) {
  auto model = std::make_unique<Model>(program);
  types::BuildTypeTable(program, model->types);
  Context& ctx = model->ctx;
  ctx.scratch = &model->scratch;
  ctx.values = &model->values;
  ctx.root = program.root->st.get();
  CheckTypeDefaults(ctx);
  return model;
}

void CheckTemplates(Model& model) {
  Context& ctx = model.ctx;
  if (!ctx.root->topology) return;
  ctx.topology = &*ctx.root->topology;
  CheckTopology(ctx);
  model.topology = resolve::Resolve(ctx);
}

}  // namespace toscac::check
