// Redaction of secrets from a step's output, before it reaches the log file (and from there
// the failure record in the store).
//
//   Redactor r({"s3cret"});
//   std::string a = r.Feed("password=s3");   // "password=" : "s3" is held back, it may go on
//   std::string b = r.Feed("cret\n");        // "********\n"
//   std::string c = r.Flush();               // what was held back, redacted
//
// A secret split across two reads is still found: Feed keeps back the longest tail that could
// be the start of a secret. Secrets are replaced longest first.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace toscac::agent::exec {

inline constexpr std::string_view kRedacted = "********";

class Redactor {
 public:
  explicit Redactor(std::vector<std::string> secrets);
  std::string Feed(std::string_view chunk);
  std::string Flush();
  // Redacts a whole text at once.
  std::string Apply(std::string_view text) const;

 private:
  std::vector<std::string> secrets_;  // non-empty, longest first
  std::size_t hold_ = 0;              // longest secret - 1
  std::string pending_;
};

// Copies everything read from `in` to `out` through a Redactor, on a thread of its own, until
// `in` reaches end of file; both descriptors are owned and closed by it.
class RedactingCopy {
 public:
  static std::shared_ptr<RedactingCopy> Start(int in, int out, std::vector<std::string> secrets);
  // Waits until the copy has reached end of file, for at most `ms` milliseconds: a daemon the
  // step started may keep the pipe open, and its later output is still copied.
  bool WaitDone(int ms);

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace toscac::agent::exec
