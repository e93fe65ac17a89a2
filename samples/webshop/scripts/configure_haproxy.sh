#!/bin/sh
# Standard.configure: HAProxy's configuration: listen on LISTEN_PORT and
# balance with ALGORITHM over BACKENDS (space-separated name=address:port).
# Writes $WORK_DIR/$NODE_NAME/haproxy.cfg (idempotent: rewritten whole each time).
# Inputs (environment): WORK_DIR, NODE_NAME, LISTEN_PORT, ALGORITHM, BACKENDS.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
: "${LISTEN_PORT:?LISTEN_PORT is not set}"
: "${ALGORITHM:?ALGORITHM is not set}"
: "${BACKENDS:?BACKENDS is not set}"
# Touch nothing outside $WORK_DIR: it must be absolute, not /, without "..",
# and the node name must be a plain file name.
case "$WORK_DIR" in
  /|*/../*|*/..) echo "refusing WORK_DIR=$WORK_DIR" >&2; exit 2 ;;
  /*) ;;
  *) echo "WORK_DIR must be an absolute path, got: $WORK_DIR" >&2; exit 2 ;;
esac
case "$NODE_NAME" in
  ""|.|..|*/*) echo "refusing NODE_NAME=$NODE_NAME" >&2; exit 2 ;;
esac
dir="$WORK_DIR/$NODE_NAME"
case "$LISTEN_PORT" in *[!0-9]*) echo "not a port number: $LISTEN_PORT" >&2; exit 2 ;; esac
case "$ALGORITHM" in
  roundrobin|leastconn|source) ;;
  *) echo "unknown balancing algorithm: $ALGORITHM" >&2; exit 2 ;;
esac

render() {
  printf '# %s: haproxy.cfg written by the toscac webshop sample\n' "$NODE_NAME"
  printf 'global\n    maxconn 2048\n\n'
  printf 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n'
  printf 'frontend shop\n    bind *:%s\n    default_backend web\n\n' "$LISTEN_PORT"
  printf 'backend web\n    balance %s\n' "$ALGORITHM"
  set -f
  for backend in $BACKENDS; do
    case "$backend" in
      ?*=?*:?*) printf '    server %s %s check\n' "${backend%%=*}" "${backend#*=}" ;;
      *) echo "bad backend: $backend (want name=address:port)" >&2; set +f; return 1 ;;
    esac
  done
  set +f
}

# Check.configure runs this script with --check (see check_configure_haproxy.sh): exit 0 when
# the files already hold exactly what it would write for these inputs.
if [ "${1:-}" = --check ]; then
  [ -f "$dir/haproxy.cfg" ] || exit 1
  render | cmp -s - "$dir/haproxy.cfg"
  exit
fi
if [ ! -d "$dir" ]; then
  echo "$NODE_NAME is not installed: $dir is missing" >&2
  exit 1
fi
tmp="$dir/haproxy.cfg.tmp.$$"
trap 'rm -f "$tmp"' EXIT
render > "$tmp"
mv -f "$tmp" "$dir/haproxy.cfg"
