#!/bin/sh
# Proves the step got its secret (a file under WORK_DIR), prints it, and publishes it.
set -eu
mkdir -p "$WORK_DIR"
printf '%s' "$SECRET" > "$WORK_DIR/$TOSCA_NODE.secret"
echo "connecting with $SECRET"
echo "dsn=$SECRET" >> "$TOSCA_OUTPUTS"
