#include "store/etcd_store.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "store/commit.h"
#include "store/etcd_http.h"

namespace toscac::agent::store {

namespace {
using nlohmann::json;
using std::chrono::milliseconds;

// The first key after every key that starts with prefix: etcd's range_end.
std::string RangeEnd(const std::string& prefix) {
  std::string end = prefix;
  while (!end.empty()) {
    unsigned char last = static_cast<unsigned char>(end.back());
    if (last < 0xff) {
      end.back() = static_cast<char>(last + 1);
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // every key
}

std::string Query(const std::string& url, const std::string& name) {
  size_t q = url.find('?');
  if (q == std::string::npos) return "";
  std::string query = url.substr(q + 1);
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string pair = query.substr(start, end - start);
    if (pair.compare(0, name.size() + 1, name + "=") == 0) return pair.substr(name.size() + 1);
    start = end + 1;
  }
  return "";
}

// A watch stream read by a thread of its own into a queue.
class Watcher {
 public:
  Watcher(EtcdHttp& http, std::string prefix, std::string wire_prefix, int64_t from)
      : http_(http),
        prefix_(std::move(prefix)),
        wire_prefix_(std::move(wire_prefix)),
        next_(from),
        handed_out_(from) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~Watcher() {
    stop_ = true;
    cv_.notify_all();
    thread_.join();
  }
  const std::string& prefix() const { return prefix_; }
  int64_t handed_out() const { return handed_out_; }

  WatchResult Take(milliseconds timeout, size_t strip) {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait_for(lock, timeout, [&] { return !events_.empty() || compacted_; });
    WatchResult result;
    result.compacted = compacted_;
    while (!events_.empty()) {
      Event e = std::move(events_.front());
      events_.pop_front();
      e.kv.key.erase(0, strip);
      handed_out_ = e.kv.mod_revision + 1;
      result.events.push_back(std::move(e));
    }
    result.next_revision = handed_out_;
    if (!error_.empty() && result.events.empty() && !result.compacted) {
      std::string error = error_;
      error_.clear();
      throw StoreError(error);
    }
    return result;
  }

 private:
  void Loop() {
    auto pause = milliseconds(100);
    while (!stop_) {
      json create = {{"create_request",
                      {{"key", Base64Encode(wire_prefix_)},
                       {"range_end", Base64Encode(RangeEnd(wire_prefix_))},
                       {"start_revision", std::to_string(next_)}}}};
      try {
        http_.Stream(
            "/v3/watch", create, [this](const json& doc) { return OnMessage(doc); }, stop_);
        pause = milliseconds(100);
      } catch (const StoreError& e) {
        std::lock_guard<std::mutex> lock(mutex_);
        error_ = e.what();
        cv_.notify_all();
      }
      if (compacted_ || stop_) return;
      // The stream ended (a member went away): resume from the next revision elsewhere.
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait_for(lock, pause, [&] { return stop_.load(); });
      pause = std::min(pause * 2, milliseconds(2000));
    }
  }

  bool OnMessage(const json& doc) {
    const json& result = doc.contains("result") ? doc["result"] : doc;
    std::lock_guard<std::mutex> lock(mutex_);
    if (result.contains("header")) {
      header_revision_ = std::max(header_revision_, Int64(result["header"], "revision"));
    }
    if (Int64(result, "compact_revision") > 0 || result.value("canceled", false)) {
      compacted_ = true;
      cv_.notify_all();
      return false;
    }
    if (!result.contains("events")) return true;
    for (const json& e : result["events"]) {
      Event event;
      event.type = e.value("type", "PUT") == "DELETE" ? Event::Type::kDelete : Event::Type::kPut;
      const json& kv = e["kv"];
      event.kv.key = Base64Decode(kv.value("key", ""));
      event.kv.value = Base64Decode(kv.value("value", ""));
      event.kv.create_revision = Int64(kv, "create_revision");
      event.kv.mod_revision = Int64(kv, "mod_revision");
      event.kv.lease = Int64(kv, "lease");
      next_ = event.kv.mod_revision + 1;
      events_.push_back(std::move(event));
    }
    cv_.notify_all();
    return !stop_;
  }

  EtcdHttp& http_;
  std::string prefix_, wire_prefix_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Event> events_;
  int64_t next_;        // the stream's next revision
  int64_t handed_out_;  // what the caller will ask for next
  int64_t header_revision_ = 0;
  bool compacted_ = false;
  std::string error_;
  std::thread thread_;
};

class EtcdStore : public Store {
 public:
  explicit EtcdStore(EtcdConfig config) : http_(std::move(config)) {
    http_.Post("/v3/kv/range", {{"key", Base64Encode(Wire("/"))}, {"count_only", true}});
  }

  std::optional<KeyValue> Get(const std::string& key) override {
    json reply = http_.Post("/v3/kv/range", {{"key", Base64Encode(Wire(key))}});
    if (!reply.contains("kvs") || reply["kvs"].empty()) return std::nullopt;
    return Read(reply["kvs"][0]);
  }

  int64_t Put(const std::string& key, const std::string& value, int64_t lease) override {
    json body = {{"key", Base64Encode(Wire(key))}, {"value", Base64Encode(value)}};
    if (lease != 0) body["lease"] = std::to_string(lease);
    return Int64(http_.Post("/v3/kv/put", body)["header"], "revision");
  }

  bool CompareAndSwap(const std::string& key, int64_t expected, const std::string& value,
                      int64_t lease) override {
    std::string wire = Base64Encode(Wire(key));
    json compare =
        expected == 0
            ? json{{"key", wire}, {"target", "VERSION"}, {"version", "0"}, {"result", "EQUAL"}}
            : json{{"key", wire},
                   {"target", "MOD"},
                   {"mod_revision", std::to_string(expected)},
                   {"result", "EQUAL"}};
    json put = {{"key", wire}, {"value", Base64Encode(value)}};
    if (lease != 0) put["lease"] = std::to_string(lease);
    json body = {{"compare", json::array({compare})},
                 {"success", json::array({{{"request_put", put}}})}};
    return http_.Post("/v3/kv/txn", body).value("succeeded", false);
  }

  int64_t Create(const std::string& key, const std::string& value, int64_t lease) override {
    std::string wire = Base64Encode(Wire(key));
    json put = {{"key", wire}, {"value", Base64Encode(value)}};
    if (lease != 0) put["lease"] = std::to_string(lease);
    json body = {
        {"compare",
         json::array(
             {{{"key", wire}, {"target", "VERSION"}, {"version", "0"}, {"result", "EQUAL"}}})},
        {"success", json::array({{{"request_put", put}}})}};
    json reply = http_.Post("/v3/kv/txn", body);
    return reply.value("succeeded", false) ? Int64(reply["header"], "revision") : 0;
  }

  // One txn. An if_absent write is a txn of its own nested in it (etcd 3.3 and later), so
  // that a key that exists skips that write only.
  std::vector<int64_t> Commit(const std::vector<Write>& writes) override {
    CheckCommit(writes, /*repeats=*/false);
    if (writes.empty()) return {};
    json ops = json::array();
    for (const Write& w : writes) ops.push_back(CommitOp(w));
    json reply = http_.Post("/v3/kv/txn", {{"success", ops}});
    int64_t revision = Int64(reply["header"], "revision");
    const json& responses = reply.contains("responses") ? reply["responses"] : json::array();
    std::vector<int64_t> revisions;
    for (size_t i = 0; i < writes.size(); ++i) {
      bool written = !writes[i].if_absent;
      if (!written && i < responses.size() && responses[i].contains("response_txn")) {
        written = responses[i]["response_txn"].value("succeeded", false);
      }
      revisions.push_back(written ? revision : 0);
    }
    return revisions;
  }

  bool CommitRepeatsKeys() const override { return false; }

  bool Delete(const std::string& key) override {
    return Int64(http_.Post("/v3/kv/deleterange", {{"key", Base64Encode(Wire(key))}}), "deleted") >
           0;
  }

  int64_t DeletePrefix(const std::string& prefix) override {
    std::string wire = Wire(prefix);
    return Int64(http_.Post("/v3/kv/deleterange", {{"key", Base64Encode(wire)},
                                                   {"range_end", Base64Encode(RangeEnd(wire))}}),
                 "deleted");
  }

  RangeResult Range(const std::string& prefix) override {
    std::string wire = Wire(prefix);
    json reply = http_.Post(
        "/v3/kv/range", {{"key", Base64Encode(wire)}, {"range_end", Base64Encode(RangeEnd(wire))}});
    RangeResult result;
    result.revision = Int64(reply["header"], "revision");
    if (reply.contains("kvs")) {
      for (const json& kv : reply["kvs"]) result.kvs.push_back(Read(kv));
    }
    return result;
  }

  WatchResult Watch(const std::string& prefix, int64_t from, milliseconds timeout) override {
    std::lock_guard<std::mutex> lock(watch_mutex_);
    if (!watcher_ || watcher_->prefix() != prefix || watcher_->handed_out() != from) {
      watcher_.reset();
      watcher_ = std::make_unique<Watcher>(http_, prefix, Wire(prefix), from);
    }
    WatchResult result = watcher_->Take(timeout, http_.config().prefix.size());
    if (result.compacted) watcher_.reset();
    if (result.next_revision < from) result.next_revision = from;
    return result;
  }

  int64_t GrantLease(std::chrono::seconds ttl) override {
    json reply = http_.Post("/v3/lease/grant", {{"TTL", std::to_string(ttl.count())}});
    int64_t id = Int64(reply, "ID");
    if (id == 0) throw StoreError("etcd: lease grant returned no ID");
    return id;
  }

  bool KeepAlive(int64_t lease) override {
    json reply = http_.Post("/v3/lease/keepalive", {{"ID", std::to_string(lease)}});
    const json& result = reply.contains("result") ? reply["result"] : reply;
    return Int64(result, "TTL") > 0;
  }

  void RevokeLease(int64_t lease) override {
    try {
      http_.Post("/v3/lease/revoke", {{"ID", std::to_string(lease)}});
    } catch (const StoreError& e) {
      // Already expired: nothing left to revoke.
      if (std::string(e.what()).find("not found") == std::string::npos) throw;
    }
  }

 private:
  std::string Wire(const std::string& key) const { return http_.config().prefix + key; }

  json CommitOp(const Write& w) const {
    std::string wire = Base64Encode(Wire(w.key));
    json put = {{"key", wire}, {"value", Base64Encode(w.value)}};
    if (w.lease != 0) put["lease"] = std::to_string(w.lease);
    json op = {{"request_put", put}};
    if (!w.if_absent) return op;
    json absent = {{"key", wire}, {"target", "VERSION"}, {"version", "0"}, {"result", "EQUAL"}};
    return {{"request_txn", {{"compare", json::array({absent})}, {"success", json::array({op})}}}};
  }

  KeyValue Read(const json& kv) const {
    KeyValue out;
    out.key = Base64Decode(kv.value("key", "")).substr(http_.config().prefix.size());
    out.value = Base64Decode(kv.value("value", ""));
    out.create_revision = Int64(kv, "create_revision");
    out.mod_revision = Int64(kv, "mod_revision");
    out.lease = Int64(kv, "lease");
    return out;
  }

  EtcdHttp http_;
  std::mutex watch_mutex_;
  std::unique_ptr<Watcher> watcher_;
};
}  // namespace

EtcdConfig ParseEtcdUrl(const std::string& url) {
  bool tls = url.rfind("etcds://", 0) == 0;
  if (!tls && url.rfind("etcd://", 0) != 0) throw StoreError("not an etcd URL: '" + url + "'");
  std::string rest = url.substr(tls ? 8 : 7);
  std::string hosts = rest.substr(0, rest.find_first_of("/?"));
  EtcdConfig config;
  size_t at = hosts.rfind('@');
  if (at != std::string::npos) {
    std::string credentials = hosts.substr(0, at);
    hosts = hosts.substr(at + 1);
    size_t colon = credentials.find(':');
    config.user = credentials.substr(0, colon);
    if (colon != std::string::npos) config.password = credentials.substr(colon + 1);
  }
  size_t start = 0;
  while (start < hosts.size()) {
    size_t end = hosts.find(',', start);
    if (end == std::string::npos) end = hosts.size();
    std::string host = hosts.substr(start, end - start);
    if (!host.empty()) config.endpoints.push_back((tls ? "https://" : "http://") + host);
    start = end + 1;
  }
  if (config.endpoints.empty()) throw StoreError("no etcd endpoint in '" + url + "'");
  config.prefix = Query(url, "prefix");
  config.ca_file = Query(url, "cacert");
  config.cert_file = Query(url, "cert");
  config.key_file = Query(url, "key");
  if (std::string user = Query(url, "user"); !user.empty()) config.user = user;
  if (std::string pw = Query(url, "password"); !pw.empty()) config.password = pw;
  return config;
}

std::unique_ptr<Store> OpenEtcdStore(const EtcdConfig& config) {
  return std::make_unique<EtcdStore>(config);
}

}  // namespace toscac::agent::store
