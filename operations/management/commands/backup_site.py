"""Back up the database and the uploaded media into a new folder. Meant for a
nightly cron job; see operations/backup.py for what a backup holds and the README
("Backup and restore") for where to keep it."""

from django.core.management.base import BaseCommand

from operations.backup import back_up


class Command(BaseCommand):
    help = (
        "Back up the database and the media on local disk (MEDIA_ROOT) into "
        "FOLDER, which must be new or empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where to write the backup")

    def handle(self, *args, folder, **options):
        back_up(folder, self.stdout.write)
