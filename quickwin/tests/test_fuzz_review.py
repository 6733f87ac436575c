"""Generated input into the review forms (hypothesis): the reviewer's scoring form, the
rubric's criteria, assigning and distributing reviewers, and the decision. What every form
must pass: quickwin/tests/fuzzing.py."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from accounts.tests.factories import OperatorFactory, ReviewerFactory
from core.workflow import Status
from evaluations.models import Assignment, Criterion, CriterionScore, Recommendation, Review
from evaluations.services import rubric_for_round
from evaluations.tests.factories import in_review_initiative, submit_review, submitted_initiative
from initiatives.models import Initiative, StatusChange
from initiatives.tests.factories import RoundFactory
from quickwin.tests.fuzzing import (
    SCRIPT,
    Outcomes,
    anything,
    assert_clean_text,
    assert_refused_in_indonesian,
    client_for,
    fuzz,
    ids,
    in_savepoint,
    is_indonesian,
    near,
    numbers,
    sometimes,
    words,
)

TODAY = timezone.localdate
MARKED = f"Catatan {SCRIPT} reviu"
SCORES = ["1", "2", "3", "4", "5"]


def _text(honest):
    return sometimes(honest, st.one_of(words, anything))


@pytest.fixture
def in_review(open_round, reviewer, bureau_admin):
    initiative, (assignment,) = in_review_initiative(open_round, [reviewer], bureau_admin)
    return initiative, assignment


# --- The reviewer's scoring form ----------------------------------------------------------------


def test_review_form(in_review, reviewer):
    initiative, assignment = in_review
    criteria = list(rubric_for_round(initiative.round).criteria.all())
    client = client_for(reviewer)
    url = reverse("evaluations:review", args=[assignment.pk])
    outcomes = Outcomes()
    score = st.one_of(st.sampled_from(SCORES), numbers)
    fields = {}
    for criterion in criteria:
        fields[f"score_{criterion.pk}"] = sometimes("4", score)
        fields[f"note_{criterion.pk}"] = st.one_of(st.just(""), _text("Jelas."))
    fields["overall_note"] = st.one_of(st.just(""), _text("Layak."))
    fields["recommendation"] = sometimes(
        "approve", st.one_of(st.sampled_from(Recommendation.values), anything)
    )
    fields["action"] = st.sampled_from(["draft", "submit", "submit", ""]) | anything
    honest = {
        **{f"score_{c.pk}": "4" for c in criteria},
        **{f"note_{c.pk}": MARKED for c in criteria},
        "overall_note": MARKED,
        "recommendation": "approve",
    }

    @fuzz(
        st.fixed_dictionaries(fields),
        examples=[
            dict(honest, action="draft"),
            dict(honest, action="submit"),
            dict(honest, action="submit", recommendation="", **{f"score_{criteria[0].pk}": "6"}),
        ],
    )
    def check(data):
        typed = {k: v for k, v in data.items() if "note" in k}

        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            review = Review.objects.filter(assignment=assignment).first()
            if response.status_code == 302:
                scores = CriterionScore.objects.filter(review=review)
                for stored in scores:
                    assert 1 <= stored.score <= 5
                    assert stored.criterion.rubric.round_id == initiative.round_id
                    assert_clean_text(stored.note, required=False)
                assert_clean_text(review.overall_note, required=False)
                if review.status == "submitted":
                    assert scores.count() == len(criteria)
                    assert review.recommendation in Recommendation.values
                    expected = sum(Decimal(s.criterion.weight) * (s.score - 1) / 4 for s in scores)
                    assert abs(review.total_score - expected) < Decimal("0.01")
                    assert 0 <= review.total_score <= 100
                outcomes.show(client, url, data["overall_note"])
            else:
                assert_refused_in_indonesian(response, typed)
                assert review is None or review.status != "submitted"

        in_savepoint(client, request)

    outcomes.assert_both()


# --- The rubric ------------------------------------------------------------------------------


def _formset(rows, total=None):
    data = {
        "form-TOTAL_FORMS": str(len(rows)) if total is None else total,
        "form-INITIAL_FORMS": str(len(rows)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        for key, value in row.items():
            if key == "DELETE" and not value:
                continue
            data[f"form-{number}-{key}"] = "on" if key == "DELETE" else value
    return data


def test_rubric_form(open_round, bureau_admin):
    rubric = rubric_for_round(open_round)
    rubric_for_round(RoundFactory())  # another round's criteria: ids that are not ours
    base = [
        {"id": str(c.pk), "name": c.name, "guidance": c.guidance, "weight": str(c.weight)}
        for c in rubric.criteria.all()
    ]
    client = client_for(bureau_admin)
    url = reverse("evaluations:rubric", args=[open_round.pk])
    outcomes = Outcomes()
    fields = ["id", "name", "guidance", "weight", "DELETE"]
    values = {"id": ids, "weight": numbers, "DELETE": st.booleans()}

    @st.composite
    def rubric_posts(draw):
        rows = [dict(row) for row in base]
        if draw(st.booleans()):  # move weight between two criteria: still 100
            a, b = draw(st.permutations(range(len(rows))))[:2]
            moved = draw(st.integers(0, int(rows[b]["weight"]) - 1))
            rows[a]["weight"] = str(int(rows[a]["weight"]) + moved)
            rows[b]["weight"] = str(int(rows[b]["weight"]) - moved)
        for _ in range(draw(st.integers(0, 2))):  # one or two hostile cells
            row = draw(st.sampled_from(rows))
            field = draw(st.sampled_from(fields))
            row[field] = draw(values.get(field, st.one_of(words, anything)))
        if draw(st.integers(0, 4)) == 0:  # a new criterion row
            rows.append(
                {
                    "id": "",
                    "name": draw(_text("Kolaborasi")),
                    "guidance": draw(st.one_of(st.just(""), words)),
                    "weight": draw(sometimes("0", numbers)),
                }
            )
        total = draw(st.none() | st.sampled_from(["", "abc", "-1", "100000", "0"]))
        return _formset(rows, total)

    honest = [dict(row, name=f"{row['name']} {SCRIPT}") for row in base]
    stolen = [dict(row) for row in base]
    stolen[0]["id"] = str(Criterion.objects.exclude(rubric=rubric).first().pk)
    missing = [dict(row) for row in base]
    missing[1]["id"] = "999999"

    @fuzz(
        rubric_posts(),
        examples=[_formset(honest), _formset(stolen), _formset(missing), _formset(base, "abc")],
    )
    def check(data):
        typed = {k: v for k, v in data.items() if k.endswith(("-name", "-guidance"))}

        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            criteria = list(Criterion.objects.filter(rubric=rubric))
            if response.status_code == 302:
                assert criteria
                assert sum(c.weight for c in criteria) == 100
                for criterion in criteria:
                    assert 1 <= criterion.weight <= 100
                    assert_clean_text(criterion.name)
                    assert len(criterion.name) <= 255
                    assert_clean_text(criterion.guidance, required=False)
                outcomes.show(client, url, " ".join(c.name for c in criteria))
            else:
                # A tampered row count (no browser sends one) drops the rows: nothing to keep.
                rows = sum(key.endswith("-weight") for key in data)
                kept = typed if data["form-TOTAL_FORMS"] == str(rows) else {}
                assert_refused_in_indonesian(response, kept, flash=True)
                assert [(c.pk, c.name, c.weight) for c in criteria] == [
                    (int(row["id"]), row["name"], int(row["weight"])) for row in base
                ]

        in_savepoint(client, request)

    outcomes.assert_both()


# --- Assigning reviewers, the decision ----------------------------------------------------------------


@pytest.fixture
def candidates(db, open_round):
    """Two reviewers, an operator (no reviewer) and a reviewer of the proposing agency."""
    submitted = submitted_initiative(open_round)
    same_agency = ReviewerFactory(agency=submitted.agency)
    return submitted, [ReviewerFactory(), ReviewerFactory(), OperatorFactory(), same_agency]


def _assignment_dates(initiative):
    """Assignment due dates: not in the past, not after the round's implementation ends."""
    for assignment in Assignment.objects.filter(initiative=initiative):
        assert TODAY() <= assignment.due_date <= initiative.round.implementation_end


