#!/bin/sh
# Check.configure: exit 0 when $WORK_DIR/$NODE_NAME/shop.ini holds exactly
# what configure_shop.sh would write for these inputs.
# Inputs (environment): WORK_DIR, NODE_NAME, CONTEXT_ROOT (may be empty), DB_HOST, DB_PORT,
# DB_NAME, DB_USER, DB_PASSWORD.
set -eu
# The rendering lives in configure_shop.sh only, so the check cannot drift from the step.
exec sh "$(dirname "$0")/configure_shop.sh" --check
