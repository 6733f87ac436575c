"""What the fuzz tests share: generators of hostile input (hypothesis strategies) and the
checks every form must pass whatever it is sent.

A fuzz test posts generated input through the real view as a user allowed to post, inside
a rolled-back savepoint (so the next example starts from the same state), and checks:

- never a 500 (the test client re-raises any exception of the view);
- refused input (200): every error is shown on the page, in Indonesian, and every text the
  user typed is still in the form (escaped);
- accepted input (302): what the database holds is valid (the test's own check);
- `<script>` typed into a text field is escaped on the page that shows it.
"""

import datetime
import functools
import os
import re
from collections import Counter
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path

import django
import polib
from django import forms
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

# Every fuzz test runs this many generated examples (docs/security.md counts them); the
# whole fuzz set must stay under a minute on two cores. QW_FUZZ_EXAMPLES=500 hunts deeper.
EXAMPLES = int(os.environ.get("QW_FUZZ_EXAMPLES", "25"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    print_blob=True,
)

SCRIPT = "<script>alert('fuzz')</script>"
RAW_SCRIPT = "<script>alert("  # must never reach a page unescaped
ESCAPED_SCRIPT = escape(SCRIPT)

# --- Generators -------------------------------------------------------------------------------

# Ordinary text in any script (no control characters): what honest users type.
printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=120
).filter(str.strip)
# Honest-looking text that carries markup, a script or a spreadsheet formula.
markup = st.one_of(
    st.builds(lambda a, b: f"{a} {SCRIPT} {b}", printable, printable),
    st.sampled_from(
        [
            SCRIPT,
            '<img src=x onerror="alert(1)">',
            "<b>tebal</b> & \"kutip\" 'tunggal'",
            '=HYPERLINK("http://evil.example","klik")',
            "+62 812 0000",
            "@SUM(A1)",
            "Layanan <i>cepat</i>\r\nbaris dua",
        ]
    ),
)
# Text a user may legitimately send: plain or with markup.
words = st.one_of(printable, markup)
HOSTILE_TEXT = [
    "",
    " ",
    "\t\r\n",
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\u202eexe.fdp",
    "\u200b\u200b",
    "\ufeff",
    SCRIPT,
    "</textarea><script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "=cmd|' /C calc'!A0",
    "x" * 300,
    "é" * 6000,
    "<" * 10_001,
]
# Anything at all: any Unicode including control characters, and the cases above.
anything = st.one_of(st.text(max_size=300), st.sampled_from(HOSTILE_TEXT))

NUMBER_TEXT = [
    "",
    " ",
    "0",
    "-0",
    "-1",
    "101",
    "1e9999",
    "-1e9999",
    "NaN",
    "sNaN",
    "Infinity",
    "0x1F",
    "1,5",
    "1.000.000",
    "12.500.000",
    "Rp 5.000",
    "١٢",  # Arabic-Indic digits
    "9" * 40,
    "0." + "1" * 30,
    "3.14159265358979323846264338327950288",
    "32768",
    "65536",
    "2147483648",
    "9223372036854775808",
    "1e999999999",
]
# Numbers as typed: in and out of range, negative, decimals with many digits, not numbers.
numbers = st.one_of(
    st.integers(-5, 120).map(str),
    st.integers(-(10**25), 10**25).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=6).map(str),
    st.sampled_from(NUMBER_TEXT),
)
DATE_TEXT = [
    "",
    "2027-02-30",
    "2027-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/2027",
    "kemarin",
    "2027-01-01T00:00",
    "-2027-01-01",
]
# Dates as typed: anywhere from year 1 to 9999, and strings that are no date at all.
dates = st.one_of(st.dates().map(datetime.date.isoformat), st.sampled_from(DATE_TEXT))
# Ids as posted in hidden fields and choices: real-looking, negative, huge, not numbers.
ids = st.one_of(
    st.integers(-3, 10**6).map(str),
    st.sampled_from(["", "abc", "1.5", "-1", "0", "99999999999999999999999", "1e3", "١"]),
)


