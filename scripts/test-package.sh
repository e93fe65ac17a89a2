#!/usr/bin/env bash
# Builds the .deb from an existing build directory (cpack), installs it the way a fresh Debian 12
# machine would (apt-get pulls in the libraries it depends on), runs the installed toscac on a
# sample, and removes the package again, also when a check fails. Run as root (or with sudo).
#   scripts/test-package.sh build
set -euo pipefail
if [[ $# -ne 1 ]]; then
  echo "usage: scripts/test-package.sh BUILD_DIR" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
SUDO=""
[[ $(id -u) == 0 ]] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive

out=$(mktemp -d)
chmod 755 "$out" # apt-get reads the package as the _apt user
installed=0
cleanup() {
  if ((installed)); then $SUDO apt-get remove -y -qq toscac >/dev/null; fi
  rm -rf "$out"
}
trap cleanup EXIT
fail() {
  echo "test-package: $*" >&2
  exit 1
}

if ! (cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1); then
  cat "$out/cpack.log" >&2
  fail "cpack failed in $build"
fi
debs=("$out"/toscac_*.deb)
[[ -f ${debs[0]} ]] || fail "cpack made no toscac_*.deb in $out"
deb=${debs[0]}
echo "test-package: built $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "test-package: Depends: $depends"
# libcurl, libzip and Graphviz are opened on first use (lazy/), so dpkg-shlibdeps cannot see
# them: they are declared by hand.
[[ $depends == *libcurl4* ]] || fail "Depends misses libcurl4"
[[ $depends == *libzip4* ]] || fail "Depends misses libzip4"
[[ $depends == *libgvc6* ]] || fail "Depends misses libgvc6"
contents=$(dpkg-deb -c "$deb")
for f in usr/bin/toscac usr/bin/toscac-agent usr/share/man/man1/toscac.1.gz \
  usr/share/man/man1/toscac-agent.1.gz usr/share/bash-completion/completions/toscac \
  usr/share/doc/toscac/diagnostics.md; do
  grep -q " \./$f\$" <<<"$contents" || fail "the package has no /$f"
done

# The static front's twin (compiler/cli/front.h), where the front looks for it.
if [[ -f $build/compiler/toscac-shared ]]; then
  grep -q " \./usr/libexec/toscac/toscac-shared\$" <<<"$contents" ||
    fail "the package has no /usr/libexec/toscac/toscac-shared"
fi

# apt-get wants a path with a slash to take a file rather than a package name.
(cd "$out" && $SUDO apt-get install -y -qq "./$(basename "$deb")" >/dev/null)
installed=1
[[ $(command -v toscac) == /usr/bin/toscac ]] || fail "toscac is not /usr/bin/toscac"

cd "$root"
/usr/bin/toscac --version
/usr/bin/toscac validate --werror samples/webshop/webshop.yaml ||
  fail "the installed toscac rejects samples/webshop/webshop.yaml"
# A template with an error: exit 1, and a SARIF log that names the rule.
set +e
sarif=$(/usr/bin/toscac validate --format sarif tests/golden/cases/render-sarif/input.yaml)
code=$?
set -e
[[ $code == 1 ]] || fail "validate of a template with errors exited $code, not 1"
grep -q '"ruleId": "T201"' <<<"$sarif" || fail "the SARIF log has no T201 result"
/usr/bin/toscac explain T201 | grep -q '^Wrong' || fail "toscac explain T201 has no wrong example"
# A CSAR made and read back: libzip, opened on first use (lazy/), is there.
/usr/bin/toscac csar create samples/webshop -o "$out/webshop.csar" >/dev/null ||
  fail "csar create of samples/webshop failed"
/usr/bin/toscac validate --werror "$out/webshop.csar" || fail "the installed toscac rejects its CSAR"
# DOT and an SVG image: libcgraph and libgvc, opened on first use, are there.
/usr/bin/toscac graph samples/webshop/webshop.yaml | grep -q '^digraph' || fail "graph gives no DOT"
/usr/bin/toscac graph samples/webshop/webshop.yaml -o "$out/webshop.svg" ||
  fail "graph -o webshop.svg failed"
grep -q '<svg' "$out/webshop.svg" || fail "graph -o webshop.svg wrote no SVG"
/usr/bin/toscac-agent --version
if command -v man >/dev/null; then
  man -w toscac >/dev/null || fail "man -w toscac finds no page"
  man -w toscac-agent >/dev/null || fail "man -w toscac-agent finds no page"
else
  [[ -f /usr/share/man/man1/toscac.1.gz ]] || fail "no /usr/share/man/man1/toscac.1.gz"
fi
[[ -f /usr/share/bash-completion/completions/toscac ]] || fail "no bash completion"
bash -n /usr/share/bash-completion/completions/toscac
echo "test-package: $(basename "$deb") installs, runs and is removed"
