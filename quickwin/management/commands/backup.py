from django.core.management.base import BaseCommand

from quickwin.backup import create_backup


class Command(BaseCommand):
    help = "Write the database and the evidence files to one .tar.gz with SHA-256 checksums."

    def add_arguments(self, parser):
        parser.add_argument("output", help="path of the .tar.gz to write")

    def handle(self, *args, output, **options):
        manifest = create_backup(output)
        self.stdout.write(f"{output}: {len(manifest['files'])} entries, checksums in manifest.json")
