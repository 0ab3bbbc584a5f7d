"""Rating statistics per group, small-group suppression and comment filtering."""

import numpy as np
import pandas as pd
import pandas.testing as pdt
import pytest

from analysis.stats.aggregate import (
    RATING_STATS,
    aggregate_ratings,
    filter_comments,
    overall_scores,
    suppress_small_groups,
)

NA = np.nan


def ratings(rows) -> pd.DataFrame:
    """rows: (response_id, round, area_code, role, theme, score)."""
    frame = pd.DataFrame(
        rows, columns=["response_id", "round", "area_code", "role", "theme", "score"]
    )
    return frame.astype({"score": "float64"})


# five residents in "1 a" rate play (one can't say) and safety; four experts rate play
RESIDENTS = [
    (f"r{i}", "2024", "1 a", "resident", theme, score)
    for i, (play, safety) in enumerate([(1, 7), (2, 6), (4, 6), (7, 5), (NA, 4)])
    for theme, score in (("play", play), ("safety", safety))
]
EXPERTS = [(f"e{i}", "2024", "1 a", "expert", "play", s) for i, s in enumerate([3, 3, 4, 5])]


def stats_row(values: dict) -> pd.DataFrame:
    frame = pd.DataFrame([values])
    for column in ("n_respondents", "n", "n_cant_say"):
        frame[column] = frame[column].astype("Int64")
    return frame


def test_exact_statistics_with_cant_say():
    # play: 5 respondents, 4 scores -> shown from k = 4 on (k counts scores, see below)
    result = aggregate_ratings(ratings(RESIDENTS), k=4)
    play = result[result["theme"] == "play"].reset_index(drop=True)
    expected = stats_row(
        {
            "area_code": "1 a", "role": "resident", "theme": "play", "n_respondents": 5, "n": 4,
            "n_cant_say": 1, "median": 3.0, "q1": 1.75, "q3": 4.75, "mean": 3.5,
            "share_low": 0.5, "share_high": 0.25, "suppressed": False,
        }
    )  # fmt: skip
    pdt.assert_frame_equal(play, expected, check_dtype=False)
    assert list(result.columns) == ["area_code", "role", "theme", *RATING_STATS, "suppressed"]
    assert result["n"].dtype == "Int64" and result["median"].dtype == "float64"


def test_k_boundary_four_suppressed_five_shown():
    result = aggregate_ratings(ratings(RESIDENTS + EXPERTS), k=5)
    experts = result[result["role"] == "expert"].iloc[0]
    assert bool(experts["suppressed"])
    assert experts[RATING_STATS].isna().all()  # no counts either
    residents = result[(result["role"] == "resident") & (result["theme"] == "safety")].iloc[0]
    assert not residents["suppressed"] and residents["n_respondents"] == 5
    shown_at_4 = aggregate_ratings(ratings(EXPERTS), k=4)
    assert shown_at_4.loc[0, "median"] == 3.5 and shown_at_4.loc[0, "n"] == 4


def test_k_counts_people_who_gave_a_score_not_respondents():
    # Five residents answered the survey, but only three scored "play"; two said "can't say".
    rows = [
        (f"r{i}", "2024", "1 a", "resident", theme, score)
        for i, play in enumerate([2, 3, 4, NA, NA])
        for theme, score in (("play", play), ("safety", 5))
    ]
    result = aggregate_ratings(ratings(rows), k=5).set_index("theme")
    assert bool(result.loc["play", "suppressed"]) and np.isnan(result.loc["play", "median"])
    assert pd.isna(result.loc["play", "n_respondents"]) and pd.isna(result.loc["play", "n"])
    assert not result.loc["safety", "suppressed"] and result.loc["safety", "n"] == 5
    assert not aggregate_ratings(ratings(rows), k=3).set_index("theme").loc["play", "suppressed"]
    # Over all themes a person counts once if they scored anything: all five did here ...
    assert not overall_scores(ratings(rows), k=5)["suppressed"].iloc[0]
    # ... but two who said "can't say" everywhere do not make a group of five.
    silent = [(r, rd, a, role, t, NA if r in ("r3", "r4") else s) for r, rd, a, role, t, s in rows]
    assert overall_scores(ratings(silent), k=5)["suppressed"].iloc[0]
    assert not overall_scores(ratings(silent), k=3)["suppressed"].iloc[0]


