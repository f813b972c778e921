"""Shared media storage (MEDIA_STORAGE=s3) against a real S3-compatible server:
moto's, on a loopback port. Images, renditions and documents land in the
bucket; pages link images at the practice's own media domain, which the CSP
admits for images and nothing else; documents are served through Wagtail's
view with their privacy; and production refuses half a configuration."""

import json
import socket
import uuid

import boto3
import pytest
from bs4 import BeautifulSoup
from moto.server import ThreadedMotoServer
from wagtail.models import BaseViewRestriction, CollectionViewRestriction
from wagtail_factories import DocumentFactory

from manifest_site.settings.media import media_storage_backend
from operations.production_server import free_port, manage, production_environment
from pages.models import StandardPage
from pages.tests.factories import ImageFactory

pytestmark = pytest.mark.slow  # starts moto's S3 server

MEDIA_DOMAIN = "media.example.org"
REGION = "us-east-1"
LOOPBACK = {"127.0.0.1", "::1"}


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server, in a thread, on a free loopback port."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def loopback_only(monkeypatch):
    """Fail any connection to a host other than this machine's loopback."""
    connect = socket.socket.connect

    def guarded(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            assert address[0] in LOOPBACK, f"connection outside 127.0.0.1: {address}"
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path, monkeypatch, loopback_only):
    """A new bucket, and the site's STORAGES pointing at it exactly as
    base.py builds them from the environment. Yields the boto3 client and
    the bucket's name; empties and deletes the bucket afterwards."""
    name = f"manifest-media-{uuid.uuid4().hex[:12]}"
    environ = {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
        "AWS_S3_CUSTOM_DOMAIN": MEDIA_DOMAIN,
    }
    # boto3 must never look for credentials or settings elsewhere: not the
    # instance metadata service, not the developer's ~/.aws.
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-creds"))
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION"):
        monkeypatch.delenv(variable, raising=False)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=name)
    # Nothing may be written to local disk: MEDIA_ROOT points at a folder
    # that must still not exist at the end.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": media_storage_backend("s3", environ),
    }
    yield client, name
    for item in client.list_objects_v2(Bucket=name).get("Contents", []):
        client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)
    assert not settings.MEDIA_ROOT.exists(), "media was written to local disk"


def keys(client, name):
    return {item["Key"] for item in client.list_objects_v2(Bucket=name)["Contents"]}


def csp(response):
    policy = {}
    for directive in response["Content-Security-Policy"].split(";"):
        directive_name, *sources = directive.split()
        policy[directive_name] = sources
    return policy


def test_images_and_renditions_go_to_the_bucket_and_show_from_the_media_domain(
    bucket, client, home_page
):
    s3, name = bucket
    image = ImageFactory(title="Group room", file__filename="group-room.png")
    figure = {
        "image": {"image": image.pk, "decorative": False, "alt_text": "Chairs"},
        "caption": "The group room",
    }
    page = home_page.add_child(
        instance=StandardPage(
            title="Our rooms",
            slug="our-rooms",
            summary="",
            body=json.dumps([{"type": "image", "value": figure}]),
        )
    )
    page.save_revision().publish()

    response = client.get("/our-rooms/", secure=True)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    sources = [img["src"] for img in soup.select("figure img")]
    sources += [
        candidate.split()[0]
        for source in soup.select("figure source")
        for candidate in source["srcset"].split(",")
    ]
    assert sources
    for url in sources:
        assert url.startswith(f"https://{MEDIA_DOMAIN}/images/group-room"), url
    stored = keys(s3, name)
    assert image.file.name in stored
    assert image.file.name.startswith("original_images/group-room")
    for url in sources:
        assert url.removeprefix(f"https://{MEDIA_DOMAIN}/") in stored

    policy = csp(response)
    assert policy["img-src"] == ["'self'", "data:", f"https://{MEDIA_DOMAIN}"]
    for directive, directive_sources in policy.items():
        if directive != "img-src":
            assert MEDIA_DOMAIN not in " ".join(directive_sources), directive


@pytest.mark.django_db
def test_a_rendition_is_stored_in_the_bucket(bucket):
    s3, name = bucket
    image = ImageFactory(file__filename="hallway.png")

    rendition = image.get_rendition("fill-80x60")

    assert rendition.file.name in keys(s3, name)
    assert rendition.url == f"https://{MEDIA_DOMAIN}/{rendition.file.name}"
    assert "?" not in rendition.url, "image URLs must be stable, not signed"


@pytest.mark.django_db
def test_documents_go_to_the_bucket_and_are_served_by_wagtail(bucket, client):
    s3, name = bucket
    data = b"Program guide: what to bring to your first session.\n"
    document = DocumentFactory(file__filename="guide.txt", file__data=data)
    assert document.file.name in keys(s3, name)
    stored = s3.get_object(Bucket=name, Key=document.file.name)["Body"].read()
    assert stored == data

    response = client.get(document.url)

    assert document.url == f"/documents/{document.pk}/guide.txt"
    # Served by the site itself, not a redirect to the file's own URL.
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


@pytest.mark.django_db
def test_a_private_document_stays_private_in_the_bucket(bucket, client):
    data = b"For clients of the evening group only.\n"
    document = DocumentFactory(file__filename="private.txt", file__data=data)
    CollectionViewRestriction.objects.create(
        collection=document.collection,
        restriction_type=BaseViewRestriction.PASSWORD,
        password="group-only",
    )

    response = client.get(document.url)

    assert response.status_code == 200
    assert data not in response.content
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", attrs={"name": "password"})


# Production settings ------------------------------------------------------

S3_ENVIRONMENT = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "manifest-media",
    "AWS_S3_REGION_NAME": REGION,
    "AWS_S3_CUSTOM_DOMAIN": MEDIA_DOMAIN,
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_EC2_METADATA_DISABLED": "true",
}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"AWS_STORAGE_BUCKET_NAME": None},
            "The AWS_STORAGE_BUCKET_NAME environment variable is required",
        ),
        (
            {"AWS_S3_CUSTOM_DOMAIN": None},
            "The AWS_S3_CUSTOM_DOMAIN environment variable is required",
        ),
        (
            {"AWS_SECRET_ACCESS_KEY": None},
            "Set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither",
        ),
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE must be 'local' or 's3', not 'ftp'"),
    ],
)
def test_production_refuses_half_configured_media_storage(tmp_path, overrides, message):
    env = production_environment(tmp_path, **{**S3_ENVIRONMENT, **overrides})
    result = manage(env, "check")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_reads_the_media_storage_from_the_environment(tmp_path):
    # No keys: boto3 would use the server's instance role.
    without_keys = {"AWS_ACCESS_KEY_ID": None, "AWS_SECRET_ACCESS_KEY": None}
    env = production_environment(tmp_path, **{**S3_ENVIRONMENT, **without_keys})
    result = manage(
        env,
        "shell",
        "-c",
        "import json; from django.core.files.storage import storages; "
        "s = storages['default']; "
        "print(json.dumps([type(s).__name__, s.bucket_name, s.region_name, "
        "s.url('images/a.png'), s.querystring_auth, s.file_overwrite, "
        "s.default_acl, s.access_key]))",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "S3Storage",
        "manifest-media",
        REGION,
        f"https://{MEDIA_DOMAIN}/images/a.png",
        False,
        False,
        None,
        None,
    ]
