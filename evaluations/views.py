"""Thin views: parse, check permission, call one service, render or redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import is_database_id
from core.permissions import require
from core.workflow import Status
from initiatives.models import ChangeArea, Initiative, Round
from initiatives.services import WorkflowError

from . import exports, selectors, services
from .forms import (
    AssignForm,
    BoardAgencyForm,
    CriterionFormSet,
    DecisionForm,
    DistributeForm,
    ReviewForm,
)
from .models import Assignment, ReviewStatus


def _round_or_current(round_pk):
    if round_pk is not None:
        return get_object_or_404(Round, pk=round_pk)
    round_ = Round.objects.current()
    if round_ is None:
        raise Http404(_("No round exists yet."))
    return round_


@login_required
def my_reviews(request):
    require(request.user, "evaluations.view_my_reviews")
    pending, done = selectors.my_assignments(request.user)
    done_page = Paginator(done, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "evaluations/my_reviews.html",
        {"pending": pending, "done": done_page, "today": today},
    )


@login_required
def review(request, pk):
    # Only the assigned reviewer's own assignments exist for them: anyone else gets 404.
    assignment = get_object_or_404(
        Assignment.objects.filter(reviewer=request.user).select_related(
            "initiative__agency", "initiative__change_area", "initiative__round", "review"
        ),
        pk=pk,
    )
    require(request.user, "evaluations.review", assignment)
    initiative = assignment.initiative
    rubric = services.rubric_for_round(initiative.round)
    criteria = list(rubric.criteria.all())
    existing = getattr(assignment, "review", None)
    is_submitted = existing is not None and existing.status == ReviewStatus.SUBMITTED
    # Decided, or sent back for a new cycle: this assignment no longer takes a review.
    is_closed = not is_submitted and (
        initiative.status != Status.IN_REVIEW
        or assignment.cycle != services.current_cycle(initiative)
    )

    if request.method == "POST":
        form = ReviewForm(request.POST, criteria=criteria)
        if is_submitted or is_closed:
            refusal = (
                _("This review has been submitted and can no longer be changed.")
                if is_submitted
                else _(
                    "This quick win is no longer waiting for this review, so it cannot be changed."
                )
            )
            messages.error(request, refusal)
            return redirect("evaluations:review", pk=assignment.pk)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services.save_review(
                    assignment=assignment,
                    by=request.user,
                    scores=form.scores(),
                    overall_note=form.cleaned_data["overall_note"],
                    recommendation=form.cleaned_data["recommendation"],
                    submit=submit,
                )
            except services.EvaluationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if submit:
                    messages.success(request, _("Your review has been submitted. Thank you."))
                    return redirect("evaluations:my_reviews")
                messages.success(request, _("Draft saved."))
                return redirect("evaluations:review", pk=assignment.pk)
    else:
        initial = {}
        if existing is not None:
            initial = {
                "overall_note": existing.overall_note,
                "recommendation": existing.recommendation,
            }
            for s in existing.scores.all():
                initial[f"score_{s.criterion_id}"] = str(s.score)
                initial[f"note_{s.criterion_id}"] = s.note
        form = ReviewForm(initial=initial, criteria=criteria)

    others, show_names = selectors.visible_reviews(initiative, request.user)
    context = {
        "assignment": assignment,
        "initiative": initiative,
        "form": form,
        "criteria": criteria,
        "review": existing,
        "is_submitted": is_submitted,
        "is_closed": is_closed,
        "indicators": list(initiative.indicators.all()),
        "milestones": list(initiative.milestones.all()),
        "previous": selectors.previous_review(assignment),
        "others": [r for r in others if r.assignment_id != assignment.pk],
        "decisions": selectors.decisions_of(initiative),
    }
    return render(request, "evaluations/review.html", context)


def _board_filters(request):
    """(filters, sort, the agency filter's form) from the query string. The agency is an id
    (links, the type-ahead) or typed text (without JavaScript) that names one agency."""
    params = request.GET
    sort = params.get("sort", "")
    agency_form = BoardAgencyForm(params)
    agency = agency_form.cleaned_data.get("agency") if agency_form.is_valid() else None
    filters = {
        "agency": agency.pk if agency else None,
        # Ids only (a 30-digit "id" would overflow the database's integer: a server error).
        "area": params.get("area") if is_database_id(params.get("area")) else None,
        "status": params.get("status")
        if params.get("status") in selectors.BOARD_STATUSES
        else None,
        "disagree": params.get("disagree") == "1",
    }
    return filters, sort, agency_form


def _board_context(request, round_):
    filters, sort, _agency_form = _board_filters(request)
    return selectors.board_queryset(round_, sort=sort, **filters), sort


@login_required
def board(request, round_pk=None):
    require(request.user, "evaluations.view_board")
    round_ = _round_or_current(round_pk)
    board_filters, sort, agency_form = _board_filters(request)
    page = selectors.board_page(round_, request.GET.get("page"), sort=sort, **board_filters)
    rows = selectors.attach_aggregates(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    filters = query.copy()
    filters.pop("sort", None)
    return render(
        request,
        "evaluations/board.html",
        {
            "round": round_,
            "page": page,
            "rows": rows,
            "sort": sort,
            "querystring": query.urlencode(),
            "filters_query": filters.urlencode(),
            "agency_form": agency_form,
            "areas": ChangeArea.objects.all(),
            "statuses": [(s.value, s.label) for s in selectors.BOARD_STATUSES],
            "distribute_form": DistributeForm(round_=round_),
            "rubric": services.rubric_for_round(round_),
        },
    )


@login_required
@require_POST
def distribute(request, round_pk):
    require(request.user, "evaluations.distribute_reviews")
    round_ = get_object_or_404(Round, pk=round_pk)
    form = DistributeForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            created, problems = services.distribute_evenly(
                initiatives=form.cleaned_data["initiatives"],
                reviewers=form.cleaned_data["reviewers"],
                by=request.user,
                per_initiative=form.cleaned_data["per_initiative"],
                due_date=form.cleaned_data["due_date"],
            )
        except services.EvaluationError as error:
            problems, created = error.messages, []
        if created:
            messages.success(request, _("%(count)s assignment(s) made.") % {"count": len(created)})
        for problem in problems:
            messages.error(request, problem)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(reverse("evaluations:board", args=[round_.pk]))


def _initiative(request, pk):
    return get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related(
            "agency", "round", "change_area"
        ),
        pk=pk,
    )


@login_required
def assign(request, pk):
    initiative = _initiative(request, pk)
    require(request.user, "evaluations.assign_reviewers", initiative)
    form = AssignForm(request.POST or None, round_=initiative.round)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.assign_reviewers(
                initiative=initiative,
                reviewers=form.cleaned_data["reviewers"],
                by=request.user,
                due_date=form.cleaned_data["due_date"],
            )
        except services.EvaluationError as error:
            for message in error.messages:
                form.add_error("reviewers", message)
        else:
            messages.success(
                request, _("%(count)s reviewer(s) assigned.") % {"count": len(created)}
            )
            return redirect("evaluations:board", round_pk=initiative.round_id)
    assignments = initiative.assignments.select_related("reviewer").order_by("-cycle", "pk")
    return render(
        request,
        "evaluations/assign.html",
        {"initiative": initiative, "form": form, "assignments": assignments},
    )


@login_required
def decide(request, pk):
    initiative = _initiative(request, pk)
    require(request.user, "evaluations.decide", initiative)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide(
                initiative=initiative,
                decision=form.cleaned_data["decision"],
                by=request.user,
                note=form.cleaned_data["note"],
            )
        except (services.EvaluationError, WorkflowError) as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("evaluations:board", round_pk=initiative.round_id)
    reviews, _names = selectors.visible_reviews(initiative, request.user)
    return render(
        request,
        "evaluations/decide.html",
        {
            "initiative": initiative,
            "form": form,
            "summary": selectors.aggregate_for(initiative),
            "reviews": reviews,
            "needed": initiative.round.min_reviews_for_decision,
        },
    )


@login_required
def rubric(request, round_pk):
    require(request.user, "evaluations.manage_rubric")
    round_ = get_object_or_404(Round, pk=round_pk)
    rubric = services.rubric_for_round(round_)
    initial = [
        {"id": c.pk, "name": c.name, "guidance": c.guidance, "weight": c.weight}
        for c in rubric.criteria.all()
    ]
    formset = CriterionFormSet(request.POST or None, initial=initial)
    if rubric.is_locked:
        formset.extra = 0  # no blank row to fill in on a locked rubric
    if request.method == "POST":
        if rubric.is_locked:
            messages.error(
                request,
                _(
                    "This rubric is locked because a review has been submitted; it can no longer be changed."
                ),
            )
            return redirect("evaluations:rubric", round_pk=round_.pk)
        if formset.is_valid():
            try:
                services.replace_criteria(rubric=rubric, rows=formset.rows(), by=request.user)
            except services.EvaluationError as error:
                messages.error(request, " ".join(str(m) for m in error.messages))
            else:
                messages.success(request, _("Rubric saved."))
                return redirect("evaluations:rubric", round_pk=round_.pk)
    return render(
        request,
        "evaluations/rubric.html",
        {"round": round_, "rubric": rubric, "formset": formset},
    )


@login_required
def export(request, round_pk, fmt):
    require(request.user, "evaluations.export_board")
    round_ = get_object_or_404(Round, pk=round_pk)
    queryset, _sort = _board_context(request, round_)
    if fmt == "csv":
        content, content_type = exports.board_csv(round_, queryset), "text/csv; charset=utf-8"
    else:
        content = exports.board_xlsx(round_, queryset)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="papan-reviu-{round_.pk}.{fmt}"'
    return response
