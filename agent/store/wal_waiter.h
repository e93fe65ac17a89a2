// Waits for a write to a SQLite file by any process: every transaction appends to the file's
// write-ahead log, so an inotify watch on `<file>-wal` wakes a waiting Watch at once instead of
// at its next poll. Where inotify cannot watch the log (no such file, no inotify), Wait just
// sleeps: the caller's polling still finds every write, only later.
//
//   WalWaiter waiter(path + "-wal");   // before reading: a write after that wakes Wait
//   while (nothing new) waiter.Wait(std::chrono::milliseconds(10));
#pragma once

#include <chrono>
#include <string>

namespace toscac::agent::store {

class WalWaiter {
 public:
  explicit WalWaiter(const std::string& wal_path);
  ~WalWaiter();
  WalWaiter(const WalWaiter&) = delete;
  WalWaiter& operator=(const WalWaiter&) = delete;

  // Returns after a write to the log since the last Wait (or since construction), or after
  // `timeout`.
  void Wait(std::chrono::steady_clock::duration timeout);

 private:
  int fd_ = -1;
};

}  // namespace toscac::agent::store
