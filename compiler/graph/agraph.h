#pragma once
// A libcgraph graph owned by C++: closed on destruction, written to a string, and named through
// an ID discipline of our own so that output follows creation order. Internal to graph/.
//
//   Graph g("topology");
//   Agnode_t* n = agnode(g.get(), Chars("web"), 1);
//   Set(n, "label", "web\\nWebServer");
//   std::string dot = g.Write();
#include <graphviz/cgraph.h>

#include <string>

namespace toscac::graph {

class Graph {
 public:
  explicit Graph(const std::string& name);  // a directed, non-strict graph
  ~Graph();
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  Agraph_t* get() const { return g_; }  // nullptr when cgraph could not open it
  std::string Write() const;            // the DOT text; "" on failure

 private:
  Agraph_t* g_ = nullptr;
};

// cgraph takes `char*` where it means `const char*`.
inline char* Chars(const std::string& s) { return const_cast<char*>(s.c_str()); }
inline char* Chars(const char* s) { return const_cast<char*>(s); }

// Sets an attribute of a graph, node or edge, declaring it with an empty default (which
// agwrite leaves out) when it is new.
void Set(void* object, const char* attribute, const std::string& value);

// Routes cgraph's and Graphviz's messages ("Warning: ...", "Error: ...") into a string for as
// long as it lives, instead of standard error. Graphviz keeps one handler per process, so
// these must not overlap between threads.
class CaptureMessages {
 public:
  CaptureMessages();
  ~CaptureMessages();
  CaptureMessages(const CaptureMessages&) = delete;
  CaptureMessages& operator=(const CaptureMessages&) = delete;

  const std::string& text() const { return text_; }

 private:
  static int Append(char* message);
  static CaptureMessages* current_;
  CaptureMessages* previous_;
  agusererrf previous_handler_;
  agerrlevel_t previous_level_;
  std::string text_;
};

}  // namespace toscac::graph
