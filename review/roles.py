"""Who does what in clinical review: the Medical Director group approves;
the staff who edit pages use the desk."""

from wagtail.permission_policies.pages import PagePermissionPolicy

from review.rules import MEDICAL_DIRECTOR_GROUP


def can_review(user):
    """Whether `user` approves clinical content (the dashboard panel's
    audience)."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=MEDICAL_DIRECTOR_GROUP).exists()
    )


def can_use_desk(user):
    """Whether `user` edits pages: the desk is about pages and who holds them
    up, which is no business of staff who only read inquiries."""
    return user.is_active and PagePermissionPolicy().user_has_any_permission(
        user, {"change", "publish"}
    )
