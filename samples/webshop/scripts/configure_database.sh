#!/bin/sh
# Standard.configure: the SQL that creates the database DB_NAME and the
# account DB_USER (identified by DB_PASSWORD) that may use it.
# Writes $WORK_DIR/$NODE_NAME/schema.sql (idempotent: rewritten whole each time).
# Inputs (environment): WORK_DIR, NODE_NAME, DB_NAME, DB_USER, DB_PASSWORD.
set -eu
: "${WORK_DIR:?WORK_DIR is not set}"
: "${NODE_NAME:?NODE_NAME is not set}"
: "${DB_NAME:?DB_NAME is not set}"
: "${DB_USER:?DB_USER is not set}"
: "${DB_PASSWORD:?DB_PASSWORD is not set}"
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
# The names go into SQL: allow plain identifiers only (the node type has the
# same constraints), and a password without quotes.
for id in "$DB_NAME" "$DB_USER"; do
  case "$id" in *[!A-Za-z0-9_]*) echo "not a plain SQL identifier: $id" >&2; exit 2 ;; esac
done
case "$DB_PASSWORD" in *[!A-Za-z0-9_.-]*) echo "the password may hold letters, digits and _ . - only" >&2; exit 2 ;; esac
# The file holds the password: keep it private.
umask 077

# shellcheck disable=SC2016 # the backquotes are SQL identifier quotes
render() {
  printf -- '-- %s: schema.sql written by the toscac webshop sample\n' "$NODE_NAME"
  printf 'CREATE DATABASE IF NOT EXISTS `%s` CHARACTER SET utf8mb4;\n' "$DB_NAME"
  printf "CREATE USER IF NOT EXISTS '%s'@'%%' IDENTIFIED BY '%s';\n" "$DB_USER" "$DB_PASSWORD"
  printf "GRANT ALL PRIVILEGES ON \`%s\`.* TO '%s'@'%%';\n" "$DB_NAME" "$DB_USER"
}

# Check.configure runs this script with --check (see check_configure_database.sh): exit 0 when
# the files already hold exactly what it would write for these inputs.
if [ "${1:-}" = --check ]; then
  [ -f "$dir/schema.sql" ] || exit 1
  render | cmp -s - "$dir/schema.sql"
  exit
fi
if [ ! -d "$dir" ]; then
  echo "$NODE_NAME is not installed: $dir is missing" >&2
  exit 1
fi
tmp="$dir/schema.sql.tmp.$$"
trap 'rm -f "$tmp"' EXIT
render > "$tmp"
mv -f "$tmp" "$dir/schema.sql"
