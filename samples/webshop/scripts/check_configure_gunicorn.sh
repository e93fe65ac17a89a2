#!/bin/sh
# Check.configure: exit 0 when $WORK_DIR/$NODE_NAME/gunicorn.conf.py holds exactly
# what configure_gunicorn.sh would write for these inputs.
# Inputs (environment): WORK_DIR, NODE_NAME, LISTEN_PORT, WORKERS.
set -eu
# The rendering lives in configure_gunicorn.sh only, so the check cannot drift from the step.
exec sh "$(dirname "$0")/configure_gunicorn.sh" --check
