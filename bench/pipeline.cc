#include "pipeline.h"

#include <chrono>

#include "check/check.h"
#include "diag/render.h"
#include "emit/manifest.h"
#include "eval/eval.h"
#include "graph/dot.h"
#include "graph/plan.h"
#include "load/program.h"

namespace toscac::bench {
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

bool Clean(const load::Program& program, std::string* diagnostics) {
  if (program.diags.Empty()) return true;
  if (diagnostics != nullptr) {
    *diagnostics = diag::RenderText(program.diags.Sorted(), program.sources, {});
  }
  return false;
}

std::size_t Emit(check::Model& model, const load::Program& program) {
  eval::InputValues inputs;
  if (!eval::ReadInputs(model, {}, {}, inputs)) return 0;
  eval::Evaluator ev(model, inputs);
  emit::Options options;
  options.deployment = emit::DefaultDeploymentName(program);
  // Each manifest counted as it comes, as `toscac compile` writes each one and keeps none.
  std::size_t bytes = 0;
  emit::Deployment d = emit::BuildDeployment(
      model, ev, options, [&](const std::string&, std::string_view text) { bytes += text.size(); });
  return bytes + d.index_text.size();
}

}  // namespace

bool CompileOnce(const std::string& path, bool with_graph, PhaseTimes& t,
                 std::string* diagnostics) {
  load::Program program;
  load::LoadTimings load_times;
  load::LoadOptions options;
  options.timings = &load_times;
  bool loaded = load::LoadProgram(load::Source::File(path), options, program);
  if (!Clean(program, diagnostics) || !loaded) return false;
  t.parse = load_times.parse;
  t.read = load_times.read;
  t.profile = load_times.profile;
  auto start = Clock::now();
  auto model = check::CheckTypes(program);
  t.types = Since(start);
  start = Clock::now();
  check::CheckTemplates(*model);
  t.requirements = Since(start);
  if (!Clean(program, diagnostics)) return false;
  start = Clock::now();
  t.emitted_bytes = Emit(*model, program);
  t.emit = Since(start);
  t.nodes = model->topology.nodes.size();
  if (!Clean(program, diagnostics) || !with_graph) return Clean(program, diagnostics);
  start = Clock::now();
  std::size_t graph_bytes = graph::RenderPlanJson(model->topology).size();
  graph_bytes += graph::RenderDot(model->topology, {}).size();
  t.graph = Since(start);
  return graph_bytes > 0 && Clean(program, diagnostics);
}

}  // namespace toscac::bench
