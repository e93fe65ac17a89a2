#pragma once
// `toscac graph FILE -o app.svg`: the DOT graph of dot.h laid out and drawn in-process by
// Graphviz's libraries; no `dot` program is needed.
//
//   std::string error;
//   if (!graph::RenderImage(topology, {}, "app.svg", &error)) report(error);
#include <string>

#include "graph/dot.h"
#include "resolve/topology.h"

namespace toscac::graph {

// Writes the picture of `t` to `path`, in the format its extension names (case-insensitive):
// ".svg", ".png" or ".pdf". On failure returns false and sets *error to one line that does not
// repeat the path (the caller names it), lower-case, without a final period:
//   unknown image format '.gif' (expected .svg, .png or .pdf)
//   no such file or directory
// Never throws; nothing is written to standard error.
bool RenderImage(const resolve::Topology& t, const DotOptions& o, const std::string& path,
                 std::string* error);

}  // namespace toscac::graph
