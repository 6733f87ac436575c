"""Quick-win pages. Views parse input, check permission, call one service and render.

Every quick-win URL loads its object through `_initiative_for()`, so another agency's user
guessing an id gets 404, never the page.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Agency
from core.permissions import require
from core.workflow import TRANSITIONS, Action, Status

from . import services
from .extensions import rendered_detail_panels, rendered_todo_sections
from .filters import InitiativeFilter
from .forms import (
    ActionNoteForm,
    CommentForm,
    EvidenceForm,
    IndicatorFormSet,
    InitiativeForm,
    MilestoneFormSet,
    RoundForm,
)
from .models import Evidence, Initiative, Round
from .selectors import agency_todo, current_round, list_page, timeline
from .services import WorkflowError

PAGE_SIZE = 20
AGENCY_SUGGESTIONS = 20  # the agency type-ahead's answers at most
# The workflow buttons this app's pages offer; the others belong to later screens.
AGENCY_ACTIONS = {
    "submit": Action.SUBMIT,
    "withdraw": Action.WITHDRAW,
    "resubmit": Action.RESUBMIT,
}


def _initiative_for(request, pk, *, related=True):
    """The quick win `pk` if the user may see it; 404 otherwise (never 403)."""
    queryset = Initiative.objects.visible_to(request.user)
    if related:
        queryset = queryset.for_list()
    return get_object_or_404(queryset, pk=pk)


def _is_owner(user, initiative):
    """An agency member of the quick win's own agency (who gets a message, not a 403)."""
    return user.has_perm("initiatives.create_initiative") and user.agency_id == initiative.agency_id


def _error_summary(*forms_or_formsets):
    """Every error as "Label: message", for the summary at the top of a form page."""
    summary = []
    for item in forms_or_formsets:
        if hasattr(item, "forms"):  # a formset: its own errors, then each row's
            summary += list(item.non_form_errors())
            for number, form in enumerate(item.forms, start=1):
                summary += [
                    f"{item.summary_label} {number} – {message}" for message in _error_summary(form)
                ]
            continue
        summary += list(item.non_field_errors())
        for name, errors in item.errors.items():
            if name == "__all__":
                continue
            label = item.fields[name].label if name in item.fields else name
            summary += [f"{label}: {error}" for error in errors]
    return summary


# --- Rounds ------------------------------------------------------------------------------------


@login_required
def round_list(request):
    require(request.user, "initiatives.manage_rounds")
    rounds = Round.objects.all()
    return render(
        request,
        "initiatives/round_list.html",
        {"rounds": rounds, "current": current_round(request)},
    )


@login_required
def round_form(request, pk=None):
    require(request.user, "initiatives.manage_rounds")
    instance = get_object_or_404(Round, pk=pk) if pk else None
    form = RoundForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        round_ = services.round_save(form=form, by=request.user)
        messages.success(request, _("Round “%(name)s” saved.") % {"name": round_.name})
        return redirect("initiatives:round_list")
    return render(
        request,
        "initiatives/round_form.html",
        {"form": form, "round": instance, "error_summary": _error_summary(form)},
    )


# --- Lists ------------------------------------------------------------------------------------


def _list(request, *, scope_all):
    current = current_round(request)
    queryset = Initiative.objects.visible_to(request.user).for_list()
    filterset = InitiativeFilter(
        request.GET, queryset=queryset, show_agency=scope_all, default_round=current
    )
    page = list_page(filterset.qs, request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    without_sort = query.copy()
    without_sort.pop("sort", None)
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filter": filterset,
            "page": page,
            "scope_all": scope_all,
            "query": query.urlencode(),
            "query_without_sort": without_sort.urlencode(),
            "sort": request.GET.get("sort", ""),
        },
    )


@login_required
def agency_list(request):
    require(request.user, "initiatives.view_agency_list")
    return _list(request, scope_all=False)


@login_required
def all_list(request):
    require(request.user, "initiatives.view_all_list")
    return _list(request, scope_all=True)


