#!/bin/sh
set -eu
rm -f "$WORK_DIR/$TOSCA_NODE.secret"
