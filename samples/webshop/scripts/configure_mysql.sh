#!/bin/sh
# Standard.configure: MySQL's server settings: listen on PORT.
# Writes $WORK_DIR/$NODE_NAME/my.cnf (idempotent: rewritten whole each time).
# Inputs (environment): WORK_DIR, NODE_NAME, PORT.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
: "${PORT:?PORT is not set}"
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
case "$PORT" in *[!0-9]*) echo "not a port number: $PORT" >&2; exit 2 ;; esac

render() {
  printf '# %s: my.cnf written by the toscac webshop sample\n' "$NODE_NAME"
  printf '[mysqld]\n'
  printf 'port = %s\n' "$PORT"
  printf 'bind-address = 0.0.0.0\n'
  printf 'datadir = %s/data\n' "$dir"
  printf 'socket = %s/mysqld.sock\n' "$dir"
  printf 'character-set-server = utf8mb4\n'
}

# Check.configure runs this script with --check (see check_configure_mysql.sh): exit 0 when
# the files already hold exactly what it would write for these inputs.
if [ "${1:-}" = --check ]; then
  [ -f "$dir/my.cnf" ] || exit 1
  render | cmp -s - "$dir/my.cnf"
  exit
fi
if [ ! -d "$dir" ]; then
  echo "$NODE_NAME is not installed: $dir is missing" >&2
  exit 1
fi
tmp="$dir/my.cnf.tmp.$$"
trap 'rm -f "$tmp"' EXIT
render > "$tmp"
mv -f "$tmp" "$dir/my.cnf"
