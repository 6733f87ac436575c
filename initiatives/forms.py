"""Forms for rounds, the proposal (with its indicator and milestone formsets), comments, evidence.

Forms validate input only; writes happen in services. Errors are in the user's language and
placed beside the field they concern.
"""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from core.forms import BoundedModelMultipleChoiceField

from .evidence import validate_evidence_file
from .models import ChangeArea, Comment, Indicator, Initiative, Milestone, Round

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The years a round's dates and year may lie in: a round dated in year 1 or 9999 is a typo,
# and its pages, which count the round's months, could not even be drawn.
ROUND_YEARS = (2000, 2100)
ROUND_DATES = [
    "submission_opens",
    "submission_closes",
    "review_deadline",
    "implementation_start",
    "implementation_end",
]


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = [
            "name",
            "year",
            "submission_opens",
            "submission_closes",
            "review_deadline",
            "implementation_start",
            "implementation_end",
            "report_cadence",
            "report_due_day",
            "max_initiatives_per_agency",
            "min_reviews_for_decision",
            "first_grace_days",
            "second_grace_days",
        ]
        widgets = dict.fromkeys(ROUND_DATES, DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_due_day"].min_value = 1
        self.fields["report_due_day"].widget.attrs.update(min=1, max=28)
        self.fields["max_initiatives_per_agency"].widget.attrs["min"] = 1
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("Round"), "name", "year"),
            Fieldset(
                _("Dates"),
                Div(
                    Div("submission_opens", css_class="col-md-4"),
                    Div("submission_closes", css_class="col-md-4"),
                    Div("review_deadline", css_class="col-md-4"),
                    Div("implementation_start", css_class="col-md-6"),
                    Div("implementation_end", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Rules"),
                "report_cadence",
                "report_due_day",
                "max_initiatives_per_agency",
                "min_reviews_for_decision",
                "first_grace_days",
                "second_grace_days",
            ),
        )

    def clean(self):
        data = super().clean()
        first, last = ROUND_YEARS
        for name in ROUND_DATES:
            if data.get(name) and not first <= data[name].year <= last:
                self.add_error(
                    name,
                    _("Enter a date in the years %(first)s to %(last)s.")
                    % {"first": first, "last": last},
                )
        if data.get("year") is not None and not first <= data["year"] <= last:
            self.add_error(
                "year",
                _("Enter a year from %(first)s to %(last)s.") % {"first": first, "last": last},
            )
        opens, closes = data.get("submission_opens"), data.get("submission_closes")
        review = data.get("review_deadline")
        start, end = data.get("implementation_start"), data.get("implementation_end")
        if opens and closes and closes < opens:
            self.add_error(
                "submission_closes", _("Submission must close on or after the day it opens.")
            )
        if closes and review and review < closes:
            self.add_error(
                "review_deadline", _("The review deadline must not be before submission closes.")
            )
        if start and end and end < start:
            self.add_error("implementation_end", _("Implementation must not end before it starts."))
        day = data.get("report_due_day")
        if day is not None and not 1 <= day <= 28:
            self.add_error("report_due_day", _("Choose a day between 1 and 28."))
        if data.get("max_initiatives_per_agency") == 0:
            self.add_error("max_initiatives_per_agency", _("The limit must be at least 1."))
        return data


class RupiahField(forms.IntegerField):
    """Whole rupiah; accepts "12.500.000" and "Rp 12.500.000" as typed by people."""

    default_error_messages = {
        "invalid": _("Enter the budget as a whole number of rupiah, for example 12.500.000."),
        "min_value": _("The budget cannot be negative."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"^\s*rp\.?\s*", "", value, flags=re.IGNORECASE)
            value = value.replace(".", "").replace(" ", "")
        return super().to_python(value)


def _bounded_choices(db_field, **kwargs):
    """Model fields' form fields, with many-to-many ones refusing out-of-range ids."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", BoundedModelMultipleChoiceField)
    return db_field.formfield(**kwargs)


class InitiativeForm(forms.ModelForm):
    """The proposal's own fields. Dates are checked against the round passed in."""

    budget = RupiahField(
        label=capfirst(_("budget (rupiah)")),
        required=False,
        min_value=0,
        help_text=_("Whole rupiah; 0 is allowed."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Initiative
        formfield_callback = _bounded_choices
        fields = [
            "title",
            "change_area",
            "related_areas",
            "rb_tematik",
            "problem",
            "root_cause",
            "objective",
            "output",
            "outcome",
            "beneficiaries",
            "start_date",
            "end_date",
            "pic_name",
            "pic_position",
            "budget",
            "budget_source",
        ]
        widgets = {
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "related_areas": forms.CheckboxSelectMultiple,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "problem",
                    "root_cause",
                    "objective",
                    "output",
                    "outcome",
                    "beneficiaries",
                ]
            },
        }

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round_
        areas = ChangeArea.objects.all()
        self.fields["change_area"].queryset = areas
        self.fields["related_areas"].queryset = areas
        self.fields["start_date"].help_text = _("Inside the implementation window %(window)s.") % {
            "window": f"{date_format(round_.implementation_start, 'j M Y')} – "
            f"{date_format(round_.implementation_end, 'j M Y')}"
        }
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("Identity"), "title", "change_area", "related_areas", "rb_tematik"),
            Fieldset(
                _("Problem and goals"),
                "problem",
                "root_cause",
                "objective",
                "output",
                "outcome",
                "beneficiaries",
            ),
            Fieldset(
                _("Schedule and responsibility"),
                Div(
                    Div("start_date", css_class="col-md-6"),
                    Div("end_date", css_class="col-md-6"),
                    Div("pic_name", css_class="col-md-6"),
                    Div("pic_position", css_class="col-md-6"),
                    Div("budget", css_class="col-md-6"),
                    Div("budget_source", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        window_start, window_end = self.round.implementation_start, self.round.implementation_end
        outside = _("Must lie inside the round's implementation window (%(start)s – %(end)s).") % {
            "start": date_format(window_start, "j M Y"),
            "end": date_format(window_end, "j M Y"),
        }
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        for name, value in (("start_date", start), ("end_date", end)):
            if value and not (window_start <= value <= window_end):
                self.add_error(name, outside)
        return data


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "baseline", "target", "direction"]


class MilestoneForm(forms.ModelForm):
    weight = forms.IntegerField(label=capfirst(_("weight (%)")), min_value=1, max_value=100)

    class Meta:
        model = Milestone
        fields = ["title", "due_date", "weight"]
        widgets = {"due_date": DATE_WIDGET}


class BaseMilestoneFormSet(forms.BaseInlineFormSet):
    """Milestones whose due dates must lie inside the quick win's start and end dates, or
    inside the round's implementation window while the draft has no dates yet.

    Set `schedule = (start, end)` from the validated main form and `window` from the round
    before calling `is_valid()`.
    """

    schedule = (None, None)
    window = (None, None)

    def clean(self):
        super().clean()
        start, end = self.schedule
        if start and end:
            message = _(
                "Must lie between the quick win's start and end dates (%(start)s – %(end)s)."
            )
        else:
            start, end = self.window
            message = _("Must lie inside the round's implementation window (%(start)s – %(end)s).")
        if not (start and end):
            return
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            due = form.cleaned_data.get("due_date")
            if due and not (start <= due <= end):
                form.add_error(
                    "due_date",
                    message
                    % {"start": date_format(start, "j M Y"), "end": date_format(end, "j M Y")},
                )


IndicatorFormSet = forms.inlineformset_factory(
    Initiative, Indicator, form=IndicatorForm, extra=1, can_delete=True
)
MilestoneFormSet = forms.inlineformset_factory(
    Initiative,
    Milestone,
    form=MilestoneForm,
    formset=BaseMilestoneFormSet,
    extra=1,
    can_delete=True,
)


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ActionNoteForm(forms.Form):
    """The optional note that may come with a workflow button (submit, withdraw, resubmit)."""

    note = forms.CharField(required=False, max_length=5000)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=capfirst(_("file")),
        help_text=_("PDF, JPG, PNG, DOCX, XLSX or PPTX."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty. Choose a file with content."),
        },
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        validate_evidence_file(uploaded)  # the service checks again; here for the message
        return uploaded
