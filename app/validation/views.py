"""Planner pages of the needs validation: the Kommune's settings and the methods page."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.access import load_campaign, load_kommune
from app.services import validation_settings
from app.services.methods import methods_sections


@load_kommune("planner")
def settings(kommune):
    error = None
    if request.method == "POST":
        try:
            if request.form.get("reset"):
                validation_settings.reset(kommune)
            else:
                validation_settings.save(
                    kommune, request.form.get("margin", ""), request.form.getlist("pairs")
                )
        except validation_settings.ValidationSettingsError as exc:
            error = str(exc)
        else:
            flash(_("The validation settings have been saved."))
            return redirect(url_for("validation.settings", kommune_id=kommune.id))
    context = validation_settings.form_context(kommune)
    return render_template("validation/settings.html", kommune=kommune, error=error, **context), (
        422 if error else 200
    )


@load_campaign("moderator")
def methods(campaign):
    return render_template(
        "validation/methods.html", campaign=campaign, sections=methods_sections(campaign)
    )
