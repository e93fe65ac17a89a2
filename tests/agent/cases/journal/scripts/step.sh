#!/bin/sh
# Any lifecycle step: journal its begin and end, leave the marker of its step.
set -eu
step=${TOSCA_OPERATION#Standard.}
mkdir -p "$WORK_DIR"
echo "begin $TOSCA_NODE $step" >> "$WORK_DIR/journal"
if [ "$step" = "$SLOW_STEP" ]; then sleep "$SLEEP"; fi
case "$step" in
  stop) rm -f "$WORK_DIR/$TOSCA_NODE.start" ;;
  delete) rm -f "$WORK_DIR/$TOSCA_NODE.create" "$WORK_DIR/$TOSCA_NODE.configure" ;;
esac
touch "$WORK_DIR/$TOSCA_NODE.$step"
echo "end $TOSCA_NODE $step" >> "$WORK_DIR/journal"
