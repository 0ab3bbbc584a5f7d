"""Planner pages of a Kreis: overview, similar areas, a Kommune's profile."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.access import current_account, load_kreis, staff, visible_kreise
from app.core.downloads import file_response
from app.services import kreis_pages, kreis_setup, kreis_versions
from app.services.kreis import find_kommune_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@staff("planner")
def home():
    return render_template("kreis/home.html", kreise=visible_kreise(current_account()))


def _page(template: str, kreis, build, **extra):
    try:
        context = build()
    except ValueError as exc:
        context = {"error": str(exc)}
    return render_template(template, kreis=kreis, **extra, **context)


@load_kreis("planner")
def overview(kreis):
    args = request.args
    return _page("kreis/overview.html", kreis, lambda: kreis_pages.overview(
        kreis, args.get("year"), args.get("indicator"), args.getlist("index"),
        _chosen(args)))  # fmt: skip


def _chosen(values) -> dict[int, int]:
    """The Kommune index versions chosen in the form (``version-<kommune id>=<version id>``)."""
    pairs = ((key.removeprefix("version-"), value) for key, value in values.items()
             if key.startswith("version-"))  # fmt: skip
    return {int(k): int(v) for k, v in pairs if k.isdigit() and v.isdigit()}


@load_kreis("planner")
def similar(kreis):
    args = request.args
    return _page("kreis/similar.html", kreis, lambda: kreis_pages.similar_page(
        kreis, args.get("year"), args.get("area", ""), args.getlist("indicators")))  # fmt: skip


@load_kreis("planner")
def profile(kreis, kommune_id):
    try:
        kommune = find_kommune_in(kreis, kommune_id)
    except LookupError:
        abort(404)
    args = request.args
    return _page("kreis/profile.html", kreis, lambda: kreis_pages.profile_page(
        kreis, kommune, args.get("year"), args.getlist("index")), kommune=kommune)  # fmt: skip


@load_kreis("planner")
def save_index(kreis):
    form = request.form
    index = form.getlist("index")
    try:
        saved = kreis_pages.save_index(kreis, form.get("year"), index, form.get("name", ""),
                                       _chosen(form))  # fmt: skip
    except ValueError as exc:
        flash(str(exc))
        return redirect(url_for("kreis.overview", kreis_id=kreis.id, year=form.get("year"),
                                index=index))  # fmt: skip
    flash(_("Kreis index “%(name)s” saved.", name=saved.name))
    return redirect(url_for("kreis.index_version", kreis_id=kreis.id,
                            kreis_version_id=saved.id))  # fmt: skip


def _version(kreis, kreis_version_id):
    try:
        return kreis_versions.find(kreis, kreis_version_id)
    except LookupError:
        abort(404)


@load_kreis("planner")
def index_version(kreis, kreis_version_id):
    context = kreis_pages.version_page(_version(kreis, kreis_version_id))
    return render_template("kreis/version.html", kreis=kreis, **context)


def _download(kreis, kreis_version_id, fmt, table, mimetype):
    version = _version(kreis, kreis_version_id)
    data = kreis_versions.export(version, fmt, table)
    suffix = "" if fmt == "xlsx" else f"-{_('Kommunen') if table == 'kommunen' else _('Quartiere')}"
    return file_response(data, f"{version.name}{suffix}.{fmt}", mimetype)


@load_kreis("planner")
def index_kommunen_csv(kreis, kreis_version_id):
    return _download(kreis, kreis_version_id, "csv", "kommunen", "text/csv")


@load_kreis("planner")
def index_areas_csv(kreis, kreis_version_id):
    return _download(kreis, kreis_version_id, "csv", "areas", "text/csv")


@load_kreis("planner")
def index_xlsx(kreis, kreis_version_id):
    return _download(kreis, kreis_version_id, "xlsx", "kommunen", XLSX)


@staff("admin")
def admin():
    kreise = visible_kreise(current_account())
    planners = {kreis.id: kreis_setup.kreis_planners(kreis) for kreis in kreise}
    return render_template("kreis/admin.html", kreise=kreise, planners=planners,
                           free=kreis_setup.free_kommunen())  # fmt: skip


def _done(action, message):
    """Run one set-up step of the CLI's service; its sentence is flashed either way."""
    try:
        found = action()
    except kreis_setup.KreisError as exc:
        flash(str(exc))
    else:
        flash(message(found))
    return redirect(url_for("kreis.admin"))


@staff("admin")
def create():
    name = request.form.get("name", "")
    return _done(lambda: kreis_setup.create_kreis(name),
                 lambda kreis: _("Kreis “%(name)s” created.", name=kreis.name))  # fmt: skip


@load_kreis("admin")
def attach(kreis):
    names = request.form.getlist("kommunen")
    return _done(lambda: kreis_setup.attach(kreis, names),
                 lambda found: _("%(kreis)s: %(kommunen)s attached.", kreis=kreis.name,
                                 kommunen=", ".join(k.name for k in found)))  # fmt: skip


@load_kreis("admin")
def grant(kreis):
    email = request.form.get("email", "").strip()
    return _done(lambda: kreis_setup.grant(kreis, email),
                 lambda user: _("%(email)s now plans for %(kreis)s.", email=user.email,
                                kreis=kreis.name))  # fmt: skip


@load_kreis("admin")
def detach(kreis):
    names = request.form.getlist("kommunen")
    return _done(lambda: kreis_setup.detach(kreis, names),
                 lambda found: _("%(kreis)s: %(kommunen)s detached; saved Kreis index versions "
                                 "keep them.", kreis=kreis.name,
                                 kommunen=", ".join(k.name for k in found)))  # fmt: skip


@load_kreis("admin")
def revoke(kreis):
    email = request.form.get("email", "").strip()
    return _done(lambda: kreis_setup.revoke(kreis, email),
                 lambda user: _("%(email)s no longer plans for %(kreis)s.", email=user.email,
                                kreis=kreis.name))  # fmt: skip
