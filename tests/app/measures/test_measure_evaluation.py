"""The evaluation of a measure against a hand computation: the change of its Quartier from the
baseline to the latest year or round, the mean change of the other Quartiere, the difference,
and the medians' intervals; the same numbers on the page (German) and in the report chapter."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Campaign, Indicator, IndicatorValue, Rating, Response, Theme
from app.services import measures
from app.services.campaigns import purge_raw_answers
from app.services.measure_evaluation import evaluation_frame
from app.services.measure_input import read_measure
from app.services.measure_report import measures_section
from app.services.report_sections import PROVIDERS
from tests.support.measures import PLANNER, demo_with_verdict, musterstadt, user
from tests.support.workspace import login

#: The 2025 values of the SGB II rate, made up so that the hand computation is easy.
DELTA = {"2": -1.5, "1 a": 0.5, "1 b": 0.25, "3 a": 1.0, "4": -0.25}


def _measure(round_label="2024", area="2"):
    kommune = musterstadt()
    campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == round_label))
    form = {"title": "Jugendtreff", "status": "running", "areas": [area],
            "indicators": ["sgb2_quote"], "themes": ["play"], "budget": "5.000"}  # fmt: skip
    values = read_measure(kommune, form, ["play"])
    return measures.create_measure(kommune, values, user(PLANNER), campaign)


def _add_2025_values():
    indicator = db.session.scalar(select(Indicator).where(Indicator.key == "sgb2_quote"))
    rows = db.session.execute(
        select(Area.code, IndicatorValue.area_id, IndicatorValue.value)
        .join(Area, Area.id == IndicatorValue.area_id)
        .where(IndicatorValue.indicator_id == indicator.id, IndicatorValue.year == 2024)
    ).all()
    for code, area_id, value in rows:
        if code in DELTA:  # the other Quartiere have no 2025 value: they are left out
            db.session.add(
                IndicatorValue(
                    indicator_id=indicator.id, area_id=area_id, year=2025, value=value + DELTA[code]
                )  # fmt: skip
            )
    db.session.commit()


def _hand_medians() -> pd.DataFrame:
    rows = db.session.execute(
        select(Campaign.round_label, Area.code, Rating.score)
        .join(Response, Rating.response_id == Response.id)
        .join(Campaign, Response.campaign_id == Campaign.id)
        .join(Area, Response.area_id == Area.id)
        .join(Theme, Rating.theme_id == Theme.id)
        .where(Theme.slug == "play", Response.role == "resident", Rating.score.is_not(None))
    ).all()
    frame = pd.DataFrame(rows, columns=["round", "area", "score"])
    grouped = frame.groupby(["round", "area"])["score"]
    table = pd.DataFrame({"median": grouped.median(), "n": grouped.size()}).reset_index()
    table.loc[table["n"] < 5, "median"] = float("nan")  # k = 5 in the demo
    return table.pivot(index="area", columns="round", values="median")


def _populations() -> pd.Series:
    rows = db.session.execute(select(Area.code, Area.population)).all()
    return pd.Series(dict(rows), dtype="float64")


def _weighted_rest() -> float:
    """The other Quartiere's change of the SGB II rate, weighted by their population."""
    population = _populations()
    others = {code: d for code, d in DELTA.items() if code != "2"}
    return sum(population[c] * d for c, d in others.items()) / population[list(others)].sum()


def test_the_evaluation_matches_a_hand_computation(app):
    with app.test_request_context():
        demo_with_verdict()
        measure = _measure()
        _add_2025_values()
        frame = evaluation_frame(measure).set_index("kind")
        hand = _hand_medians()
        population = _populations()
        rest = _weighted_rest()
    indicator = frame.loc["indicator"]
    assert (indicator["start_ref"], indicator["end_ref"]) == ("2024", "2025")
    assert indicator["change"] == pytest.approx(-1.5)
    others = [d for code, d in DELTA.items() if code != "2"]
    assert indicator["rest_areas"] == 4 and indicator["rest_weighted"]
    # weighted by population, not the plain mean of the four (0.375)
    assert indicator["rest_change"] == pytest.approx(rest)
    assert rest != pytest.approx(sum(others) / len(others))
    assert indicator["difference"] == pytest.approx(-1.5 - rest)
    theme = frame.loc["theme"]
    assert (theme["start_ref"], theme["end_ref"]) == ("2024", "2025")
    assert theme["start"] == hand.loc["2", "2024"] and theme["end"] == hand.loc["2", "2025"]
    changes = (hand["2025"] - hand["2024"]).drop("2").dropna()
    assert theme["rest_areas"] == len(changes) >= 8 and theme["rest_weighted"]
    weighted = np.average(changes, weights=population[changes.index])
    assert theme["rest_change"] == pytest.approx(weighted)
    assert theme["difference"] == pytest.approx(theme["change"] - weighted)
    # the others' change carries its bootstrap interval, which holds the change itself
    assert theme["rest_low"] <= theme["rest_change"] <= theme["rest_high"]
    assert theme["rest_low"] < theme["rest_high"]
    assert theme["start_low"] <= theme["start"] <= theme["start_high"]
    assert theme["end_low"] <= theme["end"] <= theme["end_high"]
    apart = theme["end_low"] > theme["start_high"] or theme["start_low"] > theme["end_high"]
    assert theme["overlap"] == (0.0 if apart else 1.0)


