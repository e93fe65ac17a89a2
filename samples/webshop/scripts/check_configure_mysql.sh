#!/bin/sh
# Check.configure: exit 0 when $WORK_DIR/$NODE_NAME/my.cnf holds exactly
# what configure_mysql.sh would write for these inputs.
# Inputs (environment): WORK_DIR, NODE_NAME, PORT.
set -eu
# The rendering lives in configure_mysql.sh only, so the check cannot drift from the step.
exec sh "$(dirname "$0")/configure_mysql.sh" --check
