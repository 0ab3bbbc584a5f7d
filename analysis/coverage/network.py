"""Walking distances along an OpenStreetMap street network, read from a local file.

``.osm`` (XML) and ``.osm.pbf`` are read with pyosmium (libosmium's Python bindings, a binary
wheel from PyPI; it reads local files only and needs no network). The walkable ways become an
undirected graph in a metric CRS, weighted by segment length; shortest paths are scipy's
Dijkstra, run once from all offers together (through one virtual source) for nearest distances.
A point joins the network at its nearest node if that node is at most ``max_snap_m`` away; the
snapping leg is counted as a straight line. Farther points are unreachable (``inf``).
"""

from __future__ import annotations

from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import numpy as np
import osmium
from pyproj import CRS, Transformer
from scipy import sparse
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from analysis.readers.errors import InputFileError

__all__ = ["WALKABLE_HIGHWAYS", "StreetNetwork", "read_street_network", "street_network"]

# Ways a person may walk on. Motorways and their ramps are excluded; trunk roads are kept
# because German Bundesstraßen through towns have pavements.
WALKABLE_HIGHWAYS = frozenset(
    {
        "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
        "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service",
        "pedestrian", "footway", "path", "steps", "track", "cycleway", "bridleway", "corridor",
        "road",
    }
)  # fmt: skip
_NO_FOOT = frozenset({"no", "private"})
_LEG = 2.0**-20
_CHUNK = 64  # sources per limited Dijkstra: 64 rows × n nodes of float64 stay small


def _positive(length: np.ndarray) -> np.ndarray:
    """Lengths with zeros raised to a micrometre: a zero in a sparse graph is no edge."""
    return np.where(length > 0, length, 1e-6)


