#include "yaml/event_dump.h"

namespace toscac::yaml {
namespace {

std::string Where(const Mark& m) {
  return std::to_string(m.offset) + "@" + std::to_string(m.line) + ":" + std::to_string(m.column);
}

std::string Tag(const char* tag) { return tag != nullptr ? tag : "-"; }

}  // namespace

void EventDump::OnDocumentStart(const Mark& at) { out_ += "doc " + Where(at) + "\n"; }

void EventDump::OnScalar(const ScalarEvent& e) {
  out_ += "scalar " + Where(e.start) + " '" + std::string(e.value) +
          "' plain=" + std::to_string(e.plain) + " quoted=" + std::to_string(e.quoted) +
          " tag=" + Tag(e.tag) + " anchor=" + std::string(e.anchor) +
          (e.one_line ? " end=" + Where(e.end) : " multiline") + "\n";
}

void EventDump::OnAlias(std::string_view name, const Mark& at) {
  out_ += "alias " + Where(at) + " " + std::string(name) + "\n";
}

void EventDump::OnOpen(Kind kind, const Mark& at, const char* tag, std::string_view anchor) {
  out_ += std::string(kind == Kind::kMap ? "map " : "seq ") + Where(at) + " tag=" + Tag(tag) +
          " anchor=" + std::string(anchor) + "\n";
}

void EventDump::OnClose() { out_ += "close\n"; }

}  // namespace toscac::yaml
