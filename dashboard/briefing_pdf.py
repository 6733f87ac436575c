"""The leadership briefing as a PDF file (ReportLab), for the download and the weekly email.

Same figures as the briefing page: everything comes from `pages.briefing`, nothing is
counted again here. Text is in the active language (wrap the call in
`translation.override` for the email).

Fonts: only ReportLab's built-in Helvetica (no font files, nothing fetched). It encodes
Windows-1252, so “ ” – — · … and Latin accents print as they are; any other character is
decomposed to ASCII or replaced (see `pdf_text`) instead of printing a black box.
"""

import io
import unicodedata
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.formatting import days_until_text, one_decimal, score_with_band
from core.health import Health

from . import pages

SITE_NAME = "Quick Win"
PROVINCE_NAME = "Pemerintah Provinsi Kalimantan Timur"
MARGIN = 1.5 * cm
BAR_WIDTH = 110
BAR_HEIGHT = 12
BAR_COLOUR = colors.HexColor("#0d6efd")
PROGRESS_COLOUR = colors.HexColor("#198754")
GRID = colors.HexColor("#adb5bd")
HEADER_FILL = colors.HexColor("#e9ecef")
# Traffic-light cell fills; the cell always holds the word too (never colour alone).
LIGHT_FILLS = {"red": "#f8d7da", "amber": "#fff3cd", "green": "#d1e7dd", "none": "#ffffff"}
# Characters Helvetica lacks whose ASCII decomposition is empty or wrong.
REPLACEMENTS = {
    "✓": "v",
    "✗": "x",
    "▾": "",
    "ł": "l",
    "Ł": "L",
    "ı": "i",
    "\u00a0": " ",
}


def pdf_text(value):
    """`value` as text the built-in Helvetica can print: Windows-1252 characters stay,
    others are decomposed (ş → s) or replaced by "?"."""
    out = []
    for char in str(value):
        if char in REPLACEMENTS:
            out.append(REPLACEMENTS[char])
            continue
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            ascii_form = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(ascii_form or "?")
        else:
            out.append(char)
    return "".join(out)


def _p(value, style):
    """A paragraph of plain text (escaped: names may hold & or <)."""
    return Paragraph(escape(pdf_text(value)), style)


def _styles():
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "qw-title", parent=base["Title"], fontName="Helvetica-Bold", fontSize=30, leading=36
        ),
        "subtitle": ParagraphStyle(
            "qw-subtitle", parent=base["Normal"], fontSize=16, leading=22, alignment=TA_CENTER
        ),
        "centred": ParagraphStyle(
            "qw-centred", parent=base["Normal"], fontSize=12, leading=16, alignment=TA_CENTER
        ),
        "h2": ParagraphStyle(
            "qw-h2", parent=base["Heading2"], fontName="Helvetica-Bold", spaceBefore=6
        ),
        "body": ParagraphStyle("qw-body", parent=base["Normal"], fontSize=9, leading=11),
        "cell": ParagraphStyle("qw-cell", parent=base["Normal"], fontSize=7.5, leading=9),
        "head": ParagraphStyle(
            "qw-head", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=6.5, leading=8
        ),
        "figure": ParagraphStyle(
            "qw-figure", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=16, leading=19
        ),
    }


def _table_style(*extra):
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, GRID),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTSIZE", (0, 0), (-1, -1), 7.5),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            *extra,
        ]
    )


def _count(value):
    return "—" if value is None else str(value)


def _percent(value):
    return "—" if value is None else f"{one_decimal(value)}%"


def bar(value, top, *, colour, text):
    """A horizontal bar scaled to `top`, with its number written beside it."""
    drawing = Drawing(BAR_WIDTH, BAR_HEIGHT)
    track = BAR_WIDTH - 38
    drawing.add(Rect(0, 2, track, BAR_HEIGHT - 4, fillColor=None, strokeColor=GRID))
    if value and top:
        width = track * min(float(value), top) / top
        drawing.add(Rect(0, 2, width, BAR_HEIGHT - 4, fillColor=colour, strokeColor=None))
    drawing.add(String(track + 3, 3, pdf_text(text), fontName="Helvetica", fontSize=7.5))
    return drawing


