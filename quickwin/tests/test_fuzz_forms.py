"""Generated input into the main forms (hypothesis): never a 500, and what is stored is
exactly what was accepted (invalid input stores nothing)."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from initiatives.models import Comment, Initiative
from initiatives.tests.helpers import proposal_data

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Ordinary text in any script, and anything at all: control characters, NULs, markup, formulas.
printable = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=200
).filter(str.strip)
anything = st.one_of(
    st.text(max_size=400),
    st.sampled_from(["", " ", "\x00", "<script>alert(1)</script>", "=1+1", "9" * 40, "-1"]),
)
TEXT_FIELDS = ["title", "problem", "root_cause", "objective", "pic_name", "budget_source"]
ODD_FIELDS = ["budget", "start_date", "end_date", "change_area", "rb_tematik"]
OUTCOMES = set()


def _post(client, url, data):
    """One request in a rolled-back savepoint; returns (status, stored proposal, comment)."""
    with transaction.atomic():
        before = Initiative.objects.count(), Comment.objects.count()
        response = client.post(url, data)
        after = Initiative.objects.count(), Comment.objects.count()
        created = Initiative.objects.order_by("-pk").first() if after[0] > before[0] else None
        stored = {f: getattr(created, f) for f in TEXT_FIELDS} if created else None
        comment = Comment.objects.order_by("-pk").first() if after[1] > before[1] else None
        transaction.set_rollback(True)
    return response.status_code, stored, comment


@pytest.fixture
def operator_client(operator):
    client = Client(raise_request_exception=True)
    client.force_login(operator)
    return client


@FUZZ
@given(
    values=st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, printable)),
    hostile=st.none() | st.tuples(st.sampled_from(TEXT_FIELDS + ODD_FIELDS), anything),
)
def test_it_never_breaks_on_a_generated_proposal(operator_client, open_round, values, hostile):
    data = proposal_data(open_round, **values)
    if hostile:  # one field gets anything at all
        data[hostile[0]] = hostile[1]
    status, stored, _comment = _post(operator_client, reverse("initiatives:create"), data)
    assert status in (200, 302)
    OUTCOMES.add(status)
    if status == 200:
        assert stored is None  # refused: nothing saved
    else:
        assert stored is not None
        for field in TEXT_FIELDS:
            assert "\x00" not in stored[field]
            assert stored[field] == stored[field].strip()


def test_the_fuzzer_reached_both_accepted_and_refused_proposals():
    """Guards the generator: all-refused input would test only the form's error path."""
    if OUTCOMES:  # only meaningful when the proposal fuzz ran in this process
        assert {200, 302} <= OUTCOMES


@FUZZ
@given(body=st.one_of(printable, anything))
def test_it_never_breaks_on_a_generated_comment(operator_client, draft, body):
    url = reverse("initiatives:comment", args=[draft.pk])
    status, _stored, comment = _post(operator_client, url, {"body": body})
    assert status in (200, 302)
    if comment is not None:
        assert comment.body.strip() and "\x00" not in comment.body
