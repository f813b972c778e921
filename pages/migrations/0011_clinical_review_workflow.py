"""The "Clinical review" workflow: one task, approval by the Medical
Director group. Clinical page types use it wherever they sit in the tree
(ClinicalReviewMixin.get_workflow). Both roles manage clinician profiles."""

from django.db import migrations

from pages.migrations._roles import grant_model_permissions, revoke_model_permissions

WORKFLOW = "Clinical review"
TASK = "Medical Director approval"


def install(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    ClinicalReviewTask = apps.get_model("pages.ClinicalReviewTask")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model="clinicalreviewtask"
    )
    task, _ = ClinicalReviewTask.objects.get_or_create(
        name=TASK, defaults={"active": True, "content_type": task_type}
    )
    director, _ = Group.objects.get_or_create(name="Medical Director")
    task.groups.set([director])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, sort_order=0)
    grant_model_permissions(apps, "pages", "clinician", ("add", "change", "delete"))


def uninstall(apps, schema_editor):
    apps.get_model("wagtailcore.Workflow").objects.filter(name=WORKFLOW).delete()
    apps.get_model("pages.ClinicalReviewTask").objects.filter(name=TASK).delete()
    revoke_model_permissions(apps, "pages", "clinician", ("add", "change", "delete"))


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0010_clinical_review"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
