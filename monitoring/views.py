"""Views of implementation monitoring: thin — parse, check permission, call one service, render.

Every object is loaded through a loader scoped to what the user may see, so another
agency's user guessing an id gets 404. Pages meant for the bureau also answer 404 to
anyone else, so their existence leaks nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import calendar
from core.bands import band_of
from core.forms import add_service_errors
from core.permissions import require
from initiatives.extensions import detail_panels
from initiatives.models import Initiative, Milestone, Round

from . import achievement, imports, selectors, services
from .forms import (
    BoardFilterForm,
    CompletionForm,
    EvaluationForm,
    ImportUploadForm,
    MilestoneDoneForm,
    ReasonForm,
    ReportEditForm,
    ReportForm,
    SendBackForm,
)
from .models import ProgressReport

IMPORT_SESSION_KEY = "monitoring_import_preview"
MONITORING_PANELS = {"monitoring_milestones", "monitoring_progress"}


# Loaders: one per model, each 404s anyone outside -----------------------------------


def _initiative_for(request, pk):
    return get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related(
            "round", "agency", "change_area"
        ),
        pk=pk,
    )


def _milestone_for(request, pk):
    return get_object_or_404(
        Milestone.objects.filter(
            initiative__in=Initiative.objects.visible_to(request.user)
        ).select_related("initiative", "initiative__round"),
        pk=pk,
    )


def _report_for(request, pk):
    return get_object_or_404(
        ProgressReport.objects.filter(
            initiative__in=Initiative.objects.visible_to(request.user)
        ).select_related("initiative", "initiative__round"),
        pk=pk,
    )


def _round_for_bureau(request, pk):
    if not request.user.has_perm("monitoring.monitor"):
        raise Http404
    return get_object_or_404(Round, pk=pk)


def _back(initiative):
    return redirect("monitoring:initiative", pk=initiative.pk)


# The quick win's monitoring page ---------------------------------------------------------


@login_required
def initiative_monitoring(request, pk):
    """The monitoring sections of one quick win (the same panels as on its detail page)."""
    initiative = _initiative_for(request, pk)
    panels = [
        mark_safe(render_to_string(panel.template, context, request))  # noqa: S308 (our templates)
        for panel, context in detail_panels(request, initiative)
        if panel.key in MONITORING_PANELS
    ]
    return render(
        request,
        "monitoring/initiative.html",
        {"initiative": initiative, "panels": panels},
    )


# Milestones -----------------------------------------------------------------------------


@login_required
def milestone_done(request, pk):
    milestone = _milestone_for(request, pk)
    initiative = milestone.initiative
    require(request.user, "monitoring.mark_milestone", initiative)
    form = MilestoneDoneForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_mark_done(
                milestone=milestone,
                by=request.user,
                completed_on=form.cleaned_data["completed_on"],
                note=form.cleaned_data["note"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Milestone marked done."))
            return _back(initiative)
    return render(
        request,
        "monitoring/milestone_done.html",
        {"form": form, "milestone": milestone, "initiative": initiative},
    )


@login_required
@require_POST
def milestone_verify(request, pk):
    milestone = _milestone_for(request, pk)
    try:
        services.milestone_verify(milestone=milestone, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Milestone verified."))
    return _back(milestone.initiative)


def _reason_form_page(request, *, initiative, perform, success, title, submit_label, confirm):
    """A page asking for a reason, then `perform(reason)`; errors stay beside the field."""
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return _back(initiative)
    return render(
        request,
        "monitoring/reason_form.html",
        {
            "form": form,
            "initiative": initiative,
            "title": title,
            "submit_label": submit_label,
            "confirm": confirm,
        },
    )


@login_required
def milestone_send_back(request, pk):
    milestone = _milestone_for(request, pk)
    initiative = milestone.initiative
    require(request.user, "monitoring.verify_milestone", initiative)
    return _reason_form_page(
        request,
        initiative=initiative,
        perform=lambda reason: services.milestone_send_back(
            milestone=milestone, by=request.user, reason=reason
        ),
        success=_("Milestone sent back to the agency."),
        title=_("Send back milestone “%(title)s”") % {"title": milestone.title},
        submit_label=_("Send back"),
        confirm=_("Send this milestone back to the agency?"),
    )


# Progress reports ---------------------------------------------------------------------


@login_required
def report_new(request, pk):
    initiative = _initiative_for(request, pk)
    require(request.user, "monitoring.report_progress", initiative)
    today = timezone.localdate()
    reported = set(initiative.progress_reports.values_list("period_start", flat=True))
    periods = [p for p in calendar.open_periods(initiative, today) if p.start not in reported]
    periods.reverse()  # the latest period first: the one usually being reported
    form = ReportForm(
        request.POST or None,
        request.FILES or None,
        periods=periods,
        initial={"period": request.GET.get("period")},  # a link from the to-do list
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_submit(
                initiative=initiative,
                period=data["period"],
                by=request.user,
                percent_complete=data["percent_complete"],
                achievements=data["achievements"],
                obstacles=data["obstacles"],
                follow_up=data["follow_up"],
                decrease_explanation=data["decrease_explanation"],
                files=data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Progress report submitted."))
            return _back(initiative)
    return render(
        request,
        "monitoring/report_form.html",
        {"form": form, "initiative": initiative, "no_periods": not periods},
    )


@login_required
def report_edit(request, pk):
    report = _report_for(request, pk)
    initiative = report.initiative
    require(request.user, "monitoring.report_progress", initiative)
    if not services.report_is_editable(report):
        messages.error(
            request,
            _(
                "This report can no longer be changed: its due date has passed or the bureau has read it."
            ),
        )
        return _back(initiative)
    initial = {
        f: getattr(report, f)
        for f in (
            "percent_complete",
            "achievements",
            "obstacles",
            "follow_up",
            "decrease_explanation",
        )
    }
    form = ReportEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.report_update(
                report=report,
                by=request.user,
                percent_complete=data["percent_complete"],
                achievements=data["achievements"],
                obstacles=data["obstacles"],
                follow_up=data["follow_up"],
                decrease_explanation=data["decrease_explanation"],
                files=data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Progress report updated."))
            return _back(initiative)
    return render(
        request,
        "monitoring/report_form.html",
        {"form": form, "initiative": initiative, "report": report},
    )


@login_required
@require_POST
def report_read(request, pk):
    report = _report_for(request, pk)
    services.report_mark_read(report=report, by=request.user)
    messages.success(request, _("Report marked as read."))
    return _back(report.initiative)


# Completion and cancellation ------------------------------------------------------------


@login_required
def completion(request, pk):
    initiative = _initiative_for(request, pk)
    require(request.user, "initiatives.complete_initiative", initiative)
    indicators = list(initiative.indicators.all())
    form = CompletionForm(
        request.POST or None,
        request.FILES or None,
        indicators=indicators,
        initial={"final_summary": initiative.final_summary},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_request(
                initiative=initiative,
                by=request.user,
                actuals=form.actuals(),
                final_summary=form.cleaned_data["final_summary"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Completion requested. The bureau will evaluate it."))
            return _back(initiative)
    open_milestones = [m for m in initiative.milestones.all() if not m.is_done]
    return render(
        request,
        "monitoring/completion_form.html",
        {"form": form, "initiative": initiative, "open_milestones": open_milestones},
    )


@login_required
def cancel(request, pk):
    initiative = _initiative_for(request, pk)
    require(request.user, "initiatives.cancel_initiative", initiative)
    return _reason_form_page(
        request,
        initiative=initiative,
        perform=lambda reason: services.initiative_cancel(
            initiative=initiative, by=request.user, reason=reason
        ),
        success=_("The quick win was cancelled."),
        title=_("Cancel “%(title)s”") % {"title": initiative.title},
        submit_label=_("Cancel quick win"),
        confirm=_("Cancel this quick win? This cannot be undone."),
    )


# The bureau's monitoring board ------------------------------------------------------------


@login_required
def board_current(request):
    if not request.user.has_perm("monitoring.monitor"):
        raise Http404
    round_ = Round.objects.current()
    if round_ is None:
        raise Http404
    return redirect("monitoring:board", round_pk=round_.pk)


@login_required
def board(request, round_pk):
    """Every approved, running and completed quick win of a round; a fixed number of queries."""
    round_ = _round_for_bureau(request, round_pk)
    form = BoardFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()  # a field in error shows its message; the valid ones still filter
        filters = form.cleaned_data
    sort = request.GET.get("sort") or "agency"
    page = selectors.board_page(
        round_=round_,
        page_number=request.GET.get("page"),
        agency=filters.get("agency"),
        change_area=filters.get("change_area"),
        health=filters.get("health"),
        status=filters.get("status"),
        attention=filters.get("attention"),
        sort=sort,
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return render(
        request,
        "monitoring/board.html",
        {
            "round": round_,
            "form": form,
            "page": page,
            "sort": sort,
            "filter_query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


# Bulk progress import ---------------------------------------------------------------------


def _import_periods(round_):
    return calendar.open_periods_for_round(round_, timezone.localdate())


@login_required
def import_template(request, round_pk):
    round_ = _round_for_bureau(request, round_pk)
    rows = imports.template_rows(round_=round_)
    if request.GET.get("format") == "csv":
        response = HttpResponse(imports.template_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="progres-{round_.pk}.csv"'
        return response
    response = HttpResponse(
        imports.template_xlsx(rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="progres-{round_.pk}.xlsx"'
    return response


@login_required
def import_upload(request, round_pk):
    """Upload → preview of accepted and rejected rows; nothing is saved here."""
    round_ = _round_for_bureau(request, round_pk)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, periods=_import_periods(round_)
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        period = form.cleaned_data["period"]
        try:
            accepted, rejected = imports.parse_progress_import(
                round_=round_, period=period, uploaded_file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "round": round_.pk,
                "period": period.key,
                "rows": [row.as_session() for row in accepted],
            }
            preview = {"period": period, "accepted": accepted, "rejected": rejected}
    return render(
        request,
        "monitoring/import.html",
        {"round": round_, "form": form, "preview": preview},
    )


@login_required
@require_POST
def import_confirm(request, round_pk):
    round_ = _round_for_bureau(request, round_pk)
    stored = request.session.get(IMPORT_SESSION_KEY)
    if not stored or stored.get("round") != round_.pk or not stored.get("rows"):
        messages.error(request, _("Nothing to import. Upload the file again."))
        return redirect("monitoring:import", round_pk=round_.pk)
    period = next((p for p in calendar.round_periods(round_) if p.key == stored["period"]), None)
    try:
        if period is None:
            raise ValidationError(_("Unknown reporting period."))
        count = imports.import_progress(
            round_=round_, period=period, rows=stored["rows"], by=request.user
        )
    except ValidationError as error:
        messages.error(
            request, _("Nothing was saved. %(errors)s") % {"errors": " ".join(error.messages)}
        )
        return redirect("monitoring:import", round_pk=round_.pk)
    del request.session[IMPORT_SESSION_KEY]
    messages.success(request, _("%(count)s progress reports imported.") % {"count": count})
    return redirect(reverse("monitoring:board", args=[round_.pk]))


# Achievement evaluation ------------------------------------------------------------------


@login_required
def achievement_evaluate(request, pk):
    initiative = _initiative_for(request, pk)
    require(request.user, "initiatives.evaluate_initiative", initiative)
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.achievement_evaluate(
                initiative=initiative, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Achievement evaluated."))
            return redirect("monitoring:initiative", pk=initiative.pk)
    rows, overall = achievement.achievement_breakdown(list(initiative.indicators.all()))
    return render(
        request,
        "monitoring/achievement/evaluate.html",
        {
            "initiative": initiative,
            "form": form,
            "rows": rows,
            "overall": overall,
            "overall_band": band_of(overall),
        },
    )


@login_required
def completion_send_back(request, pk):
    initiative = _initiative_for(request, pk)
    require(request.user, "initiatives.send_back_initiative", initiative)
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_send_back(
                initiative=initiative, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sent back to the agency."))
            return redirect("monitoring:initiative", pk=initiative.pk)
    return render(
        request, "monitoring/achievement/send_back.html", {"initiative": initiative, "form": form}
    )
