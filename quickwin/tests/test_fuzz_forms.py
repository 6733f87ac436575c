"""Generated input into the agency's forms (hypothesis): the proposal (new, and edited with
its indicator and milestone rows), comments, workflow notes and evidence uploads. Never a
500, and what is stored is exactly what was accepted (invalid input stores nothing); the
rest of what every form must pass is in quickwin/tests/fuzzing.py."""

import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import strategies as st

from core.workflow import Status
from initiatives.models import Comment, Evidence, Initiative, StatusChange
from initiatives.tests.helpers import SAMPLES, edit_data, proposal_data
from quickwin.tests.fuzzing import (
    EXAMPLES,
    SCRIPT,
    Outcomes,
    anything,
    assert_clean_text,
    assert_flashed_in_indonesian,
    assert_refused_in_indonesian,
    assert_valid_decimal,
    client_for,
    dates,
    fuzz,
    ids,
    in_savepoint,
    numbers,
    printable,
    words,
)

TEXT_FIELDS = ["title", "problem", "root_cause", "objective", "pic_name", "budget_source"]
ODD_FIELDS = ["budget", "start_date", "end_date", "change_area", "rb_tematik", "related_areas"]
MARKED = f"Layanan {SCRIPT} cepat"


def _assert_valid_proposal(initiative):
    """A stored proposal, whatever was posted: clean text, dates in order and inside the
    round, milestones inside the schedule with weights 1–100, indicators' numbers valid."""
    round_ = initiative.round
    for field in TEXT_FIELDS:
        assert_clean_text(getattr(initiative, field), required=field == "title")
    assert len(initiative.title) <= 255
    start, end = initiative.start_date, initiative.end_date
    for day in (start, end):
        assert day is None or round_.implementation_start <= day <= round_.implementation_end
    assert not (start and end) or start <= end
    assert initiative.budget is None or 0 <= initiative.budget < 2**63
    low, high = (
        (start, end) if start and end else (round_.implementation_start, round_.implementation_end)
    )
    for milestone in initiative.milestones.all():
        assert low <= milestone.due_date <= high
        assert 1 <= milestone.weight <= 100
        assert_clean_text(milestone.title)
    for indicator in initiative.indicators.all():
        assert_clean_text(indicator.name)
        assert_clean_text(indicator.unit)
        assert_valid_decimal(indicator.baseline)
        assert_valid_decimal(indicator.target)
        assert indicator.direction in ("higher", "lower")


# --- A new proposal -------------------------------------------------------------------------------


def test_proposal_form(operator, open_round):
    """One hostile field at a time on top of generated text (the fuzz of the first release)."""
    client = client_for(operator)
    url = reverse("initiatives:create")
    outcomes = Outcomes()
    odd = {"budget": numbers, "start_date": dates, "end_date": dates, "change_area": ids}

    @fuzz(
        st.fixed_dictionaries(
            {
                "values": st.fixed_dictionaries(dict.fromkeys(TEXT_FIELDS, words)),
                "hostile": st.none()
                | st.sampled_from(TEXT_FIELDS + ODD_FIELDS).flatmap(
                    lambda f: st.tuples(st.just(f), odd.get(f, anything))
                ),
            }
        ),
        examples=[
            {"values": dict.fromkeys(TEXT_FIELDS, MARKED), "hostile": None},
            {"values": dict.fromkeys(TEXT_FIELDS, "x"), "hostile": ("related_areas", "9" * 30)},
            {"values": dict.fromkeys(TEXT_FIELDS, "x"), "hostile": ("title", "")},
        ],
        max_examples=2 * EXAMPLES,
    )
    def check(example):
        data = proposal_data(open_round, **example["values"])
        if example["hostile"]:  # one field gets anything at all
            data[example["hostile"][0]] = example["hostile"][1]
        typed = {f: data[f] for f in TEXT_FIELDS + ["budget", "start_date", "end_date"]}

        def request():
            before = Initiative.objects.count()
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            if response.status_code == 302:
                created = Initiative.objects.latest("pk")
                _assert_valid_proposal(created)
                outcomes.show(client, created.get_absolute_url(), created.title)
            else:
                assert_refused_in_indonesian(response, typed)
                assert Initiative.objects.count() == before  # refused: nothing saved

        in_savepoint(client, request)

    outcomes.assert_both()


# --- Editing a draft: the proposal with its indicator and milestone rows ----------------------------

ROW_FIELDS = {
    "indicators": {
        "id": ids,
        "name": st.one_of(words, anything),
        "unit": st.one_of(words, anything),
        "baseline": numbers,
        "target": numbers,
        "direction": st.one_of(st.sampled_from(["higher", "lower"]), anything),
        "DELETE": st.sampled_from(["on", ""]),
    },
    "milestones": {
        "id": ids,
        "title": st.one_of(words, anything),
        "due_date": dates,
        "weight": numbers,
        "DELETE": st.sampled_from(["on", ""]),
    },
}