def near(day, *, days=400):
    """Dates around `day`: mostly plausible ones, sometimes anything."""
    return st.one_of(
        st.integers(-days, days).map(lambda n: (day + datetime.timedelta(days=n)).isoformat()),
        dates,
    )


def sometimes(value, strategy):
    """`value` (honest input) or a draw from `strategy`: the fuzzer reaches both outcomes."""
    return st.one_of(st.just(value), strategy)


# --- Running a generated request -------------------------------------------------------------


def client_for(user):
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


class Outcomes(Counter):
    """What one fuzz test saw: status codes, and how often it checked a page showing the
    stored text. It checks both accepted and refused input were reached."""

    # Templates escape the same way whatever the text: a few pages per test prove it, so
    # the rest of the examples spend their time on new input instead.
    PAGES = 2

    def assert_both(self, accepted=302, refused=200, *, shown=True):
        if os.environ.get("QW_FUZZ_DEBUG"):
            print("\nOUTCOMES", dict(self))
        assert self[accepted] and self[refused], (
            f"the generator reached only {dict(self)}: it must produce both accepted and "
            "refused input, or only one path of the form is tested"
        )
        if shown:
            assert self["shown"], "no accepted text with a script was looked at on its page"

    def show(self, client, url, text):
        """Accepted `text` with the test script is shown escaped on the page at `url`."""
        if SCRIPT not in text or self["shown"] >= self.PAGES:
            return
        self["shown"] += 1
        assert_shown_escaped(client, url, text)

    def emails(self, text):
        """The notification emails of an accepted step whose text has the test script: all
        sent (no header broken by the text), none with the script raw. Twice per test."""
        from reminders.models import Delivery
        from reminders.services import flush_outbox

        if SCRIPT not in text or self["emails"] >= self.PAGES:
            return
        self["emails"] += 1
        flush_outbox()  # what was not sent at once
        failed = list(Delivery.objects.exclude(last_error="").values_list("last_error", flat=True))
        assert not failed, f"an email could not be sent: {failed}"
        assert mail.outbox, "the step wrote no notification email"
        for message in mail.outbox:  # the plain-text part is not HTML: only the HTML part
            for body, _type in message.alternatives:
                assert_no_raw_script(body)


def fuzz(strategy, *, examples=(), **kwargs):
    """Run `check(example)` for generated examples of `strategy` (and the explicit
    `examples` first), with the shared settings.

    Used inside a plain test, so fixtures are built once and the test can look at what all
    examples did afterwards (e.g. `Outcomes.assert_both`).
    """

    def decorator(check):
        calls = []

        def run(value):
            calls.append(1)
            check(value)

        for explicit in reversed(examples):
            run = example(explicit)(run)
        run = given(strategy)(run)
        run = (settings(FUZZ, **kwargs) if kwargs else FUZZ)(run)
        run()
        if os.environ.get("QW_FUZZ_DEBUG"):  # QW_FUZZ_DEBUG=1 pytest -s: what each test ran
            print(f"\nEXAMPLES {os.environ.get('PYTEST_CURRENT_TEST', '?')} {len(calls)}")
        return check

    return decorator


def in_savepoint(client, request):
    """`request()` inside a savepoint rolled back afterwards; the client's cookies (session,
    messages) are restored too, and the test mailbox starts empty. Returns what `request()`
    returns."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    mail.outbox = []
    try:
        with transaction.atomic():
            try:
                return request()
            finally:
                transaction.set_rollback(True)
    finally:
        client.cookies = cookies


# --- Checks on a response -------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdr]|%[sdr]|\{\w*\}")


def _catalogues():
    """Our Indonesian catalogues and Django's own (form, validation and admin messages)."""
    repo = Path(__file__).resolve().parents[2]
    ours = [p for p in repo.glob("*/locale/id/LC_MESSAGES/django.po") if ".venv" not in p.parts]
    root = Path(django.__file__).parent
    theirs = [
        root / "conf/locale/id/LC_MESSAGES/django.po",
        root / "contrib/auth/locale/id/LC_MESSAGES/django.po",
        root / "contrib/admin/locale/id/LC_MESSAGES/django.po",
    ]
    return ours + [p for p in theirs if p.is_file()]


