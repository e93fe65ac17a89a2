#!/bin/sh
# Configure.target_changed of maint.relationships.FollowsMaintenance, run for the
# source (the web server) when its target (the database) changed: show the
# holding page while the target is in maintenance, the normal page otherwise,
# by copying holding.html or normal.html (written by configure_web.sh) to
# $WORK_DIR/$NODE_NAME/index.html. Idempotent.
# Inputs (environment): WORK_DIR and NODE_NAME of the source, TARGET_MAINTENANCE
# (the target's 'maintenance' attribute: true or false).
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

if [ ! -f "$dir/$page" ]; then
  echo "$NODE_NAME is not configured: $dir/$page is missing" >&2
  exit 1
fi
if ! cmp -s "$dir/$page" "$dir/index.html"; then
  trap 'rm -f "$dir/index.html.tmp.$$"' EXIT
  cp "$dir/$page" "$dir/index.html.tmp.$$"
  mv -f "$dir/index.html.tmp.$$" "$dir/index.html"
fi
if [ -n "${TOSCA_OUTPUTS:-}" ]; then
  printf 'page=%s\n' "${page%.html}" >> "$TOSCA_OUTPUTS"
fi
