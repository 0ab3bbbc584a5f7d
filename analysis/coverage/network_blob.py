"""A street network in a portable form: the walkable ways as one compressed blob of numbers.

The app stores a Kommune's network in the database (every process reads the same), not as
the uploaded file: node positions in WGS 84 (``lonlat``, float64) and the undirected edges
between them (``pairs``, int32 node positions, each pair once). The blob is numpy's ``.npz``
read with ``allow_pickle=False``, so it holds arrays of numbers and nothing that runs code;
what does not have the expected shape is refused.

Examples
--------
>>> blob = pack_network([[6.95, 50.93], [6.96, 50.93]], [[0, 1], [1, 0], [1, 1]])
>>> parts = unpack_network(blob)
>>> parts.nodes, parts.edges
(2, 1)
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import numpy as np
from pyproj import CRS, Transformer

from analysis.coverage.network import StreetNetwork, street_network

__all__ = ["NetworkParts", "network_from_parts", "pack_network", "unpack_network"]


@dataclass
class NetworkParts:
    """Node positions (lon, lat) and undirected edges (node positions, each once)."""

    lonlat: np.ndarray
    pairs: np.ndarray

    @property
    def nodes(self) -> int:
        """How many nodes the network has."""
        return len(self.lonlat)

    @property
    def edges(self) -> int:
        """How many street segments (between two nodes) the network has."""
        return len(self.pairs)


def _distinct_edges(pairs: np.ndarray) -> np.ndarray:
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0) if len(pairs) else pairs


def pack_network(lonlat: object, pairs: object) -> bytes:
    """The network as a compressed blob: loops and repeated edges dropped.

    Examples
    --------
    >>> len(pack_network([[6.95, 50.93], [6.96, 50.93]], [[0, 1]])) > 0
    True
    """
    lonlat = np.asarray(lonlat, dtype="float64").reshape(-1, 2)
    pairs = np.asarray(pairs, dtype="int64").reshape(-1, 2)
    if len(pairs) and (pairs.min() < 0 or pairs.max() >= len(lonlat)):
        raise ValueError("an edge names a node that is not there.")
    buffer = io.BytesIO()
    np.savez_compressed(buffer, lonlat=lonlat, pairs=_distinct_edges(pairs).astype("int32"))
    return buffer.getvalue()


def unpack_network(blob: bytes) -> NetworkParts:
    """The arrays of :func:`pack_network` (a ``ValueError`` for anything else).

    Examples
    --------
    >>> unpack_network(b"not a network")
    Traceback (most recent call last):
    ValueError: the stored street network cannot be read.
    """
    if not bytes(blob[:4]) == b"PK\x03\x04":  # an .npz is a ZIP archive; a lone .npy is not
        raise ValueError("the stored street network cannot be read.")
    try:
        with np.load(io.BytesIO(blob), allow_pickle=False) as found:
            lonlat, pairs = found["lonlat"], found["pairs"]
    except (OSError, EOFError, KeyError, ValueError, zipfile.BadZipFile):
        raise ValueError("the stored street network cannot be read.") from None
    shaped = lonlat.ndim == 2 and lonlat.shape[1] == 2 and pairs.ndim == 2 and pairs.shape[1] == 2
    if not shaped or lonlat.dtype != np.float64 or pairs.dtype != np.int32:
        raise ValueError("the stored street network cannot be read.")
    if len(pairs) and (pairs.min() < 0 or pairs.max() >= len(lonlat)):
        raise ValueError("the stored street network cannot be read.")
    return NetworkParts(lonlat, pairs.astype("int64"))


def network_from_parts(
    parts: NetworkParts,
    crs: str | CRS,
    *,
    max_snap_m: float = 200.0,
    source: str = "",
    dated: str = "",
) -> StreetNetwork:
    """The walking graph of ``parts`` in the metric ``crs``.

    Examples
    --------
    >>> parts = unpack_network(pack_network([[6.95, 50.93], [6.96, 50.93]], [[0, 1]]))
    >>> net = network_from_parts(parts, "EPSG:25832", source="streets.osm")
    >>> round(float(net.graph.data[0]))
    703
    """
    lon, lat = parts.lonlat.T
    to_metric = Transformer.from_crs("EPSG:4326", CRS.from_user_input(crs), always_xy=True)
    xy = np.column_stack(to_metric.transform(lon, lat))
    network = street_network(xy, parts.pairs, crs, max_snap_m=max_snap_m,
                             source=source or "street network")  # fmt: skip
    network.dated = dated
    return network
