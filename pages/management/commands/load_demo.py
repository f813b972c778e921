"""Demo content from the practice facts in the product specification.

Idempotent: settings fill only blank fields, pages are created only when
missing and accounts only when absent, so a second run changes nothing and
staff edits survive.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Site

from pages.models import HomePage, SiteSettings, StandardPage

PRACTICE = {
    "practice_name": "Manifest Behavioral Health",
    "phone": "(949) 735-5705",
    "city": "Laguna Hills",
    "region": "CA",
    "service_area": "Outpatient care for adults across South Orange County.",
    "availability_note": (
        "Call admissions to ask about a program or to have your insurance "
        "benefits checked, free and confidentially."
    ),
}

DEMO_USERS = [
    # (username, group, first name, last name)
    ("marketing", "Marketing", "Demo", "Marketing"),
    ("medical.director", "Medical Director", "Demo", "Medical Director"),
]


def heading(text, level="h2"):
    return ("heading", {"heading": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


HOME = {
    "hero_heading": (
        "Outpatient treatment for mental health and substance use, close to home"
    ),
    "hero_text": (
        "Structured programs for adults in Orange County when weekly therapy "
        "is no longer enough: intensive outpatient, partial hospitalization, "
        "virtual IOP and aftercare."
    ),
    "intro": (
        "<p>Our practice in Laguna Hills treats mental health conditions and "
        "co-occurring substance use together, with one team, so you do not "
        "have to coordinate separate providers.</p>"
    ),
    "body": [
        heading("Levels of care"),
        paragraph(
            "<ul><li><b>Intensive outpatient program (IOP)</b>: about nine or "
            "more hours a week, usually three evening sessions of around three "
            "hours, while you keep living at home.</li>"
            "<li><b>Partial hospitalization program (PHP)</b>: a fuller "
            "weekday schedule for when you need more support.</li>"
            "<li><b>Virtual IOP</b>: the same structured care from home.</li>"
            "<li><b>Aftercare</b>: continued support once a program ends.</li>"
            "</ul><p>We do not provide detox or residential care. If you need "
            "either, we help you find the right place.</p>"
        ),
        heading("Checking your insurance"),
        paragraph(
            "<p>Most PPO and POS plans cover intensive outpatient treatment "
            "after the deductible. Our admissions team verifies your benefits "
            "free and confidentially before you enrol, so you know what to "
            "expect.</p>"
        ),
    ],
}

STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About us",
        "show_in_menus": True,
        "summary": (
            "An outpatient mental health and addiction treatment practice in "
            "Laguna Hills, California."
        ),
        "body": [
            heading("What we do"),
            paragraph(
                "<p>We offer intensive outpatient, partial hospitalization, "
                "virtual intensive outpatient and aftercare programs for "
                "adults. Group therapy sits at the core of each program, "
                "alongside individual therapy, medication management when it "
                "is appropriate, and work with families.</p>"
            ),
            heading("One team for mental health and substance use"),
            paragraph(
                "<p>Depression, anxiety and substance use often come together. "
                "Our clinicians treat them together, in one plan.</p>"
            ),
        ],
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "show_in_menus": False,
        "summary": "What this website does, and does not do, with your data.",
        "body": [
            heading("No trackers"),
            paragraph(
                "<p>This website loads everything from our own server. It uses "
                "no advertising pixels, analytics services, social media "
                "widgets or fonts from other companies, so no one else learns "
                "that you visited.</p>"
            ),
            heading("Cookies"),
            paragraph(
                "<p>Visitors reading our pages get no cookies. Our staff get a "
                "session cookie when they sign in to edit the site.</p>"
            ),
        ],
    },
]


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
        site = Site.objects.get(is_default_site=True)
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise CommandError("The default site's root page is not a HomePage.")
        if if_empty and home.latest_revision_id is not None:
            self.stdout.write("The site already has content; demo not loaded.")
            return

        with transaction.atomic():
            site_settings = self.load_settings(site)
            self.load_home(home)
            pages = {
                spec["slug"]: self.load_standard_page(home, spec)
                for spec in STANDARD_PAGES
            }
            if site_settings.privacy_page_id is None:
                site_settings.privacy_page = pages["privacy"]
                site_settings.save(update_fields=["privacy_page"])
        if settings.DEMO_USERS_ALLOWED:
            self.load_users()
        self.stdout.write(self.style.SUCCESS("Demo content is in place."))

    def load_settings(self, site):
        site_settings = SiteSettings.for_site(site)
        blank = [name for name in PRACTICE if not getattr(site_settings, name)]
        for name in blank:
            setattr(site_settings, name, PRACTICE[name])
        if blank:
            site_settings.full_clean()
            site_settings.save()
        return site_settings

    def load_home(self, home):
        if home.latest_revision_id is not None:
            return  # Staff (or an earlier run) have written the home page.
        for name, value in HOME.items():
            setattr(home, name, value)
        home.save_revision(log_action=True).publish()

    def load_standard_page(self, home, spec):
        existing = home.get_children().filter(slug=spec["slug"]).first()
        if existing is not None:
            return existing
        page = StandardPage(**spec)
        home.add_child(instance=page)
        page.save_revision(log_action=True).publish()
        return page

    def load_users(self):
        User = get_user_model()
        password = os.environ.get("DEMO_PASSWORD")
        for username, group_name, first_name, last_name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            user_password = password or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                email=f"{username}@example.com",
                password=user_password,
                first_name=first_name,
                last_name=last_name,
            )
            user.groups.add(Group.objects.get(name=group_name))
            shown = "from DEMO_PASSWORD" if password else user_password
            self.stdout.write(
                f"Created demo user {username!r} ({group_name}); password: {shown}"
            )
