from django import forms
from django.utils.translation import gettext_lazy as _

from .kinds import Kind


class EmailPreferencesForm(forms.Form):
    """Which kinds the user wants by email (unticked = muted). In-app always stays."""

    email_kinds = forms.MultipleChoiceField(
        label=_("Send me an email for"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every notification always appears in the app, whatever you choose here."),
    )

    def muted_kinds(self):
        return set(Kind.values) - set(self.cleaned_data["email_kinds"])
