# Shared by deploy/backup.sh and deploy/restore.sh (sourced, not run): the application's environment, read as
# config/settings.py reads it, with the same defaults.
# shellcheck shell=bash

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() {
  printf '%s: %s\n' "$(basename "$0")" "$*" >&2
  exit 1
}

# The folders and files of config/settings.py (an empty value counts as unset, as there).
MEDIA_ROOT=${MEDIA_ROOT:-$ROOT/media}
SEALED_ROOT=${SEALED_ROOT:-$ROOT/sealed}
SIGNING_KEY_FILE=${SIGNING_KEY_FILE:-$ROOT/signing/seal-key.pem}
SIGNING_CERT_FILE=${SIGNING_CERT_FILE:-$ROOT/signing/seal-cert.pem}
SIGNING_DIR=$(dirname "$SIGNING_CERT_FILE")
[ "$(dirname "$SIGNING_KEY_FILE")" = "$SIGNING_DIR" ] ||
  die "SIGNING_KEY_FILE and SIGNING_CERT_FILE must be in one folder (the signing folder is backed up whole)."

# DATABASE_URL as a libpq URL in $DB, with its password (if any) moved to PGPASSWORD so that it is not on a command
# line other users can read.
database_url() {
  local url=${DATABASE_URL:-}
  [ -n "$url" ] || die "set DATABASE_URL (postgres://user[:password]@host:port/name), as for the application."
  case $url in
    postgres://* | postgresql://*) ;;
    sqlite:*) die "DATABASE_URL is SQLite: these scripts are for PostgreSQL (for SQLite, see the README)." ;;
    *) die "DATABASE_URL must be a PostgreSQL URL (postgres://...)." ;;
  esac
  local rest=${url#*://}
  local authority=${rest%%/*}
  local path=${rest#"$authority"}
  if [[ $authority == *@* ]]; then
    local userinfo=${authority%@*} hostport=${authority##*@}
    if [[ $userinfo == *:* ]]; then
      local password=${userinfo#*:}
      # Percent-decoded, as libpq would decode it in the URL.
      PGPASSWORD=$(printf '%b' "${password//%/\\x}")
      export PGPASSWORD
      userinfo=${userinfo%%:*}
    fi
    authority="$userinfo@$hostport"
  fi
  DB="postgresql://$authority$path"
}

# True when the folder does not exist or holds nothing.
empty_folder() {
  [ ! -e "$1" ] || { [ -d "$1" ] && [ -z "$(ls -A "$1")" ]; }
}
