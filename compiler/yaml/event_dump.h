#pragma once
// Writes a reader's events as text, one line each, with every field the tree builder reads:
// how the tests and the fastyaml fuzz target compare the fast scanner with libyaml.
//
//   EventDump fast, slow;
//   if (FastScan(text, fast) && LibyamlScan(text, slow)) assert(fast.text() == slow.text());
#include <string>

#include "yaml/events.h"

namespace toscac::yaml {

class EventDump final : public EventSink {
 public:
  const std::string& text() const { return out_; }

  void OnDocumentStart(const Mark& at) override;
  void OnScalar(const ScalarEvent& e) override;
  void OnAlias(std::string_view name, const Mark& at) override;
  void OnOpen(Kind kind, const Mark& at, const char* tag, std::string_view anchor) override;
  void OnClose() override;

 private:
  std::string out_;
};

}  // namespace toscac::yaml
