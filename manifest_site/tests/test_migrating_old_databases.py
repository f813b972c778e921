"""A database made and filled by the code of commit 1c9a32e, the last one
before the apps were split, migrates forward with the current code and loses
no page, revision, review, workflow state, group permission or snippet.

The split moved ClinicalReviewTask to `review`, and ContentVersion to
`caching`, by migration state only (pages 0013 renames the content types in
place). The rest of the suite never runs that path: its test databases are
built from scratch, with nothing to carry over. So this test:

1. exports commit 1c9a32e with git and, with that code (in subprocesses),
   migrates a database, loads the demo and puts clinical pages in every
   workflow state: in review, changes requested, approved and published;
2. takes a summary of the data with plain Django and Wagtail queries that
   mean the same under both versions of the code;
3. migrates the same database with the current code and takes the summary
   again. It must be the same, except for the two moved content types (new
   labels, old ids), the workflow's task (review's ClinicalReviewTask) and
   what later releases change on purpose. No migration may be left
   unapplied, and the reviewed pages must still show their review.

It uses the run's engine: an SQLite file, or a PostgreSQL database of its
own (dropped afterwards), so that CI's two runs can go side by side.
"""

import io
import json
import os
import secrets
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from psycopg import sql

from operations.production_server import manage as run_manage

pytestmark = pytest.mark.slow  # starts the old code's manage.py, several times
PROJECT = Path(__file__).resolve().parents[2]
OLD_COMMIT = "1c9a32e"
# The moved models, and the app each belongs to now.
MOVED = {"clinicalreviewtask": "review", "contentversion": "caching"}
# The workflow task of the "Clinical review" workflow (pages 0011).
REVIEW_TASK = "Medical Director approval"
# Reviewed before the upgrade: one by the demo, one through the workflow.
REVIEWED_PAGES = ("/resources/php-vs-iop/", "/levels-of-care/virtual-iop/")

# Run with the old code, after load_demo: only APIs that exist at 1c9a32e.
FILL_IN_WORKFLOWS = """
from django.contrib.auth import get_user_model
from pages.models import ArticlePage, ProgramPage

User = get_user_model()
marketing = User.objects.get(username="marketing")
director = User.objects.get(username="medical.director")


def submit(page):
    # An editor's change, saved as a draft and sent for clinical review.
    page.summary += " Edited before the upgrade."
    page.save_revision(user=marketing, log_action=True)
    return page.get_workflow().start(page, marketing)


def act(workflow_state, action, comment):
    task_state = workflow_state.current_task_state
    task = task_state.task.specific
    task.on_action(task_state, director, action, comment=comment)


submit(ArticlePage.objects.get(slug="what-is-an-iop"))
act(
    submit(ArticlePage.objects.get(slug="co-occurring-conditions")),
    "reject",
    "Cite the NIDA guide for the one-team claim.",
)
act(submit(ProgramPage.objects.get(slug="virtual-iop")), "approve", "")
"""

# Run with the NEW code before it migrates: a server of the new release that
# answers a request (or a command run before `migrate`) asks for the moved
# models' content types, and Django makes new, empty ones. pages 0013 must
# fold them into the old ones: ids kept, and a grant made on a new permission
# carried over to the old permission of the same codename.
NEW_CODE_ASKS_FIRST = """
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from caching.models import ContentVersion
from review.models import ClinicalReviewTask

for model in (ClinicalReviewTask, ContentVersion):
    content_type = ContentType.objects.get_for_model(model)
    for action in ("add", "change", "delete", "view"):
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model._meta.model_name}",
            defaults={"name": f"Can {action}"},
        )
grant = Permission.objects.get(
    content_type__app_label="review", codename="view_clinicalreviewtask"
)
Group.objects.get(name="Marketing").permissions.add(grant)
"""

