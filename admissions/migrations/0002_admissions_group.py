"""The Admissions group: uses the admin, reads, keeps, exports and deletes
enquiries, and sets how long they are kept. Nobody adds an enquiry in the
admin, and no other group can read them."""

from django.db import migrations

from pages.migrations._roles import permission

GROUP = "Admissions"
PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("admissions", "enquiry", "view_enquiry"),
    ("admissions", "enquiry", "change_enquiry"),
    ("admissions", "enquiry", "delete_enquiry"),
    ("admissions", "admissionssettings", "change_admissionssettings"),
]


def create_group(apps, schema_editor):
    group, _ = apps.get_model("auth.Group").objects.get_or_create(name=GROUP)
    for app_label, model, codename in PERMISSIONS:
        group.permissions.add(permission(apps, app_label, model, codename))


def remove_group(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("admissions", "0001_initial"),
        # After Wagtail's own permission migrations: they create access_admin,
        # and give every group that has it choose_image and choose_document.
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
