"""The residents' median map in the report at its class limits: medians of exactly 1, 2, 3, 5 and
7 are drawn in the class whose legend text names them ("2,0 bis unter 3,0"), legend ascending."""

from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd
import pytest

from analysis.figures.classes import classify, median_bins, step_classes
from analysis.outputs.results import compute_results
from analysis.report.context import report_context
from analysis.report.document import report_html
from tests.support.synthetic import synthetic_campaign
from tests.support.texts import german_texts

#: Every resident of an area rates every theme alike: its median sits on a class limit.
ON_LIMITS = [1.0] * 5 + [2.0] + [3.0] * 2 + [5.0] * 3 + [7.0] * 4
LABEL = re.compile(r"^(\d+,\d) bis (unter )?(\d+,\d)$")


def _on_limits():
    data = synthetic_campaign(len(ON_LIMITS), 4000, seed=1)
    codes = sorted(data.areas["code"])
    value = dict(zip(codes, ON_LIMITS, strict=True))
    ratings = data.ratings
    residents = ratings["role"] == "resident"
    ratings.loc[residents, "score"] = ratings.loc[residents, "area_code"].map(value)
    return data


@pytest.fixture(scope="module")
def report():
    res = compute_results(_on_limits(), german_texts())
    context = report_context(res, {})
    return res, context, report_html(context)


def _legend(svg: str) -> list[tuple[str, str]]:
    """(fill colour, text) of each legend entry, in the legend's order."""
    legend = svg[svg.index('<g id="legend_1">') :]
    found = re.findall(r'style="fill: (#[0-9a-f]{6});[^"]*"/>\s*</g>\s*<g id="text_\d+">\s*'
                       r"<text[^>]*>([^<]+)</text>", legend)  # fmt: skip
    return found


def _drawn(svg: str) -> dict[str, int]:
    """How many areas each fill colour paints, per class group of the map."""
    counts: dict[str, int] = {}
    for group in re.findall(r'<g id="class-\d+">(.*?)</g>\s*(?=<g id="class-|<g id="(?!class))',
                            svg, re.S):  # fmt: skip
        for colour in re.findall(r"(?:<use|<path)[^>]*?style=\"fill: (#[0-9a-f]{6})", group):
            counts[colour] = counts.get(colour, 0) + 1
    return counts


def test_each_median_on_a_limit_is_in_the_class_its_legend_names(report):
    res, context, html = report
    medians = res.layer.set_index("code")["resident_median"].dropna()
    assert set(medians) <= {1.0, 2.0, 3.0, 5.0, 7.0} and len(set(medians)) == 5
    svg = context["charts"]["median_map"]
    assert f'src="data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}"' in html
    legend = [(colour, text) for colour, text in _legend(svg) if LABEL.match(text)]
    assert [text for _, text in legend] == [
        "1,0 bis unter 2,0", "2,0 bis unter 3,0", "3,0 bis unter 4,0", "4,0 bis unter 5,0",
        "5,0 bis unter 6,0", "6,0 bis 7,0",
    ]  # fmt: skip
    drawn = _drawn(svg)
    for colour, text in legend:
        low, below, high = LABEL.match(text).groups()
        low, high = (float(v.replace(",", ".")) for v in (low, high))
        inside = medians[(medians >= low) & ((medians < high) if below else (medians <= high))]
        assert drawn.get(colour, 0) == len(inside), (text, list(inside))


def test_step_classes_and_the_png_maps_legend_agree():
    values = np.array([1.0, 2.0, 2.5, 3.0, 5.0, 7.0])
    classes, legend, _ = classify(
        pd.Series(values), "steps", bins=median_bins(), texts=german_texts()
    )
    assert classes.tolist() == step_classes(values, median_bins()).tolist() == [1, 2, 2, 3, 5, 6]
    assert legend[0] == "1,0 bis unter 2,0" and legend[-1] == "6,0 bis 7,0"
    lows = [float(LABEL.match(text).group(1).replace(",", ".")) for text in legend]
    assert lows == sorted(lows)
    with pytest.raises(ValueError, match="from 1.0 to 7.0"):
        classify(pd.Series([7.5]), "steps", bins=median_bins())
