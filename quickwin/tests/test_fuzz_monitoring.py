"""Generated input into the implementation forms (hypothesis): milestone done and sent back,
progress reports (new and edited), completion, cancellation, the achievement evaluation and
the bureau's progress import. What every form must pass: quickwin/tests/fuzzing.py."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st
from openpyxl import Workbook

from core import calendar
from core.exports import XLSX_ILLEGAL
from core.workflow import Status
from initiatives.models import Initiative, Milestone, StatusChange
from initiatives.tests.factories import RoundFactory
from monitoring import services
from monitoring.models import AchievementEvaluation, ProgressReport
from monitoring.tests.monitoring_helpers import pdf, running_initiative
from quickwin.tests.fuzzing import (
    SCRIPT,
    Outcomes,
    anything,
    assert_clean_text,
    assert_no_raw_script,
    assert_refused_in_indonesian,
    assert_valid_decimal,
    client_for,
    fuzz,
    ids,
    in_savepoint,
    near,
    numbers,
    sometimes,
    words,
)

TODAY = timezone.localdate
MARKED = f"Catatan {SCRIPT} selesai"  # honest text carrying a script


@pytest.fixture
def round_(db):
    today = TODAY()
    return RoundFactory(
        submission_opens=today - datetime.timedelta(days=120),
        submission_closes=today - datetime.timedelta(days=100),
        review_deadline=today - datetime.timedelta(days=90),
        implementation_start=today - datetime.timedelta(days=75),
        implementation_end=today + datetime.timedelta(days=290),
    )


@pytest.fixture
def running(round_, operator):
    """A quick win of the operator's agency, in progress, with two open milestones."""
    return running_initiative(
        status=Status.IN_PROGRESS,
        round=round_,
        agency=operator.agency,
        created_by=operator,
        start_date=round_.implementation_start,
        end_date=round_.implementation_end,
    )


def _monitoring_url(initiative):
    return reverse("monitoring:initiative", args=[initiative.pk])


def _text(honest):
    """A free-text field: honest text, text with markup, or anything at all."""
    return sometimes(honest, st.one_of(words, anything))


# --- Milestones ----------------------------------------------------------------------------------


def test_milestone_done_form(running, operator):
    client = client_for(operator)
    milestone = running.milestones.order_by("due_date").first()
    url = reverse("monitoring:milestone_done", args=[milestone.pk])
    outcomes = Outcomes()
    honest = {"completed_on": TODAY().isoformat(), "note": MARKED, "file": True}

    @fuzz(
        st.fixed_dictionaries(
            {
                "completed_on": sometimes(TODAY().isoformat(), near(TODAY())),
                "note": _text("Selesai."),
                "file": st.booleans() | st.just(True),
            }
        ),
        examples=[honest, {"completed_on": "2027-02-30", "note": " ", "file": False}],
    )
    def check(example):
        typed = {k: example[k] for k in ("completed_on", "note")}
        data = dict(typed, **({"files": pdf()} if example["file"] else {}))

        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            stored = Milestone.objects.get(pk=milestone.pk)
            if response.status_code == 302:
                assert running.round.implementation_start <= stored.completed_on <= TODAY()
                assert_clean_text(stored.completion_note)
                assert stored.evidence.exists()
                outcomes.show(client, _monitoring_url(running), example["note"])
            else:
                assert_refused_in_indonesian(response, typed)
                assert stored.completed_on is None and not stored.evidence.exists()

        in_savepoint(client, request)

    outcomes.assert_both()


def test_milestone_send_back_form(
    running, operator, bureau_admin, django_capture_on_commit_callbacks
):
    milestone = running.milestones.order_by("due_date").first()
    services.milestone_mark_done(
        milestone=milestone, by=operator, completed_on=TODAY(), note="Selesai.", files=[pdf()]
    )
    client = client_for(bureau_admin)
    url = reverse("monitoring:milestone_send_back", args=[milestone.pk])
    outcomes = Outcomes()

    @fuzz(_text("Bukti kurang."), examples=[MARKED, " \r\n"])
    def check(reason):
        def request():
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(url, {"reason": reason})
            outcomes[response.status_code] += 1
            stored = Milestone.objects.get(pk=milestone.pk)
            if response.status_code == 302:
                assert stored.completed_on is None
                assert_clean_text(stored.sent_back_reason)
                outcomes.show(client, _monitoring_url(running), reason)
                outcomes.emails(reason)
            else:
                assert_refused_in_indonesian(response, {"reason": reason})
                assert stored.completed_on is not None and not stored.sent_back_reason

        in_savepoint(client, request)

    outcomes.assert_both()


