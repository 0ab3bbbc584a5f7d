"""Hostile OpenStreetMap files on the offers page: each is a German sentence, never a 500,
never read beyond itself, and nothing is stored (issue 15, the web's street network)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import osmium
import pytest

from app.core.extensions import db
from app.models import WalkingNetwork
from tests.support.coverage import STREETS
from tests.support.offers import street_town
from tests.support.workspace import csrf_from, login, make_user

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE osm [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<osm version="0.6"><node id="1" lat="50.9" lon="6.9"><tag k="name" v="&d;"/></node></osm>
"""


def _external_entity(secret) -> bytes:
    return (f'<?xml version="1.0"?>\n<!DOCTYPE osm [<!ENTITY x SYSTEM "file://{secret}">]>\n'
            '<osm version="0.6"><node id="1" lat="50.9" lon="6.9"><tag k="name" v="&x;"/>'
            "</node></osm>\n").encode()  # fmt: skip


def _pbf(tmp_path) -> bytes:
    path = tmp_path / "streets.osm.pbf"
    with osmium.SimpleWriter(str(path)) as writer:
        for obj in osmium.FileProcessor(str(STREETS)):
            writer.add(obj)
    return path.read_bytes()


def _zip(name: str, body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, body)
    return buffer.getvalue()


def hostile_files(tmp_path) -> list[tuple[str, bytes, str]]:
    """(file name, bytes, part of the German sentence expected)."""
    secret = tmp_path / "secret.txt"
    secret.write_text("GEHEIM-4711", encoding="utf-8")
    pbf = _pbf(tmp_path)
    return [
        ("bombe.osm", ENTITY_BOMB, "erklärt XML-Entitäten"),
        ("extern.osm", _external_entity(secret), "erklärt XML-Entitäten"),
        ("bild.osm.pbf", b"\x89PNG\r\n\x1a\n" + bytes(200), "keine OpenStreetMap-PBF-Datei"),
        ("abgeschnitten.osm.pbf", pbf[: len(pbf) // 2], "keine lesbare OpenStreetMap-Datei"),
        ("archiv.osm.pbf", _zip("streets.osm.pbf", pbf), "keine OpenStreetMap-PBF-Datei"),
        ("archiv.osm", _zip("streets.osm", STREETS.read_bytes()), "keine OpenStreetMap-XML"),
        ("tabelle.osm", b"Name;Strasse\nKita;Hauptstrasse\n", "keine OpenStreetMap-XML"),
        ("leer.osm", b"", "Datei ist leer"),
        ("strassen.exe", STREETS.read_bytes(), "OpenStreetMap-Datei hoch (.osm oder .osm.pbf)"),
    ]


@pytest.fixture
def offers_url(app, client):
    with app.app_context():
        kommune_id = street_town().id
        make_user("plan@example.org", "planner", ["Straßenstadt"])
    login(client, "plan@example.org")
    return f"/planner/kommune/{kommune_id}/offers"


def test_hostile_network_files_are_german_sentences_and_store_nothing(
    app, client, offers_url, tmp_path
):
    for name, body, sentence in hostile_files(tmp_path):
        token = csrf_from(client.get(offers_url).get_data(as_text=True))
        form = {"csrf_token": token, "action": "upload", "category": "kita",
                "file": (io.BytesIO(body), name)}  # fmt: skip
        reply = client.post(offers_url + "/network", data=form, follow_redirects=True,
                            content_type="multipart/form-data")  # fmt: skip
        page = reply.get_data(as_text=True)
        assert reply.status_code == 200, name
        assert sentence in page, name
        assert "Traceback" not in page and "GEHEIM-4711" not in page, name
        with app.app_context():
            assert db.session.query(WalkingNetwork).count() == 0, name
    # None of them waits in the uploads folder: each was discarded after the worker read it.
    assert not any((Path(app.instance_path) / "uploads").glob("*"))


def test_a_file_beyond_the_request_limit_is_refused_with_a_sentence(app, client, offers_url):
    token = csrf_from(client.get(offers_url).get_data(as_text=True))
    # The multipart body written here: the test client would spool a form this big to a file.
    head = (f'--B\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            '--B\r\nContent-Disposition: form-data; name="action"\r\n\r\nupload\r\n'
            '--B\r\nContent-Disposition: form-data; name="file"; filename="gross.osm"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode()  # fmt: skip
    body = head + b'<?xml version="1.0"?><osm>' + b" " * (33 * 1024 * 1024) + b"\r\n--B--\r\n"
    reply = client.post(offers_url + "/network", data=body,
                        content_type="multipart/form-data; boundary=B")  # fmt: skip
    assert reply.status_code == 413
    assert "zu groß" in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(WalkingNetwork).count() == 0
