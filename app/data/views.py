"""Planner pages for the data: Quartiere (upload, preview, confirm, edit) and indicators.

Uploaded files are read only by the confined worker (``analysis.readers.isolated``); a file
that is refused sends the planner back to the upload form with the reason (status 400).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from analysis.readers import isolated
from analysis.readers.errors import InputFileError
from app.core.access import load_kommune
from app.core.file_messages import file_error, problem_texts
from app.services import (
    area_sets,
    crosswalks,
    import_form,
    indicator_import,
    kommune_catalogue,
    uploads,
)
from app.services import areas as area_service
from app.services import indicators as indicator_service

_AREA_CHOICES = ("id_field", "name_field", "population_field", "crs", "dissolve_by", "parent_field")


def _areas_page(kommune, error: str | None = None, status: int = 200):
    return render_template("data/areas.html", kommune=kommune, error=error), status


@load_kommune("planner")
def areas(kommune):
    if request.method == "POST":
        upload = request.files.get("file")
        token = uploads.save_upload(upload, kommune.id, uploads.AREA_SUFFIXES) if upload else None
        if token:
            return redirect(url_for("data.areas_preview", kommune_id=kommune.id, upload=token))
        message = _("Please choose a GeoJSON, GeoPackage or zipped Shapefile.")
        return _areas_page(kommune, message, 400)
    return _areas_page(kommune)


def _gone(endpoint: str, kommune):
    flash(_("The uploaded file is no longer there. Please upload it again."))
    return redirect(url_for(endpoint, kommune_id=kommune.id))


def _confirmed(store, notice: str, endpoint: str, kommune, path):
    """Store a confirmed preview with ``store()``: (the redirect to ``endpoint``, None) after
    it, or (None, the sentence why it was not stored).

    ``notice(summary)`` is the translated sentence flashed on success.
    """
    try:
        summary = store()
    except (area_service.AreaError, indicator_service.IndicatorError) as exc:
        return None, str(exc)
    uploads.discard(path)
    flash(notice(summary))
    return redirect(url_for(endpoint, kommune_id=kommune.id)), None


@load_kommune("planner")
def areas_preview(kommune):
    token = request.values.get("upload", "")
    path = uploads.upload_path(token, kommune.id)
    if path is None:
        return _gone("data.areas", kommune)
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
        replace = bool(request.form.get("replace"))
        done, context["error"] = _confirmed(
            lambda: area_service.store_areas(
                preview.frame, kommune.name, population=population, replace=replace
            ),
            lambda done: ngettext(
                "%(num)d Quartier added, %(updated)d updated.",
                "%(num)d Quartiere added, %(updated)d updated.",
                done.created,
                updated=done.updated,
            ),  # fmt: skip
            "data.areas",
            kommune,
            path,
        )
        if done is not None:
            return done
    if preview.frame is not None:
        context.update(uploads.area_preview_context(preview))
        context["problems"] = problem_texts(preview.problems)
    return render_template("data/areas_preview.html", **context)


@load_kommune("planner")
def areas_edit(kommune):
    try:
        area_service.update_areas(kommune, request.form)
    except area_service.AreaError as exc:
        flash(str(exc))
    else:
        flash(_("The Quartiere have been saved."))
    return redirect(url_for("data.areas", kommune_id=kommune.id))


@load_kommune("planner")
def areas_state(kommune):
    code, action = request.form.get("code", ""), request.form.get("action", "")
    try:
        if action == "delete":
            area_sets.delete_area(kommune, code)
        else:
            area_sets.retire_area(kommune, code, retired=action == "retire")
    except area_service.AreaError as exc:
        flash(str(exc))
    else:
        flash(_("The Quartiere have been saved."))
    return redirect(url_for("data.areas", kommune_id=kommune.id))


def _indicators_page(kommune, error: str | None = None, status: int = 200):
    by_year = indicator_service.stored_by_year(kommune)
    page = render_template("data/indicators.html", kommune=kommune, by_year=by_year, error=error,
                           indicators=indicator_service.indicators_of(kommune),
                           crosswalk=crosswalks.saved_crosswalk(kommune))  # fmt: skip
    return page, status


@load_kommune("planner")
def crosswalk(kommune):
    upload = request.files.get("crosswalk")
    token = uploads.save_upload(upload, kommune.id, uploads.TABLE_SUFFIXES) if upload else None
    path = uploads.upload_path(token, kommune.id) if token else None
    if path is None:
        return _indicators_page(kommune, _("Please choose a CSV or XLSX file."), 400)
    name = uploads.original_name(path)
    try:
        found = isolated.read_crosswalk(path)
    except InputFileError as exc:
        return _indicators_page(kommune, file_error(exc, name), 400)
    finally:
        uploads.discard(path)
    refused = crosswalks.refusal(found, name)
    if refused:
        return _indicators_page(kommune, refused, 400)
    count = crosswalks.save_crosswalk(kommune, found)
    flash(ngettext("The crosswalk has been saved: %(num)d code of tables links to Quartiere.",
                   "The crosswalk has been saved: %(num)d codes of tables link to Quartiere.",
                   count))  # fmt: skip
    return redirect(url_for("data.indicators", kommune_id=kommune.id))


@load_kommune("planner")
def indicators_describe(kommune):
    fields = {k: request.form.get(k) for k in indicator_service.DESCRIPTION}
    try:
        indicator_service.describe_indicator(
            kommune, request.form.get("key", ""), direction=request.form.get("direction") or None,
            **fields,
        )  # fmt: skip
    except indicator_service.IndicatorError as exc:
        flash(str(exc))
    else:
        flash(_("The indicator has been saved."))
    return redirect(url_for("data.indicators", kommune_id=kommune.id))


@load_kommune("planner")
def indicators(kommune):
    if request.method == "POST":
        upload = request.files.get("file")
        token = uploads.save_upload(upload, kommune.id, uploads.TABLE_SUFFIXES) if upload else None
        if token:
            url = url_for("data.indicators_preview", kommune_id=kommune.id, upload=token)
            return redirect(url)
        return _indicators_page(kommune, _("Please choose a CSV or XLSX file."), 400)
    return _indicators_page(kommune)


@load_kommune("planner")
def indicators_preview(kommune):
    # One mapping per method: a refreshed preview (GET) posted again must not count twice.
    values = request.form if request.method == "POST" else request.args
    token = values.get("upload", "")
    path = uploads.upload_path(token, kommune.id)
    if path is None:
        return _gone("data.indicators", kommune)
    name = uploads.original_name(path)
    try:
        preview = isolated.preview_table(path, source=name, **import_form.read_options(values))
    except InputFileError as exc:
        uploads.discard(path)
        return _indicators_page(kommune, file_error(exc, name), 400)
    context: dict = {"kommune": kommune, "upload": token, "error": None, "report": None}
    context.update(header=preview.header, id_column=preview.id_column, form=values)
    if preview.error is not None:
        context["error"] = file_error(preview.error, name)
        return render_template("data/indicators_preview.html", **context)
    try:
        plan = import_form.form_plan(preview.found, kommune, values)
    except indicator_service.IndicatorError as exc:
        context["error"] = str(exc)
        return render_template("data/indicators_preview.html", **context)
    if request.method == "POST" and values.get("confirm"):
        done, context["error"] = _confirmed(
            lambda: indicator_import.store_plan(plan, kommune),
            lambda done: ngettext(
                "%(num)d value added, %(updated)d updated.",
                "%(num)d values added, %(updated)d updated.",
                done.created,
                updated=done.updated,
            ),  # fmt: skip
            "data.indicators",
            kommune,
            path,
        )
        if done is not None:
            return done
    context.update(import_form.preview_context(plan, kommune, values))
    return render_template("data/indicators_preview.html", **context)


@load_kommune("planner")
def catalogue(kommune):
    error, status = None, 200
    if request.method == "POST":
        try:
            entry = kommune_catalogue.add_entry(kommune, request.form)
        except kommune_catalogue.CatalogueEntryError as exc:
            error, status = str(exc), 400
        else:
            flash(_("%(key)s has been added to the catalogue.", key=entry.key))
            return redirect(url_for("data.catalogue", kommune_id=kommune.id))
    page = render_template(
        "data/catalogue.html", kommune=kommune, error=error, form=request.form,
        entries=kommune_catalogue.entries(kommune), domains=kommune_catalogue.domain_choices(),
        builtin=kommune_catalogue.catalogue(kommune).query("source == 'builtin'"),
    )  # fmt: skip
    return page, status
