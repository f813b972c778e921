"""The demo content loader: turns the files under `demo/content/` (format in
demo/content/README.md) into pages, snippets, settings and demo accounts.

Idempotent: the settings get only their blank fields, a page is created only
when its parent has no child with its slug, site.toml's objects are got or
created by their natural key, and accounts only when absent; so a second run
changes nothing and staff edits survive.

Values are converted by the type of the field they are for
(`demo.conversion`), so no page type or field is named here.
"""

import secrets
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import DraftStateMixin, Page

from demo.conversion import ValueConversion, names_page
from demo.source import (
    DemoContentError,
    children_folder,
    page_files,
    read_page,
    read_toml,
)
from review.recording import record_approval

CONTENT_DIR = Path(__file__).resolve().parent / "content"
# site.toml's tables of site settings (one object per site: blank fields
# filled), in the order they are filled.
SETTINGS_TABLES = ("settings", "site_text")
# Front-matter keys that are not model fields.
PAGE_TYPE_KEY = "type"
APPROVAL_KEY = "approved_by"


def get_model(label, where):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise DemoContentError(
            f"{where}: unknown model {label!r} (write app_label.ModelName)"
        ) from error


class DemoLoader(ValueConversion):
    """Loads one content folder into one site. A test points `content_dir`
    at a folder of its own; `report` gets the lines for whoever runs the load
    (the demo accounts' passwords); `password` is the demo accounts' password,
    else each gets a random one."""

    def __init__(self, site, content_dir=CONTENT_DIR, password=None, report=None):
        self.site = site
        self.content_dir = Path(content_dir)
        self.data = read_toml(self.content_dir / "site.toml")
        self.password = password
        self.report = report or (lambda line: None)
        # Every other table of site.toml is a collection of objects that
        # pages name by key.
        self.collections = {
            name: table
            for name, table in self.data.items()
            if name not in (*SETTINGS_TABLES, "users")
        }
        self.collection_of = {
            get_model(table["model"], f"site.toml [{name}]"): name
            for name, table in self.collections.items()
        }
        self.made = {}  # collection name -> {key: object}
        self.loading = set()
        self.users_loaded = False
        # (settings table, field) -> page path, until the page exists
        self.settings_links = {}
        self.approvals = []  # (page, clinician key), until the profile exists
        self.home = None

    # The order below is the order objects are made in, which decides their
    # ids and the order of the admin's history: site.toml's collections are
    # made when a page first needs them (or, if marked `up_front`, before
    # any page), accounts when a profile first needs one, and the rest
    # at the end.

    def load(self):
        """Everything, in one transaction: a load that fails makes nothing."""
        with transaction.atomic():
            for table in SETTINGS_TABLES:
                if table in self.data:
                    self.fill_settings(table)
            self.home = self.root_page()
            for name, table in self.collections.items():
                if table.get("up_front"):
                    self.load_collection(name)
            for path in page_files(self.content_dir / "pages"):
                self.load_page(self.home, path)
            # Last of the pages: its sections name the pages above.
            self.load_home()
            self.load_users()
            for name in self.collections:
                self.load_collection(name)
            self.settle()
            if self.settings_links:
                raise DemoContentError(f"site.toml: no page at {self.settings_links}")
            if self.approvals:
                raise DemoContentError(
                    "no table of site.toml holds the reviewers of "
                    + ", ".join(page.url_path for page, _ in self.approvals)
                )

    def root_page(self):
        """The site's root page, checked against home.md's type."""
        source = read_page(self.content_dir / "home.md")
        model = get_model(source.fields.get(PAGE_TYPE_KEY, ""), source.path)
        root = self.site.root_page.specific
        if not isinstance(root, model):
            raise DemoContentError(
                f"The default site's root page is not a {model.__name__}."
            )
        return root

    def fill_settings(self, table):
        """The blank fields of the site's settings in `table`; fields naming
        pages wait for them. Staged settings (drafts and revisions) get the
        values as a published revision."""
        spec = dict(self.data[table])
        model = get_model(spec.pop("model"), f"site.toml [{table}]")
        site_settings = model.for_site(self.site)
        for name in list(spec):
            if names_page(self.field(model, name)):
                self.settings_links[table, name] = spec.pop(name)
        blank = [name for name in spec if not getattr(site_settings, name)]
        for name in blank:
            setattr(site_settings, name, self.value(model, name, spec[name]))
        if not blank:
            return
        site_settings.full_clean()
        site_settings.save()
        if isinstance(site_settings, DraftStateMixin):
            site_settings.save_revision().publish()

    def load_home(self):
        """The root page, edited in place while it has no revision."""
        if self.home.latest_revision_id is not None:
            return  # Staff (or an earlier run) have written the home page.
        source = read_page(self.content_dir / "home.md")
        for name, value in self.page_values(source).items():
            setattr(self.home, name, value)
        self.home.save_revision(log_action=True).publish()

    def load_page(self, parent, path):
        """The page in `path` under `parent`, created if missing, then its
        children."""
        source = read_page(path)
        slug = source.fields.get("slug")
        if not slug:
            raise DemoContentError(f"{path}: give the page a slug")
        folder = children_folder(path, slug)
        page = parent.get_children().filter(slug=slug).first()
        if page is None:
            model = self.page_model(source)
            page = model(**self.page_values(source))
            parent.add_child(instance=page)
            page.save_revision(log_action=True).publish()
        page = page.specific
        if APPROVAL_KEY in source.fields:
            self.approvals.append((page, source.fields[APPROVAL_KEY]))
        self.settle()
        for child in page_files(folder) if folder else []:
            self.load_page(page, child)

    def page_model(self, source):
        model = get_model(source.fields.get(PAGE_TYPE_KEY, ""), source.path)
        if not issubclass(model, Page):
            raise DemoContentError(f"{source.path}: {model.__name__} is not a page")
        return model

    def page_values(self, source):
        """The model field values a page file gives, converted."""
        model = self.page_model(source)
        fields = {
            name: value
            for name, value in source.fields.items()
            if name not in (PAGE_TYPE_KEY, APPROVAL_KEY)
        }
        try:
            values = {
                name: self.value(model, name, value) for name, value in fields.items()
            }
            if source.body:
                body = self.field(model, "body")
                values["body"] = self.body(body.stream_block, source.body)
        except DemoContentError as error:
            raise DemoContentError(f"{source.path}: {error}") from error
        return values

    def settle(self):
        """Whatever waited and now can be done: the settings' page links once
        their pages exist, approvals once the reviewer's profile does."""
        pages = {
            link: self.find_page(path) for link, path in self.settings_links.items()
        }
        if pages and None not in pages.values():
            self.link_settings(pages)
        waiting = []
        for page, key in self.approvals:
            # The profiles a review names (ClinicalReviewMixin.reviewer).
            profiles = self.field(type(page), "reviewer").related_model
            if self.collection_of.get(profiles) in self.made:
                self.approve(page, key, profiles)
            else:
                waiting.append((page, key))
        self.approvals = waiting

    def link_settings(self, pages):
        for table in {table for table, _ in pages}:
            model = get_model(self.data[table]["model"], f"site.toml [{table}]")
            site_settings = model.for_site(self.site)
            unset = [
                name
                for (in_table, name) in pages
                if in_table == table
                and getattr(site_settings, self.field(model, name).attname) is None
            ]
            for name in unset:
                setattr(site_settings, name, pages[table, name])
            if unset:
                site_settings.save(update_fields=unset)
        self.settings_links = {}

    def approve(self, page, key, profiles):
        """Record a clinical review of the live page by the profile `key`,
        unless the page has been reviewed already."""
        page.refresh_from_db()
        if page.reviewed_at is not None:
            return
        reviewer = self.item(profiles, key)
        # The account that site.toml gives the profile approves, even where
        # the profile was made before there were demo accounts (so without).
        spec = self.collections[self.collection_of[profiles]]["items"][key]
        user = self.user(spec["user"]) if spec.get("user") else None
        record_approval(page.live_revision, user, reviewer=reviewer)

    # site.toml's collections and accounts

    def load_collection(self, name):
        """Every object of the collection `name`, got or created in order."""
        if name in self.made:
            return
        if name in self.loading:
            raise DemoContentError(f"site.toml [{name}] refers to itself")
        self.loading.add(name)
        table = self.collections[name]
        model = get_model(table["model"], f"site.toml [{name}]")
        natural_key = table["natural_key"]
        made = {}
        for key, spec in table.get("items", {}).items():
            where = f"site.toml [{name}.items.{key}]"
            if natural_key not in spec:
                raise DemoContentError(f"{where}: give it a {natural_key}")
            made[key] = model.objects.filter(**{natural_key: spec[natural_key]}).first()
            if made[key] is None:
                try:
                    values = {
                        field: self.value(model, field, value)
                        for field, value in spec.items()
                    }
                except DemoContentError as error:
                    raise DemoContentError(f"{where}: {error}") from error
                made[key] = model.objects.create(**values)
                if isinstance(made[key], DraftStateMixin):
                    made[key].save_revision().publish()
        self.loading.discard(name)
        self.made[name] = made
        self.settle()

    def item(self, model, key):
        """The object that site.toml holds under `key` for `model`."""
        name = self.collection_of.get(model)
        if name is None:
            raise DemoContentError(
                f"no table of site.toml holds {model._meta.label} objects"
            )
        self.load_collection(name)
        if key not in self.made[name]:
            raise DemoContentError(
                f"unknown {model._meta.verbose_name} key {key!r} (site.toml "
                f"[{name}] has: {', '.join(self.made[name])})"
            )
        return self.made[name][key]

    def load_users(self):
        """The demo accounts, where the settings allow them (development)."""
        if self.users_loaded:
            return
        self.users_loaded = True
        if not settings.DEMO_USERS_ALLOWED:
            return
        User = get_user_model()
        for username, spec in self.data.get("users", {}).items():
            if User.objects.filter(username=username).exists():
                continue
            password = self.password or secrets.token_urlsafe(12)
            user = User.objects.create_user(
                username=username,
                email=spec["email"],
                password=password,
                first_name=spec["first_name"],
                last_name=spec["last_name"],
            )
            user.groups.add(Group.objects.get(name=spec["group"]))
            shown = "from DEMO_PASSWORD" if self.password else password
            self.report(
                f"Created demo user {username!r} ({spec['group']}); password: {shown}"
            )

    def user(self, username):
        """The account `username`, or None where there are no demo accounts."""
        self.load_users()
        return get_user_model().objects.filter(username=username).first()

    def find_page(self, path):
        """The page at `path` below the home page ("resources/php-vs-iop")."""
        page = self.home
        for slug in path.strip("/").split("/"):
            page = page.get_children().filter(slug=slug).first()
            if page is None:
                return None
        return page.specific

    def page(self, path):
        page = self.find_page(path)
        if page is None:
            raise DemoContentError(f"unknown page path {path!r}")
        return page
