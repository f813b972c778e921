"""Both staff roles manage topics (the Topic snippet)."""

from django.db import migrations

from pages.migrations._roles import grant_model_permissions, revoke_model_permissions

ACTIONS = ("add", "change", "delete")


def grant(apps, schema_editor):
    grant_model_permissions(apps, "pages", "topic", ACTIONS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, "pages", "topic", ACTIONS)


class Migration(migrations.Migration):
    dependencies = [("pages", "0004_articles_and_programs")]

    operations = [migrations.RunPython(grant, revoke)]
