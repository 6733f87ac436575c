"""Filters for the quick-win lists (django-filter): round (open round by default), status,
change area, agency (a type-ahead), a title search and sorting by date or title."""

import django_filters
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField as FilterModelChoiceField

from accounts.forms import AgencyField
from accounts.models import Agency
from core.workflow import Status

from .models import ChangeArea, Initiative, Round


class AgencyFilter(django_filters.Filter):
    """One agency, typed or picked from the type-ahead (never a drop-down of every agency);
    `?agency=<id>` from links keeps working."""

    field_class = AgencyField


class _RoundField(FilterModelChoiceField):
    """The round filter's field: the open round (the default, which the view has loaded) is
    taken as it is instead of being fetched again to validate it; any other id is checked
    against the rounds as usual."""

    known = None

    def to_python(self, value):
        if self.known is not None and str(value) == str(self.known.pk):
            return self.known
        return super().to_python(value)


class RoundFilter(django_filters.ModelChoiceFilter):
    field_class = _RoundField


class InitiativeFilter(django_filters.FilterSet):
    round = RoundFilter(
        label=_("Round"),
        queryset=Round.objects.all(),
        empty_label=_("All rounds"),
    )
    # Several statuses at once (status=a&status=b): the dashboard links "approved" to every
    # status an approved quick win can be in.
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        # status is a column of the quick win: no join, no duplicates. DISTINCT (the
        # filter's default) made PostgreSQL sort every quick win of the round instead of
        # reading the (round, status, created_at) index in order.
        distinct=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
    )
    change_area = django_filters.ModelChoiceFilter(
        label=_("Change area"),
        queryset=ChangeArea.objects.all(),
        empty_label=_("All areas"),
    )
    agency = AgencyFilter(label=_("Agency"), queryset=Agency.objects.active())
    q = django_filters.CharFilter(
        label=_("Search title"), field_name="title", lookup_expr="icontains"
    )
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("created_at", "created"), ("start_date", "start"), ("title", "title")),
        field_labels={
            "created_at": _("Date created"),
            "start_date": _("Start date"),
            "title": _("Title"),
        },
    )

    class Meta:
        model = Initiative
        fields = ["round", "status", "change_area", "agency", "q"]

    def __init__(self, data=None, *args, show_agency=True, default_round=None, **kwargs):
        data = data.copy() if data is not None else None
        if data is not None and "round" not in data and default_round is not None:
            # The open round is the default; choosing "All rounds" sends round= (empty).
            data["round"] = str(default_round.pk)
        super().__init__(data, *args, **kwargs)
        if not show_agency:
            del self.filters["agency"]  # before self.form is built from the filters
        self.form.fields["round"].known = default_round
        if show_agency:
            self.form.fields["agency"].widget.attrs["data-typeahead-url"] = reverse(
                "initiatives:agency_search"
            )
        for _name, field in self.form.fields.items():
            css = "form-select" if hasattr(field, "choices") else "form-control"
            field.widget.attrs.setdefault("class", css)
