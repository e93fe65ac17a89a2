#pragma once
// The semantic checks of a loaded program: types, values, constraints, functions, templates.
#include <memory>

#include "check/context.h"
#include "check/values.h"
#include "load/program.h"
#include "resolve/topology.h"

namespace toscac::check {

// Everything the checks learned about a program, kept for the phases after them (the
// manifests): the type table, the templates with 'copy' applied, the resolved topology.
// It points into the Program, which must outlive it.
struct Model {
  explicit Model(load::Program& program) : ctx(program, types), values(ctx) {}
  types::TypeTable types;
  yaml::Document scratch;
  Context ctx;
  ValueChecker values;
  resolve::Topology topology;  // empty when the root has no topology template
};

// Reports every problem into program.diags and returns what was learned: CheckTypes, then
// CheckTemplates.
std::unique_ptr<Model> CheckProgram(load::Program& program);

// The two halves of CheckProgram, apart so that bench/ can time them: the type table and the
// defaults of the user's types; then the topology's templates and its requirements resolved.
std::unique_ptr<Model> CheckTypes(load::Program& program);
void CheckTemplates(Model& model);

}  // namespace toscac::check
