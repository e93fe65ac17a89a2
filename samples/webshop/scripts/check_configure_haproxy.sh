#!/bin/sh
# Check.configure: exit 0 when $WORK_DIR/$NODE_NAME/haproxy.cfg holds exactly
# what configure_haproxy.sh would write for these inputs.
# Inputs (environment): WORK_DIR, NODE_NAME, LISTEN_PORT, ALGORITHM, BACKENDS.
set -eu
# The rendering lives in configure_haproxy.sh only, so the check cannot drift from the step.
exec sh "$(dirname "$0")/configure_haproxy.sh" --check
