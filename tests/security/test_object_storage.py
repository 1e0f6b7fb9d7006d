"""Uploads in an S3-compatible store, tested against a real S3 server on the loopback.

Public media land in the media bucket and anyone may fetch them by their URL; private files land
under the private prefix of their own bucket, which answers 403 to anyone without a signature,
and reach a reader only after the permission check: a redirect to a short-lived presigned URL
whose response headers the signature fixes, or an X-Accel-Redirect for the proxy.
"""

import getpass
import io
import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.checks import run_checks
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from kenniscentrum.lib.objectstore import public_read_policy, upload_storages
from knowledgebase.demo import tiny_pdf
from members.models import BIN, Charter
from tests.factories import CharterFactory, CourseFactory, DocumentFactory, image_bytes, pdf_upload
from tests.personas import PERSONAS
from tests.security.test_private_files import readable
from tests.security.test_uploads import PDF_HTML, SANDBOX, charter_data, generated, gif_html
from tests.services import free_port, unavailable
from training.models import Material

pytestmark = pytest.mark.django_db

SECRET = b"%PDF-1.4\n% vertrouwelijk charter\n"
CREDENTIALS = {"access_key": "kc-test", "secret_key": "kc-test-secret", "region": "eu-west-1"}
BASE = "/nl/mijn/bin/bin-gent-sint-pieters"
# Nothing between the tests and the loopback, whatever the environment says about proxies.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Store:
    """Two fresh buckets on the S3 server and the site's storages pointed at them."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        suffix = uuid.uuid4().hex[:12]
        self.media, self.private = f"kc-media-{suffix}", f"kc-private-{suffix}"
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            aws_access_key_id=CREDENTIALS["access_key"],
            aws_secret_access_key=CREDENTIALS["secret_key"],
            region_name=CREDENTIALS["region"],
        )
        location = {"LocationConstraint": CREDENTIALS["region"]}
        for bucket in (self.media, self.private):
            self.client.create_bucket(Bucket=bucket, CreateBucketConfiguration=location)
        self.client.put_bucket_policy(
            Bucket=self.media, Policy=json.dumps(public_read_policy(self.media))
        )

    def storages(self):
        return upload_storages(
            media_bucket=self.media,
            private_bucket=self.private,
            endpoint_url=self.endpoint,
            **CREDENTIALS,
        )

    def keys(self, bucket):
        listing = self.client.list_objects_v2(Bucket=bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def object_bytes(self, bucket, key):
        return self.client.get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.fixture
def store(s3_server, settings):
    store = Store(s3_server)
    settings.STORAGES = {**settings.STORAGES, **store.storages()}
    settings.PRIVATE_FILES_DELIVERY = "signed"
    return store


def fetch(url):
    """(status, headers, body) of an anonymous GET, as a browser without cookies sees it."""
    try:
        with HTTP.open(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_uploads_through_the_forms_land_public_and_private_in_their_buckets(
    client, store, coordinator_a
):
    client.force_login(coordinator_a)
    logo = SimpleUploadedFile("logo.png", image_bytes("PNG"), content_type="image/png")
    response = client.post(f"{BASE}/profiel/", {"description": "Welkom", "logo": logo})
    assert response.status_code == 302
    response = client.post(f"{BASE}/charter/", charter_data(pdf_upload("charter.pdf", SECRET)))
    assert response.status_code == 302

    logo = BIN.objects.get(slug="bin-gent-sint-pieters").logo
    charter = Charter.objects.get()
    assert store.keys(store.media) == [logo.name]
    assert store.keys(store.private) == [f"private/{charter.pdf.name}"]
    assert generated(logo.name, "png") and generated(charter.pdf.name, "pdf")

    # The public image: a stable URL on the store, without a signature, readable by anyone.
    assert logo.url.startswith(f"{store.endpoint}/{store.media}/") and "?" not in logo.url
    status, headers, body = fetch(logo.url)
    assert status == 200
    assert headers["Content-Type"] == "image/png"
    assert body == store.object_bytes(store.media, logo.name)

    # The private file: the store refuses it to anyone without a signature.
    status, _headers, body = fetch(f"{store.endpoint}/{store.private}/private/{charter.pdf.name}")
    assert status == 403
    assert b"vertrouwelijk" not in body


@pytest.mark.parametrize("persona", PERSONAS)
def test_permission_views_redirect_readers_to_a_presigned_url_and_nobody_else(
    client, store, login_as, bin_a, coordinator_a, coordinator_b, police_officer, persona
):
    charter = CharterFactory(bin=bin_a, pdf=ContentFile(SECRET, name="x.pdf"))
    members = DocumentFactory(audience="members", file=ContentFile(SECRET, name="x.pdf"))
    staff = DocumentFactory(audience="staff", file=ContentFile(SECRET, name="x.pdf"))
    material = Material(course=CourseFactory(), title="Draaiboek", audience="members")
    material.file.save("draaiboek.pdf", ContentFile(SECRET), save=True)
    assert len(store.keys(store.private)) == 4
    urls = {
        ("charter", "charter"): f"{BASE}/charter/{charter.pk}/pdf/",
        ("members", "ledendocument"): members.get_absolute_url(),
        ("staff", "ledendocument"): staff.get_absolute_url(),
        ("members", "draaiboek"): material.get_absolute_url(),
    }
    login_as(persona)
    for (audience, _name), url in urls.items():
        response = client.get(url)
        location = response.get("Location", "")
        if readable(persona, audience):
            assert response.status_code == 302, (url, persona)
            assert location.startswith(f"{store.endpoint}/{store.private}/private/")
            assert "X-Amz-Signature=" in location
            assert response["Cache-Control"] == "private, no-store"
            status, headers, body = fetch(location)
            assert status == 200 and body == SECRET
            assert headers["Content-Type"] == "application/pdf"
            assert headers["Content-Disposition"].startswith("inline; filename=")
        else:
            assert response.status_code in {302, 404}, (url, persona)
            assert store.endpoint not in location and "X-Amz" not in location
            assert store.endpoint.encode() not in response.content
            if response.status_code == 302:
                assert persona == "anonymous" and "/account/login/" in location


def test_the_presigned_url_fixes_download_headers_and_expires(client, store, settings, editor):
    settings.PRIVATE_FILES_URL_SECONDS = 5
    document = DocumentFactory(title="Verslag 2026", audience="staff")
    document.file.save("verslag.html", ContentFile(image_bytes("PNG")), save=True)
    client.force_login(editor)

    location = client.get(document.get_absolute_url())["Location"]

    query = parse_qs(urlsplit(location).query)
    assert query["X-Amz-Expires"] == ["5"]
    signed_at = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - signed_at).total_seconds()) < 60
    # An image is a download, never shown on the store's page, with the stored type.
    assert query["response-content-type"] == ["image/png"]
    assert query["response-content-disposition"][0].startswith("attachment; filename=")
    status, headers, body = fetch(location)
    assert status == 200 and body == store.object_bytes(store.private, f"private/{document.file}")
    assert headers["Content-Disposition"] == query["response-content-disposition"][0]


def test_accel_mode_hands_the_presigned_path_to_the_proxy_without_a_body(
    client, store, settings, coordinator_a, bin_a
):
    settings.PRIVATE_FILES_DELIVERY = "accel"
    charter = CharterFactory(bin=bin_a, pdf=ContentFile(SECRET, name="x.pdf"))
    client.force_login(coordinator_a)

    response = client.get(f"{BASE}/charter/{charter.pk}/pdf/")

    assert response.status_code == 200 and response.content == b""
    target = response["X-Accel-Redirect"]
    assert target.startswith(f"/_private/{store.private}/private/{charter.pdf.name}?")
    assert "X-Amz-Signature=" in target
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline; filename=")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    # What the proxy's location does: the rest of the path and the query, sent to the store.
    status, _headers, body = fetch(store.endpoint + target.removeprefix("/_private"))
    assert status == 200 and body == SECRET


def test_accel_mode_on_the_file_system_names_the_stored_file(
    client, settings, coordinator_a, bin_a
):
    settings.PRIVATE_FILES_DELIVERY = "accel"
    charter = CharterFactory(bin=bin_a, pdf=ContentFile(SECRET, name="x.pdf"))
    client.force_login(coordinator_a)

    response = client.get(f"{BASE}/charter/{charter.pk}/pdf/")

    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == f"/_private/{charter.pdf.name}"
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / charter.pdf.name).read_bytes() == SECRET
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_private_file_missing_from_the_store_gives_404_not_a_redirect(
    client, store, coordinator_a, bin_a
):
    charter = CharterFactory(bin=bin_a, pdf=ContentFile(SECRET, name="x.pdf"))
    store.client.delete_object(Bucket=store.private, Key=f"private/{charter.pdf.name}")
    client.force_login(coordinator_a)
    assert client.get(f"{BASE}/charter/{charter.pk}/pdf/").status_code == 404


def test_polyglots_are_refused_or_re_encoded_on_the_store_too(client, store, coordinator_a):
    client.force_login(coordinator_a)
    response = client.post(f"{BASE}/charter/", charter_data(pdf_upload("charter.pdf", gif_html())))
    assert "Dit bestandstype is niet toegelaten." in response.content.decode()
    response = client.post(f"{BASE}/charter/", charter_data(pdf_upload("x.html", PDF_HTML)))
    assert response.status_code == 302
    logo = SimpleUploadedFile("x.html", gif_html(), content_type="text/html")
    client.post(f"{BASE}/profiel/", {"description": "Welkom", "logo": logo})

    charter = Charter.objects.get()
    assert store.keys(store.private) == [f"private/{charter.pdf.name}"]
    assert generated(charter.pdf.name, "pdf")
    [logo_key] = store.keys(store.media)
    assert generated(logo_key, "gif")
    assert b"<script" not in store.object_bytes(store.media, logo_key)


def test_secure_uploads_checks_and_moves_files_on_the_store(store, settings, bin_a, bin_b):
    # A logo stored by an earlier version under its uploaded name, script and all.
    store.client.put_object(Bucket=store.media, Key="bins/logos/x.html", Body=gif_html())
    BIN.objects.filter(pk=bin_a.pk).update(logo="bins/logos/x.html")
    # A charter an earlier version kept under MEDIA_ROOT/private on a node's disk.
    legacy = Path(settings.MEDIA_ROOT) / "private" / "charters" / "charter.pdf"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(tiny_pdf("Oud charter"))
    charter = CharterFactory(bin=bin_b)
    Charter.objects.filter(pk=charter.pk).update(pdf="charters/charter.pdf")

    out = io.StringIO()
    call_command("secure_uploads", stdout=out)

    assert "Private files moved out of MEDIA_ROOT: 1" in out.getvalue()
    assert not legacy.exists()
    bin_a.refresh_from_db()
    charter.refresh_from_db()
    assert store.keys(store.media) == [bin_a.logo.name]
    assert generated(bin_a.logo.name, "gif")
    assert b"<script" not in store.object_bytes(store.media, bin_a.logo.name)
    # Moved into the store, then checked and renamed there; the old name is gone.
    assert "private/charters/charter.pdf" not in store.keys(store.private)
    assert store.object_bytes(store.private, f"private/{charter.pdf.name}") == tiny_pdf(
        "Oud charter"
    )


# --- Through nginx, configured as the README says ---------------------------------------------

NGINX_CONF = """
worker_processes 1;
daemon off;
{user}
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{ proxy_pass {site}; }}
        location /_private/ {{
            internal;
            {source}
            add_header X-Content-Type-Options "nosniff" always;
            add_header Content-Security-Policy "default-src 'none'; sandbox" always;
        }}
    }}
}}
"""


@pytest.fixture
def nginx(tmp_path, live_server):
    """Start nginx in front of the live server with a given /_private/ source; its base URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        unavailable("nginx is not installed (apt-get install nginx)")
    processes = []

    def start(source):
        folder, port = tmp_path / "nginx", free_port()
        folder.mkdir()
        # As root, nginx's workers would switch to an account that cannot read the test folders.
        user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
        site = live_server.url.replace("localhost", "127.0.0.1")
        config = folder / "nginx.conf"
        config.write_text(
            NGINX_CONF.format(user=user, folder=folder, port=port, site=site, source=source)
        )
        process = subprocess.Popen(
            [binary, "-p", str(folder), "-c", str(config)], stderr=subprocess.DEVNULL
        )
        processes.append(process)
        for _attempt in range(100):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return f"http://127.0.0.1:{port}"
            time.sleep(0.05)
        pytest.fail((folder / "error.log").read_text())

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def fetch_as(url, client):
    """An HTTP GET with the session of the test client's logged-in person."""
    request = urllib.request.Request(url)
    request.add_header("Cookie", f"sessionid={client.cookies['sessionid'].value}")
    return fetch(request)


