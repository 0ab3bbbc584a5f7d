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


def _guess(fields: list[str], *hints: str) -> str:
    for hint in hints:
        for field in fields:
            if hint in field.lower():
                return field
    return fields[0] if fields else ""


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
        return _areas_page(kommune, _("Please choose a GeoJSON, GeoPackage or zipped Shapefile."))
    return _areas_page(kommune)


@bp.route("/kommune/<int:kommune_id>/areas/preview", methods=["GET", "POST"])
@staff("planner")
def areas_preview(kommune_id: int):
    from app.planning.services import PlanningError

    kommune = kommune_for("planner", kommune_id)
    token = request.values.get("upload", "")
    path = uploads.upload_path(token, kommune.id)
    if path is None:
        flash(_("The uploaded file is no longer there. Please upload it again."))
        return redirect(url_for("planner.areas", kommune_id=kommune.id))
    name = uploads.original_name(path)
    try:
        fields = isolated.area_fields(path)
    except InputFileError as exc:
        uploads.discard(path)
        return _areas_page(kommune, file_error(exc, name), 400)
    if not fields:
        uploads.discard(path)
        message = _("'%(file)s' has no fields: each area needs a code and a name.", file=name)
        return _areas_page(kommune, message, 400)
    context: dict = {"kommune": kommune, "upload": token, "error": None, "frame": None}
    choice = {
        "id_field": request.values.get("id_field") or _guess(fields, "code", "id", "nr"),
        "name_field": request.values.get("name_field") or _guess(fields, "name", "bez"),
        "population_field": request.values.get("population_field", ""),
        "crs": request.values.get("crs", "").strip(),
    }
    context.update(fields=fields, choice=choice)
    options = {
        "id_field": choice["id_field"],
        "name_field": choice["name_field"],
        "population_field": choice["population_field"] or None,
        "crs": choice["crs"] or None,
    }
    if request.method == "POST" and request.form.get("confirm"):
        try:
            summary = _import_checked_areas(path, kommune.name, options)
        except (PlanningError, InputFileError) as exc:
            context["error"] = file_error(exc, name)
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
    try:
        frame, problems, source_crs = isolated.inspect_areas(path, **options)
    except InputFileError as exc:
        context["error"] = file_error(exc, name)
    else:
        table = frame.drop(columns=frame.geometry.name).head(200).astype(object)
        context.update(
            frame=table.where(table.notna(), None),
            problems=problem_texts(problems),
            source_crs=source_crs,
            geojson=frame.to_json(),
        )
    return render_template("planner/areas_preview.html", **context)


def _import_checked_areas(path, kommune_name: str, options: dict):
    """Import what the preview showed: the features without problems, already in WGS84."""
    from app.planning.services import store_areas

    frame, _problems, _crs = isolated.inspect_areas(path, **options)
    return store_areas(frame, kommune_name, population=options["population_field"] is not None)


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
        return _indicators_page(kommune, _("Please choose a CSV or XLSX file."))
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
    context: dict = {"kommune": kommune, "upload": token, "error": None, "tidy": None}
    try:
        header = isolated.table_columns(path)
    except InputFileError as exc:
        uploads.discard(path)
        return _indicators_page(kommune, file_error(exc, name), 400)
    id_column = request.values.get("id_column") or _guess(header, "code", "id", "nr", "raum")
    values = [v for v in request.values.getlist("value_columns") if v in header]
    year_text = request.values.get("year", "").strip()
    year = int(year_text) if year_text.isdigit() else None
    options = {"id_column": id_column, "value_columns": values or None}
    context.update(header=header, id_column=id_column, values=values, year=year_text)
    if request.method == "POST" and request.form.get("confirm"):
        try:
            tidy = isolated.read_indicator_table(path, **options)
            summary = store_indicators(tidy, kommune, year=year, file_name=name)
        except (PlanningError, InputFileError) as exc:
            context["error"] = file_error(exc, name)
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
    try:
        tidy = isolated.read_indicator_table(path, **options)
    except InputFileError as exc:
        context["error"] = context["error"] or file_error(exc, name)
    else:
        if year is not None:
            tidy["year"] = tidy["year"].fillna(year)
        head = tidy.head(PREVIEW_ROWS).astype(object)
        context["tidy"] = head.where(head.notna(), None)
        context["counts"] = tidy.groupby("indicator", dropna=False).size().to_dict()
        context["no_year"] = bool(tidy["year"].isna().any())
    return render_template("planner/indicators_preview.html", **context)
