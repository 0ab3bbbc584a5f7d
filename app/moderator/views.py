"""Round-table pages for moderators: live view, validation record, a group's agreed ratings."""

from __future__ import annotations

import uuid as uuidlib

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core.access import current_account, load_campaign, staff, visible_kommunen
from app.core.i18n import current_locale, localized
from app.models.roundtable import NEED_VERDICTS, QUESTIONS
from app.moderator.forms import record_from_form
from app.services import comments as comment_review
from app.services import live, measure_pages, offer_roundtable, roundtable, validation
from app.services.answer_checks import SubmissionRejected
from app.services.answer_forms import submission_from_form
from app.services.campaigns import campaigns_of
from app.services.submissions import CampaignNotOpen, submit, today


@staff("moderator")
def home():
    ids = [k.id for k in visible_kommunen(current_account())]
    return render_template("moderator/home.html", campaigns=campaigns_of(ids), today=today())


@load_campaign("moderator")
def comments(campaign):
    state = request.args.get("state", "new")
    return render_template(
        "moderator/comments.html",
        campaign=campaign,
        state=state,
        counts=comment_review.review_counts(campaign),
        queue=comment_review.review_queue(campaign, state),
        reasons=comment_review.hide_reason_titles(),
    )


@load_campaign("moderator")
def review_comment(campaign, comment_id):
    try:
        comment_review.review_comment(
            campaign,
            comment_id,
            request.form.get("decision", ""),
            current_account(),
            reason=request.form.get("reason") or None,
            redacted=request.form.get("redacted"),
        )
    except comment_review.ReviewError as exc:
        flash(str(exc))
        focus = f"c{comment_id}"
    else:
        focus = "first"
    state = request.form.get("state", "new")
    return redirect(
        url_for("moderator.comments", campaign_id=campaign.id, state=state, focus=focus)
    )


@load_campaign("moderator", area=True)
def table(campaign, area):
    compare_area, compare_campaign = live.comparison(campaign, request.args.get("compare", ""))
    return render_template(
        "moderator/table.html",
        campaign=campaign,
        area=area,
        live=live.live_context(campaign, area, compare_area, compare_campaign),
        compare=request.args.get("compare", ""),
        rounds=live.compare_choices(campaign),
        record=roundtable.record_for(campaign, area),
        previous=roundtable.previous_record(campaign, area),
        questions=QUESTIONS,
        verdicts=NEED_VERDICTS,
        question_titles=roundtable.question_titles(),
        verdict_titles=roundtable.verdict_titles(),
        themes=[(t.slug, localized(t.title)) for t in campaign.instrument.themes],
        validation=validation.round_table_context(campaign, area.code),
        etag=live.fragment_etag(campaign, area, request.args.get("compare", ""),
                                current_locale(), "live")[0],
        measures=measure_pages.round_table_context(campaign, area),
        offers_here=offer_roundtable.offers_here(campaign, area),
    )  # fmt: skip


@load_campaign("moderator", area=True)
def present(campaign, area):
    compare = request.args.get("compare", "")
    compare_area, compare_campaign = live.comparison(campaign, compare)
    previous, following = live.neighbours(campaign, area)
    return render_template(
        "moderator/present.html",
        campaign=campaign,
        area=area,
        live=live.live_context(campaign, area, compare_area, compare_campaign),
        compare=compare,
        toggled=("" if compare else live.default_comparison(campaign, area)),
        etag=live.fragment_etag(campaign, area, compare, current_locale(), "present")[0],
        previous=previous,
        following=following,
    )


@load_campaign("moderator", area=True)
def live_fragment(campaign, area):
    compare = request.args.get("compare", "")
    # The presentation mode's fragment is another page of the same data: its own ETag.
    view = "present" if request.args.get("view") == "present" else "live"
    version, compare_area, compare_campaign = live.fragment_etag(
        campaign, area, compare, current_locale(), view
    )
    # no-store: nothing of a round table stays in a browser's cache; roundtable.js keeps the
    # ETag itself and sends it back, so an unchanged fragment costs a 304 and no aggregation.
    if request.if_none_match.contains(version):
        unchanged = current_app.response_class(status=304, headers={"Cache-Control": "no-store"})
        unchanged.set_etag(version)
        return unchanged
    context = live.live_context(campaign, area, compare_area, compare_campaign)
    fragment = "_present.html" if view == "present" else "_live.html"
    page = render_template(f"moderator/{fragment}", campaign=campaign, area=area, live=context)
    response = current_app.response_class(page, headers={"Cache-Control": "no-store"})
    response.set_etag(version)
    return response


@load_campaign("moderator", area=True)
def save_record(campaign, area):
    answers, needs = record_from_form(request.form, campaign)
    try:
        roundtable.save_record(campaign, area, answers, needs, current_account())
    except roundtable.RecordError as exc:
        flash(str(exc))
    else:
        flash(_("The round table's record has been saved."))
    return redirect(url_for("moderator.table", campaign_id=campaign.id, area_code=area.code))


@load_campaign("moderator", area=True)
def group(campaign, area):
    if "group" not in campaign.enabled_roles:
        # Like the switched-off group link: this survey takes no group ratings at all.
        abort(404, description=_("This survey does not use moderated groups."))
    errors: dict[str, str] = {}
    values = request.form if request.method == "POST" else {"uuid": str(uuidlib.uuid4())}
    if request.method == "POST":
        raw = submission_from_form(request.form, campaign, "group", area.code)
        try:
            submit(campaign, "group", raw, channel="paper")
        except SubmissionRejected as exc:
            errors = {e.field: e.message for e in exc.errors}
        except CampaignNotOpen as exc:
            abort(409, description=exc.message)
        else:
            flash(_("The group's ratings have been saved."))
            return redirect(
                url_for("moderator.table", campaign_id=campaign.id, area_code=area.code)
            )
    instrument = campaign.instrument
    return render_template(
        "moderator/group.html",
        campaign=campaign,
        area=area,
        values=values,
        errors=errors,
        themes=[(t.slug, localized(t.title)) for t in instrument.themes],
        scale=range(instrument.scale_min, instrument.scale_max + 1),
    ), (422 if errors else 200)