@pytest.mark.parametrize("where", ["file system", "store"])
def test_accel_through_nginx_sends_the_file_with_the_sandboxing_headers(
    request, nginx, client, settings, coordinator_a, bin_a, where
):
    settings.PRIVATE_FILES_DELIVERY = "accel"
    if where == "store":
        store = request.getfixturevalue("store")
        settings.PRIVATE_FILES_DELIVERY = "accel"
        source = f"proxy_pass {store.endpoint}/;"
    else:
        source = f"alias {settings.PRIVATE_MEDIA_ROOT}/;"
    charter = CharterFactory(bin=bin_a, pdf=ContentFile(SECRET, name="x.pdf"))
    base = nginx(source)
    client.force_login(coordinator_a)

    status, headers, body = fetch_as(f"{base}{BASE}/charter/{charter.pk}/pdf/", client)

    assert status == 200 and body == SECRET
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("inline; filename=")
    assert headers["Cache-Control"] == "private, no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == SANDBOX
    assert "X-Accel-Redirect" not in headers
    # The location itself answers nobody who asks for it directly.
    status, _headers, body = fetch(f"{base}/_private/{charter.pdf.name}")
    assert status == 404 and SECRET not in body


@pytest.mark.parametrize("media_prefix,refused", [(None, False), ("", True), ("private/", True)])
def test_a_shared_bucket_keeps_private_files_outside_the_public_prefix(
    settings, media_prefix, refused
):
    settings.STORAGES = {
        **settings.STORAGES,
        **upload_storages(
            media_bucket="kc-shared",
            private_bucket="kc-shared",
            endpoint_url="http://127.0.0.1:9",
            media_prefix=media_prefix,
        ),
    }
    assert ("kenniscentrum.E003" in [error.id for error in run_checks()]) is refused
