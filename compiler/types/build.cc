// BuildTypeTable: registration, parents, loops, and the checks of every type definition.
#include <algorithm>
#include <unordered_set>

#include "types/type_table.h"

namespace toscac::types {

using diag::Code;
using ir::Name;

void RegisterShorthands(TypeTable& table, TypeKind kind, TypeInfo& info);

namespace {

void Register(load::Program& program, TypeTable& table) {
  for (const auto& unit : program.units) {
    for (int k = 0; k < ir::kTypeKindCount; ++k) {
      table.Reserve(static_cast<TypeKind>(k), unit->st->types[k].size(), unit->normative);
    }
  }
  for (const auto& unit : program.units) {
    if (!unit->namespace_prefix.empty()) table.AddPrefix(unit->namespace_prefix);
    for (int k = 0; k < ir::kTypeKindCount; ++k) {
      auto kind = static_cast<TypeKind>(k);
      for (ir::TypeDef& def : unit->st->types[k]) {
        std::string name = unit->namespace_prefix.empty()
                               ? def.name.text
                               : unit->namespace_prefix + ":" + def.name.text;
        if (TypeInfo* first = table.FindMutable(kind, name); first && first->name == name) {
          program.diags
              .Report(Code::S107, def.name.location,
                      std::string(ir::TypeKindName(kind)) + " '" + name + "' is defined twice")
              .AddNote(first->def->name.location, "first defined here");
          continue;
        }
        TypeInfo& info = table.Add(kind, def, *unit, std::move(name));
        if (unit->normative) RegisterShorthands(table, kind, info);
      }
    }
  }
}

// A profile's type is linked when its body is read; a type of the user's derived from one has
// it read at once, so that its chain and primitive are known to the passes below.
void LinkParents(TypeTable& table) {
  for (const auto& info_ptr : table.All()) {
    TypeInfo& info = *info_ptr;
    if (info.unread != nullptr) continue;
    table.LinkParent(info);
    if (info.parent != nullptr && info.parent->unread != nullptr) table.ReadBodies(info.parent);
  }
}

// Finds every inheritance loop, reports it once naming all its members, and breaks it.
void BreakLoops(load::Program& program, TypeTable& table) {
  std::unordered_set<const TypeInfo*> done;
  done.reserve(table.All().size());
  for (const auto& start : table.All()) {
    std::vector<TypeInfo*> path;
    TypeInfo* t = start.get();
    while (t != nullptr && !done.count(t)) {
      auto it = std::find(path.begin(), path.end(), t);
      if (it != path.end()) {
        std::vector<TypeInfo*> loop(it, path.end());
        std::string chain;
        for (TypeInfo* m : loop) chain += m->name + " -> ";
        chain += loop.front()->name;
        // Report at the member written first, so the message does not depend on the walk.
        TypeInfo* first = *std::min_element(loop.begin(), loop.end(), [](auto* a, auto* b) {
          return a->def->derived_from.location < b->def->derived_from.location;
        });
        auto& d = program.diags.Report(Code::T202, first->def->derived_from.location,
                                       std::string(ir::TypeKindName(first->def->kind)) + " '" +
                                           first->name + "' derives from itself: " + chain);
        for (TypeInfo* m : loop) {
          if (m != first)
            d.AddNote(m->def->derived_from.location, "'" + m->name + "' is derived here");
          m->parent = nullptr;
          m->poisoned = true;
        }
        break;
      }
      path.push_back(t);
      t = const_cast<TypeInfo*>(t->parent);
    }
    done.insert(path.begin(), path.end());
  }
}

void PropagatePrimitives(TypeTable& table) {
  for (const auto& info : table.All()) InheritPrimitive(*info);
}

// A type whose ancestor failed is poisoned too: its members are not fully known.
void PropagatePoison(TypeTable& table) {
  for (const auto& info : table.All()) {
    for (const TypeInfo* p = info->parent; p != nullptr && !info->poisoned; p = p->parent) {
      if (p->poisoned) info->poisoned = true;
    }
  }
}

}  // namespace

void CheckTypeDefinitions(load::Program& program, const TypeTable& table);

void BuildTypeTable(load::Program& program, TypeTable& table) {
  table.set_diagnostics(&program.diags);
  Register(program, table);
  LinkParents(table);
  BreakLoops(program, table);
  PropagatePrimitives(table);
  PropagatePoison(table);
  CheckTypeDefinitions(program, table);
}

}  // namespace toscac::types
