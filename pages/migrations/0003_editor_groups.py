"""The two staff roles: Marketing and Medical Director.

Both may use the admin, edit and publish every page under Home, manage images
and documents, and edit the practice details. The clinical-review permission
that sets the Medical Director apart arrives with the review workflow.
"""

from django.db import migrations

from pages.migrations._roles import ROLES as GROUPS
from pages.migrations._roles import permission

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ("add", "change", "choose", "delete"),
    ("wagtaildocs", "document"): ("add", "change", "choose", "delete"),
}
MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("pages", "sitesettings", "change_sitesettings"),
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    # Wagtail's sample "Editors" and "Moderators" groups would be a second,
    # confusing set of roles; drop them while nobody belongs to them.
    Group.objects.filter(name__in=("Editors", "Moderators"), user__isnull=True).delete()
    HomePage = apps.get_model("pages.HomePage")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")

    home = HomePage.objects.filter(depth=2).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename in MODEL_PERMISSIONS:
            group.permissions.add(permission(apps, app_label, model, codename))
        if home is not None:
            for codename in PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page_id=home.pk,
                    permission=permission(apps, "wagtailcore", "page", codename),
                )
        if root_collection is not None:
            for (app_label, model), actions in COLLECTION_PERMISSIONS.items():
                for action in actions:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(
                            apps, app_label, model, f"{action}_{model}"
                        ),
                    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0002_create_homepage"),
        # After the apps' own permission migrations (choose_image and so on).
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
