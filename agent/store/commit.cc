#include "store/commit.h"

#include <set>
#include <string>

namespace toscac::agent::store {

void CheckCommit(const std::vector<Write>& writes, bool repeats) {
  if (writes.size() > Store::kMaxCommitWrites) {
    throw StoreError("a commit of " + std::to_string(writes.size()) + " writes (at most " +
                     std::to_string(Store::kMaxCommitWrites) + ")");
  }
  if (repeats) return;
  // etcd refuses a transaction that writes a key twice.
  std::set<std::string> keys;
  for (const Write& w : writes) {
    if (!keys.insert(w.key).second) throw StoreError("a commit writes '" + w.key + "' twice");
  }
}

}  // namespace toscac::agent::store