def _title_page(data, styles, now):
    date = date_format(now.date(), "j F Y")
    time = date_format(now, "H.i")
    return [
        Spacer(1, 5 * cm),
        _p(SITE_NAME, styles["title"]),
        _p(PROVINCE_NAME, styles["subtitle"]),
        Spacer(1, 1.5 * cm),
        _p(_("Quick win briefing for leadership"), styles["centred"]),
        Spacer(1, 0.3 * cm),
        _p(data["round"].name, styles["subtitle"]),
        Spacer(1, 1.5 * cm),
        _p(date, styles["centred"]),
        _p(f"{time} WITA", styles["centred"]),
        PageBreak(),
    ]


def _figures(data, styles):
    """Headline figures as a grid of cards: the number above its label."""
    figures = data["figures"]
    labels = pages.figure_labels()
    values = {
        "taking_part": f"{figures['taking_part']} / {figures['active_agencies']}",
        "mean_score": score_with_band(figures["mean_score"]),
        "mean_progress": _percent(figures["mean_progress"]),
    }
    cards = [
        [
            _p(values.get(key, _count(figures[key])), styles["figure"]),
            _p(labels[key], styles["cell"]),
        ]
        for key in labels
        if key != "active_agencies"  # shown beside "taking part"
    ]
    columns = 4
    rows = [cards[i : i + columns] for i in range(0, len(cards), columns)]
    rows[-1] += [""] * (columns - len(rows[-1]))
    table = Table(rows, colWidths=[(A4[0] - 2 * MARGIN) / columns] * columns)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return [_p(_("Headline figures"), styles["h2"]), table]


def _areas(data, styles):
    """The eight change areas: proposed (bar), approved, mean progress (bar)."""
    areas = data["areas"]
    top = max((row["proposed"] for row in areas), default=0)
    head = [
        _p(_("Change area"), styles["head"]),
        _p(_("Proposed"), styles["head"]),
        _p(_("Approved"), styles["head"]),
        _p(_("Mean progress"), styles["head"]),
    ]
    rows = [head]
    for row in areas:
        rows.append(
            [
                _p(f"{row['area'].number}. {row['area'].name}", styles["cell"]),
                bar(row["proposed"], top, colour=BAR_COLOUR, text=str(row["proposed"])),
                str(row["approved"]),
                bar(
                    row["mean_progress"],
                    100,
                    colour=PROGRESS_COLOUR,
                    text=_percent(row["mean_progress"]),
                ),
            ]
        )
    table = Table(rows, colWidths=[None, BAR_WIDTH + 8, 50, BAR_WIDTH + 8], repeatRows=1)
    table.setStyle(_table_style(("ALIGN", (2, 1), (2, -1), "RIGHT")))
    return [_p(_("By change area"), styles["h2"]), table]


