"""`manage.py restore FOLDER --yes`: put a backup made by `manage.py backup` back in place."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from learning.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database, the stored files and the signing key from a backup FOLDER. "
        "Everything written since the backup is lost. Stop the app servers and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm that the current data may be replaced"
        )

    def handle(self, *args, folder: Path, yes: bool, **options):
        if not yes:
            raise CommandError("Restoring replaces all current data: add --yes to confirm.")
        try:
            for line in backup_restore(source=folder):
                if line.startswith("WARNING"):
                    self.stderr.write(self.style.WARNING(line))
                else:
                    self.stdout.write(line)
        except BackupError as error:
            raise CommandError(str(error)) from error
