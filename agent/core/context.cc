#include "core/context.h"

#include <ctime>
#include <thread>

#include "core/keys.h"

namespace toscac::agent {

namespace {
std::string Now() {
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(ms.count()));
  return out;
}

std::string Seconds(std::chrono::milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fs", static_cast<double>(d.count()) / 1000.0);
  return buf;
}
}  // namespace

void Log::Transition(const std::string& node, const std::string& step, const std::string& state,
                     std::chrono::milliseconds duration, const std::string& detail) {
  std::string line = Now() + " " + node + " " + step + " " + state + " " + Seconds(duration);
  if (!detail.empty()) line += " " + detail;
  sink_(line);
}

void Log::Note(const std::string& node, const std::string& text) {
  sink_(Now() + " " + node + " " + text);
}

std::string Context::DeploymentPrefixOf(const std::string& deployment) {
  return DeploymentPrefix(deployment);
}

template <typename F>
auto Context::Retry(F f) -> decltype(f()) {
  auto pause = std::chrono::milliseconds(50);
  for (int attempt = 1;; ++attempt) {
    try {
      return f();
    } catch (const store::StoreError& e) {
      if (attempt == 1 || attempt % 20 == 0) {
        log_.Note("-", std::string("store error, retrying: ") + e.what());
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(2000));
    }
  }
}

void Context::Put(const std::string& key, const std::string& value) {
  Buffer({.key = key, .value = value}, /*passing=*/false);
}

void Context::PutPassing(const std::string& key, const std::string& value) {
  Buffer({.key = key, .value = value}, /*passing=*/true);
}

void Context::PutIfAbsent(const std::string& key, const std::string& value) {
  // The snapshot was read from the store when the agent began: a key it holds exists (keys
  // are only created, never removed, while the deployment is up), so no round trip.
  if (snapshot_.Find(key) != nullptr) return;
  Buffer({.key = key, .value = value, .if_absent = true}, /*passing=*/false);
}

void Context::Buffer(store::Write write, bool passing) {
  if (auto found = pending_keys_.find(write.key); found != pending_keys_.end()) {
    Pending& earlier = pending_[found->second];
    // Written already since the last flush, so the key exists by then: a create-if-absent
    // has nothing left to do.
    if (write.if_absent) return;
    if (earlier.passing) {
      earlier.superseded = true;
    } else if (!store_.CommitRepeatsKeys()) {
      // The store gets the earlier value too, and a transaction writes a key once.
      Flush();
    }
  }
  snapshot_.Stage(write.key, write.value);
  pending_keys_[write.key] = pending_.size();
  pending_.push_back({.write = std::move(write), .passing = passing});
}

void Context::Flush() {
  std::vector<store::Write> writes;
  writes.reserve(pending_.size());
  for (Pending& p : pending_) {
    if (!p.superseded) writes.push_back(std::move(p.write));
  }
  pending_.clear();
  pending_keys_.clear();
  for (size_t begin = 0; begin < writes.size();) {
    size_t end = ChunkEnd(writes, begin);
    std::vector<store::Write> chunk(
        std::make_move_iterator(writes.begin() + static_cast<std::ptrdiff_t>(begin)),
        std::make_move_iterator(writes.begin() + static_cast<std::ptrdiff_t>(end)));
    std::vector<int64_t> revisions = Retry([&] { return store_.Commit(chunk); });
    for (size_t i = 0; i < chunk.size(); ++i) Landed(chunk[i], revisions.at(i));
    begin = end;
  }
}

// Bounded in bytes too: etcd refuses a request over 1.5 MiB by default.
size_t Context::ChunkEnd(const std::vector<store::Write>& writes, size_t begin) {
  constexpr size_t kMaxBytes = 512 * 1024;
  size_t end = begin;
  size_t bytes = 0;
  while (end < writes.size() && end - begin < store::Store::kMaxCommitWrites) {
    bytes += writes[end].key.size() + writes[end].value.size();
    if (end > begin && bytes > kMaxBytes) break;
    ++end;
  }
  return end;
}

void Context::Landed(const store::Write& write, int64_t revision) {
  if (revision > 0) {
    snapshot_.Set(write.key, write.value, revision);
    return;
  }
  // Someone created it first: read theirs.
  auto kv = Retry([&] { return store_.Get(write.key); });
  if (kv) {
    snapshot_.Set(kv->key, kv->value, kv->mod_revision);
  } else {
    snapshot_.Erase(write.key);
  }
}

bool Context::CreateOnLease(const std::string& key, const std::string& value) {
  if (lease_ == 0) return false;
  Flush();
  try {
    bool written = store_.CompareAndSwap(key, 0, value, lease_);
    if (auto kv = store_.Get(key)) snapshot_.Set(kv->key, kv->value, kv->mod_revision);
    return written;
  } catch (const store::StoreError&) {
    return false;
  }
}

void Context::Delete(const std::string& key) {
  Flush();
  Retry([&] { return store_.Delete(key); });
  snapshot_.Erase(key);
}

void Context::DeletePrefix(const std::string& prefix) {
  Flush();
  Retry([&] { return store_.DeletePrefix(prefix); });
  snapshot_.ErasePrefix(prefix);
}

std::string Context::Desired() const {
  const std::string* d = snapshot_.Find(DeploymentPrefix(deployment_) + "desired");
  return d && *d == "down" ? "down" : "up";
}

}  // namespace toscac::agent
