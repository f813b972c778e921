"""Only the "Clinical review" workflow may exist and be offered.

Wagtail installs a "Moderators approval" workflow on the root page: every
non-clinical page then offered "Submit to Moderators approval", which locked
the page and which no group of ours can approve. Every workflow other than
Clinical review goes: what is in progress in it is cancelled (so no page
stays locked), it is unlinked from pages and snippet types, and it is
deleted; one with a history is kept, inactive, for that history. Their tasks
likewise, unless the Clinical review workflow uses them. Non-clinical pages
then publish directly.
"""

from django.db import migrations

CLINICAL_REVIEW_WORKFLOW = "Clinical review"
OPEN = ("in_progress", "needs_changes")


def keep_only_clinical_review(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowState = apps.get_model("wagtailcore", "WorkflowState")
    Task = apps.get_model("wagtailcore", "Task")
    TaskState = apps.get_model("wagtailcore", "TaskState")

    others = Workflow.objects.exclude(name=CLINICAL_REVIEW_WORKFLOW)
    for workflow in others:
        states = WorkflowState.objects.filter(workflow=workflow)
        TaskState.objects.filter(
            workflow_state__in=states, status="in_progress"
        ).update(status="cancelled")
        states.filter(status__in=OPEN).update(status="cancelled")
        WorkflowPage.objects.filter(workflow=workflow).delete()
        WorkflowContentType.objects.filter(workflow=workflow).delete()
        if states.exists():
            workflow.active = False
            workflow.save(update_fields=["active"])
        else:
            workflow.delete()

    kept = Task.objects.filter(
        workflow_tasks__workflow__name=CLINICAL_REVIEW_WORKFLOW
    ).values_list("pk", flat=True)
    for task in Task.objects.exclude(pk__in=list(kept)):
        if TaskState.objects.filter(task=task).exists():
            task.active = False
            task.save(update_fields=["active"])
        else:
            task.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(keep_only_clinical_review, migrations.RunPython.noop),
    ]
