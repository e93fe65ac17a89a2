// The Graphviz functions of `toscac graph` (compiler/graph/), each forwarding to the real one in
// libcgraph.so.6 or libgvc.so.6, opened on the first call (lazy/library.h says why: the two
// bring five more libraries, and only `graph` uses them). When a library cannot be opened,
// agopen and gvContext return null and gvLayout and gvRenderData fail, so callers need no
// special case; the functions that need a graph are then never reached. compiler/graph/
// refers to no Graphviz data (AgMemDisc, Agdirected), which a library opened this way could
// not provide.
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "lazy/library.h"

namespace {

using toscac::lazy::Library;

Library& Cgraph() { return Library::Get("libcgraph.so.6"); }
Library& Gvc() { return Library::Get("libgvc.so.6"); }

// The real function `name` of `library`, looked up once; nullptr when the library is missing.
#define TOSCAC_REAL(library, name)                                   \
  static const auto real = library().Symbol<decltype(&name)>(#name); \
  static_assert(true, "")

// Functions reached only with a graph that the real libcgraph made: forwarded as they are.
#define TOSCAC_FORWARD(result, name, params, args) \
  result name params {                             \
    TOSCAC_REAL(Cgraph, name);                     \
    return real args;                              \
  }

}  // namespace

extern "C" {

Agraph_t* agopen(char* name, Agdesc_t desc, Agdisc_t* disc) {
  TOSCAC_REAL(Cgraph, agopen);
  return real != nullptr ? real(name, desc, disc) : nullptr;
}

agusererrf agseterrf(agusererrf handler) {
  TOSCAC_REAL(Cgraph, agseterrf);
  return real != nullptr ? real(handler) : nullptr;
}

agerrlevel_t agseterr(agerrlevel_t level) {
  TOSCAC_REAL(Cgraph, agseterr);
  return real != nullptr ? real(level) : AGWARN;
}

TOSCAC_FORWARD(int, agclose, (Agraph_t * g), (g))
TOSCAC_FORWARD(int, agwrite, (Agraph_t * g, void* channel), (g, channel))
TOSCAC_FORWARD(char*, agstrdup, (Agraph_t * g, char* text), (g, text))
TOSCAC_FORWARD(Agsym_t*, agattr, (Agraph_t * g, int kind, char* name, char* value),
               (g, kind, name, value))
TOSCAC_FORWARD(int, agsafeset, (void* object, char* name, char* value, char* fallback),
               (object, name, value, fallback))
TOSCAC_FORWARD(Agnode_t*, agnode, (Agraph_t * g, char* name, int create), (g, name, create))
TOSCAC_FORWARD(Agnode_t*, agsubnode, (Agraph_t * g, Agnode_t* n, int create), (g, n, create))
TOSCAC_FORWARD(Agraph_t*, agsubg, (Agraph_t * g, char* name, int create), (g, name, create))
TOSCAC_FORWARD(Agedge_t*, agedge,
               (Agraph_t * g, Agnode_t* tail, Agnode_t* head, char* name, int create),
               (g, tail, head, name, create))

GVC_t* gvContext(void) {
  TOSCAC_REAL(Gvc, gvContext);
  return real != nullptr ? real() : nullptr;
}

int gvLayout(GVC_t* gvc, graph_t* g, const char* engine) {
  TOSCAC_REAL(Gvc, gvLayout);
  return real != nullptr && gvc != nullptr ? real(gvc, g, engine) : -1;
}

int gvFreeLayout(GVC_t* gvc, graph_t* g) {
  TOSCAC_REAL(Gvc, gvFreeLayout);
  return real != nullptr && gvc != nullptr ? real(gvc, g) : -1;
}

int gvRenderData(GVC_t* gvc, graph_t* g, const char* format, char** result, unsigned int* length) {
  TOSCAC_REAL(Gvc, gvRenderData);
  return real != nullptr && gvc != nullptr ? real(gvc, g, format, result, length) : -1;
}

void gvFreeRenderData(char* data) {
  TOSCAC_REAL(Gvc, gvFreeRenderData);
  if (real != nullptr) real(data);
}

}  // extern "C"
