#!/bin/sh
# Standard.delete: remove the node's marker files (idempotent).
#
# Inputs (environment): WORK_DIR, NODE_NAME.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
# Refuse anything but an absolute work_dir other than / and a plain node name:
# the script must touch nothing outside $WORK_DIR.
case "$WORK_DIR" in
  /|*/../*|*/..) echo "refusing WORK_DIR=$WORK_DIR" >&2; exit 2 ;;
  /*) ;;
  *) echo "WORK_DIR must be an absolute path, got: $WORK_DIR" >&2; exit 2 ;;
esac
case "$NODE_NAME" in
  ""|.|..|*/*) echo "refusing NODE_NAME=$NODE_NAME" >&2; exit 2 ;;
esac

rm -f "$WORK_DIR/$NODE_NAME.configured" "$WORK_DIR/$NODE_NAME"
