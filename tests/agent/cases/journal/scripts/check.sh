#!/bin/sh
# A step is done when its marker is there (for stop and delete: when what they remove is gone).
set -eu
step=${TOSCA_OPERATION#Standard.}
case "$step" in
  stop) [ ! -e "$WORK_DIR/$TOSCA_NODE.start" ] ;;
  delete) [ ! -e "$WORK_DIR/$TOSCA_NODE.create" ] ;;
  *) [ -e "$WORK_DIR/$TOSCA_NODE.$step" ] ;;
esac
