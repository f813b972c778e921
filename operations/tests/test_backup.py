"""backup_site and restore_site: a restore brings back pages, images and their
files as they were, on SQLite and on PostgreSQL (pg_dump and pg_restore run
for real), and refuses what it cannot restore safely before changing
anything."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model

from caching.models import ContentVersion
from operations.backup import postgresql_command
from pages.models import StandardPage
from pages.tests.factories import ImageFactory

# pg_dump runs in its own connection, so the test's data must be committed.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LOCAL_MEDIA = {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.fixture
def media_root(settings, tmp_path):
    """Media on local disk in a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": LOCAL_MEDIA}
    return settings.MEDIA_ROOT


def command(name, *args):
    out = io.StringIO()
    call_command(name, *map(str, args), stdout=out)
    return out.getvalue()


def heading(client, path):
    response = client.get(path)
    if response.status_code != 200:
        return response.status_code
    return BeautifulSoup(response.content, "html.parser").h1.get_text(strip=True)


@pytest.fixture
def content(media_root, home_page):
    """A published page and an image with its file."""
    page = home_page.add_child(
        instance=StandardPage(title="Our approach", slug="our-approach", summary="")
    )
    page.save_revision().publish()
    image = ImageFactory(title="Group room", file__filename="group-room.png")
    return page, image


@committed
def test_restore_brings_back_pages_images_and_their_files(
    client, content, tmp_path, media_root
):
    page, image = content
    image_file = Path(image.file.path)
    image_bytes = image_file.read_bytes()
    folder = tmp_path / "backup"

    output = command("backup_site", folder)

    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["migrations"]["pages"].startswith("00")
    assert manifest["migrations"]["wagtailcore"]
    assert manifest["media"] == "local"
    assert "Backup complete" in output
    assert folder.stat().st_mode & 0o077 == 0, "a backup must be private"

    # After the backup: the page is deleted, the image renamed and its file lost.
    page.delete()
    image.title = "Renamed"
    image.save()
    image_file.unlink()
    assert heading(client, "/our-approach/") == 404
    version_before = ContentVersion.current()

    output = command("restore_site", folder, "--noinput")

    assert "Restore complete" in output
    assert heading(client, "/our-approach/") == "Our approach"
    assert StandardPage.objects.get(slug="our-approach").live
    restored = get_image_model().objects.get(pk=image.pk)
    assert restored.title == "Group room"
    assert Path(restored.file.path).read_bytes() == image_bytes
    # Fragments cached before the restore are never served again.
    assert ContentVersion.current() > version_before


@committed
def test_restore_refuses_a_backup_from_a_newer_schema(content, tmp_path):
    page, _ = content
    folder = tmp_path / "backup"
    command("backup_site", folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["migrations"]["pages"] = "9999_from_the_future"
    (folder / "manifest.json").write_text(json.dumps(manifest))
    page.delete()

    with pytest.raises(
        CommandError, match=r"newer release.*pages\.9999_from_the_future"
    ):
        command("restore_site", folder, "--noinput")
    assert not StandardPage.objects.filter(slug="our-approach").exists()


@committed
def test_restore_asks_first(content, tmp_path, monkeypatch):
    page, _ = content
    folder = tmp_path / "backup"
    command("backup_site", folder)
    page.delete()
    questions = []

    def answer(question):
        questions.append(question)
        return "no"

    monkeypatch.setattr("builtins.input", answer)
    with pytest.raises(CommandError, match="cancelled"):
        command("restore_site", folder)
    assert questions
    assert not StandardPage.objects.filter(slug="our-approach").exists()


@committed
def test_restore_refuses_an_archive_that_writes_outside_media(
    content, tmp_path, media_root
):
    folder = tmp_path / "backup"
    command("backup_site", folder)
    archive = folder / "media.tar.gz"
    archive.unlink()
    with tarfile.open(archive, "w:gz") as tar:
        payload = tmp_path / "payload"
        payload.write_text("not yours")
        tar.add(payload, arcname="../escaped.txt")
    content[0].delete()

    with pytest.raises(CommandError, match="unsafe to extract"):
        command("restore_site", folder, "--noinput")
    assert not (media_root.parent / "escaped.txt").exists()
    assert not StandardPage.objects.filter(slug="our-approach").exists()


def test_backup_refuses_a_folder_in_use(media_root, tmp_path):
    folder = tmp_path / "backup"
    folder.mkdir()
    (folder / "earlier.dump").write_text("")
    with pytest.raises(CommandError, match="not empty"):
        command("backup_site", folder)


@pytest.mark.django_db
def test_media_in_object_storage_is_left_to_the_bucket(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "manifest-media"},
        },
    }
    folder = tmp_path / "backup"

    output = command("backup_site", folder)

    assert "in object storage (bucket manifest-media), not copied" in output
    assert "bucket versioning" in output
    assert not (folder / "media.tar.gz").exists()
    assert json.loads((folder / "manifest.json").read_text())["media"] == (
        "object storage"
    )


def test_missing_postgresql_tools_are_named(monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(CommandError, match="pg_dump was not found on PATH"):
        postgresql_command("pg_dump", {"NAME": "manifest"})


def test_the_password_is_never_on_the_command_line(monkeypatch, tmp_path):
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    settings_dict = {
        "NAME": "manifest",
        "USER": "manifest",
        "PASSWORD": "s3cret",
        "HOST": "db.internal",
        "PORT": 5432,
        "OPTIONS": {"sslmode": "require"},
    }
    command_line, env = postgresql_command("pg_dump", settings_dict, "--no-owner")
    assert "s3cret" not in " ".join(command_line)
    assert env["PGPASSWORD"] == "s3cret"
    assert env["PGSSLMODE"] == "require"
    assert command_line == [
        str(fake),
        "--no-owner",
        "--host",
        "db.internal",
        "--port",
        "5432",
        "--username",
        "manifest",
        "--dbname",
        "manifest",
    ]
