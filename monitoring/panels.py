"""Monitoring sections of the quick win's detail page (milestones, progress, achievement),
its timeline events, and the planned-versus-actual chart.

Registered through `initiatives.extensions` so the detail page needs no knowledge of
monitoring. Panel contexts share one load per request (stored on the request object,
which lives only as long as the request).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.bands import band_of
from core.workflow import AFTER_APPROVAL_STATUSES, COMPLETED_STATUSES, Status
from initiatives.extensions import (
    DetailPanel,
    TimelineEvent,
    TodoSection,
    register_detail_panel,
    register_detail_prefetch,
    register_timeline_provider,
    register_todo_section,
)
from initiatives.selectors import related_rows

from . import selectors
from .achievement import achievement_breakdown
from .models import AchievementEvaluation
from .selectors import report_prefetch

# Chart geometry (SVG user units).
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


def _detail(request, initiative):

    cache = getattr(request, "_monitoring_detail", None)
    if cache is None:
        cache = request._monitoring_detail = {}
    if initiative.pk not in cache:
        cache[initiative.pk] = selectors.monitoring_detail(initiative)
    return cache[initiative.pk]


def _visible(request, initiative):
    return initiative.status in AFTER_APPROVAL_STATUSES and request.user.has_perm(
        "initiatives.view_initiative", initiative
    )


def milestones_context(request, initiative):
    if not _visible(request, initiative):
        return None
    detail = _detail(request, initiative)
    user = request.user
    return {
        "initiative": initiative,
        "monitoring": detail,
        "can_mark": user.has_perm("monitoring.mark_milestone", initiative),
        "can_verify": user.has_perm("monitoring.verify_milestone", initiative),
    }


def progress_context(request, initiative):
    if not _visible(request, initiative):
        return None
    detail = _detail(request, initiative)
    user = request.user
    return {
        "initiative": initiative,
        "monitoring": detail,
        "chart": progress_chart(
            initiative, detail["milestones"], detail["reports"], detail["today"]
        ),
        "can_report": user.has_perm("monitoring.report_progress", initiative),
        "can_monitor": user.has_perm("monitoring.monitor"),
        "can_complete": user.has_perm("initiatives.complete_initiative", initiative)
        and initiative.status == Status.IN_PROGRESS,
        "can_cancel": user.has_perm("initiatives.cancel_initiative", initiative)
        and initiative.status in (Status.APPROVED, Status.IN_PROGRESS),
    }


def progress_chart(initiative, milestones, reports, today):
    """Coordinates for a planned-versus-actual chart drawn as inline SVG (no JavaScript).

    Planned: cumulative weight of milestones by due date (dashed line). Done: cumulative
    weight by completion date (solid line). Reports: the reported % at each period end
    (circles with their value written beside them). Lines differ by pattern and label,
    not only colour.
    """
    dates = [m.due_date for m in milestones] + [
        m.completed_on for m in milestones if m.completed_on
    ]
    dates += [r.period_end for r in reports]
    start = initiative.start_date or (min(dates) if dates else today)
    end = initiative.end_date or (max(dates) if dates else today)
    start = min([start, *dates]) if dates else start
    end = max([end, *dates]) if dates else end
    if end <= start:
        end = start + datetime.timedelta(days=1)
    span = (end - start).days
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    # Coordinates are strings: a float would be localised in the template ("220,0" in Indonesian).
    def x(day):
        return f"{LEFT + plot_w * (day - start).days / span:.1f}"

    def y(pct):
        return f"{TOP + plot_h * (100 - pct) / 100:.1f}"

    def steps(events):
        points, total = [(x(start), y(0))], 0
        for day, weight in sorted(events):
            points.append((x(day), y(total)))
            total += weight
            points.append((x(day), y(total)))
        return points, total

    planned, _planned_total = steps([(m.due_date, m.weight) for m in milestones])
    planned.append((x(end), planned[-1][1]))
    done, done_total = steps([(m.completed_on, m.weight) for m in milestones if m.completed_on])
    done.append((x(min(max(today, start), end)), done[-1][1]))
    report_points = [
        {
            "x": x(r.period_end),
            "y": y(r.percent_complete),
            "pct": r.percent_complete,
            "label": r.period_end,
        }
        for r in sorted(reports, key=lambda r: r.period_start)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "planned": " ".join(f"{a},{b}" for a, b in planned),
        "done": " ".join(f"{a},{b}" for a, b in done),
        "reports": report_points,
        "gridlines": [{"y": y(p), "label": p} for p in (0, 25, 50, 75, 100)],
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "top": TOP,
        "start": start,
        "end": end,
        "today_x": x(today) if start <= today <= end else None,
        "done_total": done_total,
    }


def _at_start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def monitoring_timeline(initiative, user):
    """Reports submitted and milestones done / verified / sent back (two queries)."""
    events = []
    for report in related_rows(initiative, "progress_reports", "submitted_by"):
        body = _("%(pct)s%% complete.") % {"pct": report.percent_complete}
        if report.is_late:
            body += " " + _("Submitted late.")
        events.append(
            TimelineEvent(
                when=report.submitted_at,
                kind="report",
                title=_("Progress report for %(period)s")
                % {"period": report.period_start.strftime("%m/%Y")},
                actor=str(report.submitted_by),
                body=body,
            )
        )
    for milestone in related_rows(
        initiative, "milestones", "completed_by", "verified_by", "sent_back_by"
    ):
        if milestone.completed_on:
            events.append(
                TimelineEvent(
                    when=_at_start_of(milestone.completed_on),
                    kind="milestone",
                    title=_("Milestone done: %(title)s") % {"title": milestone.title},
                    actor=str(milestone.completed_by or ""),
                    body=milestone.completion_note,
                )
            )
        if milestone.verified_at:
            events.append(
                TimelineEvent(
                    when=milestone.verified_at,
                    kind="milestone",
                    title=_("Milestone verified: %(title)s") % {"title": milestone.title},
                    actor=str(milestone.verified_by or ""),
                )
            )
        if milestone.sent_back_at:
            events.append(
                TimelineEvent(
                    when=milestone.sent_back_at,
                    kind="milestone",
                    title=_("Milestone sent back: %(title)s") % {"title": milestone.title},
                    actor=str(milestone.sent_back_by or ""),
                    body=milestone.sent_back_reason,
                )
            )
    return events


def register():
    register_detail_panel(
        DetailPanel(
            key="monitoring_milestones",
            template="monitoring/_panel_milestones.html",
            order=40,
            context=milestones_context,
        )
    )
    register_detail_panel(
        DetailPanel(
            key="monitoring_progress",
            template="monitoring/_panel_progress.html",
            order=45,
            context=progress_context,
        )
    )
    register_detail_panel(
        DetailPanel(
            key="achievement",
            template="monitoring/achievement/_panel.html",
            order=60,
            context=achievement_panel_context,
        )
    )
    register_timeline_provider(monitoring_timeline)
    register_detail_prefetch(report_prefetch)
    register_todo_section(
        TodoSection(
            key="monitoring_due",
            template="monitoring/_todo_due.html",
            order=10,
            context=todo_due_context,
        )
    )


def todo_due_context(request):
    """Reports due, milestones due in 14 days and overdue items of the user's agency
    (3 queries)."""
    return {"due": selectors.agency_due_items(request.user), "user": request.user}


def achievement_panel_context(request, initiative):
    """The achievement section: shown once the agency reported actual values (2 queries)."""
    if initiative.status not in COMPLETED_STATUSES:
        return None
    if not request.user.has_perm("initiatives.view_initiative", initiative):
        return None
    rows, overall = achievement_breakdown(list(initiative.indicators.all()))
    evaluation = AchievementEvaluation.objects.filter(initiative=initiative).first()
    return {
        "initiative": initiative,
        "rows": rows,
        "overall": overall,
        "overall_band": band_of(overall),
        "evaluation": evaluation,
        "can_evaluate": initiative.status == Status.COMPLETED
        and request.user.has_perm("initiatives.evaluate_initiative", initiative),
    }
