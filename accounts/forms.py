from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Agency


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password. Check both and try again; they are case-sensitive."
        ),
        "inactive": _("This account is inactive. Ask the Biro Organisasi admin to activate it."),
    }

    username = forms.CharField(
        label=pgettext_lazy("login form", "Username"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=pgettext_lazy("login form", "Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AgencyTypeahead(forms.TextInput):
    """A text input for one agency. static/js/typeahead.js turns it into a type-ahead over
    `data-typeahead-url` (a JSON endpoint) and sends the chosen id; without JavaScript the
    typed text is sent and AgencyField resolves it. Either way the page never lists every
    agency (5,000 at a national rollout)."""

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "placeholder": _("Abbreviation or name"),
            # Texts for the script (no translations in JavaScript): an empty answer, and
            # what a screen reader hears when suggestions appear ({n}: how many).
            "data-typeahead-empty": _("No agency found."),
            "data-typeahead-found": _("{n} suggestions. Choose one with the arrow keys and Enter."),
        }
        super().__init__(defaults | (attrs or {}))

    def get_context(self, name, value, attrs):
        agency = value if isinstance(value, Agency) else None
        context = super().get_context(name, agency.label if agency else value, attrs)
        if agency:  # the script starts from the id, not from the text
            context["widget"]["attrs"]["data-typeahead-id"] = str(agency.pk)
        return context


class AgencyField(forms.Field):
    """One agency, typed: its id (from links and the type-ahead), code, abbreviation, full
    name or "ABBR — Name" (Agency.label), in any case. Only agencies of `queryset`."""

    widget = AgencyTypeahead
    default_error_messages = {
        "not_found": _(
            "No agency matches “%(value)s”. Type its abbreviation or full name, "
            "or choose one of the suggestions."
        ),
        "ambiguous": _(
            "Several agencies match “%(value)s”. Type the full name, "
            "or choose one of the suggestions."
        ),
    }

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = Agency.objects.all() if queryset is None else queryset
        self._resolved = {}  # typed value → agency, so the input shows what was found
        super().__init__(**kwargs)

    def __deepcopy__(self, memo):
        field = super().__deepcopy__(memo)
        field._resolved = {}
        return field

    def to_python(self, value):
        text = " ".join(str(value or "").split())
        if not text:
            return None
        found = self.queryset.matching(text)
        if not found:
            raise forms.ValidationError(
                self.error_messages["not_found"], code="not_found", params={"value": text[:100]}
            )
        if len(found) > 1:
            raise forms.ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"value": text[:100]}
            )
        self._resolved[value] = found[0]
        return found[0]

    def bound_data(self, data, initial):
        return self._resolved.get(data, data)
