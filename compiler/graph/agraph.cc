#include "graph/agraph.h"

#include <map>
#include <new>
#include <vector>

namespace toscac::graph {
namespace {

// cgraph's default ID discipline uses the address of the interned name as the ID of a named
// object, and keeps subgraphs ordered by ID: agwrite would list clusters in heap-address
// order. Ours numbers objects in the order they are made, named ones (even IDs) and anonymous
// ones (odd, as in cgraph's own) alike, so the text depends on creation order only. Names are still
// interned in the graph's string dictionary: agwrite looks at the header cgraph puts before
// each interned string (to tell HTML-like labels), so a name must be one of its strings.
struct IdState {
  Agraph_t* root;
  std::map<std::string, IDTYPE, std::less<>> ids;
  std::vector<char*> names;  // by ID / 2 - 1 (null for anonymous); freed with the dictionary
};

void* IdOpen(Agraph_t* g, Agdisc_t*) { return new (std::nothrow) IdState{g, {}, {}}; }

long IdMap(void* state, int, char* name, IDTYPE* id, int create) {
  auto* s = static_cast<IdState*>(state);
  if (s == nullptr) return 0;
  if (name != nullptr) {
    if (auto it = s->ids.find(std::string_view(name)); it != s->ids.end()) {
      *id = it->second;
      return 1;
    }
    if (!create) return 0;
  }
  try {
    s->names.reserve(s->names.size() + 1);
    IDTYPE slot = s->names.size() + 1;  // a name gets ID 2 * slot, an anonymous object 2 * slot + 1
    if (name == nullptr) {
      s->names.push_back(nullptr);
      *id = 2 * slot + 1;
      return 1;
    }
    s->ids.emplace(name, 2 * slot);
    s->names.push_back(agstrdup(s->root, name));
    *id = 2 * slot;
    return 1;
  } catch (...) {
    return 0;
  }
}

long IdAlloc(void*, int, IDTYPE) { return 0; }  // no caller asks for a particular ID
void IdFree(void*, int, IDTYPE) {}              // nothing is deleted before agclose

char* IdPrint(void* state, int, IDTYPE id) {
  auto* s = static_cast<IdState*>(state);
  if (s == nullptr || id % 2 != 0 || id == 0 || id / 2 > s->names.size()) return nullptr;
  return s->names[id / 2 - 1];
}

void IdClose(void* state) { delete static_cast<IdState*>(state); }
void IdRegister(void*, int, void*) {}

Agiddisc_t kIdDisc = {IdOpen, IdMap, IdAlloc, IdFree, IdPrint, IdClose, IdRegister};

// agwrite's channel is a std::string.
int PutString(void* channel, const char* text) {
  try {
    static_cast<std::string*>(channel)->append(text);
    return 0;
  } catch (...) {
    return EOF;
  }
}

int Flush(void*) { return 0; }

Agiodisc_t kIoDisc = {nullptr, PutString, Flush};  // no afread: these graphs are never read
// No memory discipline: agopen then uses cgraph's own (AgMemDisc). Naming libcgraph's data
// here (AgMemDisc, Agdirected) would tie the executable to it at start-up, and libcgraph is
// opened on first use (lazy/graphviz.cc).
Agdisc_t kDisc = {nullptr, &kIdDisc, &kIoDisc};

// libcgraph's Agdirected: directed, not strict, loops allowed, a main graph.
Agdesc_t Directed() {
  Agdesc_t desc{};
  desc.directed = 1;
  desc.maingraph = 1;
  return desc;
}

}  // namespace

Graph::Graph(const std::string& name) : g_(agopen(Chars(name), Directed(), &kDisc)) {}

Graph::~Graph() {
  if (g_ != nullptr) agclose(g_);
}

std::string Graph::Write() const {
  std::string text;
  if (g_ == nullptr || agwrite(g_, &text) == EOF) return "";
  return text;
}

void Set(void* object, const char* attribute, const std::string& value) {
  agsafeset(object, Chars(attribute), Chars(value), Chars(""));
}

CaptureMessages* CaptureMessages::current_ = nullptr;

CaptureMessages::CaptureMessages()
    : previous_(current_),
      previous_handler_(agseterrf(&CaptureMessages::Append)),
      previous_level_(agseterr(AGWARN)) {
  current_ = this;
}

CaptureMessages::~CaptureMessages() {
  current_ = previous_;
  agseterrf(previous_handler_);
  agseterr(previous_level_);
}

int CaptureMessages::Append(char* message) {
  if (current_ == nullptr || message == nullptr) return 0;
  try {
    current_->text_ += message;
  } catch (...) {
  }
  return 0;
}

}  // namespace toscac::graph