def test_assign_form(candidates, bureau_admin):
    submitted, people = candidates
    client = client_for(bureau_admin)
    url = reverse("evaluations:assign", args=[submitted.pk])
    outcomes = Outcomes()
    person = st.one_of(st.sampled_from([str(p.pk) for p in people]), ids)
    due = (TODAY() + datetime.timedelta(days=7)).isoformat()

    @fuzz(
        st.fixed_dictionaries(
            {
                "reviewers": sometimes([str(people[0].pk)], st.lists(person, max_size=4)),
                "due_date": sometimes(due, st.one_of(st.just(""), near(TODAY()))),
            }
        ),
        examples=[
            {"reviewers": [str(people[0].pk), str(people[1].pk)], "due_date": due},
            {"reviewers": [str(people[0].pk)], "due_date": "1999-01-01"},
            {"reviewers": [str(people[0].pk)], "due_date": "9999-12-31"},
            {"reviewers": [str(people[3].pk)], "due_date": ""},
        ],
    )
    def check(data):
        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            assignments = Assignment.objects.filter(initiative=submitted)
            if response.status_code == 302:
                assert assignments.exists()
                for assignment in assignments:
                    reviewer = assignment.reviewer
                    assert reviewer.is_reviewer and reviewer.agency_id != submitted.agency_id
                _assignment_dates(submitted)
                assert Initiative.objects.get(pk=submitted.pk).status == Status.IN_REVIEW
            else:
                assert_refused_in_indonesian(response, {"due_date": data["due_date"]})
                assert not assignments.exists()

        in_savepoint(client, request)

    outcomes.assert_both(shown=False)  # nothing typed is shown: ids and a date


