"""A measure keeps its values exactly, refuses bad input with a sentence, and keeps every change
(who, when, what from what to what); its baseline stays as it was at the decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from app.core.extensions import db
from app.models import Campaign, IndicatorValue, Measure, MeasureChange
from app.services import measures
from app.services.measure_input import MeasureError, read_measure
from tests.support.measures import MODERATOR, PLANNER, demo_with_verdict, musterstadt, user

FORM = {
    "title": "Jugendtreff Bahnhofsviertel",
    "description": "Ein offener Treff für Jugendliche.",
    "target_group": "Jugendliche 12–17",
    "lead_organisation": "Jugendamt",
    "partners": "Sportverein, Kirchengemeinde",
    "budget": "1.234.567,89 €",
    "funding_source": "Landesprogramm",
    "start_date": "2025-01-01",
    "end_date": "2026-12-31",
    "status": "planned",
    "areas": ["2"],
    "indicators": ["sgb2_quote"],
    "themes": ["play"],
}


def _create(form=FORM):
    kommune = musterstadt()
    slugs = [s for s, _t in measures.theme_choices(kommune)]
    campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2024"))
    values = read_measure(kommune, form, slugs)
    return measures.create_measure(kommune, values, user(PLANNER), campaign)


def _edit(measure, **changes):
    kommune = measure.kommune
    slugs = [s for s, _t in measures.theme_choices(kommune)]
    return measures.update_measure(
        measure, read_measure(kommune, {**FORM, **changes}, slugs), user(PLANNER)
    )


def test_the_budget_is_kept_exact_to_the_cent(app):
    with app.test_request_context():
        demo_with_verdict()
        measure_id = _create().id
        db.session.expire_all()
        stored = db.session.get(Measure, measure_id)
        assert stored.budget == Decimal("1234567.89")
        assert isinstance(stored.budget, Decimal)


def test_every_change_is_kept_with_who_and_from_what_to_what(app):
    with app.test_request_context():
        demo_with_verdict()
        measure = _create()
        created = {c.field: c.new for c in measure.changes}
        assert created["title"] == "Jugendtreff Bahnhofsviertel"
        assert created["budget"] == "1234567.89" and created["areas"] == "2"
        assert all(c.old == "" and c.user.email == PLANNER for c in measure.changes)
        before = len(measure.changes)
        assert _edit(measure, budget="1.300.000", status="running", areas=["2", "3 a"]) == 3
        db.session.expire_all()
        changes = db.session.scalars(
            select(MeasureChange).where(MeasureChange.measure_id == measure.id)
        ).all()[before:]
        assert {(c.field, c.old, c.new) for c in changes} == {
            ("budget", "1234567.89", "1300000.00"),
            ("status", "planned", "running"),
            ("areas", "2", "2, 3 a"),
        }
        assert all(c.user.email == PLANNER and c.changed_at is not None for c in changes)
        assert _edit(measure, budget="1.300.000", status="running", areas=["2", "3 a"]) == 0


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "Bitte geben Sie der Maßnahme einen Titel."),
        ({"budget": "viel"}, "Das Budget muss ein Betrag in Euro sein"),
        ({"budget": "12,345"}, "Das Budget muss ein Betrag in Euro sein"),
        ({"end_date": "2024-01-01"}, "Das Ende darf nicht vor dem Beginn liegen."),
        ({"start_date": "31.12.2025"}, "ist kein Datum"),
        ({"areas": ["1 a", "Atlantis"]}, "Bitte wählen Sie Quartiere dieser Kommune."),
        ({"indicators": ["unknown"]}, "Bitte wählen Sie Indikatoren aus dieser Liste."),
        ({"themes": ["<script>"]}, "Bitte wählen Sie Themen aus dieser Liste."),
        ({"status": "finished"}, "Bitte wählen Sie einen der angebotenen Stände."),
        ({"needs": ["999:play"]}, "Bitte wählen Sie Bedarfe aus dieser Liste."),
        ({"title": "x" * 201}, "höchstens 200 Zeichen"),
    ],
)
def test_bad_input_is_refused_with_a_german_sentence(app, survey, changes, message):
    form = {**FORM, "areas": ["1 a"], "indicators": [], **changes}
    with app.test_request_context():
        kommune = db.session.get(Campaign, survey.campaign_id).kommune
        assert read_measure(kommune, {**FORM, "areas": ["1 a"], "indicators": []}, ["play"])
        with pytest.raises(MeasureError, match=message):
            read_measure(kommune, form, ["play"])


def test_the_baseline_is_kept_as_it_was_at_the_decision(app):
    with app.test_request_context():
        demo_with_verdict()
        measure = _create()
        kept = {(b.kind, b.key, b.area_code): b for b in measure.baselines}
        indicator = kept[("indicator", "sgb2_quote", "2")]
        stored = db.session.scalar(
            select(IndicatorValue.value)
            .join(IndicatorValue.area)
            .where(IndicatorValue.year == 2024, IndicatorValue.area.has(code="2"))
            .where(IndicatorValue.indicator.has(key="sgb2_quote"))
        )
        assert indicator.reference == "2024" and indicator.value == pytest.approx(stored)
        theme = kept[("theme", "play", "2")]
        assert theme.reference == "2024" and theme.n >= 5
        assert theme.low <= theme.value <= theme.high
        db.session.execute(update(IndicatorValue).values(value=99.0))
        db.session.commit()
        _edit(measure, areas=["2", "3 a"])  # a new Quartier gets its baseline now
        kept = {(b.kind, b.key, b.area_code): b.value for b in measure.baselines}
        assert kept[("indicator", "sgb2_quote", "2")] == pytest.approx(stored)
        assert kept[("indicator", "sgb2_quote", "3 a")] == 99.0


def test_a_moderator_proposes_from_the_confirmed_verdicts(app):
    with app.test_request_context():
        record = demo_with_verdict(themes=("play", "housing"))
        measure = measures.propose(
            record.campaign, record.area, record, "Spielplatz erneuern", user(MODERATOR)
        )
        assert measure.status == "proposed"
        assert [a.code for a in measure.areas] == ["2"]
        assert sorted(n.theme for n in measure.needs) == ["housing", "play"]
        assert all(n.record_id == record.id for n in measure.needs)
        assert measures.chosen_keys(measure, "theme") == ["play", "housing"]
        assert measure.changes[0].user.email == MODERATOR
        assert measures.measures_of(record.campaign.kommune, status="proposed") == [measure]


def test_no_proposal_without_a_confirmed_need(app):
    with app.test_request_context():
        record = demo_with_verdict(themes=())
        with pytest.raises(MeasureError, match="mindestens einem bestätigten Bedarf"):
            measures.propose(record.campaign, record.area, record, "Etwas", user(MODERATOR))
