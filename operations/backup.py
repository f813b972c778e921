"""Back up and restore the site: its database and its uploaded media.

A backup is a folder (`manage.py backup_site FOLDER`) holding:

- `database.dump` (PostgreSQL, pg_dump's custom format) or `database.sqlite3`
  (SQLite, copied with SQLite's backup API): both consistent while the site
  runs;
- `media.tar.gz`: MEDIA_ROOT, when uploads are on local disk. Uploads in
  object storage (MEDIA_STORAGE=s3) are not copied: the bucket keeps their
  versions (README, "Backup and restore");
- `manifest.json`, written last, so a folder without it is not a finished
  backup: when, Django's and Wagtail's versions, and the latest migration of
  each app, which lets `restore_site` refuse a backup from a newer schema
  than this code knows.

The database is copied before the media, so every file the database names is
in the archive (unless it was deleted in between). Backups hold everything,
admissions inquiries included: keep them where only the site's operators can
read them. The folder is created readable by its owner only.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections import defaultdict
from contextlib import closing
from pathlib import Path

import django
import wagtail
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from caching.models import ContentVersion
from caching.purge import purge_site

MANIFEST = "manifest.json"
POSTGRESQL_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA_ARCHIVE = "media.tar.gz"
FORMAT = 1
SUPPORTED_VENDORS = {"postgresql": POSTGRESQL_DUMP, "sqlite": SQLITE_COPY}
# Connection options that dj-database-url may put in OPTIONS, passed to
# pg_dump and pg_restore as libpq's environment variables.
LIBPQ_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}
OBJECT_STORAGE_MEDIA = (
    "Media: in object storage{bucket}, not copied. Keep it with bucket "
    "versioning and a nightly `aws s3 sync` to another place: see the README, "
    "'Backup and restore'."
)


def database_connection():
    connection = connections["default"]
    if connection.vendor not in SUPPORTED_VENDORS:
        raise CommandError(
            f"Backups support PostgreSQL and SQLite, not {connection.vendor}."
        )
    return connection


def local_media_root():
    """The folder of uploaded media, or None when they are in object storage."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return Path(storage.location)
    return None


def object_storage_note():
    bucket = getattr(storages["default"], "bucket_name", None)
    return OBJECT_STORAGE_MEDIA.format(bucket=f" (bucket {bucket})" if bucket else "")


def migration_state(connection):
    """The latest migration applied to the database, for each app."""
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(name, latest.get(app, name))
    return dict(sorted(latest.items()))


def unknown_migrations(connection, state):
    """The migrations in `state` that this code does not have, for the apps
    it has: a backup made by a newer release. Migrations since squashed
    still count as known; apps the site no longer installs (whose records
    stay in the database) are not its concern."""
    loader = MigrationLoader(connection, ignore_no_migrations=True, load=False)
    loader.load_disk()
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    apps = {app for app, _ in known}
    return [
        f"{app}.{name}"
        for app, name in state.items()
        if app in apps and (app, name) not in known
    ]


def older_apps(connection, state):
    """The apps whose latest migration in `state` is older than this code's."""
    loader = MigrationLoader(connection, ignore_no_migrations=True, load=False)
    loader.load_disk()
    newest = defaultdict(str)
    for app, name in loader.disk_migrations:
        newest[app] = max(newest[app], name)
    return sorted(app for app, name in newest.items() if state.get(app, "") < name)


