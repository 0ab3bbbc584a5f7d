"""Planner pages: allocate a budget by need, save named versions, compare them, download."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.access import load_kommune
from app.core.downloads import file_response
from app.services import fund_files, fund_verdicts, funds, index_versions
from app.services.fund_settings import (
    NEED_ORDER,
    FundsError,
    parse_exclusions,
    settings,
    split_factors,
)
from app.services.indicators import indicators_of
from app.services.roundtable import verdict_titles

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _settings(form):
    by_need = form.get("basis") == "need"
    return settings(
        budget=form.get("budget", ""),
        base=form.get("base", "") or "0",
        population_indicator=form.get("population_indicator", ""),
        class_factors=split_factors(form.get("class_factors", "")),
        index_version=form.get("index_version") or None,
        exclude=parse_exclusions(form.get("exclude", "")),
        min_population=form.get("min_population", ""),
        need_factors={v: form.get(f"need_{v}", "") for v in NEED_ORDER} if by_need else None,
        need_round=form.get("need_round") or None,
        need_themes=form.getlist("need_themes") if by_need else None,
    )


@load_kommune("planner")
def page(kommune):
    context = {"kommune": kommune, "form": request.form, "error": None, "rows": None}
    if request.method == "POST":
        try:
            result = funds.compute(kommune, _settings(request.form))
            if request.form.get("save"):
                saved = funds.save(kommune, request.form.get("name", ""), result)
                flash(_("Allocation “%(name)s” saved.", name=saved.name))
                return redirect(url_for("funds.allocation", kommune_id=kommune.id,
                                        allocation_id=saved.id))  # fmt: skip
        except FundsError as exc:
            context["error"] = str(exc)
        else:
            context.update(rows=fund_files.rows(result), params=result.params)
    context.update(
        indicators=indicators_of(kommune),
        versions=index_versions.versions(kommune),
        verdict_rounds=fund_verdicts.verdict_rounds(kommune, on_themes=True),
        verdict_titles=verdict_titles(),
        verdict_themes=fund_verdicts.theme_choices(),
        saved=funds.allocations(kommune),
    )
    context["saved_themes"] = {s.id: fund_verdicts.theme_titles(s.params.get("need_themes") or [])
                               for s in context["saved"]}  # fmt: skip
    return render_template("funds/funds.html", **context)


def _saved(kommune, allocation_id):
    try:
        return funds.find(kommune, allocation_id)
    except LookupError:
        abort(404)


@load_kommune("planner")
def allocation(kommune, allocation_id):
    saved = _saved(kommune, allocation_id)
    result = funds.saved_allocation(saved)
    themes = fund_verdicts.theme_titles(result.params.get("need_themes") or [])
    return render_template("funds/allocation.html", kommune=kommune, saved=saved,
                           params=result.params, rows=fund_files.rows(result),
                           factors_text=fund_files.factors_text(result.params),
                           themes_text=themes)  # fmt: skip


def _download(kommune, allocation_id, fmt, mimetype):
    saved = _saved(kommune, allocation_id)
    data = fund_files.export(saved.name, funds.saved_allocation(saved), fmt)
    return file_response(data, f"{saved.name}.{fmt}", mimetype)


@load_kommune("planner")
def download_csv(kommune, allocation_id):
    return _download(kommune, allocation_id, "csv", "text/csv")


@load_kommune("planner")
def download_xlsx(kommune, allocation_id):
    return _download(kommune, allocation_id, "xlsx", XLSX)


@load_kommune("planner")
def delete(kommune, allocation_id):
    saved = _saved(kommune, allocation_id)
    name = saved.name
    funds.delete(saved)
    flash(_("Allocation “%(name)s” deleted.", name=name))
    return redirect(url_for("funds.page", kommune_id=kommune.id))


@load_kommune("planner")
def compare(kommune):
    try:
        first = funds.find(kommune, request.args.get("first", type=int) or 0)
        second = funds.find(kommune, request.args.get("second", type=int) or 0)
    except LookupError:
        flash(_("Please choose two saved allocations to compare."))
        return redirect(url_for("funds.page", kommune_id=kommune.id))
    table = funds.compare(first, second)
    return render_template("funds/compare.html", kommune=kommune, first=first, second=second,
                           rows=table.to_dict(orient="records"))  # fmt: skip
