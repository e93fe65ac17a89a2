#!/bin/sh
# Check.configure: exit 0 when normal.html and holding.html under
# $WORK_DIR/$NODE_NAME are what configure_web.sh writes for these inputs and
# index.html shows one of them.
# Inputs (environment): WORK_DIR, NODE_NAME, SITE_TITLE, HOLDING_MESSAGE.
set -eu
# The rendering lives in configure_web.sh only, so the check cannot drift from the step.
exec sh "$(dirname "$0")/configure_web.sh" --check
