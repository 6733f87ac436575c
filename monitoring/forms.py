"""Forms of implementation monitoring. They validate input only; services apply the rules."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.forms import AgencyField
from accounts.models import Agency
from core.health import Health
from core.workflow import MONITORED_STATUSES
from initiatives.models import ChangeArea

EVIDENCE_HELP = _("PDF, JPG, PNG, DOCX, XLSX or PPTX. You may choose several files.")
EVIDENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx,.pptx"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; returns a list (possibly empty when not required)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": EVIDENCE_ACCEPT}))
        kwargs.setdefault("help_text", EVIDENCE_HELP)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            files = [single(item, initial) for item in data if item]
            if self.required and not files:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return files
        cleaned = single(data, initial)
        return [cleaned] if cleaned else []


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MilestoneDoneForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())
    note = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    files = MultipleFileField(label=_("Evidence files"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].initial = timezone.localdate()


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Reporting period"))
    percent_complete = forms.IntegerField(
        label=_("Percent complete"),
        min_value=0,
        max_value=100,
        help_text=_("A whole number from 0 to 100."),
        error_messages={"invalid": _("Enter a whole number from 0 to 100.")},
    )
    achievements = forms.CharField(
        label=_("What was achieved"), widget=forms.Textarea(attrs={"rows": 4})
    )
    obstacles = forms.CharField(
        label=_("Obstacles (kendala)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    follow_up = forms.CharField(
        label=_("Follow-up (tindak lanjut)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    decrease_explanation = forms.CharField(
        label=_("Why progress went down"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required only when the percentage is lower than in the previous report."),
    )
    files = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.key: p for p in periods}
        self.fields["period"].choices = [(p.key, p.label) for p in periods]

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]


class ReportEditForm(ReportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["period"]


class CompletionForm(forms.Form):
    final_summary = forms.CharField(
        label=_("Final summary"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    files = MultipleFileField(label=_("Evidence files"), required=True)

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"actual_{indicator.pk}"] = forms.DecimalField(
                label=_("Actual value: %(name)s (%(unit)s)")
                % {"name": indicator.name, "unit": indicator.unit},
                help_text=_("Baseline %(baseline)s, target %(target)s.")
                % {"baseline": indicator.baseline, "target": indicator.target},
                max_digits=14,
                decimal_places=2,
                initial=indicator.actual,
            )
        # Indicators first, then the summary and files.
        self.order_fields([f"actual_{i.pk}" for i in self.indicators])

    def actuals(self):
        return {i.pk: self.cleaned_data.get(f"actual_{i.pk}") for i in self.indicators}


SORT_CHOICES = [
    ("agency", _("Agency")),
    ("title", _("Quick win")),
    ("-progress", _("Progress (highest first)")),
    ("progress", _("Progress (lowest first)")),
    ("health", _("Health (worst first)")),
    ("-overdue", _("Overdue milestones (most first)")),
    ("-last_report", _("Last report (newest first)")),
    ("last_report", _("Last report (oldest first)")),
]


class BoardFilterForm(forms.Form):
    # A type-ahead (static/js/typeahead.js over initiatives:agency_search), not a drop-down
    # of every agency: 5,000 options were a fifth of the board's time.
    agency = AgencyField(label=_("Agency"), queryset=Agency.objects.active(), required=False)
    change_area = forms.ModelChoiceField(
        label=_("Change area"), queryset=ChangeArea.objects.all(), required=False
    )
    health = forms.ChoiceField(
        label=_("Health"), choices=[("", _("All"))] + list(Health.choices), required=False
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    attention = forms.ChoiceField(
        label=_("Needs attention"),
        required=False,
        choices=[
            ("", _("All")),
            ("overdue", _("Overdue milestones")),
            ("missing_report", _("Missing last report")),
        ],
    )
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + [
            (s.value, s.label) for s in MONITORED_STATUSES
        ]
        self.fields["agency"].widget.attrs["data-typeahead-url"] = reverse(
            "initiatives:agency_search"
        )


class ImportUploadForm(forms.Form):
    period = forms.ChoiceField(label=_("Reporting period"))
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("Use the template: columns id, percent_complete, notes."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.key: p for p in periods}
        self.fields["period"].choices = [(p.key, p.label) for p in periods]

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]


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
