"""The demo content for a test, loaded once per test run and copied in after.

Loading the demo (pages, revisions, the search and reference indexes, images)
takes seconds, and hundreds of tests start from it: that was most of the
suite's time. The first test that asks for it runs `load_demo` for real and
records every table's rows before and after; a later test whose database is
in the same state before (the same rows in every table: nothing else set up
first) gets the recorded rows written back instead, in a fraction of the
time, and the same database it would have got. Any difference, or a file of
the demo's images gone from storage, and it runs `load_demo` again.

Only the fixture `demo` uses this; tests of `load_demo` itself call it.
"""

import io

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from psycopg.types.json import Jsonb

# Tables whose rows `load_demo` never touches and tests never compare.
SKIPPED = {"django_migrations"}


def tables():
    with connection.cursor() as cursor:
        names = connection.introspection.table_names(cursor)
    return sorted(name for name in names if name not in SKIPPED)


def read(names):
    """Every row of every table, in a stable order: {table: (columns, rows)}."""
    contents = {}
    with connection.cursor() as cursor:
        for name in names:
            # Table names from the database's own catalog, quoted.
            table = connection.ops.quote_name(name)
            cursor.execute(f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608
            columns = tuple(column[0] for column in cursor.description)
            contents[name] = (columns, cursor.fetchall())
    return contents


def adapt(value):
    """A value read back, as the driver takes it for writing: PostgreSQL's
    JSON columns come back as Python lists and dicts."""
    if connection.vendor == "postgresql" and isinstance(value, (dict, list)):
        return Jsonb(value)
    return value


def write(before, after):
    """Make every table that `load_demo` changed hold its rows after."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name, (columns, rows) in after.items():
            if before.get(name) == (columns, rows):
                continue
            cursor.execute(f"DELETE FROM {quote(name)}")  # noqa: S608
            if rows:
                fields = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(name)} ({fields}) VALUES ({marks})",  # noqa: S608
                    [tuple(adapt(value) for value in row) for row in rows],
                )
        # New rows came with their ids: move PostgreSQL's sequences past them.
        statements = connection.ops.sequence_reset_sql(
            no_style(), apps.get_models(include_auto_created=True)
        )
        for statement in statements:
            cursor.execute(statement)


def files_present(after):
    """Whether the demo's image and document files are still in storage (a
    test may have removed them)."""
    for name in ("wagtailimages_image", "wagtaildocs_document"):
        columns, rows = after.get(name, ((), []))
        if "file" not in columns:
            continue
        index = columns.index("file")
        if not all(default_storage.exists(row[index]) for row in rows):
            return False
    return True


class DemoSnapshot:
    def __init__(self):
        self.before = None
        self.after = None

    def load(self):
        names = tables()
        before = read(names)
        if (
            self.after is not None
            and before == self.before
            and files_present(self.after)
        ):
            with transaction.atomic():
                write(before, self.after)
            return
        call_command("load_demo", stdout=io.StringIO())
        self.before, self.after = before, read(names)


snapshot = DemoSnapshot()
