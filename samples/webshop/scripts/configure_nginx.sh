#!/bin/sh
# Standard.configure: nginx's site: listen on LISTEN_PORT as SERVER_NAME,
# serve CONTEXT_ROOT/static/ from the node's directory and proxy the rest of
# CONTEXT_ROOT to the application at APP_ADDRESS:APP_PORT.
# Writes $WORK_DIR/$NODE_NAME/nginx.conf (idempotent: rewritten whole each time).
# Inputs (environment): WORK_DIR, NODE_NAME, LISTEN_PORT, SERVER_NAME, APP_ADDRESS, APP_PORT,
# CONTEXT_ROOT (may be empty).
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
: "${LISTEN_PORT:?LISTEN_PORT is not set}"
: "${SERVER_NAME:?SERVER_NAME is not set}"
: "${APP_ADDRESS:?APP_ADDRESS is not set}"
: "${APP_PORT:?APP_PORT is not set}"
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
: "${CONTEXT_ROOT?CONTEXT_ROOT is not set}"
for port in "$LISTEN_PORT" "$APP_PORT"; do
  case "$port" in *[!0-9]*) echo "not a port number: $port" >&2; exit 2 ;; esac
done
case "$CONTEXT_ROOT" in
  ""|/*) ;;
  *) echo "CONTEXT_ROOT must be empty or start with /, got: $CONTEXT_ROOT" >&2; exit 2 ;;
esac

# shellcheck disable=SC2016 # $host, $proxy_add_x_forwarded_for are nginx variables
render() {
  printf '# %s: nginx site written by the toscac webshop sample\n' "$NODE_NAME"
  printf 'upstream shop_app {\n    server %s:%s;\n}\n\n' "$APP_ADDRESS" "$APP_PORT"
  printf 'server {\n'
  printf '    listen %s;\n' "$LISTEN_PORT"
  printf '    server_name %s;\n\n' "$SERVER_NAME"
  printf '    location %s/static/ {\n' "$CONTEXT_ROOT"
  printf '        alias %s/static/;\n' "$dir"
  printf '    }\n\n'
  printf '    location %s/ {\n' "$CONTEXT_ROOT"
  printf '        proxy_pass http://shop_app;\n'
  printf '        proxy_set_header Host $host;\n'
  printf '        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n'
  printf '    }\n'
  printf '}\n'
}

# Check.configure runs this script with --check (see check_configure_nginx.sh): exit 0 when
# the files already hold exactly what it would write for these inputs.
if [ "${1:-}" = --check ]; then
  [ -f "$dir/nginx.conf" ] || exit 1
  render | cmp -s - "$dir/nginx.conf"
  exit
fi
if [ ! -d "$dir" ]; then
  echo "$NODE_NAME is not installed: $dir is missing" >&2
  exit 1
fi
tmp="$dir/nginx.conf.tmp.$$"
trap 'rm -f "$tmp"' EXIT
render > "$tmp"
mv -f "$tmp" "$dir/nginx.conf"
