#include "store/wal_waiter.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <thread>

namespace toscac::agent::store {

WalWaiter::WalWaiter(const std::string& wal_path) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) return;
  if (inotify_add_watch(fd_, wal_path.c_str(), IN_MODIFY) < 0) {
    close(fd_);
    fd_ = -1;
  }
}

WalWaiter::~WalWaiter() {
  if (fd_ >= 0) close(fd_);
}

void WalWaiter::Wait(std::chrono::steady_clock::duration timeout) {
  if (fd_ < 0) {
    std::this_thread::sleep_for(timeout);
    return;
  }
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(timeout).count();
  pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
  if (poll(&p, 1, static_cast<int>(ms)) <= 0) return;
  // Drain: the events say only "written", which the caller reads from the file itself.
  char buf[4096];
  while (read(fd_, buf, sizeof buf) > 0) {
  }
}

}  // namespace toscac::agent::store
