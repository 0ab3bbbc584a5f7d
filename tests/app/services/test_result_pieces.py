"""After one new answer, only its Quartier is read and counted again; the results equal a
computation from scratch, and the other Quartiere's intervals do not move (issue 10 §3)."""

from __future__ import annotations

import pandas.testing as pdt
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, Response, SetAside
from app.services import aggregates, exports, result_cache, result_pieces
from app.services.score_counts import people_frame, score_counts_frame
from tests.support.bulk_answers import add_random_answers
from tests.support.workspace import answer


def _filled(app, survey) -> None:
    with app.app_context():
        add_random_answers(survey.campaign_id, 180, seed=5)


def _results(app, campaign_id: int):
    with app.test_request_context():
        return exports._results(db.session.get(Campaign, campaign_id))


def _kept(app, kind: str) -> dict:
    """The values kept per name (Quartier) for ``kind``."""
    with app.app_context():
        entries = app.extensions["qk_result_cache"].entries.get(kind, {})
        return {name: value for name, (_key, value) in entries.items()}


def test_a_new_answer_recomputes_only_its_quartiers_piece(app, survey):
    _filled(app, survey)
    changed, *others = survey.area_codes
    before = _results(app, survey.campaign_id)
    kept = _kept(app, "area_pieces")
    assert {code for _ids, code in kept} == set(survey.area_codes)
    answer(app.test_client(), survey, 1, area=changed)
    after = _results(app, survey.campaign_id)
    now = _kept(app, "area_pieces")
    for name, value in now.items():
        assert (value is kept[name]) == (name[1] != changed), name
    areas = ["area_code", "resident_n", "resident_median", "resident_low", "resident_high"]
    old = before.validation.areas.set_index("area_code").loc[others, areas[1:]]
    new = after.validation.areas.set_index("area_code").loc[others, areas[1:]]
    assert old["resident_low"].notna().all()
    pdt.assert_frame_equal(new, old)
    grown = after.validation.areas.set_index("area_code").loc[changed, "resident_n"]
    assert grown == before.validation.areas.set_index("area_code").loc[changed, "resident_n"] + 1


def test_results_from_kept_pieces_equal_results_from_scratch(app, survey):
    _filled(app, survey)
    _results(app, survey.campaign_id)
    answer(app.test_client(), survey, 2, area=survey.area_codes[1])
    pieced = _results(app, survey.campaign_id)
    with app.app_context():
        result_cache.clear()
    scratch = _results(app, survey.campaign_id)
    assert pieced is not scratch
    for name in ("aggregated", "overall", "comments", "layer"):
        pdt.assert_frame_equal(getattr(pieced, name), getattr(scratch, name), obj=name)
    for name in ("areas", "theme_scores", "tests"):
        pdt.assert_frame_equal(getattr(pieced.validation, name),
                               getattr(scratch.validation, name), obj=name)  # fmt: skip
    assert pieced.validation.association == scratch.validation.association


def test_the_results_page_counts_again_only_the_changed_quartier(app, survey):
    _filled(app, survey)
    changed = survey.area_codes[2]
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        aggregates.aggregates(campaign).overall  # noqa: B018 (computed when read)
    kept = _kept(app, "area_counts")
    answer(app.test_client(), survey, 1, area=changed)
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        pieced = aggregates.aggregates(campaign)
        counts = score_counts_frame([campaign.id])
        people = people_frame([campaign.id])
    now = _kept(app, "area_counts")
    assert set(now) == set(kept)
    for name, value in now.items():
        assert (value is kept[name]) == (name[1] != changed), name
    keys = ["round", "area_code", "role", "theme", "score"]
    pdt.assert_frame_equal(
        pieced.people.sort_values(keys[:3], ignore_index=True),
        people.sort_values(keys[:3], ignore_index=True),
    )
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        kept_counts, _people = result_pieces.area_counts(campaign)
    pdt.assert_frame_equal(
        kept_counts.sort_values(keys, ignore_index=True),
        counts.sort_values(keys, ignore_index=True),
    )


def test_setting_answers_aside_changes_only_their_quartiers_key(app, survey):
    _filled(app, survey)
    with app.app_context():
        campaign = db.session.get(Campaign, survey.campaign_id)
        before = result_pieces.area_keys([campaign])
        code = survey.area_codes[0]
        area_id = db.session.scalar(select(Area.id).where(Area.code == code))
        first = db.session.scalar(
            select(Response).where(Response.campaign_id == campaign.id,
                                   Response.area_id == area_id).order_by(Response.id)
        )  # fmt: skip
        with write_transaction():
            burst = SetAside(campaign_id=campaign.id, area_id=area_id, role=first.role,
                             answers=1, reason="Test")  # fmt: skip
            db.session.add(burst)
            db.session.flush()
            first.set_aside_id = burst.id
        after = result_pieces.area_keys([db.session.get(Campaign, survey.campaign_id)])
    assert after[code] != before[code]
    assert {c: k for c, k in after.items() if c != code} == {
        c: k for c, k in before.items() if c != code
    }
