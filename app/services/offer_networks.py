"""A Kommune's walking network: upload an OpenStreetMap extract on the web, replace, remove.

The file waits in ``instance/uploads`` (:mod:`app.services.uploads`) only while the confined
worker reads it (:func:`analysis.coverage.files.read_network_parts`); then it is gone. What
is kept is the routable network in the database (:class:`app.models.WalkingNetwork`), so
every app process computes with the same one. The graph built from it is kept per process
under the blob's digest and the metric CRS (:mod:`app.services.result_cache`).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask_babel import format_decimal
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from analysis.coverage.files import read_network_parts
from analysis.coverage.network import StreetNetwork
from analysis.coverage.network_blob import network_from_parts, pack_network, unpack_network
from analysis.readers.errors import InputFileError
from app.core.database import write_transaction
from app.core.extensions import db
from app.core.file_messages import file_error
from app.models import Kommune, WalkingNetwork
from app.models.accounts import utcnow
from app.services import result_cache
from app.services.offers import OfferError
from app.services.uploads import discard, original_name, save_upload, upload_path

#: What the page's choice of distance is called in links and forms.
ALONG_STREETS = "streets"
#: Stored suffixes of an upload (``.osm.pbf`` is stored as ``.pbf``).
_SUFFIXES = (".osm", ".pbf")


def kommune_network(kommune: Kommune) -> WalkingNetwork | None:
    """The Kommune's stored walking network, or None."""
    return db.session.scalar(select(WalkingNetwork).where(WalkingNetwork.kommune_id == kommune.id))


def chosen_network(kommune: Kommune, choice: str | None) -> WalkingNetwork | None:
    """The stored network when the planner chose distances along the streets, else None."""
    return kommune_network(kommune) if choice == ALONG_STREETS else None


def upload_network(kommune: Kommune, upload: FileStorage | None) -> WalkingNetwork:
    """Read the uploaded ``.osm``/``.osm.pbf`` file and store (or replace) its network.

    With a database session (see the tests)::

        upload_network(kommune, FileStorage(open("streets.osm", "rb"), "streets.osm")).edges
    """
    if upload is None or not upload.filename:
        raise OfferError(_("Please choose a file."))
    token = save_upload(upload, kommune.id, _SUFFIXES)
    if token is None:
        raise OfferError(_("Please upload an OpenStreetMap file (.osm or .osm.pbf)."))
    path = upload_path(token, kommune.id)
    try:
        return store_network(kommune, path, original_name(path))
    finally:
        discard(path)


def store_network(kommune: Kommune, path: Path, name: str) -> WalkingNetwork:
    """Read the ``.osm``/``.osm.pbf`` file at ``path`` in the confined worker and store (or
    replace) the Kommune's network under ``name``; the web's upload and ``flask offers network``
    both store this way.

    With a database session (see the tests)::

        store_network(kommune, Path("koeln.osm.pbf"), "koeln.osm.pbf").nodes
    """
    try:
        parts = read_network_parts(path)
    except InputFileError as exc:
        raise OfferError(file_error(exc, name)) from None
    blob = pack_network(parts.lonlat, parts.pairs)
    stored = unpack_network(blob)
    with write_transaction():
        network = kommune_network(kommune) or WalkingNetwork(kommune_id=kommune.id)
        network.name, network.uploaded_at = name, utcnow()
        network.nodes, network.edges = stored.nodes, stored.edges
        network.data, network.digest = blob, hashlib.sha256(blob).hexdigest()
        db.session.add(network)
    return network


def remove_network(kommune: Kommune) -> str:
    """Forget the Kommune's walking network; returns the sentence to show."""
    network = kommune_network(kommune)
    if network is None:
        raise OfferError(_("There is no street network to remove."))
    name = network.name
    with write_transaction():
        db.session.delete(network)
    return _("The street network '%(name)s' is removed; distances are straight lines again.",
             name=name)  # fmt: skip


def change_network(kommune: Kommune, form, upload: FileStorage | None) -> str:
    """Do what the form asks (``action`` upload or remove); returns the sentence to show."""
    if form.get("action") == "remove":
        return remove_network(kommune)
    if form.get("action") == "upload":
        return stored_sentence(upload_network(kommune, upload))
    raise OfferError(_("Please use the buttons of the page."))


def stored_sentence(network: WalkingNetwork) -> str:
    """What was stored, as one sentence for the page and the shell."""
    return _("The street network '%(name)s' is stored: %(nodes)s nodes, %(edges)s street "
             "segments.", name=network.name, nodes=format_decimal(network.nodes),
             edges=format_decimal(network.edges))  # fmt: skip


def network_key(network: WalkingNetwork) -> tuple:
    """What names the network in a cached result: its content, its name and upload time."""
    return (network.digest, network.name, network.uploaded_at.isoformat())


def network_model(network: WalkingNetwork, crs: str) -> StreetNetwork:
    """The routable graph of the stored network in the metric ``crs`` (built once per process).

    With a database session (see the tests)::

        network_model(kommune_network(kommune), "EPSG:25832").params()["network_nodes"]
    """
    key = network_key(network) + (str(crs),)

    def build() -> StreetNetwork:
        try:
            parts = unpack_network(network.data)
        except ValueError:
            raise OfferError(_("The stored street network cannot be read; please upload it "
                               "again.")) from None  # fmt: skip
        return network_from_parts(parts, crs, source=network.name,
                                  dated=network.uploaded_at.date().isoformat())  # fmt: skip

    return result_cache.cached("offer_network", key, build)