def _agencies(data, styles):
    health = dict(Health.choices)
    head = [
        _p(label, styles["head"])
        for label in [
            _("Agency"),
            _("Proposed"),
            _("Approved"),
            _("Mean score"),
            _("Mean progress"),
            health[Health.ON_TRACK],
            health[Health.AT_RISK],
            health[Health.OFF_TRACK],
            _("Overdue milestones"),
            _("Last report"),
            _("Signal"),
        ]
    ]
    rows, extra = [head], []
    for i, row in enumerate(data["agency_rows"], start=1):
        fill = LIGHT_FILLS[row["light"]]
        last = row["last_report"]
        rows.append(
            [
                _p(row["agency__abbreviation"], styles["cell"]),
                str(row["proposed"]),
                str(row["approved"]),
                score_with_band(row["mean_score"]),
                _percent(row["mean_progress"]),
                str(row["on_track"]),
                str(row["at_risk"]),
                str(row["off_track"]),
                str(row["overdue"]),
                date_format(timezone.localtime(last).date(), "j M Y") if last else "—",
                _p(row["light_label"], styles["cell"]),
            ]
        )
        extra.append(("BACKGROUND", (10, i), (10, i), colors.HexColor(fill)))
    parts = [
        _p(_("Agencies needing attention first"), styles["h2"]),
    ]
    if len(rows) == 1:
        parts.append(_p(_("No agency has proposed a quick win in this round yet."), styles["body"]))
        return parts
    table = Table(
        rows,
        colWidths=[62, 40, 40, 44, 40, 40, 40, 40, 40, 50, None],
        repeatRows=1,
    )
    table.setStyle(_table_style(("ALIGN", (1, 1), (8, -1), "RIGHT"), *extra))
    parts.append(table)
    if data["agency_total"] > len(data["agency_rows"]):
        parts.append(
            _p(
                _("The %(shown)s agencies needing attention most of %(total)s; the XLSX holds all.")
                % {"shown": len(data["agency_rows"]), "total": data["agency_total"]},
                styles["body"],
            )
        )
    return parts


def _overdue(data, styles, today):
    parts = [_p(_("Overdue milestones"), styles["h2"])]
    if not data["overdue"]:
        parts.append(_p(_("No milestone is overdue."), styles["body"]))
        return parts
    rows = [
        [
            _p(label, styles["head"])
            for label in (_("Agency"), _("Quick win"), _("Milestone"), _("Due"))
        ]
    ]
    for milestone in data["overdue"]:
        rows.append(
            [
                _p(milestone.initiative.agency, styles["cell"]),
                _p(milestone.initiative.title, styles["cell"]),
                _p(milestone.title, styles["cell"]),
                _p(
                    f"{date_format(milestone.due_date, 'j M Y')} "
                    f"({days_until_text(milestone.due_date, today)})",
                    styles["cell"],
                ),
            ]
        )
    table = Table(rows, colWidths=[110, None, 150, 90], repeatRows=1)
    table.setStyle(_table_style())
    parts.append(table)
    return parts


def briefing_pdf_filename(round_, today):
    """`briefing-<round>-<date>.pdf` (ASCII only: safe in a Content-Disposition header)."""
    return f"briefing-{slugify(round_.name) or round_.pk}-{today:%Y-%m-%d}.pdf"


def briefing_pdf(round_, today, *, now=None):
    """The briefing of `round_` as PDF bytes: title page, headline figures, change areas with
    bars, agencies sorted by who needs attention, overdue milestones (the briefing page's
    queries, a fixed number)."""
    now = timezone.localtime(now)
    if now.date() != today:  # the date printed is `today`; the time is when it was made
        now = now.replace(year=today.year, month=today.month, day=today.day)
    data = pages.briefing(round_, today)
    styles = _styles()
    footer = pdf_text(f"{SITE_NAME} · {round_.name} · {date_format(today, 'j F Y')}")

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.drawString(MARGIN, MARGIN / 2, footer)
        canvas.drawRightString(
            A4[0] - MARGIN, MARGIN / 2, pdf_text(_("Page %(page)s") % {"page": doc.page})
        )
        canvas.restoreState()

    story = _title_page(data, styles, now)
    story += [KeepTogether(_figures(data, styles)), Spacer(1, 0.5 * cm)]
    story += [KeepTogether(_areas(data, styles)), PageBreak()]
    story += _agencies(data, styles) + [Spacer(1, 0.5 * cm)]
    story += _overdue(data, styles, today)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=pdf_text(f"{_('Quick win briefing for leadership')} · {round_.name}"),
        author=PROVINCE_NAME,
        creator=SITE_NAME,
    )
    document.build(story, onFirstPage=lambda c, d: None, onLaterPages=on_page)
    return buffer.getvalue()
