#include "store/lease.h"

#include <algorithm>
#include <string>

namespace toscac::agent::store {

namespace {

template <typename Clock>
int64_t MillisecondsOf() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch())
      .count();
}

}  // namespace

int64_t WallClockMs() { return MillisecondsOf<std::chrono::system_clock>(); }

int64_t SteadyClockMs() { return MillisecondsOf<std::chrono::steady_clock>(); }

int64_t LeaseTtlMs(std::chrono::seconds ttl) {
  return std::chrono::milliseconds(std::max(ttl, std::chrono::seconds(1))).count();
}

StoreError LeaseNotFound(int64_t lease) {
  return StoreError("lease " + std::to_string(lease) + " not found: expired or revoked");
}

}  // namespace toscac::agent::store
