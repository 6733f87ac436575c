"""Generated input into the bureau's and every user's settings forms (hypothesis): the round,
notification settings, user and role management (Django admin), the login form and the
list filters; and whatever text a quick win holds, its exports, PDF and emails still work.
What every form must pass: quickwin/tests/fuzzing.py."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import strategies as st

from accounts.models import Agency
from accounts.tests.factories import LeaderFactory
from evaluations.services import decide
from evaluations.tests.factories import in_review_initiative, submit_review
from initiatives.forms import InitiativeForm
from initiatives.models import Initiative, Round
from quickwin.tests.fuzzing import (
    SCRIPT,
    Outcomes,
    anything,
    assert_clean_text,
    assert_no_raw_script,
    assert_refused_in_indonesian,
    client_for,
    dates,
    fuzz,
    ids,
    in_savepoint,
    near,
    numbers,
    sometimes,
    words,
)
from reminders.kinds import Kind
from reminders.models import Delivery, NotificationPreference
from reminders.services import flush_outbox

TODAY = timezone.localdate
User = get_user_model()

# --- The round ----------------------------------------------------------------------------------

ROUND_DATES = [
    "submission_opens",
    "submission_closes",
    "review_deadline",
    "implementation_start",
    "implementation_end",
]
ROUND_NUMBERS = [
    "year",
    "report_due_day",
    "max_initiatives_per_agency",
    "min_reviews_for_decision",
    "first_grace_days",
    "second_grace_days",
]


def _honest_round(name="Quick Win 2027"):
    today = TODAY()
    return {
        "name": name,
        "year": str(today.year),
        "submission_opens": today.isoformat(),
        "submission_closes": (today + datetime.timedelta(days=30)).isoformat(),
        "review_deadline": (today + datetime.timedelta(days=45)).isoformat(),
        "implementation_start": (today + datetime.timedelta(days=60)).isoformat(),
        "implementation_end": (today + datetime.timedelta(days=400)).isoformat(),
        "report_cadence": "monthly",
        "report_due_day": "10",
        "max_initiatives_per_agency": "5",
        "min_reviews_for_decision": "1",
        "first_grace_days": "3",
        "second_grace_days": "7",
    }


@st.composite
def _round_posts(draw):
    """An honest round with up to three fields replaced by anything of their kind."""
    data = _honest_round()
    kinds = {name: st.one_of(near(TODAY(), days=800), dates) for name in ROUND_DATES}
    kinds.update(dict.fromkeys(ROUND_NUMBERS, numbers))
    kinds["name"] = st.one_of(words, anything)
    kinds["report_cadence"] = st.one_of(st.just("quarterly"), anything)
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(sorted(kinds)))
        data[name] = draw(kinds[name])
    return data


def _assert_valid_round(round_):
    assert round_.submission_opens <= round_.submission_closes <= round_.review_deadline
    assert round_.implementation_start <= round_.implementation_end
    for name in ROUND_DATES:  # years a round can really have: its pages can count months
        assert 2000 <= getattr(round_, name).year <= 2100
    assert 2000 <= round_.year <= 2100
    assert 1 <= round_.report_due_day <= 28
    assert round_.max_initiatives_per_agency >= 1
    assert round_.report_cadence in ("monthly", "quarterly")
    assert_clean_text(round_.name)


@pytest.mark.parametrize("editing", [False, True], ids=["new", "edit"])
def test_round_form(bureau_admin, editing):
    existing = Round.objects.create(
        **{
            k: (datetime.date.fromisoformat(v) if k in ROUND_DATES else v)
            for k, v in _honest_round("Lama").items()
        }
    )
    client = client_for(bureau_admin)
    if editing:
        url = reverse("initiatives:round_edit", args=[existing.pk])
    else:
        url = reverse("initiatives:round_create")
    outcomes = Outcomes()
    far = {"implementation_start": "2027-01-01", "implementation_end": "9999-12-31"}

    @fuzz(
        _round_posts(),
        examples=[
            _honest_round(f"Periode {SCRIPT}"),
            dict(_honest_round(), **far),
            dict(_honest_round(), submission_opens="0001-01-01"),
            dict(_honest_round(), year="0", report_due_day="29"),
        ],
    )
    def check(data):
        typed = {k: v for k, v in data.items() if k != "report_cadence"}

        def request():
            before = Round.objects.count()
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            if response.status_code == 302:
                stored = (
                    Round.objects.get(pk=existing.pk) if editing else Round.objects.latest("pk")
                )
                _assert_valid_round(stored)
                outcomes.show(client, reverse("initiatives:round_list"), stored.name)
                # Every page that counts the round's months or weeks still works.
                for page in ("monitoring:board", "monitoring:import", "evaluations:board"):
                    assert client.get(reverse(page, args=[stored.pk])).status_code == 200
                dashboard = client.get(reverse("dashboard:control_room"), {"round": stored.pk})
                assert dashboard.status_code == 200
            else:
                assert_refused_in_indonesian(response, typed)
                assert Round.objects.count() == before
                assert Round.objects.get(pk=existing.pk).name == "Lama"

        in_savepoint(client, request)

    outcomes.assert_both()


# --- Notification settings --------------------------------------------------------------------------


def test_notification_settings_form(operator):
    client = client_for(operator)
    url = reverse("reminders:settings")
    outcomes = Outcomes()
    kinds = st.one_of(st.sampled_from(Kind.values), anything)

    @fuzz(st.lists(kinds, max_size=6), examples=[[], Kind.values, ["x", "milestone_due"]])
    def check(chosen):
        def request():
            response = client.post(url, {"email_kinds": chosen})
            outcomes[response.status_code] += 1
            muted = set(
                NotificationPreference.objects.filter(user=operator, email_muted=True).values_list(
                    "kind", flat=True
                )
            )
            if response.status_code == 302:
                assert muted == set(Kind.values) - set(chosen)
            else:
                assert_refused_in_indonesian(response)
                assert not muted

        in_savepoint(client, request)

    outcomes.assert_both(shown=False)  # no text is typed here


# --- User and role management (Django admin) --------------------------------------------------------


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.test", "x")


ROLES = ["is_agency_operator", "is_agency_head", "is_reviewer", "is_bureau_admin", "is_leadership"]


def _user_posts(agency_ids):
    honest_agency = str(agency_ids[0])
    return st.fixed_dictionaries(
        {
            "username": sometimes("budi.santoso", st.one_of(words, anything)),
            "first_name": st.one_of(st.just("Budi"), words, anything),
            "last_name": st.one_of(st.just(""), words, anything),
            "email": sometimes("budi@kaltimprov.go.id", st.one_of(words, anything)),
            "position": st.one_of(st.just(""), words, anything),
            "agency": sometimes(honest_agency, st.one_of(st.just(""), ids)),
            "roles": st.lists(st.sampled_from(ROLES), unique=True, max_size=3),
            "date_joined_0": sometimes("2027-01-05", dates),
        }
    )


def test_user_change_form(superuser, operator):
    """The admin's change form of a user: names, email, agency and the five roles."""
    client = client_for(superuser)
    url = reverse("admin:accounts_user_change", args=[operator.pk])
    agency_ids = list(Agency.objects.values_list("pk", flat=True)[:3])
    outcomes = Outcomes()

    @fuzz(
        _user_posts(agency_ids),
        examples=[
            {
                "username": "budi",
                "first_name": SCRIPT,
                "last_name": "",
                "email": "budi@x.id",
                "position": SCRIPT,
                "agency": str(agency_ids[0]),
                "roles": ["is_agency_operator"],
                "date_joined_0": "2027-01-05",
            }
        ],
    )
    def check(example):
        data = {k: v for k, v in example.items() if k != "roles"}
        data.update(dict.fromkeys(example["roles"], "on"))
        data.update(is_active="on", date_joined_1="08:00:00", last_login_0="", last_login_1="")
        typed = {
            k: example[k] for k in ("username", "first_name", "last_name", "email", "position")
        }

        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            user = User.objects.get(pk=operator.pk)
            if response.status_code == 302:
                for field in ("username", "first_name", "last_name", "email", "position"):
                    assert_clean_text(getattr(user, field), required=field == "username")
                assert user.agency_id or not (user.is_agency_operator or user.is_agency_head)
                outcomes.show(client, reverse("admin:accounts_user_changelist"), user.first_name)
            else:
                assert_refused_in_indonesian(response, typed)
                assert (user.username, user.agency_id) == (operator.username, operator.agency_id)

        in_savepoint(client, request)

    outcomes.assert_both()