# Run with both versions of the code: the data, by ids and model names (the
# moved models' app labels apart), and the reviewed pages as rendered. Writes
# JSON to SUMMARY_FILE, as the output also holds the site's log lines.
SUMMARY = """
import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    PageLogEntry,
    Revision,
    Task,
    TaskState,
    WorkflowState,
    WorkflowTask,
)
MOVED = ("clinicalreviewtask", "contentversion")
REVIEW_FIELDS = (
    "review_status", "reviewed_revision_id", "reviewed_at", "reviewer_id",
    "reviewed_by_id", "reviewed_fingerprint", "review_due_at",
)
SNIPPETS = {"FAQ": "faq", "Reference": "references", "Topic": "pages",
            "Clinician": "pages"}


def rows(queryset, *fields):
    return list(queryset.values(*fields))


def model_named(name):
    # A moved model's app label depends on the version of the code.
    [model] = [m for m in apps.get_models() if m._meta.model_name == name]
    return model


def digest(content):
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def task_row(task):
    specific = task.specific  # the Task itself if its type is unknown
    groups = getattr(specific, "groups", None)
    return {
        "id": task.id, "name": task.name, "active": task.active,
        "content_type_id": task.content_type_id,
        "specific_model": type(specific)._meta.model_name,
        "groups": None if groups is None else sorted(g.name for g in groups.all()),
    }


pages = rows(
    Page.objects.order_by("id"), "id", "title", "url_path",
    "content_type__app_label", "content_type__model", "live",
    "has_unpublished_changes", "live_revision_id", "latest_revision_id",
)
summary = {
    "pages": pages,
    "pages_by_type": Counter(
        f"{page['content_type__app_label']}.{page['content_type__model']}"
        for page in pages
    ),
    "clinical_reviews": {
        name: rows(apps.get_model("pages", name).objects.order_by("id"),
                   "url_path", *REVIEW_FIELDS)
        for name in ("ArticlePage", "ProgramPage")
    },
    "revisions": [
        {"id": r.id, "base_content_type_id": r.base_content_type_id,
         "content_type_id": r.content_type_id, "object_id": r.object_id,
         "user_id": r.user_id, "content_sha256": digest(r.content)}
        for r in Revision.objects.order_by("id")
    ],
    "workflow_tasks": rows(WorkflowTask.objects.order_by("id"), "workflow__name",
                           "workflow__active", "task_id", "sort_order"),
    "workflow_states": rows(
        WorkflowState.objects.order_by("id"), "id", "workflow_id",
        "content_type_id", "object_id", "status", "requested_by__username",
        "current_task_state_id", "current_task_state__task_id",
        "current_task_state__status",
    ),
    "task_states": rows(TaskState.objects.order_by("id"), "id",
                        "workflow_state_id", "task_id", "revision_id", "status",
                        "finished_by__username", "comment"),
    "tasks": [task_row(task) for task in Task.objects.order_by("id")],
    "group_permissions": {
        group.name: sorted(group.permissions.values_list(
            "id", "content_type_id", "codename"))
        for group in Group.objects.order_by("name")
    },
    "group_page_permissions": sorted(GroupPagePermission.objects.values_list(
        "group__name", "page_id", "permission__codename")),
    "group_collection_permissions": sorted(
        GroupCollectionPermission.objects.values_list(
            "group__name", "collection_id", "permission__codename")),
    "user_groups": {
        user.username: sorted(user.groups.values_list("name", flat=True))
        for user in get_user_model().objects.order_by("username")
    },
    "snippets": {
        name: rows(apps.get_model(app, name).objects.order_by("id"), "id",
                   "latest_revision_id")
        for name, app in SNIPPETS.items()
    },
    "content_version": rows(model_named("contentversion").objects.order_by("id"),
                            "id", "value"),
    "page_history": Counter(PageLogEntry.objects.values_list("action", flat=True)),
    "content_types": {
        ct.id: f"{ct.app_label}.{ct.model}"
        for ct in ContentType.objects.exclude(model__in=MOVED)
    },
    "moved_permissions": rows(
        Permission.objects.filter(content_type__model__in=MOVED).order_by("id"),
        "id", "content_type_id", "codename"),
    # The two parts that change on purpose.
    "moved_content_types": {
        name: rows(ContentType.objects.filter(model=name).order_by("id"), "id",
                   "app_label")
        for name in MOVED
    },
    "task_classes": {task.name: task.specific._meta.label
                     for task in Task.objects.all()},
}
client = Client(HTTP_HOST="localhost")
html = {}
for path in os.environ["RENDER_PATHS"].split():
    response = client.get(path)
    html[path] = [response.status_code, response.content.decode()]
Path(os.environ["SUMMARY_FILE"]).write_text(
    json.dumps({"summary": summary, "html": html}, default=str, sort_keys=True)
)
"""