# --- Progress reports --------------------------------------------------------------------------

REPORT_TEXT = ("achievements", "obstacles", "follow_up", "decrease_explanation")


def _report_strategy(period_keys):
    optional = st.one_of(st.just(""), words, anything)
    return st.fixed_dictionaries(
        {
            "period": sometimes(period_keys[0], st.one_of(st.sampled_from(period_keys), anything)),
            "percent_complete": sometimes("40", numbers),
            "achievements": _text("Aplikasi diuji."),
            "obstacles": optional,
            "follow_up": optional,
            "decrease_explanation": optional,
            "file": st.booleans(),
        }
    )


def _honest_report(period_key):
    return dict(
        dict.fromkeys(REPORT_TEXT, MARKED), period=period_key, percent_complete="40", file=True
    )


def _refused_report(period_key):
    return dict(_honest_report(period_key), percent_complete="-1", achievements=SCRIPT + "\x00")


def _assert_valid_report(report):
    assert 0 <= report.percent_complete <= 100
    assert_clean_text(report.achievements)
    for name in REPORT_TEXT[1:]:
        assert_clean_text(getattr(report, name), required=False)
    assert report.period_start <= report.period_end < report.due_date


def test_progress_report_form(running, operator):
    first, *later = calendar.open_periods(running, TODAY())
    services.report_submit(
        initiative=running, period=first, by=operator, percent_complete=30, achievements="Awal."
    )  # a lower % later needs an explanation
    keys = [p.key for p in later]
    client = client_for(operator)
    url = reverse("monitoring:report_new", args=[running.pk])
    outcomes = Outcomes()

    @fuzz(_report_strategy(keys), examples=[_honest_report(keys[0]), _refused_report(keys[0])])
    def check(example):
        typed = {k: example[k] for k in ("percent_complete", *REPORT_TEXT)}
        data = {k: v for k, v in example.items() if k != "file"}
        if example["file"]:
            data["files"] = pdf()

        def request():
            before = ProgressReport.objects.count()
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            if response.status_code == 302:
                report = ProgressReport.objects.latest("pk")
                assert ProgressReport.objects.count() == before + 1
                assert report.period_start.isoformat() in keys
                _assert_valid_report(report)
                assert report.percent_complete >= 30 or report.decrease_explanation
                outcomes.show(client, _monitoring_url(running), example["achievements"])
            else:
                assert_refused_in_indonesian(response, typed)
                assert ProgressReport.objects.count() == before

        in_savepoint(client, request)

    outcomes.assert_both()


def test_progress_report_edit_form(running, operator):
    period = calendar.open_periods(running, TODAY())[-1]
    report = services.report_submit(
        initiative=running, period=period, by=operator, percent_complete=30, achievements="Awal."
    )
    client = client_for(operator)
    url = reverse("monitoring:report_edit", args=[report.pk])
    outcomes = Outcomes()

    @fuzz(
        _report_strategy([period.key]),
        examples=[_honest_report(period.key), _refused_report(period.key)],
    )
    def check(example):
        typed = {k: example[k] for k in ("percent_complete", *REPORT_TEXT)}
        data = dict(typed, **({"files": pdf()} if example["file"] else {}))

        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            stored = ProgressReport.objects.get(pk=report.pk)
            if response.status_code == 302:
                _assert_valid_report(stored)
                outcomes.show(client, _monitoring_url(running), example["achievements"])
            else:
                assert_refused_in_indonesian(response, typed)
                assert (stored.percent_complete, stored.achievements) == (30, "Awal.")

        in_savepoint(client, request)

    outcomes.assert_both()


# --- Completion, cancellation, achievement ---------------------------------------------------------


@pytest.fixture
def all_done(running, operator):
    for milestone in running.milestones.all():
        services.milestone_mark_done(
            milestone=milestone, by=operator, completed_on=TODAY(), note="Selesai.", files=[pdf()]
        )
    return running


