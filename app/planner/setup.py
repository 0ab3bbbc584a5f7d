"""Planner pages for the data: Quartiere (upload, preview, confirm, edit) and indicators.

Uploaded files are read only by the confined worker (``analysis.readers.isolated``); a file
that is refused sends the planner back to the upload form with the reason (status 400).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.readers import isolated
from analysis.readers.errors import InputFileError
from app.auth.access import kommune_for, staff
from app.database import write_transaction
from app.extensions import db
from app.file_messages import file_error, problem_texts
from app.models import Area, Indicator, IndicatorValue
from app.planner import uploads
from app.planner.routes import bp

PREVIEW_ROWS = 20


_AREA_CHOICES = ("id_field", "name_field", "population_field", "crs")


def _areas_page(kommune, error: str | None = None, status: int = 200):
    return render_template("planner/areas.html", kommune=kommune, error=error), status


@bp.route("/kommune/<int:kommune_id>/areas", methods=["GET", "POST"])
@staff("planner")
def areas(kommune_id: int):
    kommune = kommune_for("planner", kommune_id)
    if request.method == "POST":
        upload = request.files.get("file")
        token = uploads.save_upload(upload, kommune.id, uploads.AREA_SUFFIXES) if upload else None
        if token:
            return redirect(url_for("planner.areas_preview", kommune_id=kommune.id, upload=token))
        message = _("Please choose a GeoJSON, GeoPackage or zipped Shapefile.")
        return _areas_page(kommune, message, 400)
    return _areas_page(kommune)


@bp.route("/kommune/<int:kommune_id>/areas/preview", methods=["GET", "POST"])
@staff("planner")
def areas_preview(kommune_id: int):
    from app.planning.services import PlanningError, store_areas

    kommune = kommune_for("planner", kommune_id)
    token = request.values.get("upload", "")
    path = uploads.upload_path(token, kommune.id)
    if path is None:
        flash(_("The uploaded file is no longer there. Please upload it again."))
        return redirect(url_for("planner.areas", kommune_id=kommune.id))
    name = uploads.original_name(path)
    chosen = {key: request.values.get(key, "").strip() or None for key in _AREA_CHOICES}
    try:
        preview = isolated.preview_areas(path, **chosen)
    except InputFileError as exc:
        uploads.discard(path)
        return _areas_page(kommune, file_error(exc, name), 400)
    if not preview.fields:
        uploads.discard(path)
        message = _("'%(file)s' has no fields: each area needs a code and a name.", file=name)
        return _areas_page(kommune, message, 400)
    context: dict = {"kommune": kommune, "upload": token, "frame": None}
    context.update(fields=preview.fields, choice=preview.choice, error=None)
    if preview.error is not None:
        context["error"] = file_error(preview.error, name)
    elif request.method == "POST" and request.form.get("confirm"):
        population = preview.choice["population_field"] != ""
        try:
            summary = store_areas(preview.frame, kommune.name, population=population)
        except PlanningError as exc:
            context["error"] = str(exc)
        else:
            uploads.discard(path)
            flash(
                _(
                    "%(created)d Quartiere added, %(updated)d updated.",
                    created=summary.created,
                    updated=summary.updated,
                )
            )
            return redirect(url_for("planner.areas", kommune_id=kommune.id))
    if preview.frame is not None:
        table = preview.frame.drop(columns="geometry").head(200).astype(object)
        context.update(
            frame=table.where(table.notna(), None),
            problems=problem_texts(preview.problems),
            source_crs=preview.source_crs,
            geojson=preview.frame.to_json(),
        )
    return render_template("planner/areas_preview.html", **context)


@bp.post("/kommune/<int:kommune_id>/areas/edit")
@staff("planner")
def areas_edit(kommune_id: int):
    kommune = kommune_for("planner", kommune_id)
    changes = {}
    for area in kommune.areas:
        name = request.form.get(f"name-{area.id}", area.name).strip()
        raw = request.form.get(f"population-{area.id}", "").strip().replace(".", "")
        if not name or (raw and not raw.isdigit()):
            flash(_("Names must not be empty and populations must be whole numbers."))
            return redirect(url_for("planner.areas", kommune_id=kommune.id))
        changes[area.id] = (name[:200], int(raw) if raw else None)
    with write_transaction():
        for area in db.session.scalars(select(Area).where(Area.kommune_id == kommune.id)):
            area.name, area.population = changes.get(area.id, (area.name, area.population))
    flash(_("The Quartiere have been saved."))
    return redirect(url_for("planner.areas", kommune_id=kommune.id))


def _indicators_page(kommune, error: str | None = None, status: int = 200):
    rows = db.session.execute(
        select(Indicator, IndicatorValue.year, db.func.count(IndicatorValue.id))
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .where(Indicator.kommune_id == kommune.id)
        .group_by(Indicator.id, IndicatorValue.year)
        .order_by(IndicatorValue.year.desc(), Indicator.key)
    ).all()
    by_year: dict[int, list] = {}
    for indicator, year, count in rows:
        by_year.setdefault(year, []).append((indicator, count))
    page = render_template("planner/indicators.html", kommune=kommune, by_year=by_year, error=error)
    return page, status


@bp.route("/kommune/<int:kommune_id>/indicators", methods=["GET", "POST"])
@staff("planner")
def indicators(kommune_id: int):
    kommune = kommune_for("planner", kommune_id)
    if request.method == "POST":
        upload = request.files.get("file")
        token = uploads.save_upload(upload, kommune.id, uploads.TABLE_SUFFIXES) if upload else None
        if token:
            url = url_for("planner.indicators_preview", kommune_id=kommune.id, upload=token)
            return redirect(url)
        return _indicators_page(kommune, _("Please choose a CSV or XLSX file."), 400)
    return _indicators_page(kommune)


@bp.route("/kommune/<int:kommune_id>/indicators/preview", methods=["GET", "POST"])
@staff("planner")
def indicators_preview(kommune_id: int):
    from app.planning.services import PlanningError, store_indicators

    kommune = kommune_for("planner", kommune_id)
    token = request.values.get("upload", "")
    path = uploads.upload_path(token, kommune.id)
    if path is None:
        flash(_("The uploaded file is no longer there. Please upload it again."))
        return redirect(url_for("planner.indicators", kommune_id=kommune.id))
    name = uploads.original_name(path)
    values = request.values.getlist("value_columns")
    year_text = request.values.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() else None
    try:
        preview = isolated.preview_table(
            path, id_column=request.values.get("id_column") or None, value_columns=values or None
        )
    except InputFileError as exc:
        uploads.discard(path)
        return _indicators_page(kommune, file_error(exc, name), 400)
    context: dict = {"kommune": kommune, "upload": token, "error": None, "tidy": None}
    values = [v for v in values if v in preview.header]
    context.update(header=preview.header, id_column=preview.id_column, values=values)
    context["year"] = year_text
    if preview.error is not None:
        context["error"] = file_error(preview.error, name)
    elif request.method == "POST" and request.form.get("confirm"):
        try:
            summary = store_indicators(preview.tidy, kommune, year=year, file_name=name)
        except PlanningError as exc:
            context["error"] = str(exc)
        else:
            uploads.discard(path)
            flash(
                _(
                    "%(created)d values added, %(updated)d updated.",
                    created=summary.created,
                    updated=summary.updated,
                )
            )
            return redirect(url_for("planner.indicators", kommune_id=kommune.id))
    if preview.tidy is not None:
        tidy = preview.tidy
        if year is not None:
            tidy["year"] = tidy["year"].fillna(year)
        head = tidy.head(PREVIEW_ROWS).astype(object)
        context["tidy"] = head.where(head.notna(), None)
        context["counts"] = tidy.groupby("indicator", dropna=False).size().to_dict()
        context["no_year"] = bool(tidy["year"].isna().any())
    return render_template("planner/indicators_preview.html", **context)
