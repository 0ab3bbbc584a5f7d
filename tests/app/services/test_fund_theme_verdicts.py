"""The verdict by chosen themes (the most need on any of them) keeps the allocation's promise:
at equal population, more need on the chosen themes never gives a Quartier less (Hypothesis)."""

from __future__ import annotations

import pandas as pd
from hypothesis import assume, given
from hypothesis import strategies as st

from analysis.stats.allocation import allocate
from app.services.fund_settings import NEED_ORDER
from app.services.fund_verdicts import theme_verdict

THEMES = ["play", "work", "care"]
NEED = st.sampled_from([*NEED_ORDER, None])
RECORD = st.fixed_dictionaries({slug: NEED for slug in THEMES})


def _money(records: list[dict], chosen: list[str], factors: list[float]) -> pd.Series:
    needs = [{s: {"need": v} for s, v in r.items() if v} for r in records]
    table = pd.DataFrame({"area_code": [str(i) for i in range(len(records))],
                          "people": [100] * len(records),
                          "verdict": [theme_verdict(n, chosen) for n in needs]})  # fmt: skip
    result = allocate(table, budget=1000, population_column="people", class_column="verdict",
                      class_factors=dict(zip(NEED_ORDER, factors, strict=True)))  # fmt: skip
    return result.table.set_index("area_code")["amount_cents"]


def _rank(record: dict, theme: str) -> int:
    return -1 if record[theme] is None else NEED_ORDER.index(record[theme])


def _verdict_rank(record: dict, chosen: list[str]) -> int:
    verdict = theme_verdict({s: {"need": v} for s, v in record.items() if v}, chosen)
    return -1 if verdict is None else NEED_ORDER.index(verdict)


@given(st.lists(RECORD, min_size=2, max_size=8), st.data())
def test_at_equal_population_more_need_on_the_chosen_themes_never_gets_less(records, data):
    chosen = data.draw(st.lists(st.sampled_from(THEMES), min_size=1, unique=True))
    # factors rising with need; equal factors would make more need merely equal (the cent
    # left over then goes by the tie-break, see the last assertion)
    factors = sorted(data.draw(st.lists(st.integers(1, 9), min_size=3, max_size=3, unique=True)))
    verdicts = [_verdict_rank(record, chosen) for record in records]
    # the service refuses a round in which no Quartier was judged on the chosen themes
    assume(max(verdicts) >= 0)
    money = _money(records, chosen, factors)
    assert money.sum() == 100_000
    for i, a in enumerate(records):
        for j, b in enumerate(records):
            if min(_rank(a, t) - _rank(b, t) for t in chosen) < 0:
                continue
            # at least b's need on every chosen theme: a's verdict is at least b's ...
            assert verdicts[i] >= verdicts[j]
            if verdicts[i] > verdicts[j]:  # ... and a higher verdict never gets less
                assert money[str(i)] >= money[str(j)], (chosen, a, b)
            else:  # the same verdict: the same money but for the tie-break's cent
                assert money[str(i)] >= money[str(j)] - 1, (chosen, a, b)


@given(RECORD, st.lists(st.sampled_from(THEMES), min_size=1, unique=True), st.data())
def test_the_verdict_by_themes_never_falls_when_a_theme_verdict_rises(record, chosen, data):
    theme = data.draw(st.sampled_from(chosen))
    needs = {s: {"need": v} for s, v in record.items() if v}
    before = theme_verdict(needs, chosen)
    rank = -1 if record[theme] is None else NEED_ORDER.index(record[theme])
    for higher in NEED_ORDER[rank + 1 :]:
        after = theme_verdict({**needs, theme: {"need": higher}}, chosen)
        assert before is None or NEED_ORDER.index(after) >= NEED_ORDER.index(before)