@pytest.fixture
def workdir():
    """A folder for the old code, the media and the SQLite file, removed
    afterwards."""
    with tempfile.TemporaryDirectory(prefix="manifest-migrating-") as folder:
        yield Path(folder)


@pytest.fixture
def database_url(workdir):
    """A fresh, empty database of this test's own, of the run's engine."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{workdir / 'old-site.sqlite3'}"
        return
    db = connection.settings_dict
    server = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }
    name = f"manifest_migrating_{secrets.token_hex(6)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
            yield (
                f"postgres://{quote(db['USER'], safe='')}{password}@"
                f"{quote(server['host'], safe='')}:{server['port']}/{name}"
            )
        finally:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )


def export_old_code(destination):
    """The project as it was at OLD_COMMIT, from the repository's history."""
    if shutil.which("git") is None:
        pytest.fail("git is needed to export the code of commit " + OLD_COMMIT)
    result = subprocess.run(
        ["git", "-C", str(PROJECT), "archive", "--format=tar", OLD_COMMIT],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(
            f"Cannot export commit {OLD_COMMIT}: the checkout needs the "
            f"project's history (a full clone, not a shallow one).\n"
            f"{result.stderr.decode()}"
        )
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(destination, filter="data")
    return destination


def site_environment(workdir, database_url):
    """Development settings on our own database and media folder, whatever
    the run's own environment says."""
    env = {
        key: value
        for key, value in os.environ.items()
        # Nothing of the other version's code on the path, no shared Redis
        # and no media bucket.
        if key not in {"PYTHONPATH", "REDIS_URL", "MEDIA_STORAGE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="manifest_site.settings.dev",
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="0",
        MEDIA_ROOT=str(workdir / "media"),
        DEMO_PASSWORD="demo-password-for-tests",
        ALLOWED_HOSTS="localhost",
        # Wagtail emails the reviewers; keep that out of the output.
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        RENDER_PATHS=" ".join(REVIEWED_PAGES),
        SUMMARY_FILE=str(workdir / "summary.json"),
    )
    return env


def manage(code, env, *args):
    """`manage.py` of the code in folder `code`; fails the test on an error."""
    result = run_manage(env, *args, code=code)
    assert result.returncode == 0, (
        f"manage.py {args[0]} failed with the code in {code}:\n"
        f"{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
    )
    return result


def take_summary(code, env):
    """The summary of the data, and the reviewed pages' HTML, as the code in
    folder `code` sees them."""
    manage(code, env, "shell", "-c", SUMMARY)
    taken = json.loads(Path(env["SUMMARY_FILE"]).read_text())
    return taken["summary"], taken["html"]


def review_notice(response):
    """The review notice of a rendered page: its classes and its text."""
    status, html = response
    assert status == 200
    notice = BeautifulSoup(html, "html.parser").select_one("aside.review-notice")
    return notice["class"], notice.get_text(" ", strip=True)


def check_the_old_site_has_everything_to_carry_over(summary, html):
    """Otherwise the comparison would prove little."""
    states = summary["workflow_states"]
    assert {state["status"] for state in states} == {
        "in_progress",
        "needs_changes",
        "approved",
    }
    [rejected] = [s for s in summary["task_states"] if s["status"] == "rejected"]
    assert rejected["comment"] and rejected["finished_by__username"]
    review_status = {
        page["url_path"]: page["review_status"]
        for pages in summary["clinical_reviews"].values()
        for page in pages
    }
    for path in REVIEWED_PAGES:
        # url_path starts with the home page's slug.
        assert review_status["/home" + path] == "reviewed", path
        assert review_notice(html[path])[1].startswith("Medically reviewed by")
    [task] = [task for task in summary["tasks"] if task["name"] == REVIEW_TASK]
    assert task["specific_model"] == "clinicalreviewtask"
    assert task["groups"] == ["Medical Director"]
    assert summary["task_classes"][REVIEW_TASK] == "pages.ClinicalReviewTask"
    assert all(summary["snippets"].values())
    assert summary["group_permissions"]["Medical Director"]
    assert summary["content_version"][0]["value"] > 0


# Wagtail's default workflow, which no group of ours could approve: review
# 0002 removes it (it never held a page here).
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
# pages 0018, 0021, references 0005, review 0004: site text, drafts, interval.
DRAFTS = {"publish_topic", "publish_clinician", "publish_reference"}
NEW_GRANTS = {
    "Marketing": {"change_sitetextsettings", "view_sitetextsettings", *DRAFTS},
    "Medical Director": {"publish_sitetextsettings", "change_clinicalreviewsettings"}
    | {"change_sitetextsettings", "view_sitetextsettings", *DRAFTS},
}


def set_aside_changes_made_on_purpose(before, after):
    """What later releases change on purpose, checked here and then left out
    of the comparison of everything else."""
    # review 0002: only the clinical review workflow exists.
    assert WAGTAIL_DEFAULT_WORKFLOW not in after["task_classes"]
    assert not [
        row
        for row in after["workflow_tasks"]
        if row["workflow__name"] == WAGTAIL_DEFAULT_WORKFLOW
    ]
    before["task_classes"].pop(WAGTAIL_DEFAULT_WORKFLOW, None)
    before["workflow_tasks"] = [
        row
        for row in before["workflow_tasks"]
        if row["workflow__name"] != WAGTAIL_DEFAULT_WORKFLOW
    ]
    before["tasks"] = [
        task for task in before["tasks"] if task["name"] != WAGTAIL_DEFAULT_WORKFLOW
    ]
    # The rule of what is clinical grew (review.rules.RULE): approvals are
    # fingerprinted again, from the revision they approved, under the new
    # rule; what a review approved, when and by whom stays.
    for summary in (before, after):
        for rows in summary["clinical_reviews"].values():
            for row in rows:
                row.pop("reviewed_fingerprint")
    for group, codenames in NEW_GRANTS.items():
        new = [row for row in after["group_permissions"][group] if row[2] in codenames]
        assert {row[2] for row in new} == codenames, group
        before["group_permissions"][group] += new  # the newest permissions
    # Caches retire with every such change: the content version only moves on.
    [version_before] = before.pop("content_version")
    [version_after] = after.pop("content_version")
    assert version_after["value"] >= version_before["value"]


def test_a_database_of_the_old_code_migrates_without_losing_anything(
    workdir, database_url
):
    env = site_environment(workdir, database_url)
    old_code = export_old_code(workdir / "old-code")
    manage(old_code, env, "migrate", "--noinput")
    manage(old_code, env, "load_demo")
    manage(old_code, env, "shell", "-c", FILL_IN_WORKFLOWS)
    before, html_before = take_summary(old_code, env)
    check_the_old_site_has_everything_to_carry_over(before, html_before)

    manage(PROJECT, env, "shell", "-c", NEW_CODE_ASKS_FIRST)
    manage(PROJECT, env, "migrate", "--noinput")
    manage(PROJECT, env, "migrate", "--check")  # fails if anything is unapplied
    after, html_after = take_summary(PROJECT, env)
    set_aside_changes_made_on_purpose(before, after)

    # The moved content types keep their ids under their new app labels, and
    # no second one was made for either model.
    for model, app_label in MOVED.items():
        [moved] = before["moved_content_types"][model]
        assert moved["app_label"] == "pages"
        assert after["moved_content_types"][model] == [
            {"id": moved["id"], "app_label": app_label}
        ], model
    assert after["task_classes"] == {
        **before["task_classes"],
        REVIEW_TASK: "review.ClinicalReviewTask",
    }
    # Every other content type keeps its id and label (later commits' new
    # models may add some).
    assert before["content_types"].items() <= after["content_types"].items()
    # The grant made on the new code's duplicate permission lives on, on the
    # old permission of the same codename.
    [view_task] = [
        permission
        for permission in before["moved_permissions"]
        if permission["codename"] == "view_clinicalreviewtask"
    ]
    marketing_after = after["group_permissions"].pop("Marketing")
    marketing_before = before["group_permissions"].pop("Marketing")
    assert sorted(map(list, marketing_after)) == sorted(
        [
            *map(list, marketing_before),
            [view_task["id"], view_task["content_type_id"], "view_clinicalreviewtask"],
        ]
    )
    # Everything else is as it was.
    checked_above = {"moved_content_types", "task_classes", "content_types"}
    changed = [
        section
        for section in before
        if section not in checked_above and after[section] != before[section]
    ]
    assert changed == [], {
        section: {"before": before[section], "after": after[section]}
        for section in changed
    }
    # The reviewed pages still say so, as they did before.
    for path in REVIEWED_PAGES:
        assert review_notice(html_after[path]) == review_notice(html_before[path])