def postgresql_command(tool, settings_dict, *arguments):
    """The argument list and environment to run pg_dump or pg_restore on the
    database `settings_dict` describes. The password goes in PGPASSWORD,
    never on the command line, where other users could read it."""
    path = shutil.which(tool)
    if path is None:
        raise CommandError(
            f"{tool} was not found on PATH. Install PostgreSQL's client tools "
            "of the server's major version (Debian: postgresql-client), then "
            "run this again."
        )
    command = [path, *arguments]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            command += [option, str(settings_dict[key])]
    command += ["--dbname", settings_dict["NAME"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    for option, variable in LIBPQ_OPTIONS.items():
        if option in settings_dict.get("OPTIONS", {}):
            env[variable] = str(settings_dict["OPTIONS"][option])
    return command, env


def run(command, env):
    # A fixed argument list, no shell: nothing in it is interpreted.
    result = subprocess.run(  # noqa: S603
        command, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise CommandError(f"{tool} failed:\n{result.stderr.strip()}")


# Backing up ---------------------------------------------------------------


def back_up(folder, write):
    """Write a backup of the database and the local media into `folder`,
    which must be new or empty; `write` reports each step."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise CommandError(
            f"{folder} is not empty. Give each backup a new folder, e.g. one "
            "named after the date."
        )
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.chmod(0o700)  # It holds inquiries: its owner only.
    connection = database_connection()
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(timespec="seconds"),
        "django": django.__version__,
        "wagtail": wagtail.__version__,
        "database": connection.vendor,
        "migrations": migration_state(connection),
    }

    database_file = folder / SUPPORTED_VENDORS[connection.vendor]
    if connection.vendor == "postgresql":
        command, env = postgresql_command(
            "pg_dump",
            connection.settings_dict,
            "--format=custom",
            "--no-owner",
            "--file",
            str(database_file),
        )
        run(command, env)
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(database_file)) as copy:
            connection.connection.backup(copy)
    write(f"Database: {database_file} ({size(database_file)})")

    media_root = local_media_root()
    if media_root is None:
        manifest["media"] = "object storage"
        write(object_storage_note())
    else:
        manifest["media"] = "local"
        archive = folder / MEDIA_ARCHIVE
        count = archive_media(media_root, archive)
        files = f"{count} file" + ("" if count == 1 else "s")
        write(f"Media: {files} from {media_root} in {archive} ({size(archive)})")

    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    write(f"Backup complete: {folder}")


def archive_media(root, archive):
    """Archive the files under `root` with paths relative to it; returns how
    many files. A site without uploads yet gives an empty archive."""
    count = 0
    with tarfile.open(archive, "w:gz") as tar:
        if root.is_dir():
            for path in sorted(root.iterdir()):
                tar.add(path, arcname=path.name)
            count = sum(1 for path in root.rglob("*") if path.is_file())
    return count


def size(path):
    megabytes = path.stat().st_size / 1_000_000
    return f"{megabytes:.1f} MB" if megabytes >= 0.1 else f"{path.stat().st_size} bytes"


# Restoring ----------------------------------------------------------------


class Restore:
    """A restore from `folder`, checked in full before anything is changed."""

    def __init__(self, folder):
        self.folder = Path(folder)
        manifest_file = self.folder / MANIFEST
        if not manifest_file.is_file():
            raise CommandError(
                f"{manifest_file} not found: {self.folder} is not a backup, or "
                "its backup did not finish."
            )
        self.manifest = json.loads(manifest_file.read_text())
        if self.manifest.get("format") != FORMAT:
            raise CommandError(
                f"{self.folder} was written in backup format "
                f"{self.manifest.get('format')!r}; this release reads {FORMAT}."
            )
        self.connection = database_connection()
        self.check_database()
        self.media_root = local_media_root()
        self.media_archive = self.folder / MEDIA_ARCHIVE
        if self.manifest["media"] == "local" and self.media_root is not None:
            check_archive(self.media_archive, self.media_root)

    def check_database(self):
        vendor = self.manifest["database"]
        if vendor != self.connection.vendor:
            raise CommandError(
                f"This backup is of a {vendor} database, and the site is "
                f"configured for {self.connection.vendor} (DATABASE_URL)."
            )
        self.database_file = self.folder / SUPPORTED_VENDORS[vendor]
        if not self.database_file.is_file():
            raise CommandError(f"{self.database_file} is missing from the backup.")
        unknown = unknown_migrations(self.connection, self.manifest["migrations"])
        if unknown:
            raise CommandError(
                "This backup comes from a newer release of the site: its "
                "database has migrations this code does not have "
                f"({', '.join(unknown)}). Deploy that release (or a later one), "
                "then restore."
            )

    def describe(self):
        """What the restore will replace, for the confirmation prompt."""
        settings_dict = self.connection.settings_dict
        where = f" on {settings_dict['HOST']}" if settings_dict.get("HOST") else ""
        lines = [
            f"This replaces everything in the database {settings_dict['NAME']}"
            f"{where} with the backup made {self.manifest['created']}."
        ]
        if self.manifest["media"] == "local" and self.media_root is not None:
            lines.append(f"It puts the backup's media files back in {self.media_root}.")
        return "\n".join(lines)

    def run(self, write):
        before = content_version()
        if self.connection.vendor == "postgresql":
            # No connection of ours may hold a lock that the restore waits for.
            connections.close_all()
            command, env = postgresql_command(
                "pg_restore",
                self.connection.settings_dict,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
            )
            run([*command, str(self.database_file)], env)
        else:
            self.connection.ensure_connection()
            uri = self.database_file.resolve().as_uri() + "?mode=ro"
            with closing(sqlite3.connect(uri, uri=True)) as backup:
                backup.backup(self.connection.connection)
        write(f"Database: restored from {self.database_file}")

        if self.manifest["media"] == "object storage":
            write(object_storage_note())
        elif self.media_root is None:
            write(
                f"Media: the backup holds local files ({self.media_archive}), "
                "and the site now keeps media in object storage: upload them "
                "with `aws s3 sync` (README, 'Backup and restore')."
            )
        else:
            with tarfile.open(self.media_archive, "r:gz") as tar:
                self.media_root.mkdir(parents=True, exist_ok=True)
                tar.extractall(self.media_root, filter="data")
            write(f"Media: restored into {self.media_root}")

        retire_cached_pages(before)
        older = older_apps(self.connection, self.manifest["migrations"])
        if older:
            write(
                f"The backup's schema is older than this code's ({', '.join(older)}):"
                " run `manage.py migrate` now."
            )
        write("Restore complete.")


def check_archive(archive, root):
    """Refuse an archive with a member that would land outside `root` (an
    absolute path, `..`, a link out of it, a device file), before anything
    is restored."""
    if not archive.is_file():
        raise CommandError(f"{archive} is missing from the backup.")
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            try:
                tarfile.data_filter(member, str(root))
            except tarfile.FilterError as error:
                raise CommandError(
                    f"{archive} is unsafe to extract, so nothing was restored: {error}"
                ) from error


def content_version():
    try:
        return ContentVersion.current()
    except DatabaseError:  # An empty database: a new server.
        return 0


def retire_cached_pages(before):
    """Make every server stop serving pages and fragments cached before the
    restore. The restored content version may be one that was already used
    for other content, so it moves past anything used before."""
    try:
        value = max(before, ContentVersion.current()) + 1
        ContentVersion.objects.update_or_create(pk=1, defaults={"value": value})
    except DatabaseError:  # Restored a schema from before the content version.
        pass
    purge_site()
