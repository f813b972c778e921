"""The clinical review desk (Reports → Clinical review) and the reviewers'
dashboard panel: the groups, their pages, ages and details, oldest first;
the Medical Director's one-click review; who may see them; and the panel's
markup, in HTML and in Chromium."""

import datetime
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.sign_in import sign_in
from conftest import DEMO_PASSWORD
from pages.models import ArticleIndexPage, ArticlePage, ProgramPage
from pages.tests.factories import ArticlePageFactory, publish_edit
from review.recording import record_approval

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DAY = datetime.timedelta(days=1)
COMMENT = "Add the crisis line to the first section."


@contextmanager
def at(moment):
    """Everything inside happens at `moment`, as far as the models know."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def make_user(django_user_model, username, group, first="", last=""):
    user = django_user_model.objects.create_user(
        username=username,
        password="a-long-password",
        first_name=first,
        last_name=last,
        email=f"{username}@example.com",
    )
    user.groups.add(Group.objects.get(name=group))
    return user


def client_for(user):
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def team(django_user_model, demo):
    """A user of each group, with a logged-in client."""
    users = {
        "marketing": make_user(django_user_model, "mia", "Marketing", "Mia", "Ng"),
        "director": make_user(
            django_user_model, "dr.lee", "Medical Director", "Robin", "Lee"
        ),
        "admissions": make_user(django_user_model, "ava", "Admissions", "Ava", "Ito"),
    }
    return {name: (user, client_for(user)) for name, user in users.items()}


def clinical(slug):
    page = ArticlePage.objects.filter(slug=slug).first()
    return page or ProgramPage.objects.get(slug=slug)


def submit(page, user, moment):
    """`user` submits `page` to Clinical review at `moment`."""
    with at(moment):
        page.get_workflow().start(page, user)


def request_changes(page, director, moment, comment=COMMENT):
    """The Medical Director sends `page` back at `moment`."""
    page = type(page).objects.get(pk=page.pk)
    task_state = page.current_workflow_task_state
    with at(moment):
        task_state.task.specific.on_action(
            task_state, director, "reject", comment=comment
        )


def approve(page, director, moment):
    """An approval of the live revision of `page`, recorded at `moment`."""
    with at(moment):
        record_approval(type(page).objects.get(pk=page.pk).live_revision, director)


@pytest.fixture
def states(team):
    """The demo's clinical pages (and two more) in every group, at known
    moments before now."""
    now = timezone.now()
    marketing, _ = team["marketing"]
    director, _ = team["director"]
    index = ArticleIndexPage.objects.get()

    submit(clinical("what-is-an-iop"), marketing, now - 5 * DAY)
    submit(clinical("aftercare"), marketing, now - 2 * DAY)
    draft = ArticlePageFactory(parent=index, title="Eating disorders", live=False)
    draft.save_revision()
    submit(draft, marketing, now - datetime.timedelta(hours=3))

    virtual = clinical("virtual-iop")
    submit(virtual, marketing, now - 10 * DAY)
    request_changes(virtual, director, now - 4 * DAY)

    # Approved a year and 9 (and 15) days ago: expired 9 (15) days ago.
    for slug, days in (("php-vs-iop", 9), ("partial-hospitalization-program", 15)):
        page = clinical(slug)
        approve(page, director, now - 30 * DAY)
        type(page).objects.filter(pk=page.pk).update(
            reviewed_at=now - (365 + days) * DAY, review_due_at=now - days * DAY
        )

    # Never approved, live for 40 days; approved, then changed 6 days ago.
    ArticlePage.objects.filter(slug="co-occurring-conditions").update(
        first_published_at=now - 40 * DAY
    )
    iop = clinical("intensive-outpatient-program")
    approve(iop, director, now - 20 * DAY)
    with at(now - 6 * DAY):
        publish_edit(iop, title="Intensive outpatient program")

    reviewed = ArticlePageFactory(parent=index, title="Sleep and mood")
    reviewed.save_revision().publish()
    approve(reviewed, director, now - 3 * DAY)
    return {"now": now}


def table_rows(soup, group):
    """The pages of one group (a table of the desk, a row group of the
    panel), as what a reader sees in each column."""
    rows = []
    for row in soup.select(f".clinical-desk[data-group='{group}'] tr:has(td.title)"):
        age = row.select_one(".clinical-desk__age")
        cell = {
            name: row.select_one(f".clinical-desk__{name}").get_text(" ", strip=True)
            for name in ("person", "detail")
        }
        rows.append(
            {
                "title": row.select_one("td.title a").get_text(strip=True),
                # timesince() joins number and unit with a no-break space.
                "age": age.find(string=True, recursive=False)
                .strip()
                .replace("\xa0", " "),
                "since": datetime.datetime.fromisoformat(
                    age.select_one("time")["datetime"]
                ),
                "links": {a.get_text(" ", strip=True): a["href"] for a in row("a")},
                **cell,
            }
        )
    return rows


def heading(soup, group):
    return soup.select_one(f"#desk-{group}-heading").get_text(strip=True)


def desk(client, **query):
    response = client.get(reverse("clinical_review_desk"), query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def close_to(moment, expected):
    return abs(moment - expected) < datetime.timedelta(minutes=1)


def test_each_group_lists_its_pages_oldest_first_with_their_ages(team, states):
    _, client = team["director"]
    now = states["now"]
    soup = desk(client)

    assert heading(soup, "waiting") == "Waiting for you (3)"
    waiting = table_rows(soup, "waiting")
    assert [(row["title"], row["age"]) for row in waiting] == [
        ("What Is an IOP (Intensive Outpatient Program)?", "5 days"),
        ("Aftercare", "2 days"),
        ("Eating disorders", "3 hours"),
    ]
    assert close_to(waiting[0]["since"], now - 5 * DAY)
    assert {row["person"] for row in waiting} == {"Mia Ng"}
    assert waiting[0]["detail"] == "First review"
    assert waiting[2]["detail"] == "First review; not live yet"

    assert heading(soup, "changed") == "Changed since approval (1)"
    [changed] = table_rows(soup, "changed")
    assert (changed["title"], changed["age"], changed["detail"]) == (
        "Intensive outpatient program",
        "6 days",
        "The page's clinical content",
    )
    assert close_to(changed["since"], now - 6 * DAY) and changed["links"]

    assert heading(soup, "not-submitted") == "Not yet submitted (1)"
    [pending] = table_rows(soup, "not-submitted")
    assert pending["title"].startswith("Co-occurring Mental Health")
    assert (pending["age"], pending["detail"]) == ("1 month", "First review")

    assert heading(soup, "changes-requested") == "Changes requested (1)"
    [changes] = table_rows(soup, "changes-requested")
    assert (changes["title"], changes["age"]) == ("Virtual IOP", "4 days")
    assert close_to(changes["since"], now - 4 * DAY)
    assert changes["person"] == "Robin Lee"
    assert changes["detail"] == COMMENT

    assert heading(soup, "expired") == "Expired (2)"
    expired = table_rows(soup, "expired")
    assert [(row["title"], row["age"]) for row in expired] == [
        ("Partial hospitalization program (PHP)", "2 weeks"),
        ("PHP vs IOP: Which Level of Care Fits?", "1 week"),
    ]
    assert close_to(expired[0]["since"], now - 15 * DAY)
    assert close_to(expired[1]["since"], now - 9 * DAY)
    assert [row["person"] for row in expired] == ["Robin Lee", "Robin Lee"]

    # Reviewed pages are one choice away, not in the way.
    assert soup.select_one("table.clinical-desk[data-group='reviewed']") is None
    choices = {a.get_text(strip=True): a for a in soup.select("nav li a")}
    assert choices["Everything waiting (8)"]["aria-current"] == "page"
    reviewed = desk(client, group="reviewed")
    assert [row["title"] for row in table_rows(reviewed, "reviewed")] == [
        "Sleep and mood"
    ]
    assert table_rows(reviewed, "reviewed")[0]["age"] == "3 days"
    assert reviewed.select_one("table.clinical-desk[data-group='waiting']") is None
    everything = desk(client, group="all")
    assert len(everything.select("table.clinical-desk tbody tr")) == 9


def test_the_medical_director_opens_a_review_in_one_click(team, states):
    _, director_client = team["director"]
    _, marketing_client = team["marketing"]
    article = clinical("what-is-an-iop")

    soup = desk(director_client)
    row = next(
        tr
        for tr in soup.select("table.clinical-desk[data-group='waiting'] tbody tr")
        if article.title in tr.get_text()
    )
    review = row.select_one(".clinical-desk__action a")
    assert review.get_text(" ", strip=True) == f"Review {article.title}"
    assert review.select_one(".w-sr-only").get_text(strip=True) == article.title
    assert review["href"] == reverse("wagtailadmin_pages:edit", args=[article.pk])
    editor = director_client.get(review["href"]).content.decode()
    assert 'data-workflow-action-name="approve"' in editor

    # Marketing cannot approve, so is offered no Review link, and the group
    # says whom the pages wait for.
    marketing_desk = desk(marketing_client)
    assert (
        marketing_desk.select(".clinical-desk__action a, .clinical-desk__action button")
        == []
    )
    assert heading(marketing_desk, "waiting") == "Waiting for the Medical Director (3)"
    assert table_rows(marketing_desk, "waiting")[0]["title"] == article.title


def test_the_medical_directors_desk(team, demo):
    director, director_client = team["director"]
    _, marketing_client = team["marketing"]
    reviewed = clinical("co-occurring-conditions")
    record_approval(reviewed.live_revision, director)
    reviewed = ArticlePage.objects.get(pk=reviewed.pk)
    revision = reviewed.get_latest_revision_as_object()
    revision.summary = "A changed summary."
    revision.save_revision().publish()

    dashboard = director_client.get("/admin/").content.decode()
    assert "Awaiting clinical review" in dashboard
    assert (
        "Awaiting clinical review"
        not in marketing_client.get("/admin/").content.decode()
    )

    desk_response = director_client.get(reverse("clinical_review_desk"))
    assert desk_response.status_code == 200
    soup = BeautifulSoup(desk_response.content, "html.parser")
    rows = soup.select("table.clinical-desk tbody tr")
    titles = [row.select_one("td a").get_text() for row in rows]
    assert "What Is an IOP (Intensive Outpatient Program)?" in titles
    assert "PHP vs IOP: Which Level of Care Fits?" not in titles  # reviewed
    changed = next(r for r in rows if "Co-occurring" in r.get_text())
    compare = changed.select_one(".clinical-desk__changes a")["href"]
    assert (
        compare
        == reverse("review_differences", args=["pages", "articlepage", reviewed.pk])
        + "?against=approved"
    )
    differences = BeautifulSoup(director_client.get(compare).content, "html.parser")
    assert (
        "A changed summary."
        in differences.select_one(".review-differences__part--changed").get_text()
    )

    only_reviewed = director_client.get(
        reverse("clinical_review_desk"), {"group": "reviewed"}
    )
    text = BeautifulSoup(only_reviewed.content, "html.parser").select_one(
        "table.clinical-desk"
    )
    assert "PHP vs IOP" in text.get_text()
    assert "What Is an IOP" not in text.get_text()


def test_the_desk_costs_the_same_queries_for_more_pages(team, states):
    """A query per clinical page type, whatever the number of pages."""
    _, client = team["director"]
    marketing, _ = team["marketing"]
    url = reverse("clinical_review_desk")
    client.get(url, {"group": "all"})  # warm Wagtail's and Django's caches
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"group": "all"})
    index = ArticleIndexPage.objects.get()
    for number in range(4):
        article = ArticlePageFactory(parent=index, title=f"More {number}")
        article.save_revision().publish()
        if number % 2:
            submit(article, marketing, states["now"] - DAY)
    with CaptureQueriesContext(connection) as after:
        soup = desk(client, group="all")
    assert len(soup.select("table.clinical-desk tbody tr")) == 13
    assert len(after) == len(before), [query["sql"] for query in after]


def menu_links(html):
    """The admin's sidebar menu (its items and their addresses), as the JSON
    the sidebar is drawn from."""
    soup = BeautifulSoup(html, "html.parser")
    return soup.select_one("#wagtail-sidebar-props").string


def test_only_staff_who_edit_pages_get_the_desk(team, django_user_model):
    desk_url = reverse("clinical_review_desk")
    _, admissions = team["admissions"]
    refused = admissions.get(desk_url)
    assert refused.status_code == 403
    assert "You do not have permission to see this" in refused.content.decode()
    dashboard = admissions.get("/admin/")
    assert dashboard.status_code == 200
    assert desk_url not in menu_links(dashboard.content)
    assert "Awaiting clinical review" not in dashboard.content.decode()
    assert not BeautifulSoup(dashboard.content, "html.parser").select(
        "#clinical-review-section"
    )

    superuser = django_user_model.objects.create_superuser(
        "root", "root@example.com", "a-long-password"
    )
    for name, client in (
        ("marketing", team["marketing"][1]),
        ("director", team["director"][1]),
        ("superuser", client_for(superuser)),
    ):
        assert client.get(desk_url).status_code == 200, name
        assert desk_url in menu_links(client.get("/admin/").content), name

    # Signed out: Wagtail's login, as for any admin view.
    assert Client().get(desk_url).status_code == 302


def test_the_dashboard_panel_uses_wagtails_panel_markup(team, states):
    _, client = team["director"]
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = soup.select_one("section#clinical-review-section")
    assert {"w-panel", "w-panel--dashboard"} <= set(panel["class"])
    header = panel.select_one(":scope > .w-panel__header")
    assert header.select_one("h2.w-panel__heading").get_text(strip=True) == (
        "Awaiting clinical review (8)"
    )
    # One table, as in Wagtail's own panels: its first cells carry the inset
    # the panel's heading lines up with, and its columns line up across
    # the groups.
    [table] = panel.select(":scope > .w-panel__content table")
    assert {"listing", "listing--dashboard"} <= set(table["class"])
    assert "w-sr-only" in table.thead["class"]
    groups = [th.get_text(strip=True) for th in table.select("th[scope=rowgroup]")]
    assert groups == [
        "Waiting for you (3)",
        "Changed since approval (1)",
        "Not yet submitted (1)",
        "Changes requested (1)",
        "Expired (2)",
    ]
    waiting = table_rows(panel, "waiting")
    assert [(row["title"], row["age"]) for row in waiting] == [
        ("What Is an IOP (Intensive Outpatient Program)?", "5 days"),
        ("Aftercare", "2 days"),
        ("Eating disorders", "3 hours"),
    ]
    assert waiting[0]["person"] == "Submitted by Mia Ng"
    [changes] = table_rows(panel, "changes-requested")
    assert (changes["age"], changes["person"], changes["detail"]) == (
        "4 days",
        "Requested by Robin Lee",
        COMMENT,
    )
    expired = table_rows(panel, "expired")
    assert [row["age"] for row in expired] == ["2 weeks", "1 week"]
    assert expired[0]["detail"].startswith("Approved ")
    assert waiting[0]["links"][
        "Review What Is an IOP (Intensive Outpatient Program)?"
    ] == reverse("wagtailadmin_pages:edit", args=[clinical("what-is-an-iop").pk])
    # Reviewed pages are on the desk only.
    assert panel.select_one("tbody[data-group='reviewed']") is None
    assert "Sleep and mood" not in panel.get_text()


def left_edge(tab, selector):
    """Where the content of the first element matching `selector` starts."""
    return tab.page.evaluate(
        """selector => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            return range.getBoundingClientRect().left;
        }""",
        selector,
    )


def screenshot(tab, name):
    """The whole admin page: Wagtail's admin scrolls inside its layout, not
    the document, so the window is made as tall as the content first."""
    height = tab.page.evaluate(
        "() => Math.max(...Array.from(document.querySelectorAll('*'),"
        " element => element.scrollHeight))"
    )
    tab.page.set_viewport_size({"width": 1280, "height": height})
    tab.page.screenshot(path=SCREENSHOTS / name, full_page=True)
    tab.page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_desk_and_the_dashboard_in_chromium(demo_site, visit, django_user_model):
    marketing = django_user_model.objects.get(username="marketing")
    director = django_user_model.objects.get(username="medical.director")
    now = timezone.now()
    submit(clinical("what-is-an-iop"), marketing, now - 5 * DAY)
    submit(clinical("aftercare"), marketing, now - 2 * DAY)
    virtual = clinical("virtual-iop")
    submit(virtual, marketing, now - 10 * DAY)
    request_changes(virtual, director, now - 4 * DAY)
    page = clinical("php-vs-iop")
    type(page).objects.filter(pk=page.pk).update(
        reviewed_at=now - 374 * DAY, review_due_at=now - 9 * DAY
    )

    tab = visit(1280)
    tab.log_in("medical.director", DEMO_PASSWORD)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    tab.goto(reverse("clinical_review_desk"))
    screenshot(tab, "desk-1280.png")
    assert tab.axe_violations() == []
    assert tab.page.locator("#desk-waiting-heading").inner_text() == (
        "Waiting for you (2)"
    )
    review = tab.page.get_by_role(
        "link", name="Review What Is an IOP (Intensive Outpatient Program)?"
    )
    assert review.count() == 1

    tab.goto("/admin/")
    screenshot(tab, "dashboard-1280.png")
    assert tab.axe_violations() == []
    # The heading row (Wagtail's toggle icon, then the text) starts where the
    # tables' text does, as in Wagtail's own dashboard panels.
    heading = left_edge(tab, "#clinical-review-section .w-panel__toggle")
    group = left_edge(tab, "#clinical-review-waiting")
    cell = left_edge(tab, "#clinical-review-section td.title a")
    assert abs(heading - cell) <= 4, (heading, cell)
    assert abs(group - cell) <= 1, (group, cell)
    # The columns line up from one group to the next.
    ages = tab.page.eval_on_selector_all(
        "#clinical-review-section td.clinical-desk__age",
        "cells => cells.map(cell => cell.getBoundingClientRect().left)",
    )
    assert len(set(ages)) == 1, ages

    with tab.page.expect_navigation():
        review_link = tab.page.get_by_role(
            "link", name="Review What Is an IOP (Intensive Outpatient Program)?"
        )
        review_link.click()
    assert tab.page.url.endswith(
        reverse("wagtailadmin_pages:edit", args=[clinical("what-is-an-iop").pk])
    )