@login_required
@require_GET
def agency_search(request):
    """The all-quick-wins list's agency type-ahead: active agencies matching ?q= (JSON).

    Whoever may see that list may search; at most AGENCY_SUGGESTIONS answers, best first.
    """
    require(request.user, "initiatives.view_all_list")
    agencies = (
        Agency.objects.active()
        .only("pk", "abbreviation", "name")
        .search(request.GET.get("q", ""), AGENCY_SUGGESTIONS)
    )
    return JsonResponse(
        {
            "results": [
                {"id": a.pk, "label": a.label, "abbreviation": a.abbreviation, "name": a.name}
                for a in agencies
            ]
        }
    )


@login_required
def todo(request):
    """Tugas Saya: revision requests first, then the agency's quick wins of the open round."""
    require(request.user, "initiatives.view_agency_list")
    current = current_round(request)
    revisions, current_initiatives = agency_todo(request.user, current)
    return render(
        request,
        "initiatives/todo.html",
        {
            "revisions": revisions,
            "initiatives": current_initiatives,
            "round": current,
            "sections": rendered_todo_sections(request),
        },
    )


# --- The proposal form ---------------------------------------------------------------------------


def _bound_forms(request, round_, instance=None):
    data = request.POST if request.method == "POST" else None
    form = InitiativeForm(data, instance=instance, round_=round_)
    indicators = IndicatorFormSet(data, instance=instance, prefix="indicators")
    milestones = MilestoneFormSet(data, instance=instance, prefix="milestones")
    milestones.window = (round_.implementation_start, round_.implementation_end)
    indicators.summary_label = _("Indicator")
    milestones.summary_label = _("Milestone")
    return form, indicators, milestones


def _all_valid(form, indicators, milestones):
    form_ok = form.is_valid()
    if form_ok:
        milestones.schedule = (
            form.cleaned_data.get("start_date"),
            form.cleaned_data.get("end_date"),
        )
    # Evaluate every part so each shows its own errors at once.
    return all([form_ok, indicators.is_valid(), milestones.is_valid()])


def _after_save(request, initiative, warnings):
    for warning in warnings:
        messages.warning(request, warning)
    if "save_and_submit" in request.POST:
        action = Action.RESUBMIT if initiative.status == Status.REVISION else Action.SUBMIT
        return _run_action(request, initiative, action, redirect_to="initiatives:edit")
    messages.success(request, _("Draft saved."))
    return redirect("initiatives:detail", pk=initiative.pk)


def _render_form(request, form, indicators, milestones, initiative, round_):
    return render(
        request,
        "initiatives/initiative_form.html",
        {
            "form": form,
            "indicators": indicators,
            "milestones": milestones,
            "initiative": initiative,
            "round": round_,
            "error_summary": _error_summary(form, indicators, milestones)
            if request.method == "POST"
            else [],
        },
    )


@login_required
def initiative_create(request):
    require(request.user, "initiatives.create_initiative")
    round_ = Round.objects.current()
    if round_ is None:
        messages.error(request, _("There is no open round yet. Ask the bureau to open one."))
        return redirect("initiatives:todo")
    form, indicators, milestones = _bound_forms(request, round_)
    if request.method == "POST" and _all_valid(form, indicators, milestones):
        initiative, warnings = services.initiative_create(
            by=request.user,
            round_=round_,
            form=form,
            indicator_formset=indicators,
            milestone_formset=milestones,
        )
        return _after_save(request, initiative, warnings)
    return _render_form(request, form, indicators, milestones, None, round_)


@login_required
def initiative_edit(request, pk):
    initiative = _initiative_for(request, pk)
    if not request.user.has_perm("initiatives.change_initiative", initiative):
        if _is_owner(request.user, initiative):
            messages.error(
                request,
                _("This quick win is “%(status)s” and can no longer be edited.")
                % {"status": initiative.get_status_display()},
            )
            return redirect("initiatives:detail", pk=pk)
        raise PermissionDenied
    form, indicators, milestones = _bound_forms(request, initiative.round, initiative)
    if request.method == "POST" and _all_valid(form, indicators, milestones):
        try:
            warnings = services.initiative_update(
                initiative=initiative,
                by=request.user,
                form=form,
                indicator_formset=indicators,
                milestone_formset=milestones,
            )
        except WorkflowError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("initiatives:detail", pk=pk)
        return _after_save(request, initiative, warnings)
    return _render_form(request, form, indicators, milestones, initiative, initiative.round)


