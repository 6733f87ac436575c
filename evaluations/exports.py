"""The review board as CSV and XLSX: one row per quick win, one column per criterion mean."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.exports import SafeCsvWriter, SafeSheet

from .models import Review, ReviewStatus
from .selectors import attach_aggregates, criterion_means
from .services import rubric_for_round


def _board_table(round_, queryset):
    criteria = list(rubric_for_round(round_).criteria.all())
    rows = attach_aggregates(queryset)
    means = criterion_means([r.pk for r in rows])
    header = [
        _("Quick win"),
        _("Agency"),
        _("Change area"),
        _("Status"),
        _("Reviews"),
        _("Mean"),
        _("Median"),
        _("Spread"),
        _("Reviewers disagree"),
        _("Predicate"),
        _("Approve"),
        _("Revise"),
        _("Reject"),
        *[c.name for c in criteria],
    ]
    body = []
    for r in rows:
        s = r.review_summary
        body.append(
            [
                r.title,
                str(r.agency),
                str(r.change_area) if r.change_area else "",
                r.get_status_display(),
                s["count"],
                s["mean"],
                s["median"],
                s["spread"],
                _("yes") if s["disagree"] else _("no"),
                s["band"] or "",
                r.rec_approve,
                r.rec_revise,
                r.rec_reject,
                *[means.get((r.pk, c.pk)) for c in criteria],
            ]
        )
    return criteria, header, body, rows


def board_csv(round_, queryset):
    _criteria, header, body, _rows = _board_table(round_, queryset)
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the UTF-8 correctly
    writer = SafeCsvWriter(csv.writer(out))
    writer.writerow(header)
    for row in body:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def board_xlsx(round_, queryset):
    criteria, header, body, rows = _board_table(round_, queryset)
    book = Workbook()
    sheet = SafeSheet(book.active)
    sheet.title = _("Board")[:31]
    sheet.append(header)
    for row in body:
        sheet.append([float(v) if hasattr(v, "as_tuple") else v for v in row])

    reviews_sheet = SafeSheet(book.create_sheet(_("Reviews")[:31]))
    reviews_sheet.append(
        [
            _("Quick win"),
            _("Agency"),
            _("Cycle"),
            _("Reviewer"),
            _("Weighted score"),
            _("Recommendation"),
            _("Overall note"),
            _("Submitted at"),
            *[c.name for c in criteria],
        ]
    )
    reviews = (
        Review.objects.filter(
            assignment__initiative_id__in=[r.pk for r in rows], status=ReviewStatus.SUBMITTED
        )
        .select_related("assignment__initiative__agency", "assignment__reviewer")
        .prefetch_related("scores")
        .order_by("assignment__initiative__title", "assignment__cycle", "submitted_at")
    )
    for review in reviews:
        by_criterion = {s.criterion_id: s.score for s in review.scores.all()}
        a = review.assignment
        reviews_sheet.append(
            [
                a.initiative.title,
                str(a.initiative.agency),
                a.cycle,
                a.reviewer.get_full_name() or a.reviewer.username,
                float(review.total_score),
                review.get_recommendation_display(),
                review.overall_note,
                review.submitted_at.replace(tzinfo=None) if review.submitted_at else None,
                *[by_criterion.get(c.pk) for c in criteria],
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
