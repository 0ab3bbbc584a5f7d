"""Offers per area: counts, capacity, reach, white spots, 2SFCA (issue 15); no Flask.

The app calls :func:`read_offer_points` on an uploaded table, shows ``rejected``,
:func:`find_duplicates` and the offers outside every area in the import preview, then
:func:`coverage` for one category (straight line by default, or a :class:`StreetNetwork` from
:func:`read_street_network`) and :func:`perceived_vs_measured` against the theme's medians.
"""

from analysis.coverage.distance import StraightLine, population_points
from analysis.coverage.network import StreetNetwork, read_street_network, street_network
from analysis.coverage.perceived import QUADRANTS, perceived_vs_measured
from analysis.coverage.points import find_duplicates, locate_offers, read_offer_points
from analysis.coverage.supply import two_step_fca
from analysis.coverage.table import Coverage, coverage, coverage_columns
from analysis.coverage.white_spots import white_spots

__all__ = [
    "QUADRANTS",
    "Coverage",
    "StraightLine",
    "StreetNetwork",
    "coverage",
    "coverage_columns",
    "find_duplicates",
    "locate_offers",
    "perceived_vs_measured",
    "population_points",
    "read_offer_points",
    "read_street_network",
    "street_network",
    "two_step_fca",
    "white_spots",
]
