"""Back up and restore everything a Socle site needs to come back exactly.

A backup is one folder:

    manifest.json             what is inside, with the SHA-256 of every file
    database.dump             PostgreSQL, `pg_dump --format=custom` (or database.sqlite3, the
                              embedded default, copied with SQLite's online backup API)
    storage/<alias>/<name>    every file of every storage alias (media, private files), read
                              through Django's storage API, so S3 and local disk alike
    keys/openbadges.pem       the Open Badges signing key: without it no issued credential
                              verifies again

Restoring checks every hash before it touches anything, then loads the database, writes the
files back (and removes files the backup did not have), puts the key back, and moves the
cached versions on (and forgets what is cached without one) so that no app server serves
anything cached before the restore.
See docs/operations.md, "Backup and restore".
"""

from .archive import BackupError, backup_create, backup_restore

__all__ = ["BackupError", "backup_create", "backup_restore"]
