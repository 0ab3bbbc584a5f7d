"""The printable questionnaire: one PDF per survey (or per Quartier), each sheet with its own code.

Every printed sheet carries a random sheet code. Typing a sheet in derives the answer's UUID from
the campaign and that code, so the same sheet typed twice is stored once (the same rule as a
phone that sends its answer twice).
"""

from __future__ import annotations

import io
import secrets
import uuid
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.core.i18n import localized
from app.models import Area, Campaign
from app.services.labels import OPTIONS, QUESTIONS

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
# Sheet codes avoid letters that are easily confused when typed from paper (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MAX_SHEETS = 500


def _register_fonts() -> None:
    if "QK-Sans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("QK-Sans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("QK-Sans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def new_sheet_code() -> str:
    """A random 8-character code like ``K7F2-9QXD`` (40 bits: two print runs never collide)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_sheet_code(code: str) -> str | None:
    """Accept a typed code in any case, with or without the dash; None if it cannot be one."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) != 8 or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return f"{cleaned[:4]}-{cleaned[4:]}"


def sheet_uuid(campaign: Campaign, code: str) -> str:
    """The answer UUID of a paper sheet: the same sheet always gives the same UUID."""
    namespace = uuid.uuid5(
        uuid.NAMESPACE_URL, f"quartierskompass:campaign:{campaign.resident_token}"
    )
    return str(uuid.uuid5(namespace, f"paper:{code}"))


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName="QK-Sans", fontSize=10.5, leading=14)
    return {
        "base": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=9, leading=12, textColor=colors.HexColor("#444444")
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName="QK-Sans-Bold", fontSize=17, leading=21
        ),
        "theme": ParagraphStyle(
            "theme", parent=base, fontName="QK-Sans-Bold", fontSize=12.5, leading=16, spaceBefore=6
        ),
        "question": ParagraphStyle("question", parent=base, fontName="QK-Sans-Bold"),
        "box": ParagraphStyle("box", parent=base, alignment=TA_CENTER, fontSize=12),
        "endleft": ParagraphStyle("endleft", parent=base, fontSize=8, leading=10),
        "endright": ParagraphStyle(
            "endright", parent=base, fontSize=8, leading=10, alignment=TA_RIGHT
        ),
        "boxsmall": ParagraphStyle(
            "boxsmall", parent=base, alignment=TA_CENTER, fontSize=8, leading=10
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _scale_row(theme, labels: dict, styles) -> Table:
    """Boxes 1…7 and "can't say", with the ends of the scale named under them."""
    values = list(range(theme.scale_min, theme.scale_max + 1))
    count = len(values)
    boxes = [_p(f"☐ {v}", styles["box"]) for v in values]
    cant_say = _("Can't say")
    boxes.append(_p(f"☐ {cant_say}", styles["boxsmall"]))
    width = 170 * mm
    scale_width = width * 0.1 * count
    columns = [width * 0.1] * count + [width - scale_width]
    ends = Table(
        [
            [
                _p(f"{values[0]} = {labels.get('min', '')}", styles["endleft"]),
                _p(f"{values[-1]} = {labels.get('max', '')}", styles["endright"]),
            ]
        ],
        colWidths=[scale_width / 2] * 2,
    )
    ends.setStyle(
        TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("ALIGN", (1, 0), (1, 0), "RIGHT")])
    )
    table = Table([boxes, [ends] + [""] * count], colWidths=columns)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("SPAN", (0, 1), (count - 1, 1)),
            ]
        )
    )
    return table


def _lines(label: str, styles, count: int = 2) -> Table:
    rows = [[_p(label, styles["small"])]] + [[""] for _ in range(count)]
    table = Table(rows, colWidths=[170 * mm], rowHeights=[14] + [20] * count)
    table.setStyle(TableStyle([("LINEBELOW", (0, 1), (-1, -1), 0.5, colors.grey)]))
    return table


def _demographics(styles) -> list:
    flow = [_p(_("About you (optional)"), styles["theme"])]
    for name, question in QUESTIONS.items():
        options = "   ".join(f"☐ {label}" for label in OPTIONS[name].values())
        flow += [_p(str(question), styles["question"]), _p(options, styles["base"]), Spacer(1, 4)]
    return flow


def _sheet(campaign: Campaign, area: Area | None, code: str, styles) -> list:
    instrument = campaign.instrument
    labels = localized(instrument.scale_labels) or {}
    area_line = area.name if area else "_" * 40
    flow = [
        _p(campaign.title, styles["title"]),
        _p(f"{_('Quartier')}: {area_line}", styles["question"]),
        _p(f"{_('Sheet code')}: {code}", styles["small"]),
        Spacer(1, 6),
        _p(localized(instrument.description), styles["base"]),
        _p(
            _(
                "Your answers are anonymous. We do not store your name, your e-mail address, your "
                "IP address or your device. We only store the day of your answer. Results are only "
                "shown for groups of at least %(k)s people.",
                k=campaign.min_group_size,
            ),
            styles["small"],
        ),
        _p(_("Tick one box per theme. You can skip any theme you cannot rate."), styles["small"]),
    ]
    flow += _demographics(styles)
    for number, theme in enumerate(instrument.themes, start=1):
        prompts = localized(theme.prompts) or []
        block = [
            _p(f"{number}. {localized(theme.title)}", styles["theme"]),
            _p(localized(theme.question), styles["question"]),
        ]
        if prompts:
            block.append(_p(" · ".join(prompts), styles["small"]))
        block += [
            _scale_row(theme, labels, styles),
            _lines(_("What is good here?"), styles, 1),
            _lines(_("What could be better?"), styles, 1),
        ]
        flow.append(KeepTogether(block))
    return flow


class _SheetStart(Flowable):
    """Zero-size marker placed just before a sheet's page break: later pages show its code."""

    def __init__(self, state: dict, code: str):
        super().__init__()
        self.state, self.code = state, code

    def wrap(self, *_args):
        return 0, 0

    def draw(self) -> None:
        self.state["code"] = self.code


def questionnaire_pdf(
    campaign: Campaign, *, lang: str, area: Area | None = None, sheets: int = 1
) -> bytes:
    """Render ``sheets`` copies of the questionnaire, each with its own sheet code, as one PDF.

    Every page's footer repeats its sheet's code, so loose pages can be put together again.
    """
    if not 1 <= sheets <= MAX_SHEETS:
        raise ValueError(f"sheets must be between 1 and {MAX_SHEETS}")
    _register_fonts()
    codes = [new_sheet_code() for _ in range(sheets)]
    state = {"code": codes[0]}
    buffer = io.BytesIO()
    with force_locale(lang):
        styles = _styles()
        flow: list = []
        for index, code in enumerate(codes):
            flow += _sheet(campaign, area, code, styles)
            if index + 1 < len(codes):
                flow += [_SheetStart(state, codes[index + 1]), PageBreak()]
        label = _("Sheet code")

        def _footer(canvas, doc) -> None:
            canvas.saveState()
            canvas.setFont("QK-Sans", 8)
            canvas.drawString(20 * mm, 10 * mm, campaign.title)
            canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"{label}: {state['code']}")
            canvas.restoreState()

        document = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=20 * mm,
            rightMargin=20 * mm,
            topMargin=15 * mm,
            bottomMargin=18 * mm,
            title=campaign.title,
            lang=lang,
        )
        document.build(flow, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