# --- Detail, workflow, comments -----------------------------------------------------------------


@login_required
def initiative_detail(request, pk):
    initiative = get_object_or_404(
        Initiative.objects.visible_to(request.user).for_detail().with_progress(), pk=pk
    )
    user = request.user
    available = [
        (slug, action)
        for slug, action in AGENCY_ACTIONS.items()
        if user.has_perm(f"initiatives.{action.value}_initiative", initiative)
        and initiative.status in TRANSITIONS[action].sources
    ]
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "initiative": initiative,
            "related_areas": list(initiative.related_areas.all()),
            "indicators": list(initiative.indicators.all()),
            "milestones": list(initiative.milestones.all()),
            "evidence": list(initiative.evidence.all()),
            "panels": rendered_detail_panels(request, initiative),
            "timeline": timeline(initiative, user),
            "actions": available,
            "comment_form": CommentForm(),
            "evidence_form": EvidenceForm(),
            "evidence_limit_mb": settings.EVIDENCE_MAX_UPLOAD_MB,
            "problems": services.submission_problems(initiative)
            if initiative.is_editable_status
            else [],
        },
    )


def _run_action(request, initiative, action, *, redirect_to="initiatives:detail"):
    note = ActionNoteForm(request.POST)
    if not note.is_valid():  # e.g. a NUL character, which the database cannot store
        for errors in note.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(redirect_to, pk=initiative.pk)
    try:
        services.transition(
            initiative=initiative,
            action=action,
            by=request.user,
            note=note.cleaned_data["note"],
        )
    except WorkflowError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(redirect_to, pk=initiative.pk)
    # Read back: a step the product takes by itself may have followed (a resubmission goes
    # straight back to its reviewers), and the message names where the quick win ended.
    initiative.refresh_from_db(fields=["status"])
    messages.success(
        request,
        _("Done: the quick win is now “%(status)s”.") % {"status": initiative.get_status_display()},
    )
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@require_POST
def initiative_action(request, pk, action):
    initiative = _initiative_for(request, pk)
    if action not in AGENCY_ACTIONS:
        raise Http404
    return _run_action(request, initiative, AGENCY_ACTIONS[action])


@login_required
@require_POST
def comment_create(request, pk):
    initiative = _initiative_for(request, pk, related=False)
    require(request.user, "initiatives.comment_initiative", initiative)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(
                initiative=initiative, by=request.user, body=form.cleaned_data["body"]
            )
        except WorkflowError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Comment posted."))
    else:
        messages.error(request, _("Write a comment first."))
    return redirect(f"{initiative.get_absolute_url()}#timeline")


# --- Evidence ------------------------------------------------------------------------------------


@login_required
@require_POST
def evidence_upload(request, pk):
    initiative = _initiative_for(request, pk, related=False)
    require(request.user, "initiatives.change_initiative", initiative)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = services.evidence_attach(
                initiative=initiative, uploaded_file=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("File “%(name)s” uploaded.") % {"name": evidence.original_name}
            )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect(f"{initiative.get_absolute_url()}#evidence")


def _evidence_for(request, pk, evidence_pk):
    initiative = _initiative_for(request, pk, related=False)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, initiative=initiative)
    evidence.initiative = initiative
    return evidence


@login_required
def evidence_download(request, pk, evidence_pk):
    evidence = _evidence_for(request, pk, evidence_pk)
    require(request.user, "initiatives.view_evidence", evidence.initiative)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@require_POST
def evidence_delete(request, pk, evidence_pk):
    evidence = _evidence_for(request, pk, evidence_pk)
    if not request.user.has_perm("initiatives.delete_evidence", evidence.initiative):
        if not _is_owner(request.user, evidence.initiative):
            raise PermissionDenied
        messages.error(request, _("Files can only be deleted while the quick win can be edited."))
        return redirect(f"{evidence.initiative.get_absolute_url()}#evidence")
    name = evidence.original_name
    services.evidence_delete(evidence=evidence, by=request.user)
    messages.success(request, _("File “%(name)s” deleted.") % {"name": name})
    return redirect(f"{evidence.initiative.get_absolute_url()}#evidence")
