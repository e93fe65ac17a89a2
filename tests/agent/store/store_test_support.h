// Test seams shared by the store tests: a temporary directory and a clock moved by hand.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "store/lease.h"

namespace toscac::agent::store::testing {

// A fresh directory under gtest's temporary directory, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = ::testing::TempDir() + "toscac_store_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) ADD_FAILURE() << "mkdtemp " << pattern << " failed";
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// Lease time that passes only when a test says so. Copies share the time.
class FakeClock {
 public:
  NowMs Function() const {
    return [ms = ms_] { return ms->load(); };
  }
  void Advance(std::chrono::milliseconds by) { *ms_ += by.count(); }

 private:
  std::shared_ptr<std::atomic<int64_t>> ms_ = std::make_shared<std::atomic<int64_t>>(1'000'000);
};

}  // namespace toscac::agent::store::testing
