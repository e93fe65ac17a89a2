#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds toscac and toscac-agent, then deploys a TOSCA file
# on this machine: validate, `toscac up` (one agent per node), `toscac status`, `toscac down`.
# Usage: ./run.sh [samples/webshop/webshop.yaml] [toscac up options, e.g. -i name=value]
# KEEP=1 leaves the deployment running (stop it with the `toscac down` command printed).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-deps.sh
# Reuses a build directory ./test.sh made; otherwise makes one.
[[ -f build/CMakeCache.txt ]] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target toscac toscac-agent >/dev/null
file=${1:-samples/webshop/webshop.yaml}
shift || true
toscac=$PWD/build/compiler/toscac
"$toscac" validate "$file" && echo "valid: $file"
state=$(mktemp -d /tmp/toscac-run.XXXXXX)
echo "+ toscac up $file --store $state/toscac.db $*"
"$toscac" up "$file" --store "$state/toscac.db" "$@"
echo "+ toscac status"
"$toscac" status --store "$state/toscac.db"
if [[ "${KEEP:-}" == 1 ]]; then
  echo "running; tear it down with: $toscac down --store $state/toscac.db"
  exit 0
fi
echo "+ toscac down"
"$toscac" down --store "$state/toscac.db"
