#!/bin/sh
# Maintenance.enter: take the database into maintenance, simulated: write the
# flag file $WORK_DIR/$NODE_NAME/maintenance, and publish the output
# maintenance=true (mapped onto the node's 'maintenance' attribute). Idempotent.
# Inputs (environment): WORK_DIR, NODE_NAME.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
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

if [ ! -f "$dir/installed" ]; then
  echo "$NODE_NAME is not installed: $dir/installed is missing" >&2
  exit 1
fi
if [ ! -f "$dir/maintenance" ]; then
  printf 'in maintenance\n' > "$dir/maintenance.tmp.$$"
  mv -f "$dir/maintenance.tmp.$$" "$dir/maintenance"
fi
if [ -n "${TOSCA_OUTPUTS:-}" ]; then
  printf 'maintenance=true\n' >> "$TOSCA_OUTPUTS"
fi
