#!/usr/bin/env bash
# Installs what toscac needs to build and test on Debian 12. Run as root (or with sudo).
set -euo pipefail
packages=(
  g++ clang libclang-rt-14-dev cmake ninja-build pkg-config python3
  libyaml-dev libyaml-cpp-dev libboost-graph-dev libboost-regex-dev nlohmann-json3-dev libcli11-dev
  libgraphviz-dev graphviz libvalijson-dev libgtest-dev googletest libssl-dev
  libsqlite3-dev libcurl4-openssl-dev libzip-dev etcd-server etcd-client openssl
  dpkg-dev file man-db
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} > 0 )); then
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