def test_user_add_form(superuser):
    client = client_for(superuser)
    url = reverse("admin:accounts_user_add")
    outcomes = Outcomes()

    @fuzz(
        st.fixed_dictionaries(
            {
                "username": sometimes("siti.aminah", st.one_of(words, anything)),
                "password1": sometimes("Kaltim-2027-aman", st.one_of(words, anything)),
                "password2": sometimes("Kaltim-2027-aman", st.one_of(words, anything)),
            }
        ),
        examples=[{"username": "siti", "password1": "a", "password2": "b"}],
    )
    def check(data):
        data = dict(data, usable_password="true")

        def request():
            before = User.objects.count()
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            if response.status_code == 302:
                assert User.objects.count() == before + 1
                assert_clean_text(User.objects.latest("pk").username)
            else:
                assert_refused_in_indonesian(response, {"username": data["username"]})
                assert User.objects.count() == before

        in_savepoint(client, request)

    outcomes.assert_both(shown=False)


# --- The login form ----------------------------------------------------------------------------------


def test_login_form(operator):
    """Whatever is typed: the login page again with a message, or the lockout page."""
    client = Client(raise_request_exception=True)
    url = reverse("login")
    outcomes = Outcomes()

    @fuzz(
        st.fixed_dictionaries(
            {
                "username": st.one_of(st.just(operator.username), words, anything),
                "password": st.one_of(words, anything),
            }
        )
    )
    def check(data):
        def request():
            response = client.post(url, data)
            outcomes[response.status_code] += 1
            assert response.status_code in (200, 429)
            assert_no_raw_script(response.content.decode())
            if response.status_code == 200:
                assert_refused_in_indonesian(response, {"username": data["username"]})

        in_savepoint(client, request)

    assert outcomes[200], dict(outcomes)


