"""Driving the admin as staff do, for the review app's tests: signed-in
members of a group posting the admin's real forms (with Django's CSRF check
on), the article editor's form, and the approve dialog."""

import json

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from accounts.tests.sign_in import sign_in
from pages.models import ReviewStatus
from review.editor import SHOWN_FINGERPRINT, SHOWN_REVISION
from review.recording import record_approval
from richtext.features import PARAGRAPH_FEATURES


def member(username, group, first, last):
    """A new account in `group`, signed in (with its second factor)."""
    user = get_user_model().objects.create_user(
        username=username,
        password="a-long-password",
        first_name=first,
        last_name=last,
        email=f"{username}@example.com",
    )
    user.groups.add(Group.objects.get(name=group))
    return AdminUser(user)


class AdminUser:
    """A signed-in member of a group, posting the admin's real forms with
    the CSRF token the form gave them."""

    def __init__(self, user):
        self.user = user
        self.client = Client(enforce_csrf_checks=True)
        sign_in(self.client, user)

    def get(self, url, **extra):
        return self.client.get(url, **extra)

    def token(self):
        self.client.get(reverse("wagtailadmin_home"))
        return self.client.cookies["csrftoken"].value

    def post(self, url, data, **extra):
        data = {**data, "csrfmiddlewaretoken": self.token()}
        return self.client.post(url, data, **extra)


def article_form(page, **changes):
    """The article's edit form as the editor posts it, with `changes`."""
    data = {
        "title": page.title,
        "slug": page.slug,
        "seo_title": page.seo_title,
        "search_description": page.search_description,
        "summary": page.summary,
        "topic": page.topic_id,
        "hero_image": page.hero_image_id or "",
        "hero_alt_text": page.hero_alt_text,
        "hero_caption": page.hero_caption,
        "key_takeaways": streamfield(
            [("takeaway", block.value) for block in page.key_takeaways]
        ),
        "body": streamfield(
            [
                ("heading", {"heading": "What is it?", "level": "h2", "anchor": ""}),
                (
                    "paragraph",
                    rich_text("<p>Most weekdays.</p>", features=PARAGRAPH_FEATURES),
                ),
            ]
        ),
        "author": page.author_id or "",
        "closing_link_page": page.closing_link_page_id or "",
        "closing_link_text": page.closing_link_text,
    }
    data.update(changes)
    return nested_form_data(data)


def fresh(page):
    return type(page).objects.get(pk=page.pk)


def edit(user, page, action=None, **changes):
    """Post the page's edit form, as the editor's buttons do."""
    data = article_form(fresh(page).get_latest_revision_as_object(), **changes)
    if action:
        data[f"action-{action}"] = action
    return user.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)


def open_editor(user, page):
    """What the editor shows, from the hidden fields of its form: the
    revision Wagtail loaded (id, created_at) and what the clinical review
    says the editor shows (revision, fingerprint: review/editor.py)."""
    soup = BeautifulSoup(
        user.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content,
        "html.parser",
    )
    return {
        name: soup.select_one(f'input[name="{name}"]')["value"]
        for name in (
            "loaded_revision_id",
            "loaded_revision_created_at",
            SHOWN_REVISION,
            SHOWN_FINGERPRINT,
        )
    }


def approve_dialog(user, page, url_name="collect_workflow_action_data"):
    """Open the approve dialog (XHR, as the admin's JavaScript does): the
    hidden values it carries."""
    task_state = fresh(page).current_workflow_task_state
    url = reverse(
        f"wagtailadmin_pages:{url_name}", args=[page.pk, "approve", task_state.pk]
    )
    response = user.get(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")
    soup = BeautifulSoup(response.json()["html"], "html.parser")
    shown = {
        name: soup.select_one(f'input[name="{name}"]')["value"]
        for name in ("revision", "fingerprint")
    }
    return url, shown


def approve_in_editor(user, page, loaded, comment=""):
    """Approve from the editor: the dialog's data, then the edit form."""
    url, shown = approve_dialog(user, page)
    response = user.post(
        url, {**shown, "comment": comment}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )
    result = response.json()
    if result.get("step") != "success":
        return result
    return user.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **article_form(fresh(page).get_latest_revision_as_object()),
            **loaded,
            "action-workflow-action": "true",
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps(result["cleaned_data"]),
        },
    )


def messages_of(response, user):
    """The messages the admin shows after `response`, its redirects followed."""
    if response.status_code == 302:
        page = user.get(response["Location"], follow=True)
    else:
        page = response
    soup = BeautifulSoup(page.content, "html.parser")
    return " ".join(m.get_text(" ", strip=True) for m in soup.select(".messages li"))


def public_notice(page):
    response = Client().get(fresh(page).url)
    soup = BeautifulSoup(response.content, "html.parser")
    return soup.select_one(".review-notice").get_text(" ", strip=True), soup


def publish_as_awaiting_review(client, response):
    """Publishing a clinical page that will not show as reviewed stops at a
    question (review/editor.py); answer it as Marketing does: "Publish now,
    as awaiting review". Any other response is returned as it is."""
    if response.status_code != 200:
        return response
    soup = BeautifulSoup(response.content, "html.parser")
    form = next(
        (
            form
            for form in soup.select("form[action]")
            if "/clinical-review/publish/" in form["action"]
        ),
        None,
    )
    if form is None:
        return response
    token = form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    return client.post(form["action"], {"csrfmiddlewaretoken": token})


def approved(page, director):
    """The Medical Director approves the live revision of `page` (as the
    dialog would, without it): the page, reviewed."""
    record_approval(fresh(page).live_revision, director.user)
    page = fresh(page)
    assert page.review_status == ReviewStatus.REVIEWED
    return page


def clinician_form(profile, **changes):
    """A clinician profile's edit form as its editor posts it, published."""
    return {
        "name": profile.name,
        "slug": profile.slug,
        "credentials": profile.credentials,
        "role": profile.role,
        "bio": profile.bio,
        "photo": "",
        "user": profile.user_id or "",
        # A profile has drafts: its changes show once published.
        "action-publish": "action-publish",
        **changes,
    }
