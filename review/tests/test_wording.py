"""The practice's words, not Wagtail's generic ones, in the admin and in
emails: nothing is "moderated", "rejected" or "locked by workflow"."""

from pathlib import Path

import polib
import pytest
import wagtail
from bs4 import BeautifulSoup

from review.rules import clinical_fingerprint

LOCALE = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).resolve().parent


def wagtail_msgids():
    ids = set()
    for po in WAGTAIL.rglob("locale/en/LC_MESSAGES/django.po"):
        ids.update(entry.msgid for entry in polib.pofile(str(po)))
    return ids


def test_the_compiled_catalog_is_the_source():
    source = {e.msgid: e.msgstr for e in polib.pofile(str(LOCALE / "django.po"))}
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(LOCALE / "django.mo"))}
    assert compiled == source


def test_every_replaced_string_is_one_wagtail_shows():
    """A Wagtail upgrade that rewords a string would leave ours unused."""
    ours = {e.msgid for e in polib.pofile(str(LOCALE / "django.po")) if e.msgid}
    assert ours - wagtail_msgids() == set()


def test_no_replacement_uses_wagtails_words():
    for entry in polib.pofile(str(LOCALE / "django.po")):
        text = entry.msgstr.lower()
        for word in ("moderation", "rejected", "locked by workflow"):
            assert word not in text, entry.msgid


@pytest.mark.django_db
def test_the_seo_title_help_says_the_practice_name_is_added(admin_client, home_page):
    response = admin_client.get(f"/admin/pages/{home_page.pk}/edit/")
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one("#id_seo_title")
    help_ids = field["aria-describedby"].split()
    text = " ".join(soup.select_one(f"#{i}").get_text(" ") for i in help_ids)
    assert "The practice's name is added after it" in text


def test_workflow_e_mails_use_the_practices_words(
    staff, article, django_capture_on_commit_callbacks, mailoutbox
):
    """Submitted, changes requested, approved: every email Wagtail sends
    along the way, to the Medical Director group and to the submitter."""
    marketing, director = staff["marketing"], staff["director"]
    page = article
    with django_capture_on_commit_callbacks(execute=True):
        workflow_state = page.get_workflow().start(page, marketing.user)
        task_state = workflow_state.current_task_state
        task_state.task.specific.on_action(
            task_state, director.user, "reject", comment="Cite the hours."
        )
        workflow_state.refresh_from_db()
        workflow_state.resume(marketing.user)
        task_state = workflow_state.current_task_state
        revision = page.get_latest_revision()
        task_state.task.specific.on_action(
            task_state,
            director.user,
            "approve",
            revision=revision.pk,
            fingerprint=clinical_fingerprint(revision.as_object()),
        )
    assert len(mailoutbox) >= 3
    for message in mailoutbox:
        text = " ".join(
            [message.subject, message.body, *(a[0] for a in message.alternatives)]
        ).lower()
        for word in ("moderation", "rejected", "locked"):
            assert word not in text, (word, message.subject)
    subjects = " | ".join(message.subject for message in mailoutbox)
    assert "is waiting for" in subjects
    assert "Changes requested" in subjects or "requested changes" in subjects
