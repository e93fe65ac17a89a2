#!/usr/bin/env bash
# Every template of the shared corpus (puccini's 1.3 examples and the OASIS spec examples) must
# graph and plan without errors, and its DOT must feed `dot -Tsvg` unchanged.
# Usage: corpus_graph.sh TOSCAC CORPUS_DIR
set -u
toscac=$1 corpus=$2
pass=0 fail=0
while IFS= read -r f; do
  case $f in */imports/*|*/non-normative-types.yaml|*/simple-for-nfv.yaml) continue ;; esac
  why=""
  if ! dot_out=$("$toscac" graph --color=never "$f" 2>/tmp/corpus_graph.$$); then
    why="graph failed: $(grep -m1 error /tmp/corpus_graph.$$)"
  elif ! printf '%s\n' "$dot_out" | dot -Tsvg >/dev/null 2>/tmp/corpus_graph.$$ || [[ -s /tmp/corpus_graph.$$ ]]; then
    why="dot rejected the DOT: $(head -1 /tmp/corpus_graph.$$)"
  elif ! "$toscac" plan --color=never "$f" >/dev/null 2>/tmp/corpus_graph.$$; then
    why="plan failed: $(grep -m1 error /tmp/corpus_graph.$$)"
  elif ! "$toscac" plan --format json --color=never "$f" 2>/dev/null | python3 -c 'import json,sys; json.load(sys.stdin)'; then
    why="plan --format json is not JSON"
  fi
  if [[ -z $why ]]; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL ${f#$corpus/}: $why"; fi
done < <(find "$corpus/puccini-1.3" "$corpus/oasis-spec-examples-1.3" -name '*.yaml' | sort)
rm -f /tmp/corpus_graph.$$
echo "corpus-graph: $pass passed, $fail failed"
(( fail == 0 && pass > 0 ))
