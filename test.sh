#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds toscac, and runs every test: the unit and golden
# tests, then the same under AddressSanitizer + UndefinedBehaviorSanitizer, then the shared checks.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
jobs=$(nproc)
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTOSCAC_WERROR=ON >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
# The .deb: built with CPack, installed with apt-get, run, removed again.
scripts/test-package.sh build
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTOSCAC_WERROR=ON -DTOSCAC_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
# libFuzzer (clang, ASan + UBSan): each target for a bounded time from the seed corpora.
FUZZ_BUILD_JOBS="$jobs" scripts/fuzz.sh 60
if [[ -d ../shared/checks ]]; then
  TOSCAC=build/compiler/toscac ../shared/checks/validate-corpus
  TOSCAC=build/compiler/toscac ../shared/checks/hostile-inputs
fi
