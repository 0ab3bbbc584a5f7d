"""One class rule for every median map: a median of exactly a limit (5,0) is in the class
"5,0 bis unter 6,0" on the web map, in the PNG map's legend and in the report's HTML."""

from __future__ import annotations

import base64
import re

import pandas as pd

from analysis.figures.classes import MEDIAN_CMAP, class_colours, classify, median_bins
from app.core.extensions import db
from app.models import Campaign
from app.services import aggregates, maps
from tests.analysis.report.test_report_legend import _legend
from tests.support.texts import german_texts
from tests.support.workspace import demo_with_index, login

DE = {"Accept-Language": "de"}
SWATCH = re.compile(r'<rect width="1" height="1" fill="(#[0-9a-f]{6})"/></svg>([^<]+)')


def _on_a_limit(app) -> tuple[int, int, str, str, float]:
    """(Kommune id, survey id, area code, theme slug, median) of a resident median on a limit."""
    with app.app_context():
        campaign = db.session.get(Campaign, demo_with_index())
        agg = aggregates.aggregates(campaign)
        for area in campaign.areas:
            medians = aggregates.medians(agg, area.code, "resident", campaign.round_label)
            for slug, median in sorted(medians.items()):
                if median is not None and median in (2.0, 3.0, 4.0, 5.0, 6.0):
                    return campaign.kommune_id, campaign.id, area.code, slug, float(median)
    raise AssertionError("the demo has no resident median on a class limit")


def test_a_median_on_a_limit_is_in_one_class_on_the_web_in_the_png_and_in_the_report(app, client):
    kommune_id, campaign_id, code, slug, median = _on_a_limit(app)
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    base = f"/planner/kommune/{kommune_id}/map"
    query = f"?campaign={campaign_id}&layer={slug}"
    page = client.get(base + query, headers=DE).get_data(as_text=True)
    legend = page[page.index('class="map-legend"') :]
    web_legend = [(c, t.strip()) for c, t in SWATCH.findall(legend[: legend.index("</p>")])]
    geo = client.get(f"{base}.geojson{query}", headers=DE).get_json()
    colour = next(
        f["properties"]["colour"] for f in geo["features"] if f["properties"]["code"] == code
    )
    limit = f"{median:.1f}".replace(".", ",")
    web_class = next(text for c, text in web_legend if c == colour)
    assert web_class.startswith(f"{limit} bis ")  # the class that starts at the limit
    # the PNG map draws classify's "steps" classes with these colours and this legend
    classes, png_legend, bins = classify(
        pd.Series([median]), "steps", bins=median_bins(), texts=german_texts()
    )
    png = list(zip(class_colours(MEDIAN_CMAP, len(bins)), png_legend, strict=True))
    assert web_legend == [*png, (maps.NO_DATA, "kein Wert / weniger als k Antworten")]
    assert png[int(classes.iloc[0]) - 1] == (colour, web_class)
    # the report's median map: same colours, same texts
    html = client.get(f"/planner/surveys/{campaign_id}/report", headers=DE).get_data(as_text=True)
    svgs = [
        base64.b64decode(s).decode()
        for s in re.findall(r"data:image/svg\+xml;base64,([^\"]+)", html)
    ]
    median_map = next(svg for svg in svgs if "bis unter" in svg)
    assert [(c, t) for c, t in _legend(median_map) if "bis" in t] == png
