"""The report's chapter on how the needs validation works (issue 13), from the methods text.

The text is :func:`app.services.methods.methods_sections`, the one source the methods page
shows too; this module only puts it into the report
(:data:`app.services.report_sections.PROVIDERS`).
"""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from analysis.report.sections import ReportSection
from app.models import Campaign
from app.services.methods import methods_sections

#: After the Quartiere's profiles and the other added chapters, before the method and sources.
ORDER = 80


def methods_chapter(campaign: Campaign, lang: str) -> ReportSection:
    """The methods chapter of ``campaign``'s report in ``lang``.

    With a database session (see the tests)::

        methods_chapter(campaign, "de").title  # 'So funktioniert der Abgleich'
    """
    with force_locale(lang):
        html = render_template("reports/chapters/methods.html",
                               sections=methods_sections(campaign))  # fmt: skip
        return ReportSection("methods", _("How the comparison works"), html, order=ORDER)
