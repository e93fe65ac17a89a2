// What every store checks of a Commit before it writes anything (store.h): the same rules on
// every backend, so a caller that passes the memory store's tests passes etcd's.
#pragma once

#include <vector>

#include "store/store.h"

namespace toscac::agent::store {

// Throws StoreError when the writes are too many, or name a key twice and `repeats` is false.
void CheckCommit(const std::vector<Write>& writes, bool repeats);

}  // namespace toscac::agent::store
