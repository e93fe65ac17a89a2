#include "core/snapshot.h"

namespace toscac::agent {

void Snapshot::Reset(const store::RangeResult& range) {
  kvs_.clear();
  local_.clear();
  for (const store::KeyValue& kv : range.kvs) kvs_[kv.key] = kv.value;
  revision_ = range.revision;
  loaded_ = true;
  recent_.clear();
  ++batch_;
}

bool Snapshot::Apply(const store::WatchResult& batch) {
  bool changed = false;
  recent_.clear();
  ++batch_;
  for (const store::Event& e : batch.events) {
    auto mine = local_.find(e.kv.key);
    if (mine != local_.end() && e.kv.mod_revision <= mine->second) {
      if (e.kv.mod_revision == mine->second) local_.erase(mine);
      continue;  // already applied when this process wrote it, or older than that
    }
    recent_.emplace_back(e.kv.key, e.type == store::Event::Type::kDelete ? "" : e.kv.value);
    if (e.type == store::Event::Type::kDelete) {
      changed |= kvs_.erase(e.kv.key) > 0;
    } else {
      auto [it, inserted] = kvs_.try_emplace(e.kv.key, e.kv.value);
      if (!inserted && it->second != e.kv.value) {
        it->second = e.kv.value;
        inserted = true;
      }
      changed |= inserted;
    }
  }
  if (batch.next_revision > 0) revision_ = std::max(revision_, batch.next_revision - 1);
  return changed;
}

bool Snapshot::Sync(store::Store& store, std::chrono::milliseconds timeout) {
  if (!loaded_) {
    Reset(store.Range(prefix_));
    return true;
  }
  store::WatchResult batch = store.Watch(prefix_, revision_ + 1, timeout);
  if (batch.compacted) {
    ++relists_;
    Reset(store.Range(prefix_));
    return true;
  }
  return Apply(batch);
}

void Snapshot::ErasePrefix(const std::string& prefix) {
  auto it = kvs_.lower_bound(prefix);
  while (it != kvs_.end() && it->first.compare(0, prefix.size(), prefix) == 0) it = kvs_.erase(it);
}

const std::string* Snapshot::Find(const std::string& key) const {
  auto it = kvs_.find(key);
  return it == kvs_.end() ? nullptr : &it->second;
}

}  // namespace toscac::agent
