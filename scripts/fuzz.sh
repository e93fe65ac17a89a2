#!/usr/bin/env bash
# Fuzzes the compiler and the agent's manifest reader (docs/security.md, "Fuzzing"): builds
# build-fuzz with clang (libFuzzer, AddressSanitizer, UndefinedBehaviorSanitizer), builds the seed
# corpora, then runs each target for SECONDS (default 60), one process each.
#
#   scripts/fuzz.sh                               # 60 s per target
#   scripts/fuzz.sh 20                            # what CI runs (test.sh)
#   FUZZ_TARGETS="validate" scripts/fuzz.sh 600   # one target, longer
#
# Exits 1 when any target crashed, leaked, timed out (-timeout), ran out of memory or had a
# sanitizer report. What failed is left in build-fuzz/fuzz-artifacts/<target>/ (crash-*,
# leak-*, timeout-*, oom-*) next to the target's log; replay one with
#   build-fuzz/fuzz/fuzz_<target> build-fuzz/fuzz-artifacts/<target>/crash-...
# Once fixed, copy it to fuzz/regressions/<target>/ (replayed by ctest in every build).
# The inputs the fuzzers find are kept in build-fuzz/fuzz-corpus/<target>/ for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
read -r -a targets <<<"${FUZZ_TARGETS:-yaml fastyaml validate inputs manifest index}"
build="build-fuzz"
shared=../shared/corpus

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTOSCAC_FUZZ=ON >/dev/null
cmake --build "$build" -j "${FUZZ_BUILD_JOBS:-2}" --target "${targets[@]/#/fuzz_}"

# Seeds: copies named after their paths, rebuilt on every run so they follow the sources.
seeds=$build/fuzz-seeds
rm -rf "$seeds"
mkdir -p "$seeds"/{yaml,fastyaml,validate,inputs,manifest,index}
seed() {  # seed DIR FILE...
  local dir=$1 f
  shift
  for f in "$@"; do
    [[ -f $f ]] && cp "$f" "$dir/$(tr '/' '_' <<<"${f#../}")"
  done
  return 0
}
templates=(samples/*/*.yaml tests/golden/cases/*/*.yaml tests/golden/cases/*/*/*.yaml)
[[ -d $shared ]] && mapfile -t -O "${#templates[@]}" templates < <(find "$shared" -name '*.yaml')
seed "$seeds/yaml" "${templates[@]}"
seed "$seeds/fastyaml" "${templates[@]}"
seed "$seeds/validate" "${templates[@]}"
seed "$seeds/inputs" tests/golden/cases/*/values.yaml  # the --inputs files of the golden cases
printf 'name: web\nport: 8080\nratio: 0.5\ndebug: true\nmode: safe\n' >"$seeds/inputs/scalars"
printf 'name: a\ntags: [x, y]\nenv: {A: 1, B: 2}\nlimits: {cpu: 2, memory: 4 GiB}\n' \
  >"$seeds/inputs/collections"
printf 'name: a\nsince: 2024-01-02T03:04:05Z\nrelease: 1.2.3.beta-4\nspan: [1, UNBOUNDED]\n' \
  >"$seeds/inputs/special"
printf 'name: a\ndisk: 20 GB\ntimeout: 5 m\nclock: 2.5 GHz\nrate: 10 Mbps\ncode: abc\n' \
  >"$seeds/inputs/units"
printf -- '-i name=b\n-i port="80"\n-i tags=[1, 2]\nname: a\n' >"$seeds/inputs/pairs"
seed "$seeds/manifest" samples/*/golden/manifests/*.json
seed "$seeds/index" samples/*/golden/index.json

declare -A max_len=([yaml]=24576 [fastyaml]=24576 [validate]=24576 [inputs]=4096 [manifest]=16384 [index]=8192)
declare -A dict=([yaml]=tosca.dict [fastyaml]=tosca.dict [validate]=tosca.dict [inputs]=tosca.dict [manifest]=json.dict [index]=json.dict)
failed=()
for t in "${targets[@]}"; do
  corpus=$build/fuzz-corpus/$t
  artifacts=$build/fuzz-artifacts/$t
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz_$t: ${seconds}s, log in $artifacts.log"
  if ! UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "$build/fuzz/fuzz_$t" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="${max_len[$t]}" \
    -dict="fuzz/${dict[$t]}" -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$corpus" "$seeds/$t" "fuzz/regressions/$t" >"$artifacts.log" 2>&1; then
    tail -n 40 "$artifacts.log"
    failed+=("$t")
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$artifacts.log" | sed 's/^/  /' || true
done
if ((${#failed[@]} > 0)); then
  echo "fuzz: failed: ${failed[*]}; inputs in $build/fuzz-artifacts/" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, ${seconds}s each, nothing found"
