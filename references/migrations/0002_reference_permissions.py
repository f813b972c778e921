"""Both staff roles manage references (the Reference snippet)."""

from django.db import migrations

from pages.migrations._roles import grant_model_permissions, revoke_model_permissions

ACTIONS = ("add", "change", "delete")


def grant(apps, schema_editor):
    grant_model_permissions(apps, "references", "reference", ACTIONS)


def revoke(apps, schema_editor):
    revoke_model_permissions(apps, "references", "reference", ACTIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("references", "0001_initial"),
        ("pages", "0003_editor_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