@functools.cache
def _indonesian_messages():
    """(exact messages, patterns of messages with placeholders) from every Indonesian msgstr."""
    exact, patterns = set(), []
    for path in _catalogues():
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr] + list(entry.msgstr_plural.values())
            for text in filter(None, texts):
                text = text.replace("%%", "%")
                if not _PLACEHOLDER.search(text):
                    exact.add(text)
                    continue
                literal = _PLACEHOLDER.sub("", text)
                if len(literal.strip()) < 4:  # "%(a)s: %(b)s" says nothing about the language
                    continue
                parts = [re.escape(part) for part in _PLACEHOLDER.split(text)]
                patterns.append(re.compile("(?s)" + "(.*?)".join(parts)))
    return frozenset(exact), patterns


def is_indonesian(message):
    """Whether `message` is one of the Indonesian catalogue's messages (parameters filled in)."""
    exact, patterns = _indonesian_messages()
    message = str(message)
    return message in exact or any(p.fullmatch(message) for p in patterns)


def _bound_forms(response):
    """Every bound form and formset the page rendered (from the template context)."""
    found, seen = [], set()
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(getattr(value, "form", None), forms.BaseForm):
                value = value.form  # the admin wraps its form in an AdminForm
            bound = isinstance(value, forms.BaseForm | forms.BaseFormSet) and value.is_bound
            if bound and id(value) not in seen:
                seen.add(id(value))
                found.append(value)
    return found


def form_errors(response):
    """Every error message of the page's bound forms (formset rows included)."""
    errors = []
    for item in _bound_forms(response):
        if isinstance(item, forms.BaseFormSet):
            errors += list(item.non_form_errors())
            for form in item.forms:
                errors += [e for field_errors in form.errors.values() for e in field_errors]
        else:
            errors += [e for field_errors in item.errors.values() for e in field_errors]
    return [str(e) for e in errors]


def error_messages(response):
    """The error-level flash messages shown on the page."""
    return [str(m) for m in response.context.get("messages", []) if m.level == message_levels.ERROR]


def assert_refused_in_indonesian(response, typed=(), *, flash=False):
    """A refused POST: the form page again (200), at least one error, every error shown on
    the page and in Indonesian, and every typed text still in the form."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    errors = form_errors(response) + (error_messages(response) if flash else [])
    assert errors, "the input was refused but the page shows no error"
    for message in errors:
        assert escape(message) in html, f"error not shown on the page: {message!r}"
        assert is_indonesian(message), f"error not in Indonesian: {message!r}"
    for name, value in dict(typed).items():
        if value.strip():
            assert escape(value) in html, f"what was typed into {name!r} is lost: {value[:80]!r}"
    assert_no_raw_script(html)
    return errors


def assert_flashed_in_indonesian(response):
    """A refused POST answered with a redirect: an error message waits for the next page,
    in Indonesian (as every message does)."""
    messages = list(get_messages(response.wsgi_request))
    assert any(m.level == message_levels.ERROR for m in messages), "refused without a word"
    for message in messages:
        assert is_indonesian(str(message)), f"message not in Indonesian: {message}"


def assert_no_raw_script(html):
    assert RAW_SCRIPT not in html, "a typed <script> reached the page unescaped"


def assert_shown_escaped(client, url, text):
    """The page at `url` shows `text` (carrying the test script) escaped, never raw."""
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_no_raw_script(html)
    assert ESCAPED_SCRIPT in html, f"{url} does not show the stored text at all"


def assert_clean_text(value, *, required=True):
    """Stored text is stripped, has no NUL, and is present when required."""
    assert "\x00" not in value
    assert value == value.strip()
    if required:
        assert value


def assert_valid_decimal(value, *, max_digits=14, places=2):
    assert isinstance(value, Decimal) and value.is_finite()
    sign, digits, exponent = value.as_tuple()
    assert -exponent <= places
    assert len(digits) - max(0, -exponent) <= max_digits - places
