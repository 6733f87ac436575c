from django.core.management.base import BaseCommand, CommandError

from quickwin.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive onto a freshly migrated, empty database."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="path of the .tar.gz written by `backup`")

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {len(manifest['files'])} entries from {archive}")