@dataclass
class StreetNetwork:
    """An undirected walking graph in a metric CRS (see :func:`street_network`)."""

    xy: np.ndarray
    graph: sparse.csr_matrix
    crs: CRS
    max_snap_m: float = 200.0
    source: str = "street network"
    #: The day (ISO) the network was uploaded or extracted, where known: figures name it.
    dated: str = ""
    method = "network"

    @property
    def note(self) -> str:
        """One line for every figure: which distance was used."""
        source = f"{self.source}, {self.dated}" if self.dated else self.source
        return (
            f"walking distance along the street network ({source}); points join it at "
            f"the nearest node up to {self.max_snap_m:g} m away"
        )

    def params(self) -> dict:
        """The model's settings, recorded with every result."""
        return {
            "method": self.method,
            "network_source": self.source,
            "network_nodes": len(self.xy),
            "max_snap_m": float(self.max_snap_m),
            "distance_note": self.note,
            "network_date": self.dated,
        }

    def snap(self, points: object) -> tuple[np.ndarray, np.ndarray]:
        """Nearest node of each point and the straight distance to it (``inf`` beyond reach)."""
        points = np.asarray(points, dtype="float64").reshape(-1, 2)
        if len(points) == 0:
            return np.array([], dtype="int64"), np.array([], dtype="float64")
        distance, node = cKDTree(self.xy).query(points, distance_upper_bound=self.max_snap_m)
        far = ~np.isfinite(distance)
        node[far] = 0
        return node.astype("int64"), distance

    def nearest(self, origins: object, targets: object) -> np.ndarray:
        """Network distance (m) from each origin to its nearest target; ``inf`` if none reached."""
        o_node, o_snap = self.snap(origins)
        t_node, t_snap = self.snap(targets)
        reach = np.isfinite(t_snap)
        if not reach.any():
            return np.full(len(o_node), np.inf)
        n = len(self.xy)
        # A virtual source n with an edge to every offer's node, weighted by that offer's
        # snapping leg: one Dijkstra gives every node its distance to the nearest offer.
        # Every path from the virtual source uses exactly one leg, so a constant added to the
        # legs (a zero would be no edge) is subtracted exactly afterwards (a power of two).
        legs = sparse.csr_matrix(
            (t_snap[reach] + _LEG, (np.full(reach.sum(), n), t_node[reach])),
            shape=(n + 1, n + 1),
        )
        grown = sparse.block_diag([self.graph, sparse.csr_matrix((1, 1))], format="csr") + legs
        to_node = dijkstra(grown, directed=True, indices=n)[:n] - _LEG
        return o_snap + to_node[o_node]

    def within(
        self, origins: object, targets: object, radius: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Pairs (origin index, target index, distance m) no farther apart than ``radius``."""
        origins = np.asarray(origins, dtype="float64").reshape(-1, 2)
        targets = np.asarray(targets, dtype="float64").reshape(-1, 2)
        o_node, o_snap = self.snap(origins)
        t_node, t_snap = self.snap(targets)
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        # A path is never shorter than the straight line, so only pairs within the radius as
        # the crow flies are candidates.
        candidates = cKDTree(targets).query_ball_point(origins, radius) if len(targets) else []
        by_target: dict[int, list[int]] = {}
        for i, hits in enumerate(candidates):
            if np.isfinite(o_snap[i]):
                for j in hits:
                    if np.isfinite(t_snap[j]):
                        by_target.setdefault(j, []).append(i)
        keys = np.array(sorted(by_target), dtype="int64")
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            rows = dijkstra(self.graph, directed=False, indices=t_node[chunk], limit=radius)
            for row, j in enumerate(chunk):
                i = np.array(by_target[j], dtype="int64")
                d = t_snap[j] + rows[row, o_node[i]] + o_snap[i]
                ok = d <= radius
                found.append((i[ok], np.full(ok.sum(), j, dtype="int64"), d[ok]))
        if not found:
            empty = np.array([], dtype="int64")
            return empty, empty, np.array([], dtype="float64")
        i, j, d = (np.concatenate(parts) for parts in zip(*found, strict=True))
        return i, j, d


def street_network(
    nodes_xy: np.ndarray,
    edges: np.ndarray,
    crs: str | int | CRS,
    *,
    max_snap_m: float = 200.0,
    source: str = "street network",
) -> StreetNetwork:
    """A walking graph from node coordinates (metric ``crs``) and pairs of node positions.

    Examples
    --------
    >>> net = street_network(np.array([[0, 0], [300, 0], [300, 400]]),
    ...                      np.array([[0, 1], [1, 2]]), "EPSG:32632")
    >>> net.nearest([[0, 0]], [[300, 400]]).round(3).tolist()
    [700.0]
    """
    nodes_xy = np.asarray(nodes_xy, dtype="float64")
    edges = np.asarray(edges, dtype="int64").reshape(-1, 2)
    if not max_snap_m > 0:
        raise ValueError(f"the snapping distance must be positive, not {max_snap_m!r}.")
    length = np.hypot(*(nodes_xy[edges[:, 0]] - nodes_xy[edges[:, 1]]).T)
    keep = edges[:, 0] != edges[:, 1]
    lo = np.minimum(edges[keep, 0], edges[keep, 1])
    hi = np.maximum(edges[keep, 0], edges[keep, 1])
    w = _positive(length[keep])
    # Two ways between the same pair of nodes: the shorter one is the edge.
    order = np.lexsort((w, hi, lo))
    lo, hi, w = lo[order], hi[order], w[order]
    first = np.ones(len(lo), dtype=bool)
    first[1:] = (lo[1:] != lo[:-1]) | (hi[1:] != hi[:-1])
    lo, hi, w = lo[first], hi[first], w[first]
    n = len(nodes_xy)
    graph = sparse.coo_matrix(
        (np.concatenate([w, w]), (np.concatenate([lo, hi]), np.concatenate([hi, lo]))),
        shape=(n, n),
    ).tocsr()
    return StreetNetwork(nodes_xy, graph, CRS.from_user_input(crs), float(max_snap_m), source)


def _walkable(tags: osmium.osm.TagList) -> bool:
    highway = tags.get("highway")
    if highway not in WALKABLE_HIGHWAYS or tags.get("area") == "yes":
        return False
    foot = tags.get("foot")
    if foot in _NO_FOOT:
        return False
    return foot in ("yes", "designated", "permissive") or tags.get("access") not in _NO_FOOT


def _walkable_segments(path: Path) -> tuple[list[tuple[float, float]], list[tuple[int, int]]]:
    """Node positions (lon, lat) and consecutive node pairs of every walkable way."""
    ids: dict[int, int] = {}
    lonlat: list[tuple[float, float]] = []
    pairs: list[tuple[int, int]] = []
    # Nodes are read only to place the ways (the location cache runs before the filters);
    # Python sees nothing but ways with a highway tag.
    ways = (
        osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
        .with_locations()
        .with_filter(osmium.filter.EntityFilter(osmium.osm.WAY))
        .with_filter(osmium.filter.KeyFilter("highway"))
    )
    for way in ways:
        if not _walkable(way.tags):
            continue
        previous = None
        for ref in way.nodes:
            if not ref.location.valid():
                previous = None  # a node missing from the extract breaks the way there
                continue
            if ref.ref not in ids:
                ids[ref.ref] = len(lonlat)
                lonlat.append((ref.location.lon, ref.location.lat))
            current = ids[ref.ref]
            if previous is not None:
                pairs.append((previous, current))
            previous = current
    return lonlat, pairs


def read_street_network(
    path: str | PathLike, crs: str | int | CRS, *, max_snap_m: float = 200.0
) -> StreetNetwork:
    """Read the walkable ways of a local ``.osm`` or ``.osm.pbf`` file as a street network.

    Examples
    --------
    >>> import analysis
    >>> osm = Path(analysis.__file__).parents[1] / "tests" / "data" / "coverage_streets.osm"
    >>> net = read_street_network(osm, "EPSG:32632", max_snap_m=50)
    >>> net.params()["network_nodes"], net.params()["max_snap_m"]
    (8, 50.0)
    """
    p = Path(path)
    name = p.name.lower()
    if not (name.endswith(".osm") or name.endswith(".osm.pbf") or name.endswith(".pbf")):
        raise InputFileError(p, "only OpenStreetMap files (.osm or .osm.pbf) can be read.")
    if not p.is_file():
        raise InputFileError(p, "the file does not exist.")
    try:
        lonlat, pairs = _walkable_segments(p)
    except RuntimeError as exc:
        raise InputFileError(p, "this is not a readable OpenStreetMap file.") from exc
    if not pairs:
        raise InputFileError(p, "the file contains no walkable streets or paths.")
    to_metric = Transformer.from_crs("EPSG:4326", CRS.from_user_input(crs), always_xy=True)
    lon, lat = np.array(lonlat).T
    xy = np.column_stack(to_metric.transform(lon, lat))
    return street_network(xy, np.array(pairs), crs, max_snap_m=max_snap_m, source=p.name)
