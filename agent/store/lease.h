// What both stores share about leases: the clock they expire by and the TTL rules.
//
// Lease times are plain milliseconds from a clock the store is given, so a test can make
// time pass without sleeping:
//
//   auto now = std::make_shared<std::atomic<int64_t>>(0);
//   MemoryStore store({.now_ms = [now] { return now->load(); }});
//   int64_t lease = store.GrantLease(std::chrono::seconds(10));
//   *now += 11000;  // the next call to the store sees the lease expired
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include "store/store.h"

namespace toscac::agent::store {

// Milliseconds since some epoch; a lease expires once this reaches its expiry time.
using NowMs = std::function<int64_t()>;

// CLOCK_REALTIME: the only clock that all processes sharing one SQLite file agree on.
int64_t WallClockMs();
// Monotonic: immune to clock steps, good enough where a lease never leaves the process.
int64_t SteadyClockMs();

// The TTL in milliseconds. TTLs under a second are raised to one second: a shorter lease
// would expire between any two keep-alives a real agent sends.
int64_t LeaseTtlMs(std::chrono::seconds ttl);

// The error of a put with a lease that has expired or was never granted.
StoreError LeaseNotFound(int64_t lease);

}  // namespace toscac::agent::store
