"""Planner pages of the offers: one category's offers, coverage map and table; changes."""

from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for

from app.core.access import load_kommune
from app.core.downloads import file_response
from app.services.offer_catalogue import CategoryError
from app.services.offer_exports import offer_file
from app.services.offer_map import MapRequestError, map_layer
from app.services.offer_networks import change_network, chosen_network
from app.services.offer_pages import change_offers, chosen_campaign, chosen_category, offer_page
from app.services.offer_uploads import import_confirm, import_preview, upload_offers
from app.services.offers import OfferError


@load_kommune("planner")
def offers_page(kommune):
    context = offer_page(kommune, request.args)
    return render_template("offers/offers.html", kommune=kommune, **context)


@load_kommune("planner")
def offers_change(kommune):
    try:
        flash(change_offers(kommune, request.form))
    except (OfferError, CategoryError) as exc:
        flash(str(exc))
    category = request.form.get("category", "")
    return redirect(url_for("offers.offers_page", kommune_id=kommune.id, category=category))


@load_kommune("planner")
def offers_download(kommune):
    category = chosen_category(kommune, request.args.get("category"))
    campaign = chosen_campaign(kommune, request.args.get("campaign"))
    network = chosen_network(kommune, request.args.get("distance"))
    try:
        data, name, mimetype = offer_file(kommune, category, request.args.get("format", "csv"),
                                          campaign, network)  # fmt: skip
    except OfferError as exc:
        flash(str(exc))
        return redirect(url_for("offers.offers_page", kommune_id=kommune.id))
    return file_response(data, name, mimetype)


def _back(kommune, category: str = ""):
    return redirect(url_for("offers.offers_page", kommune_id=kommune.id, category=category))


@load_kommune("planner")
def offers_upload(kommune):
    category = request.form.get("category", "")
    try:
        token = upload_offers(kommune, request.files.get("file"))
    except OfferError as exc:
        flash(str(exc))
        return _back(kommune, category)
    return redirect(url_for("offers.offers_preview", kommune_id=kommune.id, token=token,
                            category=category))  # fmt: skip


@load_kommune("planner")
def offers_preview(kommune):
    category = chosen_category(kommune, request.args.get("category"))
    try:
        context = import_preview(kommune, category, request.args.get("token", ""), request.args)
    except OfferError as exc:
        flash(str(exc))
        return _back(kommune, category.slug)
    return render_template("offers/preview.html", kommune=kommune, category=category,
                           token=request.args.get("token"), **context)  # fmt: skip


@load_kommune("planner")
def offers_import(kommune):
    category = chosen_category(kommune, request.form.get("category"))
    try:
        flash(import_confirm(kommune, category, request.form.get("token", ""), request.form))
    except OfferError as exc:
        flash(str(exc))
    return _back(kommune, category.slug)


@load_kommune("planner")
def offers_map(kommune):
    category = chosen_category(kommune, request.args.get("category"))
    try:
        return jsonify(map_layer(kommune, category, request.args))
    except LookupError:
        abort(404)
    except MapRequestError as exc:
        return jsonify({"error": str(exc)}), 400
    except OfferError as exc:  # the data do not allow it yet (no outlines): said, not a 500
        return jsonify({"error": str(exc)}), 409


@load_kommune("planner")
def offers_network(kommune):
    category = request.form.get("category", "")
    try:
        flash(change_network(kommune, request.form, request.files.get("file")))
    except OfferError as exc:
        flash(str(exc))
    return _back(kommune, category)
