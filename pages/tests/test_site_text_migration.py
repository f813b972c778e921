"""Migrating a database whose practice details still hold the crisis lines:
what every page showed is carried into crisis lines and notices, for every
site (pages 0019), and the old fields go (0020)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from pages.models import SiteTextSettings

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("pages", "0018_site_text_settings")]
AFTER = [("pages", "0020_remove_moved_practice_details")]


def migrate(targets):
    """Migrate the test database to `targets`; the models as they were."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def stream(site_text):
    return [
        (child.block_type, child.block.get_prep_value(child.value))
        for child in site_text.crisis_lines
    ]


def test_what_pages_showed_is_carried_over_for_every_site():
    old = migrate(BEFORE)
    try:
        Site = old.get_model("wagtailcore", "Site")
        Page = old.get_model("wagtailcore", "Page")
        old.get_model("pages", "SiteTextSettings").objects.all().delete()
        site = Site.objects.get(is_default_site=True)
        Page.objects.filter(pk=site.root_page_id).update(title="Talk to admissions")
        old.get_model("pages", "SiteSettings").objects.update_or_create(
            site=site,
            defaults={
                "practice_name": "Manifest Behavioral Health",
                "phone": "(949) 735-5705",
                "city": "Laguna Hills",
                "region": "CA",
                "availability_note": "Weekdays, 8 am to 6 pm.",
                # Marketing had typed over the 988 Lifeline.
                "crisis_line_name": "City services",
                "crisis_line_number": "311",
                "emergency_number": "911",
                "helpline_name": "SAMHSA National Helpline",
                "helpline_number": "(800) 662-4357",
                "enquiry_page_id": site.root_page_id,
            },
        )
        second = Site.objects.create(
            hostname="second.example", port=80, root_page_id=site.root_page_id
        )

        new = migrate(AFTER)

        site_text = SiteTextSettings.objects.get(site_id=site.pk)
        assert stream(site_text) == [
            ("other", {"name": "City services", "number": "311", "note": ""}),
            ("national", "911"),
            ("national", "samhsa"),
        ]
        assert site_text.availability_note == "Weekdays, 8 am to 6 pm."
        assert site_text.contact_label == "Talk to admissions"
        assert site_text.live and not site_text.has_unpublished_changes
        # A site whose practice details were never set: the defaults.
        defaults = SiteTextSettings.objects.get(site_id=second.pk)
        assert stream(defaults) == [
            ("national", "988"),
            ("national", "911"),
            ("national", "samhsa"),
        ]
        assert defaults.contact_label == "Contact admissions"
        old_fields = {"crisis_line_number", "availability_note", "helpline_note"}
        kept = {f.name for f in new.get_model("pages", "SiteSettings")._meta.fields}
        assert not old_fields & kept
    finally:
        migrate(latest())
