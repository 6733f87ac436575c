"""Form widgets shared by the apps."""

from html import escape

from django import forms
from django.forms.models import ModelChoiceField, ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A single <select> whose options are written in Python instead of one template include
    per option. Same HTML as forms.Select (without option groups, where it falls back to
    it); 5,000 agencies (a national rollout) render in milliseconds instead of most of a
    second (issue 9, docs/performance.md)."""

    def _option_pairs(self):
        """The (value, label) pairs. A model choice field over a queryset that has
        `choice_pairs()` (agencies) and labels options with `str()` reads the pairs as two
        columns instead of one model instance per option."""
        choices = self.choices
        field = getattr(choices, "field", None)
        queryset = getattr(choices, "queryset", None)
        if not (
            isinstance(choices, ModelChoiceIterator)
            and hasattr(queryset, "choice_pairs")
            and field.to_field_name is None
            and type(field).label_from_instance is ModelChoiceField.label_from_instance
        ):
            return choices
        head = [] if field.empty_label is None else [("", field.empty_label)]
        if getattr(field, "null_label", None) is not None:  # django-filter's "null" choice
            head.append((field.null_value, field.null_label))
        return head + queryset.choice_pairs()

    def render(self, name, value, attrs=None, renderer=None, choices=None):
        """`choices`: (value, label) pairs to use instead of the widget's own, already a
        list (setting `widget.choices` normalises every pair again: 5,000 agencies)."""
        selected = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, option_label in self._option_pairs() if choices is None else choices:
            if isinstance(option_label, (list, tuple)):
                if choices is not None:
                    self.choices = choices
                return super().render(name, value, attrs, renderer)
            raw = "" if option_value is None else str(option_value)
            chosen = " selected" if raw in selected else ""
            shown = raw if type(option_value) is int else escape(raw)  # a pk: nothing to escape
            options.append(f'<option value="{shown}"{chosen}>{escape(str(option_label))}</option>')
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        final_attrs = flatatt(final_attrs)
        return mark_safe(  # noqa: S308 - every value above is escaped
            f'<select name="{escape(name)}"{final_attrs}>{"".join(options)}</select>'
        )


class QuickSelectMultiple(QuickSelect, forms.SelectMultiple):
    """QuickSelect for several values (`<select multiple>`): the same HTML as
    forms.SelectMultiple, written in Python."""
