#!/bin/sh
# Standard.configure: write the site's two pages, $WORK_DIR/$NODE_NAME/normal.html
# and holding.html, and make index.html the normal page unless the site
# already shows one of them (target_changed switches index.html later).
# Idempotent: the two pages are rewritten whole each time.
# Inputs (environment): WORK_DIR, NODE_NAME, SITE_TITLE, HOLDING_MESSAGE.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
: "${SITE_TITLE:?SITE_TITLE is not set}"
: "${HOLDING_MESSAGE:?HOLDING_MESSAGE is not set}"
# Touch nothing outside $WORK_DIR: it must be absolute, not /, without "..",
# and the node name must be a plain file name.
case "$WORK_DIR" in
  /|*/../*|*/..) echo "refusing WORK_DIR=$WORK_DIR" >&2; exit 2 ;;
  /*) ;;
  *) echo "WORK_DIR must be an absolute path, got: $WORK_DIR" >&2; exit 2 ;;
esac
case "$NODE_NAME" in
  ""|.|..|*/*) echo "refusing NODE_NAME=$NODE_NAME" >&2; exit 2 ;;
esac
dir="$WORK_DIR/$NODE_NAME"
# Escape text for HTML.
html() {
  printf '%s' "$1" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'
}

# The normal page of the site.
normal_page() {
  title=$(html "$SITE_TITLE")
  printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
  printf '  <meta charset="utf-8">\n  <title>%s</title>\n</head>\n<body>\n' "$title"
  printf '  <h1>%s</h1>\n  <p>Welcome! The shop is open.</p>\n</body>\n</html>\n' "$title"
}

# The holding page, shown while the database is in maintenance.
holding_page() {
  title=$(html "$SITE_TITLE")
  message=$(html "$HOLDING_MESSAGE")
  printf '<!DOCTYPE html>\n<html lang="en">\n<head>\n'
  printf '  <meta charset="utf-8">\n  <meta http-equiv="refresh" content="60">\n'
  printf '  <title>%s: back soon</title>\n</head>\n<body>\n' "$title"
  printf '  <h1>%s</h1>\n  <p>%s</p>\n</body>\n</html>\n' "$title" "$message"
}

# Check.configure runs this script with --check (see check_configure_web.sh): exit 0 when
# the files already hold exactly what it would write for these inputs.
if [ "${1:-}" = --check ]; then
  [ -f "$dir/normal.html" ] && [ -f "$dir/holding.html" ] && [ -f "$dir/index.html" ] || exit 1
  normal_page | cmp -s - "$dir/normal.html" || exit 1
  holding_page | cmp -s - "$dir/holding.html" || exit 1
  cmp -s "$dir/index.html" "$dir/normal.html" || cmp -s "$dir/index.html" "$dir/holding.html"
  exit
fi
if [ ! -d "$dir" ]; then
  echo "$NODE_NAME is not installed: $dir is missing" >&2
  exit 1
fi
trap 'rm -f "$dir/normal.html.tmp.$$" "$dir/holding.html.tmp.$$" "$dir/index.html.tmp.$$"' EXIT
normal_page > "$dir/normal.html.tmp.$$"
mv -f "$dir/normal.html.tmp.$$" "$dir/normal.html"
holding_page > "$dir/holding.html.tmp.$$"
mv -f "$dir/holding.html.tmp.$$" "$dir/holding.html"
# Keep the holding page if the site shows it; otherwise show the (new) normal page.
if [ ! -f "$dir/index.html" ] || ! cmp -s "$dir/index.html" "$dir/holding.html"; then
  cp "$dir/normal.html" "$dir/index.html.tmp.$$"
  mv -f "$dir/index.html.tmp.$$" "$dir/index.html"
fi