# --- List filters (GET forms) ----------------------------------------------------------------------


def test_list_filters(open_round, bureau_admin):
    """The filter forms of the lists and boards take anything in their query string."""
    client = client_for(bureau_admin)
    leader_client = client_for(LeaderFactory())
    pages = [
        (client, reverse("initiatives:list"), ["round", "agency", "change_area", "status", "q"]),
        (client, reverse("monitoring:board", args=[open_round.pk]), ["agency", "health", "sort"]),
        (client, reverse("evaluations:board", args=[open_round.pk]), ["agency", "area", "sort"]),
        (leader_client, reverse("dashboard:index"), ["round", "area"]),
    ]
    value = st.one_of(ids, numbers, words, anything, dates)

    @fuzz(
        st.tuples(
            st.sampled_from(range(len(pages))),
            st.dictionaries(st.sampled_from(["page", "status", "sort", "x"]), value, max_size=2),
            value,
        ),
        examples=[(0, {"page": "9" * 30}, SCRIPT), (3, {}, "9" * 30)],
    )
    def check(example):
        number, extra, first = example
        page_client, url, params = pages[number]
        query = dict(extra, **{params[len(first) % len(params)]: first})

        def request():
            response = page_client.get(url, query)
            assert response.status_code in (200, 302)
            assert_no_raw_script(response.content.decode())

        in_savepoint(page_client, request)


# --- Whatever a quick win's text holds: exports, the PDF briefing and emails -------------------------


def _title_field_accepts(text):
    """Text the proposal form's title field accepts (what can reach the database)."""
    try:
        return bool(InitiativeForm.base_fields["title"].clean(text))
    except Exception:
        return False


@pytest.fixture
def decided(open_round, bureau_admin, reviewer):
    """A quick win of an agency with an operator, in review with one submitted review."""
    initiative, (assignment,) = in_review_initiative(open_round, [reviewer], bureau_admin)
    submit_review(assignment)
    return initiative


def test_exports_and_emails_take_any_title(
    decided, bureau_admin, django_capture_on_commit_callbacks
):
    """Each example: a title the form accepts, the decision's emails, then one export."""
    client = client_for(bureau_admin)
    leader = client_for(LeaderFactory())
    round_ = decided.round
    exports = [
        (client, reverse("evaluations:export_csv", args=[round_.pk]), {}),
        (client, reverse("evaluations:export_xlsx", args=[round_.pk]), {}),
        (client, reverse("monitoring:import_template", args=[round_.pk]), {}),
        (client, reverse("monitoring:import_template", args=[round_.pk]), {"format": "csv"}),
        (leader, reverse("dashboard:export_xlsx"), {"round": round_.pk}),
        (leader, reverse("dashboard:briefing_pdf"), {"round": round_.pk}),
    ]
    nasty = f"\x01=1+1 baris satu\nbaris dua {SCRIPT}"
    outcomes = Outcomes()

    @fuzz(
        st.tuples(
            st.one_of(words, anything).filter(_title_field_accepts),
            st.sampled_from(range(len(exports))),
        ),
        examples=[(nasty, number) for number in range(len(exports))],
    )
    def check(example):
        title, number = example
        page_client, url, params = exports[number]

        def request():
            Initiative.objects.filter(pk=decided.pk).update(title=title.strip())
            initiative = Initiative.objects.get(pk=decided.pk)
            with django_capture_on_commit_callbacks(execute=True):
                decide(initiative=initiative, decision="approve", by=bureau_admin)
            flush_outbox()
            assert mail.outbox, "the decision was not emailed"
            failed = Delivery.objects.exclude(last_error="").values_list("last_error", flat=True)
            assert not failed, f"an email with this title could not be sent: {list(failed)}"
            response = page_client.get(url, params)
            assert response.status_code == 200, url
            if response.streaming:
                b"".join(response.streaming_content)
            outcomes[number] += 1

        in_savepoint(client, request)

    assert len(outcomes) == len(exports)
