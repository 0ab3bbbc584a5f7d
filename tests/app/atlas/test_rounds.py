"""Rounds over time: the residents' theme medians across the demo's rounds 2024 and 2025, with
change and n, and participation per 1,000 residents, never revealing a group below k."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign
from app.services import aggregates, rounds
from app.services.demo import create_demo_accounts, load_demo
from tests.support.index import small_survey
from tests.support.workspace import login


def _campaign(label: str) -> Campaign:
    return db.session.scalar(select(Campaign).where(Campaign.round_label == label))


def _resident(frame: pd.DataFrame, keys: list[str]) -> pd.Series:
    rows = frame[frame["role"] == "resident"].set_index(keys)
    return rows


@pytest.mark.slow
def test_medians_change_and_participation_across_the_demos_rounds(app):
    with app.test_request_context():
        load_demo()
        now, before = _campaign("2025"), _campaign("2024")
        table = rounds.medians_over_rounds(now)
        rates = rounds.participation_over_rounds(now)
        agg_now = aggregates.aggregates(now)
        agg_before = aggregates.aggregates(before)
        populations = {a.code: a.population for a in now.areas}
    keys = ["area_code", "theme"]
    new, old = _resident(agg_now.aggregated, keys), _resident(agg_before.aggregated, keys)
    rows = table[table["round"] == "2025"].set_index(keys)
    shown = rows[rows["median"].notna() & rows["previous_median"].notna()]
    assert len(shown) > 100  # 12 Quartiere × 14 themes, most groups reach k
    expected = new.loc[shown.index, "median"] - old.loc[shown.index, "median"]
    assert shown["change"].to_numpy() == pytest.approx(expected.to_numpy())
    assert (shown["previous_round"] == "2024").all()
    assert (rows.loc[rows["suppressed"], "median"].isna()).all()
    overall = _resident(agg_now.overall, ["area_code"])
    rate = rates[rates["round"] == "2025"].set_index("area_code")
    counted = overall["n_respondents"].astype(float)
    expected_rate = 1000 * counted / pd.Series(populations)
    visible = ~rate["suppressed"]
    assert rate.loc[visible, "per_1000"].to_numpy() == pytest.approx(
        expected_rate[rate.index[visible]].to_numpy()
    )


@pytest.mark.slow
def test_the_rounds_page_hides_small_groups_and_gives_no_change_to_them(app, client):
    with app.test_request_context():
        load_demo()
        create_demo_accounts()
        north = small_survey(["2", "3 a", "3 b", "4"], answers_per_area=2)  # round 2026, k = 5
    login(client, "planung@musterstadt.example", "Musterstadt-Planung")
    page = client.get(f"/planner/surveys/{north.campaign_id}/rounds?area=2")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    theme_rows = html.split('id="theme-rounds"')[1].split("</table>")[0]
    assert theme_rows.count("weniger als k") == 14  # 2 answers in 2026: every theme hidden
    participation = html.split('id="participation"')[1].split("</table>")[0]
    row = participation.split('data-code="2"')[1].split("</tr>")[0]
    assert row.count("weniger als k") == 1 and "n = " in row  # 2024 and 2025 shown, 2026 not
