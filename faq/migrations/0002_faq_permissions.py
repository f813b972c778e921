"""Both staff roles write, publish and delete FAQs (the FAQ snippet)."""

from django.db import migrations

from pages.migrations._roles import grant_model_permissions, revoke_model_permissions

ACTIONS = ("add", "change", "delete", "publish")


def grant(apps, schema_editor):
    grant_model_permissions(apps, "faq", "faq", ACTIONS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, "faq", "faq", ACTIONS)


class Migration(migrations.Migration):
    dependencies = [("faq", "0001_initial"), ("pages", "0003_editor_groups")]

    operations = [migrations.RunPython(grant, revoke)]
