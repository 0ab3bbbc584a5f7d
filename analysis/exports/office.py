"""Tables as a planner opens them in Excel: headers and values in the reader's words, numbers
rounded to what they can say, codes kept as text.

:data:`RULES` is the one table that decides, per column key, how a value is shown in the office
files (``results.xlsx`` and the ``*_excel.csv`` files); the machine-readable CSVs keep every key
and every digit. Medians (of a 1–7 scale, which move in halves) get one decimal, shares whole
percent (a group has at least k people, so one more percent is at most one person), z-values,
the index and correlations two decimals, p-values three.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from analysis.texts import Texts

__all__ = ["RULES", "OfficeTable", "Rule", "code_keys", "column_header", "office_table"]


@dataclass(frozen=True)
class Rule:
    """How the values of a column are shown: rounded, as percent, as text or in words."""

    decimals: int | None = None
    percent: bool = False
    code: bool = False
    #: Which vocabulary translates the values (see :func:`_vocabulary`).
    words: str | None = None


#: The first rule whose pattern matches the whole column key applies; other columns stay as
#: they are (an indicator's value is the Statistikamt's number, not ours to round).
RULES: tuple[tuple[str, Rule], ...] = (
    (r"code|area_code|round", Rule(code=True)),
    (r"share_(low|high)", Rule(decimals=0, percent=True)),
    (r"median|q1|q3|mean|low|high|(resident|expert)_(median|low|high)|median_.+", Rule(1)),
    (r"z_.+|sum|index|rho|rho_low|rho_high|tau_b|area_km2", Rule(2)),
    (r"[pq]_value", Rule(3)),
    (r"role", Rule(words="roles")),
    (r"(expert_)?category|category_.+", Rule(words="categories")),
    (r"(expert_|category_)?reason", Rule(words="reasons")),
    (r"overall_need|need_.+", Rule(words="verdicts")),
    (r"kind", Rule(words="kinds")),
    (r"theme", Rule(words="themes")),
    (r"p_method", Rule(words="methods")),
)


@dataclass(frozen=True)
class OfficeTable:
    """A table ready for an office file, with each column's machine key and value rule."""

    frame: pd.DataFrame
    keys: list[str]
    rules: list[str]
    #: Excel's number format of each column (``"0.0"``, ``"0 %"``, ``"@"``; None: general).
    formats: tuple[str | None, ...] = ()

    def workbook_frame(self) -> pd.DataFrame:
        """The frame for a workbook: shares as fractions, which the ``0 %`` format shows as
        whole percent (the CSV for Excel writes the percent itself)."""
        out = self.frame.copy()
        for i, code in enumerate(self.formats):
            if code == PERCENT:
                out.isetitem(i, out.iloc[:, i] / 100)
        return out

    @property
    def code_columns(self) -> list[str]:
        """Headers of the columns that must stay text (codes, rounds)."""
        codes = set(code_keys(self.keys))
        return [h for h, k in zip(self.frame.columns, self.keys, strict=True) if k in codes]


PERCENT = "0 %"


def _number_format(series: pd.Series, rule: Rule) -> str | None:
    """The Excel number format that shows a column's values as :data:`RULES` rounded them."""
    if rule.code:
        return "@"
    if rule.decimals is None or not pd.api.types.is_numeric_dtype(series.dtype):
        return None
    if rule.percent:
        return PERCENT
    return "0." + "0" * rule.decimals if rule.decimals else "0"


def _rule(key: str) -> Rule:
    return next((rule for pattern, rule in RULES if re.fullmatch(pattern, key)), Rule())


def code_keys(keys: Iterable[object]) -> list[str]:
    """The keys among ``keys`` whose values Excel must keep as text (codes, rounds).

    Examples
    --------
    >>> code_keys(["area_code", "index", "round"])
    ['area_code', 'round']
    """
    return [str(k) for k in keys if _rule(str(k)).code]


