"""The bureau's achievement evaluation of a completed quick win (thin views)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import Initiative
from quickwin.forms import add_service_errors
from quickwin.predicates import predicate

from .achievement import achievement_breakdown, achievement_evaluate, completion_send_back


class EvaluationForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Evaluation note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=10000,
    )


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("What the agency must still do"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )


def _initiative_for(request, pk):
    return get_object_or_404(
        Initiative.objects.visible_to(request.user).select_related("agency", "round"), pk=pk
    )


@login_required
def evaluate(request, pk):
    initiative = _initiative_for(request, pk)
    if not request.user.has_perm("initiatives.evaluate_initiative", initiative):
        raise PermissionDenied
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            achievement_evaluate(
                initiative=initiative, by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Achievement evaluated."))
            return redirect("monitoring:initiative", pk=initiative.pk)
    rows, overall = achievement_breakdown(list(initiative.indicators.all()))
    return render(
        request,
        "evaluations/achievement/evaluate.html",
        {
            "initiative": initiative,
            "form": form,
            "rows": rows,
            "overall": overall,
            "overall_predicate": predicate(overall),
        },
    )


@login_required
def send_back(request, pk):
    initiative = _initiative_for(request, pk)
    if not request.user.has_perm("initiatives.send_back_initiative", initiative):
        raise PermissionDenied
    form = SendBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            completion_send_back(
                initiative=initiative, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sent back to the agency."))
            return redirect("monitoring:initiative", pk=initiative.pk)
    return render(
        request, "evaluations/achievement/send_back.html", {"initiative": initiative, "form": form}
    )
