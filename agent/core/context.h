// What every node machine of one agent process shares: the store, the snapshot of the
// deployment's keys, the options and the log.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/secrets.h"
#include "core/snapshot.h"
#include "store/store.h"

namespace toscac::agent {

using Clock = std::chrono::steady_clock;

struct AgentOptions {
  std::string deployment_dir;  // holds index.json, manifests/, artifacts/
  std::string log_dir;         // step output: <log_dir>/<node>/<item>.log
  std::chrono::milliseconds heal_interval{10000};
  std::chrono::milliseconds retry_base{1000};
  std::chrono::seconds lease_ttl{10};
  std::string address = "127.0.0.1";  // a Compute node's address when nothing else sets it
  std::string host = "localhost";     // this agent's host name, as published
  // Stop at once when the deployment has no `desired` key when the agent begins: it was
  // removed (by `down`) before this agent came (--require-deployment, which `toscac up` and
  // `down` pass). Off otherwise: an agent run by hand on a fresh store deploys.
  bool require_desired = false;
  // The values of secret inputs (--secrets FILE); every step's output is redacted of them.
  Secrets secrets;
};

// One line per transition: "<time> <node> <step> <state> <duration>"; and free-form notes.
class Log {
 public:
  explicit Log(std::function<void(const std::string&)> sink) : sink_(std::move(sink)) {}
  void Transition(const std::string& node, const std::string& step, const std::string& state,
                  std::chrono::milliseconds duration, const std::string& detail = "");
  void Note(const std::string& node, const std::string& text);

 private:
  std::function<void(const std::string&)> sink_;
};

class Context {
 public:
  Context(store::Store& store, std::string deployment, AgentOptions options, Log& log)
      : store_(store),
        deployment_(std::move(deployment)),
        snapshot_(DeploymentPrefixOf(deployment_)),
        options_(std::move(options)),
        log_(log) {}

  store::Store& store() { return store_; }
  Snapshot& snapshot() { return snapshot_; }
  const AgentOptions& options() const { return options_; }
  const std::string& deployment() const { return deployment_; }
  Log& log() { return log_; }

  // Writes that must land. The snapshot sees the write at once; the store at the next Flush,
  // which sends the writes buffered since the last one together (one round trip for many
  // writes) and retries a store error (with a pause) until it succeeds, so nothing a node
  // reported is dropped. The store gets every value written with Put, in order (where a
  // transaction writes a key once, a key written again flushes first): a dependant misses
  // none.
  void Put(const std::string& key, const std::string& value);
  // A value that only passes by: written again before the next flush, the key reaches the
  // store once, with the later value, in the place of the later write (after everything
  // written before it). For the states a node holds while nothing runs (a step with nothing to
  // run: `created` on the way to `started`); a step's process starts after a flush, so a
  // state something runs under always reaches the store.
  void PutPassing(const std::string& key, const std::string& value);
  // Writes only when the key is absent, buffered like Put. A key the snapshot holds is not
  // written; one that someone else created first is read back at the Flush.
  void PutIfAbsent(const std::string& key, const std::string& value);
  // Sends the buffered writes, in order, in transactions of Store::kMaxCommitWrites at most.
  // Callers flush before anything the store must already show: before a step's process
  // starts, before waiting for the store, before the agent exits. Delete, DeletePrefix and
  // CreateOnLease flush first themselves, to keep the order of the writes.
  void Flush();
  bool pending() const { return !pending_.empty(); }
  // Creates the key on the agent's lease if it is absent (an election); one try, no retry:
  // false when someone else holds it or the store is away.
  bool CreateOnLease(const std::string& key, const std::string& value);
  // The agent's liveness lease (0 before it has one).
  int64_t lease() const { return lease_; }
  void set_lease(int64_t lease) { lease_ = lease; }
  void Delete(const std::string& key);
  void DeletePrefix(const std::string& prefix);

  const std::string* Get(const std::string& key) const { return snapshot_.Find(key); }
  std::string Desired() const;  // "up" unless the deployment's desired key says "down"

 private:
  struct Pending {
    store::Write write;
    bool passing = false;     // PutPassing: a later write of the key replaces it
    bool superseded = false;  // replaced: not sent
  };

  static std::string DeploymentPrefixOf(const std::string& deployment);
  template <typename F>
  auto Retry(F f) -> decltype(f());
  void Buffer(store::Write write, bool passing);
  static size_t ChunkEnd(const std::vector<store::Write>& writes, size_t begin);
  void Landed(const store::Write& write, int64_t revision);

  store::Store& store_;
  std::string deployment_;
  Snapshot snapshot_;
  AgentOptions options_;
  Log& log_;
  int64_t lease_ = 0;
  std::vector<Pending> pending_;  // written since the last Flush, in order
  // Each pending key's latest write, by position in pending_.
  std::unordered_map<std::string, size_t> pending_keys_;
};

}  // namespace toscac::agent
