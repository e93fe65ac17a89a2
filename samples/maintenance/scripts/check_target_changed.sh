#!/bin/sh
# Check.target_changed: exit 0 when $WORK_DIR/$NODE_NAME/index.html already shows
# the page for TARGET_MAINTENANCE (holding page when true, normal page when false).
# Inputs (environment): WORK_DIR and NODE_NAME of the source, TARGET_MAINTENANCE.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
: "${TARGET_MAINTENANCE:?TARGET_MAINTENANCE is not set}"
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
case "$TARGET_MAINTENANCE" in
  true|True|TRUE|1) page=holding.html ;;
  false|False|FALSE|0) page=normal.html ;;
  *) echo "TARGET_MAINTENANCE must be true or false, got: $TARGET_MAINTENANCE" >&2; exit 2 ;;
esac

[ -f "$dir/$page" ] && [ -f "$dir/index.html" ] || exit 1
cmp -s "$dir/$page" "$dir/index.html"
