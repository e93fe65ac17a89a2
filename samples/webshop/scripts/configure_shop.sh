#!/bin/sh
# Standard.configure: the shop application's settings: its CONTEXT_ROOT and
# the database it connects to (DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD).
# Writes $WORK_DIR/$NODE_NAME/shop.ini (idempotent: rewritten whole each time).
# Inputs (environment): WORK_DIR, NODE_NAME, CONTEXT_ROOT (may be empty), DB_HOST, DB_PORT,
# DB_NAME, DB_USER, DB_PASSWORD.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
: "${DB_HOST:?DB_HOST is not set}"
: "${DB_PORT:?DB_PORT is not set}"
: "${DB_NAME:?DB_NAME is not set}"
: "${DB_USER:?DB_USER is not set}"
: "${DB_PASSWORD:?DB_PASSWORD is not set}"
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
: "${CONTEXT_ROOT?CONTEXT_ROOT is not set}"
case "$DB_PORT" in *[!0-9]*) echo "not a port number: $DB_PORT" >&2; exit 2 ;; esac
# The settings file holds the database password: keep it private.
umask 077

render() {
  printf '# %s: shop.ini written by the toscac webshop sample\n' "$NODE_NAME"
  printf '[shop]\n'
  printf 'context_root = %s\n\n' "$CONTEXT_ROOT"
  printf '[database]\n'
  printf 'driver = mysql\n'
  printf 'host = %s\n' "$DB_HOST"
  printf 'port = %s\n' "$DB_PORT"
  printf 'name = %s\n' "$DB_NAME"
  printf 'user = %s\n' "$DB_USER"
  printf 'password = %s\n' "$DB_PASSWORD"
}

# Check.configure runs this script with --check (see check_configure_shop.sh): exit 0 when
# the files already hold exactly what it would write for these inputs.
if [ "${1:-}" = --check ]; then
  [ -f "$dir/shop.ini" ] || exit 1
  render | cmp -s - "$dir/shop.ini"
  exit
fi
if [ ! -d "$dir" ]; then
  echo "$NODE_NAME is not installed: $dir is missing" >&2
  exit 1
fi
tmp="$dir/shop.ini.tmp.$$"
trap 'rm -f "$tmp"' EXIT
render > "$tmp"
mv -f "$tmp" "$dir/shop.ini"
