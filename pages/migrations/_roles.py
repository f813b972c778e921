"""Helpers for the data migrations that grant the staff roles their rights.

(Migration modules starting with an underscore are not migrations themselves.)
"""

ROLES = ("Marketing", "Medical Director")


def permission(apps, app_label, model, codename):
    """Permissions are normally created after migrating; make sure they exist."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )
    return perm


def grant_model_permissions(apps, app_label, model, actions, roles=ROLES):
    """Give each role `<action>_<model>` for the listed actions."""
    Group = apps.get_model("auth.Group")
    for name in roles:
        group, _ = Group.objects.get_or_create(name=name)
        for action in actions:
            group.permissions.add(permission(apps, app_label, model, f"{action}_{model}"))


def revoke_model_permissions(apps, app_label, model, actions, roles=ROLES):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    codenames = [f"{action}_{model}" for action in actions]
    perms = Permission.objects.filter(
        content_type__app_label=app_label, codename__in=codenames
    )
    for group in Group.objects.filter(name__in=roles):
        group.permissions.remove(*perms)
