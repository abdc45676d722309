#!/usr/bin/env bash
# Back up Policing Grant Decisions on PostgreSQL: the database, the uploaded letters and papers (MEDIA_ROOT), the
# sealed PDFs (SEALED_ROOT) and the signing folder (the folder of SIGNING_KEY_FILE and SIGNING_CERT_FILE), into one
# new folder. Restore it with deploy/restore.sh.
#
# Usage:  deploy/backup.sh DEST
#   DEST  a folder that does not exist yet, or is empty; e.g. /var/backups/pgd/$(date +%Y-%m-%dT%H%M)
#
# It reads the application's own environment (DATABASE_URL, MEDIA_ROOT, SEALED_ROOT, SIGNING_KEY_FILE,
# SIGNING_CERT_FILE, with the defaults of config/settings.py), e.g.  set -a; . /etc/pgd/env; set +a
# DATABASE_URL may be the application's role: reading every table is enough. The site may keep running: the
# database is dumped first, in one consistent snapshot, then the folders, and a file is always written before the
# row that names it commits, so every file the dump names is in the backup.
#
# DEST then holds:
#   database.dump   pg_dump's custom format (pg_restore reads it)
#   media.tar       MEDIA_ROOT's contents
#   sealed.tar      SEALED_ROOT's contents
#   signing.tar     the signing folder's contents: the seal's PRIVATE KEY — keep backups where only you can read them
#   backup.txt      when, from where, the code's commit and the last migration of each app
#   SHA256SUMS      checked by deploy/restore.sh
# Secrets held in the environment (SECRET_KEY, SIGNING_KEY_PASSPHRASE, the database password) are not backed up here:
# keep the environment file in the organisation's secret store.
set -euo pipefail
umask 077
# shellcheck source=deploy/common.sh
. "$(dirname "$0")/common.sh"

[ $# -eq 1 ] && [[ $1 != -* ]] || die "usage: deploy/backup.sh DEST (a new or empty folder)"
DEST=$1
empty_folder "$DEST" || die "$DEST is not empty: back up into a new folder."
database_url
mkdir -p "$DEST"

echo "Dumping the database to $DEST/database.dump"
pg_dump --format=custom --no-password --file="$DEST/database.dump" "$DB"

archive() {  # NAME FOLDER WHAT
  if [ -d "$2" ]; then
    tar -C "$2" -cf "$DEST/$1.tar" .
    echo "Archived $3 ($2, $(find "$2" -type f | wc -l) files) to $DEST/$1.tar"
  else
    tar -cf "$DEST/$1.tar" --files-from=/dev/null
    echo "WARNING: $2 does not exist: no $3 backed up (is the environment the application's?)" >&2
  fi
}
archive media "$MEDIA_ROOT" "uploads"
archive sealed "$SEALED_ROOT" "sealed PDFs"
archive signing "$SIGNING_DIR" "signing folder"

{
  echo "created: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "database: ${DB#*@}"
  echo "pg_dump: $(pg_dump --version)"
  echo "code: $(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
  echo "signing key: $(basename "$SIGNING_KEY_FILE")"
  echo "signing certificate: $(basename "$SIGNING_CERT_FILE")"
  echo "last migrations:"
  psql --no-password --no-psqlrc -X -At -F ' ' "$DB" \
    -c "SELECT '  ' || app, max(name) FROM django_migrations GROUP BY app ORDER BY app"
} >"$DEST/backup.txt"
(cd "$DEST" && sha256sum database.dump media.tar sealed.tar signing.tar backup.txt >SHA256SUMS)
echo "Backup complete: $DEST"