def _vocabulary(texts: Texts, titles: Mapping[str, str]) -> dict[str, Mapping[str, str]]:
    return {
        "roles": texts.roles,
        "categories": texts.quadrant.categories,
        "reasons": texts.quadrant.reasons,
        "verdicts": texts.round_table.verdicts,
        "kinds": texts.report.comment_kinds,
        "themes": titles,
        "methods": texts.columns.methods,
    }


def column_header(key: str, texts: Texts, titles: Mapping[str, str]) -> str:
    """The header of column ``key`` in the reader's words; the key itself when unknown.

    Examples
    --------
    >>> column_header("z_S1", Texts(), {}), column_header("median_play", Texts(), {"play": "Play"})
    ('z-value S1', 'Median: Play')
    >>> column_header("missing", Texts(), {}), column_header("my_own", Texts(), {})
    ('What, concretely, is missing?', 'my_own')
    """
    words = texts.columns
    named = {**words.headers, **texts.round_table.questions}
    if key in named:
        return named[key]
    prefix, _, name = key.partition("_")
    if name and prefix in words.patterns:
        return words.patterns[prefix].format(
            name=titles.get(name) or words.variants.get(name, name)
        )
    return key


def _values(
    series: pd.Series, rule: Rule, vocabulary: Mapping[str, Mapping[str, str]], texts: Texts
) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.map({True: texts.columns.yes, False: texts.columns.no})
    if rule.code:
        return series.astype(object).map(lambda v: None if pd.isna(v) else str(v))
    if rule.words:
        words = vocabulary[rule.words]
        return series.astype(object).map(lambda v: words.get(v, v) if isinstance(v, str) else v)
    if rule.decimals is None or not pd.api.types.is_numeric_dtype(series.dtype):
        return series
    numbers = series.astype("float64") * (100 if rule.percent else 1)
    rounded = numbers.round(rule.decimals)
    return rounded.astype("Int64") if rule.decimals == 0 else rounded


def _description(series: pd.Series, rule: Rule, texts: Texts) -> str:
    words = texts.columns.rules
    if rule.percent:
        return words["percent"]
    if rule.code:
        return words["code"]
    if rule.words or pd.api.types.is_bool_dtype(series.dtype):
        return words["words"]
    if rule.decimals is not None and pd.api.types.is_numeric_dtype(series.dtype):
        return words["decimals"].format(n=rule.decimals) if rule.decimals else words["whole"]
    return words["stored"]


def office_table(
    frame: pd.DataFrame, texts: Texts | None = None, titles: Mapping[str, str] | None = None
) -> OfficeTable:
    """``frame`` with headers in the reader's words and every value shown by :data:`RULES`.

    A ``theme_title`` column is dropped when ``theme`` is there: its values become the titles.
    Duplicate headers get their key in brackets.

    Examples
    --------
    >>> table = office_table(pd.DataFrame({"area_code": ["01"], "role": ["resident"],
    ...                                    "median": [3.25], "share_low": [0.234]}))
    >>> table.frame.columns.tolist()
    ['Area code', 'Group', 'Median', 'Low ratings (%)']
    >>> table.frame.iloc[0].astype(str).tolist(), table.keys[-1]
    (['01', 'Residents', '3.2', '23'], 'share_low')
    >>> table.formats
    ('@', None, '0.0', '0 %')
    """
    texts = texts or Texts()
    titles = dict(titles or {})
    if "theme" in frame.columns:
        frame = frame.drop(columns="theme_title", errors="ignore")
    vocabulary = _vocabulary(texts, titles)
    keys = [str(k) for k in frame.columns]
    columns, headers, rules, formats = [], [], [], []
    for i, key in enumerate(keys):
        series, rule = frame.iloc[:, i], _rule(key)
        columns.append(_values(series, rule, vocabulary, texts).reset_index(drop=True))
        rules.append(_description(series, rule, texts))
        formats.append(_number_format(series, rule))
        header = column_header(key, texts, titles)
        headers.append(f"{header} ({key})" if header in headers else header)
    out = pd.concat(columns, axis=1, ignore_index=True) if columns else pd.DataFrame()
    return OfficeTable(out.set_axis(headers, axis=1) if columns else out, keys, rules,
                       tuple(formats))  # fmt: skip