def test_shares_follow_the_scale():
    # 1-7: low band 1-2, high band 6-7; 1-3: 1 and 3; 1-5: 1 and 5; 1-8: 1-2 and 7-8
    sevens = ratings([(f"r{s}", "2024", "1 a", "resident", "play", s) for s in range(1, 8)])
    # one person per scale point: the shares are the band width / the number of scores
    cases = (((1, 7), 2 / 7, 2 / 7), ((1, 3), 1 / 3, 1 / 3), ((1, 5), 1 / 5, 1 / 5))
    for scale, low, high in (*cases, ((1, 8), 2 / 7, 1 / 7)):
        result = aggregate_ratings(sevens[sevens["score"] <= scale[1]], k=1, scale=scale).iloc[0]
        assert (result["share_low"], result["share_high"]) == pytest.approx((low, high)), scale
    # a 3-point instrument where everyone answers 3: every score is in the high band
    threes = ratings([(f"r{i}", "2024", "1 a", "resident", "play", 3.0) for i in range(6)])
    assert aggregate_ratings(threes, k=5, scale=(1, 3)).loc[0, "share_high"] == 1.0
    assert overall_scores(threes, k=5, scale=(1, 3)).loc[0, "share_high"] == 1.0
    assert aggregate_ratings(threes, k=5).loc[0, "share_high"] == 0.0  # read as 1-7: middle
    # the scale may also come with the ratings, row by row (as the database stores it)
    mixed = pd.concat(
        [
            threes.assign(scale_min=1, scale_max=3),
            threes.assign(theme="work", scale_min=1, scale_max=7),
        ]
    )
    by_theme = aggregate_ratings(mixed, k=5).set_index("theme")["share_high"]
    assert by_theme.to_dict() == {"play": 1.0, "work": 0.0}
    # a score outside the scale is refused, not counted into a wrong share
    with pytest.raises(ValueError, match="4 score.s. lie outside the scale 1–3"):
        aggregate_ratings(sevens, k=1, scale=(1, 3))
    with pytest.raises(ValueError, match="outside their themes' scale"):
        overall_scores(mixed.assign(scale_max=2), k=5)


def test_totals_use_complementary_suppression():
    data = ratings(RESIDENTS + EXPERTS)
    result = aggregate_ratings(data, k=5, totals=True)
    play = result[result["theme"] == "play"].set_index("role")
    assert play.loc["all", "suppressed"]  # 9 respondents, but experts (4) are hidden
    assert np.isnan(play.loc["all", "median"])
    safety = result[result["theme"] == "safety"].set_index("role")
    assert not safety.loc["all", "suppressed"]
    assert safety.loc["all", "n_respondents"] == 5 and safety.loc["all", "median"] == 6.0
    shown = aggregate_ratings(data, k=4, totals=True)
    total = shown[(shown["theme"] == "play") & (shown["role"] == "all")].iloc[0]
    assert total["n_respondents"] == 9 and total["n"] == 8 and total["median"] == 3.5
    with pytest.raises(ValueError, match="'role'"):
        aggregate_ratings(data, by=("area_code", "theme"), totals=True)


def test_complementary_suppression_follows_the_people_who_scored():
    # Play: five residents of whom four scored (hidden at k = 5) and six experts who all
    # scored (shown). The total of eleven respondents must stay hidden as well: total minus
    # experts would give the residents' hidden statistics.
    experts = [(f"e{i}", "2024", "1 a", "expert", "play", 5.0) for i in range(6)]
    result = aggregate_ratings(ratings(RESIDENTS + experts), k=5, totals=True)
    play = result[result["theme"] == "play"].set_index("role")
    assert play.loc["resident", "suppressed"] and not play.loc["expert", "suppressed"]
    assert play.loc["all", "suppressed"] and np.isnan(play.loc["all", "median"])
    assert pd.isna(play.loc["all", "n_respondents"])


def test_round_dimension():
    later = [(r, "2025", a, role, t, 7.0) for r, _, a, role, t, _ in RESIDENTS]
    result = aggregate_ratings(
        ratings(RESIDENTS + later), k=5, by=("round", "area_code", "role", "theme")
    )
    assert result["round"].tolist() == ["2024", "2024", "2025", "2025"]
    assert result.loc[2, "median"] == 7.0 and result.loc[2, "n_cant_say"] == 0
    assert result.loc[2, "share_high"] == 1.0


def test_overall_scores_count_distinct_responses():
    result = overall_scores(ratings(RESIDENTS + EXPERTS), k=5)
    residents = result[result["role"] == "resident"].iloc[0]
    assert residents["n_respondents"] == 5 and residents["n"] == 9
    assert residents["n_cant_say"] == 1
    assert residents["median"] == 5.0
    assert result[result["role"] == "expert"]["suppressed"].all()


def test_suppress_small_groups_primitive():
    frame = pd.DataFrame({"count": pd.array([4, 5, None], dtype="Int64"), "value": [1.0, 2.0, 3.0]})
    result = suppress_small_groups(frame, 5, count_column="count", value_columns=["value"])
    expected = frame.assign(value=[NA, 2.0, NA], suppressed=[True, False, True])
    pdt.assert_frame_equal(result, expected)
    with pytest.raises(ValueError, match="k must be"):
        suppress_small_groups(frame, 0, count_column="count")


def test_filter_comments_drops_small_groups():
    data = ratings(RESIDENTS + EXPERTS)
    comments = pd.DataFrame(
        {
            "response_id": ["r0", "e1", "r3"],
            "round": "2024",
            "area_code": "1 a",
            "role": ["resident", "expert", "resident"],
            "theme": "play",
            "kind": ["good", "improve", "improve"],
            "text": ["Schöner Spielplatz", "Zu wenig Bänke", "Mehr Licht"],
        }
    )
    result = filter_comments(comments, data, k=5)
    pdt.assert_frame_equal(result, comments.iloc[[0, 2]].reset_index(drop=True))
    assert len(filter_comments(comments, data, k=4)) == 3


def test_input_checks():
    with pytest.raises(ValueError, match="no column 'score'"):
        aggregate_ratings(ratings(RESIDENTS).drop(columns="score"))
    with pytest.raises(TypeError):
        aggregate_ratings(RESIDENTS)
