// Fuzz target: the `--inputs` reader (eval::ReadInputs in compiler/eval/inputs.cc) against a
// fixed template declaring inputs of every kind of type, with constraints, then the input
// values as the evaluator turns them into JSON. The bytes are split in two: leading lines of
// the form `-i name=value` are -i pairs, the rest is the --inputs file:
//
//   -i port=8080
//   -i tags=[a, b]
//   name: web
//   limits: {cpu: 2}
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "driver/driver.h"
#include "eval/eval.h"
#include "scratch.h"

namespace {

const char kTemplate[] = R"(tosca_definitions_version: tosca_simple_yaml_1_3
data_types:
  fuzz.Limits:
    properties:
      cpu: {type: integer, constraints: [{greater_or_equal: 1}]}
      memory: {type: scalar-unit.size, required: false, constraints: [{less_than: 1 TB}]}
node_types:
  fuzz.Node: {}
topology_template:
  inputs:
    name: {type: string, constraints: [{pattern: "[a-z][a-z0-9-]*"}, {max_length: 63}]}
    port: {type: integer, default: 80, constraints: [{in_range: [1, 65535]}]}
    ratio: {type: float, required: false, constraints: [{less_or_equal: 1.5}]}
    debug: {type: boolean, default: false}
    mode: {type: string, default: fast, constraints: [{valid_values: [fast, safe]}]}
    tags: {type: list, required: false, entry_schema: {type: string}, constraints: [{min_length: 1}]}
    env: {type: map, required: false, key_schema: {type: string}, entry_schema: {type: integer}}
    since: {type: timestamp, required: false}
    release: {type: version, required: false, constraints: [{greater_than: 1.0}]}
    span: {type: range, required: false}
    disk: {type: scalar-unit.size, default: 10 GB, constraints: [{in_range: [1 GB, 1 TB]}]}
    timeout: {type: scalar-unit.time, required: false}
    clock: {type: scalar-unit.frequency, required: false}
    rate: {type: scalar-unit.bitrate, required: false}
    limits: {type: fuzz.Limits, required: false}
    code: {type: string, required: false, constraints: [{equal: abc}, {length: 3}]}
  node_templates:
    app:
      type: fuzz.Node
)";

toscac::fuzz::ScratchDir& Dir() {
  static toscac::fuzz::ScratchDir dir;
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace toscac;
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> pairs;
  std::size_t start = 0;
  while (text.compare(start, 3, "-i ") == 0) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    pairs.push_back(text.substr(start + 3, end - start - 3));
    start = end < text.size() ? end + 1 : end;
  }
  std::string file = Dir().Write("inputs.yaml", text.substr(start));

  // Without the normative types, which the template does not need: loading them would take
  // most of the time of each run.
  driver::Options options;
  options.load.load_profile = false;
  auto result = driver::Validate(load::Source::Text("app.yaml", kTemplate), options);
  if (result->model == nullptr || result->program.diags.HasErrors()) __builtin_trap();
  eval::InputValues inputs;
  if (!eval::ReadInputs(*result->model, {file}, pairs, inputs)) return 0;
  eval::Evaluator ev(*result->model, inputs);
  for (const auto& [name, def] : result->model->ctx.inputs) ev.Input(name).dump();
  return 0;
}
