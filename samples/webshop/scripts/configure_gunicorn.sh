#!/bin/sh
# Standard.configure: gunicorn's settings: bind LISTEN_PORT, run WORKERS workers.
# Writes $WORK_DIR/$NODE_NAME/gunicorn.conf.py (idempotent: rewritten whole each time).
# Inputs (environment): WORK_DIR, NODE_NAME, LISTEN_PORT, WORKERS.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
: "${LISTEN_PORT:?LISTEN_PORT is not set}"
: "${WORKERS:?WORKERS is not set}"
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
for n in "$LISTEN_PORT" "$WORKERS"; do
  case "$n" in *[!0-9]*) echo "not a number: $n" >&2; exit 2 ;; esac
done

render() {
  printf '# %s: gunicorn.conf.py written by the toscac webshop sample\n' "$NODE_NAME"
  printf 'bind = "0.0.0.0:%s"\n' "$LISTEN_PORT"
  printf 'workers = %s\n' "$WORKERS"
  printf 'accesslog = "-"\n'
  printf 'errorlog = "-"\n'
}

# Check.configure runs this script with --check (see check_configure_gunicorn.sh): exit 0 when
# the files already hold exactly what it would write for these inputs.
if [ "${1:-}" = --check ]; then
  [ -f "$dir/gunicorn.conf.py" ] || exit 1
  render | cmp -s - "$dir/gunicorn.conf.py"
  exit
fi
if [ ! -d "$dir" ]; then
  echo "$NODE_NAME is not installed: $dir is missing" >&2
  exit 1
fi
tmp="$dir/gunicorn.conf.py.tmp.$$"
trap 'rm -f "$tmp"' EXIT
render > "$tmp"
mv -f "$tmp" "$dir/gunicorn.conf.py"
