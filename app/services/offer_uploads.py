"""The web import of offers: upload, preview with the field mapping, then store exactly that plan.

The file waits in ``instance/uploads`` (:mod:`app.services.uploads`) and is read only by the
confined worker (:func:`analysis.coverage.files.read_offer_file`) on each preview, so a changed
mapping is shown before anything is stored.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from analysis.coverage.files import GEODATA_SUFFIXES, TABLE_SUFFIXES, read_offer_file
from analysis.readers.errors import InputFileError
from app.core.file_messages import file_error
from app.models import Kommune, OfferCategory
from app.services.offers import (
    MAPPED,
    OfferError,
    guess_mapping,
    plan_offers,
    problem_sentence,
    store_offers,
)
from app.services.uploads import discard, original_name, save_upload, upload_path


def upload_offers(kommune: Kommune, upload: FileStorage | None) -> str:
    """Keep the uploaded file for the preview; returns its token."""
    if upload is None or not upload.filename:
        raise OfferError(_("Please choose a file."))
    token = save_upload(upload, kommune.id, TABLE_SUFFIXES + GEODATA_SUFFIXES)
    if token is None:
        raise OfferError(_("Please upload a CSV, XLSX, GeoJSON, GeoPackage or zipped Shapefile."))
    return token


def _read(kommune: Kommune, token: str):
    path = upload_path(token, kommune.id)
    if path is None:
        raise OfferError(_("The uploaded file is no longer there. Please upload it again."))
    try:
        return path, read_offer_file(path)
    except InputFileError as exc:
        raise OfferError(file_error(exc, original_name(path))) from None


def import_preview(kommune: Kommune, category: OfferCategory, token: str, args: Mapping) -> dict:
    """The preview's context: fields, the mapping used, and what would be stored and what not."""
    path, found = _read(kommune, token)
    mapping = {key: args.get(key, "") for key in (*MAPPED, "crs")}
    if not any(mapping.values()):
        mapping = {**guess_mapping(found), "crs": ""}
    context = {"fields": found.fields, "mapping": mapping, "file_name": original_name(path),
               "plan": None, "error": None}  # fmt: skip
    try:
        plan = plan_offers(kommune, category, found, mapping)
    except OfferError as exc:
        context["error"] = str(exc)
        return context
    plan.rejected["sentence"] = plan.rejected["problem"].map(problem_sentence)
    context["plan"] = plan
    return context


def import_confirm(kommune: Kommune, category: OfferCategory, token: str, form: Mapping) -> str:
    """Store the plan of this file and mapping; returns the sentence to show."""
    path, found = _read(kommune, token)
    mapping = {key: form.get(key, "") for key in (*MAPPED, "crs")}
    stored = store_offers(category, plan_offers(kommune, category, found, mapping),
                          original_name(path))  # fmt: skip
    discard(path)
    return _("%(count)d offers stored in '%(category)s'.", count=stored, category=category.slug)
