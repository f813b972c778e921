"""`manage.py load_demo`: the demo site, from the content files in
demo/content/ (see the README there), for development and demonstrations.

Idempotent: settings fill only blank fields, pages are created only when
missing and accounts only when absent, so a second run changes nothing and
staff edits survive. Refuses under production settings unless forced.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from demo.loader import DemoLoader
from demo.source import DemoContentError


class Command(BaseCommand):
    help = "Create the demo site content (idempotent; refuses in production)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even where the settings forbid demo content (production).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the home page has already been edited.",
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEMO_CONTENT_ALLOWED and not force:
            raise CommandError(
                "Refusing to load demo content with these settings "
                "(production). Use --force if you really mean it."
            )
        try:
            loader = DemoLoader(
                Site.objects.get(is_default_site=True),
                password=os.environ.get("DEMO_PASSWORD"),
                report=self.stdout.write,
            )
            home = loader.root_page()
            if if_empty and home.latest_revision_id is not None:
                self.stdout.write("The site already has content; demo not loaded.")
                return
            loader.load()
        except DemoContentError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))
