"""The street network's portable form: the same graph back, and nothing else accepted."""

from __future__ import annotations

import io

import numpy as np
import pytest

from analysis.coverage import read_street_network
from analysis.coverage.files import read_network_parts
from analysis.coverage.network_blob import network_from_parts, pack_network, unpack_network
from tests.support.coverage import STREETS


def test_the_stored_blob_gives_the_graph_read_from_the_file():
    parts = read_network_parts(STREETS)
    stored = unpack_network(pack_network(parts.lonlat, parts.pairs))
    net = network_from_parts(stored, "EPSG:32632", source="strassen.osm", dated="2026-12-01")
    direct = read_street_network(STREETS, "EPSG:32632")
    assert np.allclose(net.xy, direct.xy) and (net.graph != direct.graph).nnz == 0
    assert (stored.nodes, stored.edges) == (8, 6)
    assert net.params()["network_date"] == "2026-12-01"
    assert "strassen.osm, 2026-12-01" in net.note


def test_loops_and_repeated_segments_are_kept_once():
    parts = unpack_network(pack_network([[0, 0], [1, 0], [1, 1]], [[0, 1], [1, 0], [2, 2], [1, 2]]))
    assert parts.pairs.tolist() == [[0, 1], [1, 2]]
    with pytest.raises(ValueError, match="not there"):
        pack_network([[0, 0]], [[0, 3]])


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _npy(array) -> bytes:
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "blob",
    [
        b"",
        b"PK\x03\x04 not really",
        _npz(lonlat=np.array([object()], dtype=object), pairs=np.zeros((1, 2), "int32")),
        _npz(lonlat=np.zeros((2, 2)), pairs=np.zeros((1, 2), "int64")),
        _npz(lonlat=np.zeros((2, 3)), pairs=np.zeros((1, 2), "int32")),
        _npz(lonlat=np.zeros((2, 2)), pairs=np.array([[0, 5]], "int32")),
        _npz(lonlat=np.zeros((2, 2))),
        _npy(np.zeros((2, 2))),
    ],
    ids=[
        "empty",
        "zip",
        "pickled objects",
        "wide ints",
        "shape",
        "node not there",
        "no pairs",
        "one array",
    ],  # fmt: skip
)
def test_anything_but_the_stored_arrays_is_refused(blob):
    with pytest.raises(ValueError, match="cannot be read"):
        unpack_network(blob)