def test_distribute_form(candidates, bureau_admin, open_round):
    submitted, people = candidates
    other = submitted_initiative(open_round)
    client = client_for(bureau_admin)
    url = reverse("evaluations:distribute", args=[open_round.pk])
    outcomes = Outcomes()
    person = st.one_of(st.sampled_from([str(p.pk) for p in people]), ids)
    quick_win = st.one_of(st.sampled_from([str(submitted.pk), str(other.pk)]), ids)
    due = (TODAY() + datetime.timedelta(days=7)).isoformat()
    honest = {
        "initiatives": [str(submitted.pk), str(other.pk)],
        "reviewers": [str(people[0].pk), str(people[1].pk)],
        "per_initiative": "1",
        "due_date": due,
    }

    @fuzz(
        st.fixed_dictionaries(
            {
                "initiatives": sometimes(honest["initiatives"], st.lists(quick_win, max_size=3)),
                "reviewers": sometimes(honest["reviewers"], st.lists(person, max_size=4)),
                "per_initiative": sometimes("1", numbers),
                "due_date": sometimes(due, st.one_of(st.just(""), near(TODAY()))),
            }
        ),
        examples=[honest, dict(honest, per_initiative="3"), dict(honest, due_date="1900-01-01")],
    )
    def check(data):
        def request():
            response = client.post(url, data)
            assert response.status_code == 302  # the board, with what happened as messages
            messages = list(get_messages(response.wsgi_request))
            errors = [str(m) for m in messages if m.level_tag == "error"]
            created = Assignment.objects.filter(initiative__in=[submitted, other])
            outcomes["assigned" if created.exists() else "refused"] += 1
            for message in messages:
                assert is_indonesian(str(message)), str(message)
            for initiative in (submitted, other):
                _assignment_dates(initiative)
            for assignment in created:
                reviewer = assignment.reviewer
                assert (
                    reviewer.is_reviewer and reviewer.agency_id != assignment.initiative.agency_id
                )
            if not created.exists():
                assert errors, "nothing was assigned and no message says why"

        in_savepoint(client, request)

    assert outcomes["assigned"] and outcomes["refused"], dict(outcomes)


def test_decision_form(in_review, bureau_admin, django_capture_on_commit_callbacks):
    initiative, assignment = in_review
    submit_review(assignment)
    client = client_for(bureau_admin)
    url = reverse("evaluations:decide", args=[initiative.pk])
    outcomes = Outcomes()
    decisions = ["approve", "request_revision", "reject"]

    @fuzz(
        st.fixed_dictionaries(
            {
                "decision": sometimes("reject", st.one_of(st.sampled_from(decisions), anything)),
                "note": st.one_of(st.just(""), _text("Tidak sesuai area.")),
            }
        ),
        examples=[
            {"decision": "reject", "note": MARKED},
            {"decision": "request_revision", "note": MARKED},
            {"decision": "reject", "note": " "},
        ],
    )
    def check(data):
        def request():
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(url, data)
            outcomes[response.status_code] += 1
            status = Initiative.objects.get(pk=initiative.pk).status
            if response.status_code == 302:
                change = StatusChange.objects.filter(initiative=initiative).latest("pk")
                assert status in (Status.APPROVED, Status.REVISION, Status.REJECTED)
                assert_clean_text(change.note, required=status != Status.APPROVED)
                outcomes.show(client, initiative.get_absolute_url(), data["note"])
                outcomes.emails(data["note"])
            else:
                assert_refused_in_indonesian(response, {"note": data["note"]})
                assert status == Status.IN_REVIEW

        in_savepoint(client, request)

    outcomes.assert_both()
