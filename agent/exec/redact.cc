#include "exec/redact.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace toscac::agent::exec {

Redactor::Redactor(std::vector<std::string> secrets) {
  for (std::string& s : secrets) {
    if (!s.empty()) secrets_.push_back(std::move(s));
  }
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  if (!secrets_.empty()) hold_ = secrets_.front().size() - 1;
}

std::string Redactor::Apply(std::string_view text) const {
  std::string out(text);
  for (const std::string& s : secrets_) {
    std::size_t at = 0;
    while ((at = out.find(s, at)) != std::string::npos) {
      out.replace(at, s.size(), kRedacted);
      at += kRedacted.size();
    }
  }
  return out;
}

std::string Redactor::Feed(std::string_view chunk) {
  pending_.append(chunk);
  pending_ = Apply(pending_);
  // Keep back only a tail that is the start of some secret.
  std::size_t keep = 0;
  for (const std::string& s : secrets_) {
    for (std::size_t n = std::min(s.size() - 1, pending_.size()); n > keep; --n) {
      if (pending_.compare(pending_.size() - n, n, s, 0, n) == 0) {
        keep = n;
        break;
      }
    }
  }
  std::string out = pending_.substr(0, pending_.size() - keep);
  pending_.erase(0, pending_.size() - keep);
  return out;
}

std::string Redactor::Flush() {
  std::string out = Apply(pending_);
  pending_.clear();
  return out;
}

struct RedactingCopy::State {
  std::mutex mutex;
  std::condition_variable changed;
  bool done = false;
};

namespace {

void WriteAll(int fd, const std::string& text) {
  std::size_t at = 0;
  while (at < text.size()) {
    ssize_t n = write(fd, text.data() + at, text.size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the log is gone or full: the step must not block on it
    at += static_cast<std::size_t>(n);
  }
}

void Copy(int in, int out, Redactor redactor, std::shared_ptr<RedactingCopy::State> state) {
  char buf[16384];
  for (;;) {
    ssize_t n = read(in, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    WriteAll(out, redactor.Feed(std::string_view(buf, static_cast<std::size_t>(n))));
  }
  WriteAll(out, redactor.Flush());
  close(in);
  close(out);
  std::lock_guard<std::mutex> lock(state->mutex);
  state->done = true;
  state->changed.notify_all();
}

}  // namespace

std::shared_ptr<RedactingCopy> RedactingCopy::Start(int in, int out,
                                                    std::vector<std::string> secrets) {
  auto copy = std::make_shared<RedactingCopy>();
  copy->state_ = std::make_shared<State>();
  std::thread(Copy, in, out, Redactor(std::move(secrets)), copy->state_).detach();
  return copy;
}

bool RedactingCopy::WaitDone(int ms) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  return state_->changed.wait_for(lock, std::chrono::milliseconds(ms),
                                  [&] { return state_->done; });
}

}  // namespace toscac::agent::exec
