"""Forms of the review process: they parse and validate input; services do the writing."""

from django import forms
from django.forms import formset_factory
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.forms import AgencyField
from accounts.models import Agency, User
from core.forms import BoundedModelMultipleChoiceField
from initiatives.models import Initiative

from .models import SCORE_LABELS, Recommendation
from .services import due_date_problem


class BoardAgencyForm(forms.Form):
    """The review board's agency filter: a type-ahead (static/js/typeahead.js over
    initiatives:agency_search) that sends the id, or typed text resolved here; never a
    drop-down of every agency (5,000 options were a fifth of the board's time)."""

    agency = AgencyField(label=_("Agency"), queryset=Agency.objects.active(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="f-%s", **kwargs)
        self.fields["agency"].widget.attrs.update(
            {
                "class": "form-control form-control-sm",
                "data-typeahead-url": reverse("initiatives:agency_search"),
            }
        )


class CriterionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Criterion"), max_length=255)
    guidance = forms.CharField(
        label=_("Guidance for reviewers"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.IntegerField(label=_("Weight (%)"), min_value=1, max_value=100)


class BaseCriterionFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        rows = [
            f.cleaned_data for f in self.forms if f.cleaned_data and not self._should_delete_form(f)
        ]
        if not rows:
            raise forms.ValidationError(_("A rubric needs at least one criterion."))
        total = sum(row["weight"] for row in rows)
        if total != 100:
            raise forms.ValidationError(
                _("Criterion weights must add up to 100; they add up to %(total)s."),
                params={"total": total},
            )

    def rows(self):
        return [
            f.cleaned_data for f in self.forms if f.cleaned_data and not self._should_delete_form(f)
        ]


CriterionFormSet = formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)


def reviewer_choices():
    return User.objects.with_role("reviewer").filter(is_active=True).select_related("agency")


class ReviewerChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, user):
        return (
            f"{user.get_full_name() or user.username} ({user.agency})" if user.agency else str(user)
        )


class AssignForm(forms.Form):
    reviewers = ReviewerChoiceField(
        label=_("Reviewers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    due_date = forms.DateField(
        label=_("Due date"),
        required=False,
        help_text=_("Leave empty for the round's review deadline."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        self.fields["reviewers"].queryset = reviewer_choices()

    def clean_due_date(self):
        due_date = self.cleaned_data.get("due_date")
        if due_date and self.round and (problem := due_date_problem(self.round, due_date)):
            raise forms.ValidationError(problem)
        return due_date


class DistributeForm(AssignForm):
    initiatives = BoundedModelMultipleChoiceField(
        label=_("Quick wins"), queryset=Initiative.objects.none(), widget=forms.MultipleHiddenInput
    )
    per_initiative = forms.IntegerField(
        label=_("Reviewers per quick win"), min_value=1, max_value=5, initial=1
    )

    def __init__(self, *args, round_=None, **kwargs):
        super().__init__(*args, round_=round_, **kwargs)
        self.fields["initiatives"].queryset = Initiative.objects.filter(round=round_)
        self.fields["initiatives"].error_messages["required"] = _(
            "Tick at least one submitted quick win on the board."
        )


SCORE_CHOICES = [(str(k), f"{k} – {v}") for k, v in SCORE_LABELS.items()]


class ReviewForm(forms.Form):
    """One 1–5 radio group and note per criterion, an overall note and a recommendation.

    Scores are optional here so a draft can be saved half-done; the service insists on
    all of them at submission.
    """

    overall_note = forms.CharField(
        label=_("Overall note"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        required=False,
        choices=[("", "—"), *Recommendation.choices],
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"score_{c.pk}"] = forms.TypedChoiceField(
                label=c.name,
                help_text=c.guidance,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(
                    attrs={"data-weight": c.weight, "class": "qw-score form-check-input"}
                ),
                error_messages={
                    "invalid_choice": _("Choose a score from 1 to 5."),
                },
            )
            self.fields[f"note_{c.pk}"] = forms.CharField(
                label=_("Note on “%(name)s”") % {"name": c.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def criterion_rows(self):
        return [(c, self[f"score_{c.pk}"], self[f"note_{c.pk}"]) for c in self.criteria]

    def scores(self):
        return {
            c.pk: (
                self.cleaned_data.get(f"score_{c.pk}"),
                self.cleaned_data.get(f"note_{c.pk}", ""),
            )
            for c in self.criteria
        }


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("approve", _("Approve")),
            ("request_revision", _("Request revision")),
            ("reject", _("Reject")),
        ],
    )
    note = forms.CharField(
        label=_("Note to the agency"),
        required=False,
        help_text=_(
            "For a revision request list what must change, one item per line. For a rejection write the reason."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self):
        data = super().clean()
        decision, note = data.get("decision"), (data.get("note") or "").strip()
        if decision == "request_revision" and not note:
            self.add_error("note", _("List what the agency must change."))
        if decision == "reject" and not note:
            self.add_error("note", _("Write the reason for rejecting this quick win."))
        return data
