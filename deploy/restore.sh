#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh: the database into an empty PostgreSQL database, and the uploads, the
# sealed PDFs and the signing folder into empty folders.
#
# Usage:  deploy/restore.sh [--verify] BACKUP
#   BACKUP    a folder written by deploy/backup.sh (its SHA256SUMS are checked first)
#   --verify  afterwards, check with the application (manage.py, this checkout's .venv) that every sealed document's
#             file is there and verifies as the sealed original; slow for many documents (a few a second)
#
# It restores into the application's environment (the defaults of config/settings.py apply):
#   DATABASE_URL       the database to restore into: it must exist and be empty (createdb it first), and the URL's
#                      role becomes the owner of every restored table, so use the owner role, not the application's
#   MEDIA_ROOT, SEALED_ROOT, and the folder of SIGNING_KEY_FILE / SIGNING_CERT_FILE: each must not exist or be empty
#   APP_ROLE           (optional) the application's database role: given its privileges afterwards by
#                      deploy/postgres-app-role.sql (the dump's own grants are not restored, as role names may differ)
# Then run `manage.py migrate` with this release's code (it applies only what the backup's release did not have).
set -euo pipefail
umask 077
# shellcheck source=deploy/common.sh
. "$(dirname "$0")/common.sh"

verify=false
if [ "${1:-}" = "--verify" ]; then
  verify=true
  shift
fi
[ $# -eq 1 ] && [[ $1 != -* ]] || die "usage: deploy/restore.sh [--verify] BACKUP"
BACKUP=$(cd "$1" && pwd) || die "no backup folder $1"
for file in database.dump media.tar sealed.tar signing.tar SHA256SUMS; do
  [ -f "$BACKUP/$file" ] || die "$BACKUP/$file is missing: is this a backup made by deploy/backup.sh?"
done
(cd "$BACKUP" && sha256sum --check --quiet SHA256SUMS) || die "$BACKUP does not match its SHA256SUMS."
database_url
for folder in "$MEDIA_ROOT" "$SEALED_ROOT" "$SIGNING_DIR"; do
  empty_folder "$folder" || die "$folder is not empty: restore into empty folders."
done
tables=$(psql --no-password --no-psqlrc -X -At "$DB" -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
[ "$tables" = 0 ] || die "the database of DATABASE_URL already has $tables tables: restore into an empty database."

echo "Restoring the database from $BACKUP/database.dump"
pg_restore --no-owner --no-acl --exit-on-error --single-transaction --no-password --dbname="$DB" \
  "$BACKUP/database.dump"

unpack() {  # NAME FOLDER
  mkdir -p "$2"
  tar -C "$2" -xpf "$BACKUP/$1.tar" --no-same-owner
  echo "Restored $2 ($(find "$2" -type f | wc -l) files)"
}
unpack media "$MEDIA_ROOT"
unpack sealed "$SEALED_ROOT"
unpack signing "$SIGNING_DIR"
for file in "$SIGNING_KEY_FILE" "$SIGNING_CERT_FILE"; do
  [ -f "$file" ] || echo "WARNING: $file is not in the backup; its signing folder held: $(ls -A "$SIGNING_DIR")" >&2
done

if [ -n "${APP_ROLE:-}" ]; then
  echo "Granting the application role $APP_ROLE its privileges (deploy/postgres-app-role.sql)"
  psql --no-password --no-psqlrc -X -q -v ON_ERROR_STOP=1 -v app_role="$APP_ROLE" "$DB" \
    -f "$ROOT/deploy/postgres-app-role.sql"
fi

if $verify; then
  echo "Verifying every sealed document"
  (cd "$ROOT" && DATABASE_URL=$DATABASE_URL MEDIA_ROOT=$MEDIA_ROOT SEALED_ROOT=$SEALED_ROOT \
    "${PY:-.venv/bin/python}" manage.py shell --no-imports -c "
import sys
from records.models import SealedDocument
from records.sealing import verify_document
checked, wrong = 0, []
for document in SealedDocument.objects.select_related('decision').order_by('pk'):
    try:
        with document.file.open('rb') as handle:
            outcome = verify_document(handle.read()).outcome
    except FileNotFoundError:
        outcome = 'missing'
    checked += 1
    if outcome != 'original':
        wrong.append(f'{document.decision.reference} ({document.variant}): {outcome}')
print(f'{checked} sealed documents checked, {len(wrong)} wrong')
for line in wrong:
    print('  ' + line)
sys.exit(1 if wrong else 0)
")
fi
echo "Restore complete. Next: manage.py migrate --no-input (as the owner role), then start the application."
