#!/bin/sh
# Check.configure: exit 0 when $WORK_DIR/$NODE_NAME/nginx.conf holds exactly
# what configure_nginx.sh would write for these inputs.
# Inputs (environment): WORK_DIR, NODE_NAME, LISTEN_PORT, SERVER_NAME, APP_ADDRESS, APP_PORT,
# CONTEXT_ROOT (may be empty).
set -eu
# The rendering lives in configure_nginx.sh only, so the check cannot drift from the step.
exec sh "$(dirname "$0")/configure_nginx.sh" --check
