#!/bin/sh
# Check.configure: exit 0 when $WORK_DIR/$NODE_NAME/schema.sql holds exactly
# what configure_database.sh would write for these inputs.
# Inputs (environment): WORK_DIR, NODE_NAME, DB_NAME, DB_USER, DB_PASSWORD.
set -eu
# The rendering lives in configure_database.sh only, so the check cannot drift from the step.
exec sh "$(dirname "$0")/configure_database.sh" --check
