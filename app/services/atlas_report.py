"""The report's Sozialatlas chapter (issue 12): each indicator of the survey's index version
mapped in the year of its values, classes from :func:`app.services.atlas.atlas` (one source
for the web map, its legend and this chapter), drawn by :func:`app.services.atlas.figure`."""

from __future__ import annotations

import base64

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.report.sections import ReportSection
from app.models import Campaign
from app.services.atlas import Choice, atlas, figure
from app.services.index_settings import IndexSettingsError
from app.services.index_versions import saved_index
from app.services.survey_index import survey_index

#: Right after the Quartiere's profiles.
ORDER = 20
#: Classes of each map (quantiles, as the Sozialatlas page offers first).
CLASSES = 5


def _maps(campaign: Campaign, indicators: list[str], year: int) -> list[dict]:
    maps = []
    for key in indicators:
        try:
            data = atlas(campaign.kommune, Choice(key, year, k=CLASSES))
        except IndexSettingsError:
            continue  # an indicator without values in that year has no map to show
        svg = figure(campaign.kommune, data, "svg")
        counts = data.table["label"].value_counts()
        maps.append({
            "title": data.title, "unit": data.unit or "",
            "uri": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
            "legend": data.legend,
            "counts": [(label, int(counts.get(label, 0))) for label, _colour in data.legend],
        })  # fmt: skip
    return maps


def atlas_chapter(campaign: Campaign, lang: str) -> ReportSection | None:
    """The Sozialatlas chapter of ``campaign``'s report in ``lang``; None without an index
    version (nothing to map).

    With a database session (see the tests)::

        atlas_chapter(campaign, "de").title  # 'Sozialatlas'
    """
    version = survey_index(campaign).version
    if version is None:
        return None
    saved = saved_index(version)
    if saved.year is None:
        return None
    with force_locale(lang):
        maps = _maps(campaign, saved.indicators, saved.year)
        if not maps:
            return None
        html = render_template("reports/chapters/atlas.html", maps=maps, version=version.name,
                               year=saved.year)  # fmt: skip
        return ReportSection("atlas", _("Sozialatlas"), html, order=ORDER)
