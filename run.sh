#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds toscac, and validates the given TOSCA file(s).
# Usage: ./run.sh samples/webshop/webshop.yaml
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOSCAC_BUILD_TESTS=OFF >/dev/null
cmake --build build --target toscac >/dev/null
(( $# > 0 )) || set -- samples/webshop/webshop.yaml
build/compiler/toscac validate "$@" && echo "valid: $*"
