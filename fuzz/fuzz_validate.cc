// Fuzz target: the whole `validate` pipeline (compiler/driver/driver.h), then, for a template
// with no errors, what `toscac compile --emit ir` does with it (evaluation and the manifests).
// The bytes are the root template, input.yaml, read from a scratch directory that also holds a
// fixed set of files it may import (kImports below: a type library, a nested import, a cycle,
// another TOSCA version, a syntax error) and a script to name as an implementation; the
// dictionary (tosca.dict) names them. The diagnostics are rendered as text and as JSON.
#include <cstddef>
#include <cstdint>
#include <string>

#include "diag/render.h"
#include "driver/driver.h"
#include "emit/manifest.h"
#include "eval/eval.h"
#include "scratch.h"

namespace {

struct File {
  const char* name;
  const char* text;
};

const File kImports[] = {
    {"types.yaml", R"(tosca_definitions_version: tosca_simple_yaml_1_3
data_types:
  fuzz.Endpoint:
    derived_from: tosca.datatypes.Root
    properties:
      port: {type: integer, constraints: [{in_range: [1, 65535]}]}
      host: {type: string, default: localhost}
node_types:
  fuzz.Db:
    derived_from: tosca.nodes.Database
  fuzz.App:
    derived_from: tosca.nodes.SoftwareComponent
    properties:
      name: {type: string, default: app, constraints: [{pattern: "[a-z]+"}]}
      endpoint: {type: fuzz.Endpoint, required: false}
      size: {type: scalar-unit.size, default: 1 GB}
    attributes:
      url: {type: string}
    requirements:
      - database: {capability: tosca.capabilities.Endpoint.Database, node: fuzz.Db,
                   relationship: tosca.relationships.ConnectsTo}
    interfaces:
      Standard:
        type: tosca.interfaces.node.lifecycle.Standard
        inputs:
          NAME: {type: string, value: {get_property: [SELF, name]}}
        operations:
          create: scripts/create.sh
)"},
    {"lib/nodes.yaml", R"(tosca_definitions_version: tosca_simple_yaml_1_3
imports:
  - ../types.yaml
node_types:
  fuzz.Web:
    derived_from: fuzz.App
    capabilities:
      web: tosca.capabilities.Endpoint.Public
)"},
    {"cycle.yaml", R"(tosca_definitions_version: tosca_simple_yaml_1_3
imports: [cycle.yaml]
)"},
    {"v12.yaml", R"(tosca_definitions_version: tosca_simple_yaml_1_2
node_types:
  fuzz.Old:
    derived_from: tosca.nodes.Root
)"},
    {"broken.yaml", "tosca_definitions_version: tosca_simple_yaml_1_3\nnode_types: [\n"},
    {"scripts/create.sh", "#!/bin/sh\necho \"$NAME\"\n"},
};

toscac::fuzz::ScratchDir& Dir() {
  static toscac::fuzz::ScratchDir dir;
  static const bool written = [] {
    for (const File& f : kImports) dir.Write(f.name, f.text);
    return true;
  }();
  (void)written;
  return dir;
}

// What `toscac compile --emit ir` would print, for a template that validated cleanly.
void Compile(toscac::driver::Result& result) {
  using namespace toscac;
  if (result.model == nullptr || result.program.diags.HasErrors()) return;
  check::Model& model = *result.model;
  eval::InputValues inputs;
  if (!eval::ReadInputs(model, {}, {}, inputs)) return;
  eval::Evaluator ev(model, inputs);
  emit::Deployment d = emit::BuildDeployment(model, ev, emit::Options{"fuzz"});
  emit::JsonText(emit::IrDocument(d));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace toscac;
  std::string path = Dir().Write("input.yaml", data, size);
  auto result = driver::Validate(load::Source{"input.yaml", path, std::nullopt}, {});
  Compile(*result);
  std::vector<diag::Diagnostic> sorted = result->program.diags.Sorted();
  diag::RenderText(sorted, result->program.sources, diag::TextOptions{});
  diag::RenderJson(sorted, result->program.sources);
  return 0;
}