def test_completion_form(all_done, operator):
    field = f"actual_{all_done.indicators.get().pk}"
    client = client_for(operator)
    url = reverse("monitoring:completion", args=[all_done.pk])
    outcomes = Outcomes()

    @fuzz(
        st.fixed_dictionaries(
            {
                field: sometimes("4", numbers),
                "final_summary": _text("Tercapai."),
                "file": st.booleans() | st.just(True),
            }
        ),
        examples=[
            {field: "4.5", "final_summary": MARKED, "file": True},
            {field: "1e999999999", "final_summary": "\x00", "file": False},
        ],
    )
    def check(example):
        typed = {k: v for k, v in example.items() if k != "file"}
        data = dict(typed, **({"files": pdf()} if example["file"] else {}))

        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            stored = Initiative.objects.get(pk=all_done.pk)
            actual = all_done.indicators.get().actual
            if response.status_code == 302:
                assert stored.status == Status.COMPLETED
                assert_valid_decimal(actual)
                assert_clean_text(stored.final_summary)
                outcomes.show(client, all_done.get_absolute_url(), example["final_summary"])
            else:
                assert_refused_in_indonesian(response, typed)
                assert stored.status == Status.IN_PROGRESS and actual is None

        in_savepoint(client, request)

    outcomes.assert_both()


def test_cancel_form(running, bureau_admin):
    client = client_for(bureau_admin)
    url = reverse("monitoring:cancel", args=[running.pk])
    outcomes = Outcomes()

    @fuzz(_text("Tidak relevan lagi."), examples=[MARKED, ""])
    def check(reason):
        def request():
            response = client.post(url, {"reason": reason})
            outcomes[response.status_code] += 1
            stored = Initiative.objects.get(pk=running.pk)
            if response.status_code == 302:
                assert stored.status == Status.CANCELLED
                assert_clean_text(StatusChange.objects.filter(initiative=running).latest("pk").note)
                outcomes.show(client, running.get_absolute_url(), reason)
            else:
                assert_refused_in_indonesian(response, {"reason": reason})
                assert stored.status == Status.IN_PROGRESS

        in_savepoint(client, request)

    outcomes.assert_both()


@pytest.fixture
def completed(all_done, operator):
    indicator = all_done.indicators.get()
    services.completion_request(
        initiative=all_done,
        by=operator,
        actuals={indicator.pk: indicator.target},
        final_summary="Tercapai.",
        files=[pdf()],
    )
    all_done.refresh_from_db()
    return all_done


def test_achievement_evaluation_form(completed, bureau_admin):
    client = client_for(bureau_admin)
    url = reverse("monitoring:achievement_evaluate", args=[completed.pk])
    outcomes = Outcomes()

    @fuzz(st.one_of(st.just(""), _text("Baik.")), examples=[MARKED, "a\x00b"])
    def check(note):
        def request():
            response = client.post(url, {"note": note})
            outcomes[response.status_code] += 1
            evaluation = AchievementEvaluation.objects.filter(initiative=completed).first()
            if response.status_code == 302:
                assert 0 <= evaluation.score <= 100
                assert_clean_text(evaluation.note, required=False)
                assert Initiative.objects.get(pk=completed.pk).status == Status.EVALUATED
                outcomes.show(client, completed.get_absolute_url(), note)
            else:
                assert_refused_in_indonesian(response, {"note": note})
                assert evaluation is None

        in_savepoint(client, request)

    outcomes.assert_both()


def test_achievement_send_back_form(completed, bureau_admin):
    client = client_for(bureau_admin)
    url = reverse("monitoring:completion_send_back", args=[completed.pk])
    outcomes = Outcomes()

    @fuzz(_text("Lengkapi bukti."), examples=[MARKED, "\t"])
    def check(reason):
        def request():
            response = client.post(url, {"reason": reason})
            outcomes[response.status_code] += 1
            stored = Initiative.objects.get(pk=completed.pk)
            if response.status_code == 302:
                assert stored.status == Status.IN_PROGRESS
                note = StatusChange.objects.filter(initiative=completed).latest("pk").note
                assert_clean_text(note)
                outcomes.show(client, completed.get_absolute_url(), reason)
            else:
                assert_refused_in_indonesian(response, {"reason": reason})
                assert stored.status == Status.COMPLETED

        in_savepoint(client, request)

    outcomes.assert_both()


