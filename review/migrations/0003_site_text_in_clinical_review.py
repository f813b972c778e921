"""Crisis lines and notices (pages.SiteTextSettings) go through the
"Clinical review" workflow: Marketing submits a draft, the Medical Director
approves it before it goes live. Wagtail assigns a snippet's workflow by its
content type."""

from django.db import migrations

CLINICAL_REVIEW_WORKFLOW = "Clinical review"


def assign(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    ContentType = apps.get_model("contenttypes", "ContentType")
    workflow = Workflow.objects.filter(name=CLINICAL_REVIEW_WORKFLOW).first()
    if workflow is None:
        return
    content_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model="sitetextsettings"
    )
    WorkflowContentType.objects.update_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )


def unassign(apps, schema_editor):
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="pages", content_type__model="sitetextsettings"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0002_only_the_clinical_review_workflow"),
        ("pages", "0018_site_text_settings"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(assign, unassign)]