def test_without_a_later_round_or_year_nothing_is_claimed(app, client):
    with app.test_request_context():
        demo_with_verdict()
        measure = _measure(round_label="2025")
        measure_id = measure.id
        frame = evaluation_frame(measure)
    assert frame["end_ref"].tolist() == ["", ""] and frame["change"].isna().all()
    assert login(client, PLANNER, "Musterstadt-Planung").status_code == 302
    html = client.get(f"/planner/measures/{measure_id}").get_data(as_text=True)
    assert "noch keine spätere Runde" in html and "noch kein späteres Jahr" in html
    assert "nicht, dass die Maßnahme den Unterschied bewirkt hat" in html


def test_the_page_and_the_report_chapter_show_the_numbers_in_german(app, client):
    with app.test_request_context():
        demo_with_verdict()
        measure = _measure()
        _add_2025_values()
        difference = f"{-1.5 - _weighted_rest():.2f}".replace(".", ",")
        measure_id, campaign = measure.id, measure.campaign
        section = measures_section(campaign, "de")
        assert measures_section in PROVIDERS
        english = measures_section(campaign, "en")
        other = db.session.scalar(select(Campaign).where(Campaign.round_label == "2025"))
        assert measures_section(other, "de") is not None  # the same Quartiere, a later round
    assert section.key == "measures" and section.title == "Maßnahmen"
    assert "<h3>Jugendtreff</h3>" in section.html
    assert '<th scope="col" class="n">Unterschied</th>' in section.html
    assert "-1,50" in section.html and difference in section.html
    assert "nach Einwohnerzahl gewichtet" in section.html
    assert "id=" not in section.html  # several measures in one report: no repeated ids
    assert "-1.50" in english.html and "Difference" in english.html
    assert login(client, PLANNER, "Musterstadt-Planung").status_code == 302
    page = client.get(f"/planner/measures/{measure_id}").get_data(as_text=True)
    assert "-1,50" in page and "5.000,00" in page


def test_after_the_raw_answers_are_deleted_medians_remain_without_intervals(app):
    with app.test_request_context():
        demo_with_verdict()
        hand = _hand_medians()
        before = db.session.scalar(select(Campaign).where(Campaign.round_label == "2024"))
        purge_raw_answers(before)
        measure = _measure()
        theme = evaluation_frame(measure).set_index("kind").loc["theme"]
    assert theme["start"] == hand.loc["2", "2024"]  # from the kept snapshot
    assert theme["start_low"] is None and theme["start_high"] is None
    assert theme["change"] == pytest.approx(hand.loc["2", "2025"] - hand.loc["2", "2024"])
    assert theme["overlap"] is None or np.isnan(theme["overlap"])  # nothing claimed about chance
    assert theme["rest_low"] is None and theme["rest_high"] is None


def test_without_every_population_the_change_elsewhere_is_the_plain_mean_and_says_so(app, client):
    with app.test_request_context():
        demo_with_verdict()
        db.session.scalar(select(Area).where(Area.code == "1 a")).population = None
        db.session.commit()
        measure = _measure()
        _add_2025_values()
        indicator = evaluation_frame(measure).set_index("kind").loc["indicator"]
        measure_id = measure.id
    assert not indicator["rest_weighted"]
    assert indicator["rest_change"] == pytest.approx(0.375)  # (0.5 + 0.25 + 1.0 - 0.25) / 4
    assert login(client, PLANNER, "Musterstadt-Planung").status_code == 302
    page = client.get(f"/planner/measures/{measure_id}").get_data(as_text=True)
    assert "ungewichtet: Einwohnerzahl nicht für jedes Quartier gespeichert" in page
