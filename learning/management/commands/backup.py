"""`manage.py backup FOLDER`: database, every stored file and the signing key, in one folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learning.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database, every stored file and the Open Badges key into FOLDER."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a new or empty folder")

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup_create(target=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(len(names) for names in manifest["storages"].values())
        self.stdout.write(
            f"Backed up the {manifest['database']['vendor']} database, {files} files and the "
            f"signing key to {folder}. Keep it private: it holds the key that signs credentials."
        )