def test_proposal_edit_form_with_indicator_and_milestone_rows(operator, draft):
    client = client_for(operator)
    url = reverse("initiatives:edit", args=[draft.pk])
    base = edit_data(draft)
    outcomes = Outcomes()
    new_rows = {
        "indicators": {"name": "Baru", "unit": "%", "baseline": "1", "target": "2"},
        "milestones": {"title": "Baru", "due_date": draft.start_date.isoformat(), "weight": "1"},
    }

    @st.composite
    def edits(draw):
        data = dict(base)
        for _ in range(draw(st.integers(0, 3))):  # up to three hostile cells
            prefix = draw(st.sampled_from(["indicators", "milestones", "main"]))
            if prefix == "main":
                field = draw(st.sampled_from(["title", "start_date", "end_date", "budget"]))
                data[field] = draw(dates if "date" in field else st.one_of(words, anything))
                continue
            count = int(data[f"{prefix}-TOTAL_FORMS"])
            if draw(st.integers(0, 3)) == 0:  # a new row, partly hostile
                for key, value in new_rows[prefix].items():
                    data[f"{prefix}-{count}-{key}"] = value
                data[f"{prefix}-TOTAL_FORMS"] = str(count + 1)
                count += 1
            field = draw(st.sampled_from(sorted(ROW_FIELDS[prefix])))
            row = draw(st.integers(0, count - 1))
            data[f"{prefix}-{row}-{field}"] = draw(ROW_FIELDS[prefix][field])
        if draw(st.integers(0, 6)) == 0:
            data["milestones-TOTAL_FORMS"] = draw(st.sampled_from(["", "x", "-1", "5000"]))
        if draw(st.booleans()):
            data["save_and_submit"] = "1"
        return data

    row = "milestones-0"

    @fuzz(
        edits(),
        examples=[
            dict(base, title=MARKED, **{f"{row}-title": MARKED}),
            dict(base, start_date="", end_date="", **{f"{row}-due_date": "0001-01-01"}),
            dict(base, **{f"{row}-due_date": "9999-12-31", f"{row}-weight": "101"}),
            dict(base, **{"indicators-0-target": "1" * 13 + ".555", "indicators-0-id": "9" * 25}),
        ],
    )
    def check(data):
        typed = {k: v for k, v in data.items() if k.endswith(("title", "name", "unit", "_date"))}

        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            stored = Initiative.objects.get(pk=draft.pk)
            if response.status_code == 302:
                _assert_valid_proposal(stored)
                assert stored.status in (Status.DRAFT, Status.SUBMITTED)
                outcomes.show(client, draft.get_absolute_url(), stored.title)
            else:
                if data["milestones-TOTAL_FORMS"] != base["milestones-TOTAL_FORMS"]:
                    typed.clear()  # a tampered row count (no browser sends one) drops rows
                assert_refused_in_indonesian(response, typed)
                assert stored.title == draft.title and stored.updated_at == draft.updated_at

        in_savepoint(client, request)

    outcomes.assert_both()


# --- Comments, workflow notes, evidence ------------------------------------------------------------


def test_comment_form(operator, draft):
    client = client_for(operator)
    url = reverse("initiatives:comment", args=[draft.pk])
    outcomes = Outcomes()

    @fuzz(st.one_of(printable, words, anything), examples=[MARKED, "\x00", " "])
    def check(body):
        def request():
            response = client.post(url, {"body": body})
            assert response.status_code == 302  # back to the timeline, with a message
            comment = Comment.objects.filter(initiative=draft).first()
            if comment is not None:
                outcomes["stored"] += 1
                assert_clean_text(comment.body)
                outcomes.show(client, draft.get_absolute_url(), comment.body)
            else:
                outcomes["refused"] += 1
                assert_flashed_in_indonesian(response)

        in_savepoint(client, request)

    assert outcomes["stored"] and outcomes["refused"] and outcomes["shown"], dict(outcomes)


def test_workflow_action_note(operator, draft):
    """The note sent with a workflow button (submit, withdraw) is free text as well."""
    client = client_for(operator)
    outcomes = Outcomes()

    @fuzz(
        st.fixed_dictionaries(
            {"action": st.sampled_from(["submit", "withdraw"]), "note": st.one_of(words, anything)}
        ),
        examples=[{"action": "submit", "note": "a\x00b"}, {"action": "submit", "note": MARKED}],
    )
    def check(data):
        url = reverse("initiatives:action", args=[draft.pk, data["action"]])

        def request():
            response = client.post(url, {"note": data["note"]})
            assert response.status_code == 302
            change = StatusChange.objects.filter(initiative=draft).order_by("pk").last()
            if change is not None:
                outcomes["moved"] += 1
                assert_clean_text(change.note, required=False)
                outcomes.show(client, draft.get_absolute_url(), change.note)
            else:
                outcomes["refused"] += 1
                assert_flashed_in_indonesian(response)

        in_savepoint(client, request)

    assert outcomes["moved"] and outcomes["refused"], dict(outcomes)


def test_evidence_upload_form(operator, draft):
    """Generated names and contents: only real files of the allowed kinds are stored."""
    client = client_for(operator)
    url = reverse("initiatives:evidence_upload", args=[draft.pk])
    outcomes = Outcomes()
    names = st.one_of(
        st.sampled_from(sorted(SAMPLES)),
        st.builds(lambda a, b: f"{a}.{b}", printable, st.sampled_from(["pdf", "png", "exe", ""])),
        anything.filter(bool),
    )
    contents = st.one_of(st.sampled_from(list(SAMPLES.values())), st.binary(max_size=300))

    @fuzz(
        st.tuples(names, contents),
        examples=[(f"{SCRIPT}.pdf", SAMPLES["laporan.pdf"]), ("x.pdf", b"<script>")],
    )
    def check(example):
        name, content = example
        name = os.path.basename(name.replace("\x00", ""))  # what a browser can send at all
        upload = SimpleUploadedFile(name if name.strip(".") else "x", content)

        def request():
            response = client.post(url, {"file": upload})
            assert response.status_code == 302
            stored = Evidence.objects.filter(initiative=draft).first()
            if stored is not None:
                outcomes["stored"] += 1
                assert stored.content_type in {
                    "application/pdf",
                    "image/png",
                    "image/jpeg",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                }
                assert_clean_text(stored.original_name)
                outcomes.show(client, draft.get_absolute_url(), stored.original_name)
            else:
                outcomes["refused"] += 1
                assert_flashed_in_indonesian(response)

        in_savepoint(client, request)

    assert outcomes["stored"] and outcomes["refused"], dict(outcomes)
