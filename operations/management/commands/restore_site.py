"""Restore the database and the uploaded media from a `backup_site` folder.

Everything is checked before anything changes: the manifest, the database
file, that the backup's schema is not newer than this code's, and that the
media archive extracts only inside MEDIA_ROOT. It asks before replacing
anything unless given --noinput, under every settings module alike: the
question names the database it will replace, and restoring production after
a loss is what it is for."""

from django.core.management.base import BaseCommand, CommandError

from operations.backup import Restore


class Command(BaseCommand):
    help = (
        "Replace the database and the media on local disk with the backup in "
        "FOLDER (written by backup_site)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder written by backup_site")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="restore without asking for confirmation",
        )

    def handle(self, *args, folder, interactive, **options):
        restore = Restore(folder)
        if interactive:
            self.stdout.write(restore.describe())
            answer = input("Type 'yes' to restore, anything else to cancel: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        restore.run(self.stdout.write)