# --- The bureau's progress import ------------------------------------------------------------------

HEADER = ["id", "quick_win", "agency", "percent_complete", "notes"]


@pytest.fixture
def import_world(round_):
    """Two running quick wins of other agencies in the round."""
    return round_, [
        running_initiative(status=Status.IN_PROGRESS, round=round_),
        running_initiative(status=Status.APPROVED, round=round_),
    ]


def _rows(initiatives):
    real_ids = st.sampled_from([str(i.pk) for i in initiatives])
    honest = st.fixed_dictionaries(
        {"id": real_ids, "percent_complete": st.just("50"), "notes": st.just(MARKED)}
    )
    fuzzed = st.fixed_dictionaries(
        {
            "id": st.one_of(real_ids, ids, anything),
            "percent_complete": sometimes("50", st.one_of(numbers, anything)),
            "notes": st.one_of(st.just(""), words, anything),
        }
    )
    return st.lists(st.one_of(honest, fuzzed), max_size=4)


def _upload(kind, header, rows):
    """The rows as a CSV or XLSX file (or as a file of another kind)."""
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(h, "") for h in header])
        return SimpleUploadedFile("progres.csv", buffer.getvalue().encode(), "text/csv")
    if kind == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:  # an XLSX file cannot hold control characters at all
            sheet.append([XLSX_ILLEGAL.sub("", row.get(h, "")) for h in header])
        buffer = io.BytesIO()
        book.save(buffer)
        return SimpleUploadedFile("progres.xlsx", buffer.getvalue())
    return SimpleUploadedFile(f"progres.{kind}", b"id,percent_complete,notes\n1,50,x\n")


def test_progress_import_forms(import_world, bureau_admin):
    round_, initiatives = import_world
    client = client_for(bureau_admin)
    upload_url = reverse("monitoring:import", args=[round_.pk])
    confirm_url = reverse("monitoring:import_confirm", args=[round_.pk])
    keys = [p.key for p in calendar.open_periods_for_round(round_, TODAY())]
    outcomes = Outcomes()
    honest_rows = [
        {"id": str(i.pk), "percent_complete": "50", "notes": MARKED} for i in initiatives
    ]
    odd_numbers = [
        {"id": value, "percent_complete": value, "notes": ""}
        for value in ("sNaN", "Infinity", "-Infinity", "NaN", "1e999999999", "1e30", "-0")
    ]

    @fuzz(
        st.fixed_dictionaries(
            {
                "period": sometimes(keys[0], st.one_of(st.sampled_from(keys), anything)),
                "kind": st.sampled_from(["csv", "xlsx", "csv", "xlsx", "txt"]),
                "header": sometimes(HEADER, st.lists(st.sampled_from(HEADER + ["x"]))),
                "rows": _rows(initiatives),
            }
        ),
        examples=[
            {"period": keys[0], "kind": kind, "header": HEADER, "rows": rows}
            for kind in ("csv", "xlsx")
            for rows in (honest_rows, odd_numbers)
        ],
    )
    def check(example):
        upload = _upload(example["kind"], example["header"], example["rows"])

        def request():
            before = ProgressReport.objects.count()
            response = client.post(upload_url, {"period": example["period"], "file": upload})
            assert response.status_code == 200
            assert ProgressReport.objects.count() == before  # the preview saves nothing
            preview = response.context["preview"]
            if preview is None:
                outcomes["refused"] += 1
                assert_refused_in_indonesian(response)
                return
            assert_no_raw_script(response.content.decode())
            for row in preview["rejected"]:
                assert row.errors
            assert client.post(confirm_url).status_code == 302
            reports = ProgressReport.objects.filter(initiative__in=initiatives)
            assert reports.count() == before + len(preview["accepted"])
            if preview["accepted"]:
                outcomes["imported"] += 1
                for report in reports:
                    assert 0 <= report.percent_complete <= 100
                    assert_clean_text(report.achievements)
                    assert report.period_start.isoformat() in keys
                for row in preview["accepted"]:
                    url = reverse("monitoring:initiative", args=[row.initiative_id])
                    outcomes.show(client, url, row.notes)

        in_savepoint(client, request)

    assert outcomes["refused"] and outcomes["imported"], dict(outcomes)
