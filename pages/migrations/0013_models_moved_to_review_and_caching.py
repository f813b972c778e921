"""ClinicalReviewTask moved to the review app, ContentVersion to caching.

Only the migration state moves: the tables (pages_clinicalreviewtask, its
groups, pages_contentversion), their rows and the workflow's tasks stay as
they are, and the two content types are renamed in place, so that every row
pointing at them (the task's own content type, permissions, log entries)
keeps its id. review 0001 and caching 0001 take the models into their state.
"""

from django.db import migrations

MOVED = [("clinicalreviewtask", "review"), ("contentversion", "caching")]


def rename_content_types(apps, schema_editor, forward=True):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, new_app in MOVED:
        source, target = ("pages", new_app) if forward else (new_app, "pages")
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        duplicate = ContentType.objects.filter(app_label=target, model=model).first()
        if duplicate is not None:
            # The code of the new release asked for the content type before
            # this migration ran (a server answering, a command run first)
            # and got a new, empty one: fold it into the old row, which keeps
            # its id and everything that points at it.
            fold_content_type(apps, duplicate, into=old)
        old.app_label = target
        old.save(update_fields=["app_label"])


def fold_content_type(apps, duplicate, into):
    """Point every row that references `duplicate` at `into`, merge their
    permissions (grants included), and delete `duplicate`."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(content_type=duplicate):
        kept = Permission.objects.filter(
            content_type=into, codename=permission.codename
        ).first()
        if kept is None:
            permission.content_type = into
            permission.save(update_fields=["content_type"])
            continue
        for group in permission.group_set.all():
            group.permissions.add(kept)
        for user in permission.user_set.all():
            user.user_permissions.add(kept)
        permission.delete()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.many_to_one
                and field.concrete
                and field.related_model is ContentType
                and model is not Permission
            ):
                model._base_manager.filter(**{field.name: duplicate}).update(
                    **{field.name: into}
                )
    duplicate.delete()


def forwards(apps, schema_editor):
    rename_content_types(apps, schema_editor, forward=True)


def backwards(apps, schema_editor):
    rename_content_types(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0012_programs_team_enquiry_link"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ClinicalReviewTask"),
                migrations.DeleteModel(name="ContentVersion"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
