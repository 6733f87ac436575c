import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD
from evaluations.models import Criterion
from evaluations.services import EvaluationError, replace_criteria, rubric_for_round
from evaluations.tests.factories import in_review_initiative, submit_review


def _post_rows(rows, deleted=()):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for i, (pk, name, weight) in enumerate(rows):
        data[f"form-{i}-id"] = pk or ""
        data[f"form-{i}-name"] = name
        data[f"form-{i}-guidance"] = ""
        data[f"form-{i}-weight"] = weight
        if i in deleted:
            data[f"form-{i}-DELETE"] = "on"
    return data


def test_it_creates_the_default_rubric_once(open_round):
    rubric = rubric_for_round(open_round)
    assert rubric_for_round(open_round).pk == rubric.pk
    criteria = list(rubric.criteria.all())
    assert len(criteria) == 7
    assert sum(c.weight for c in criteria) == 100


def test_it_saves_criteria_whose_weights_add_to_100(client, open_round, bureau_admin):
    rubric = rubric_for_round(open_round)
    ids = list(rubric.criteria.values_list("pk", flat=True))
    client.login(username=bureau_admin.username, password=PASSWORD)
    rows = [(ids[0], "Relevansi", "60"), (ids[1], "Dampak", "40")] + [
        (pk, "x", "1") for pk in ids[2:]
    ]
    response = client.post(
        reverse("evaluations:rubric", args=[open_round.pk]),
        _post_rows(rows, deleted=range(2, len(rows))),
    )
    assert response.status_code == 302
    assert list(rubric.criteria.values_list("name", "weight")) == [
        ("Relevansi", 60),
        ("Dampak", 40),
    ]


def test_it_refuses_weights_not_adding_to_100_and_keeps_the_input(client, open_round, bureau_admin):
    rubric = rubric_for_round(open_round)
    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.post(
        reverse("evaluations:rubric", args=[open_round.pk]),
        _post_rows([(None, "Kriteria baru", "70"), (None, "Lainnya", "20")]),
    )
    assert response.status_code == 200
    assert "Bobot kriteria harus berjumlah 100; saat ini berjumlah 90." in response.content.decode()
    assert "Kriteria baru" in response.content.decode()
    assert rubric.criteria.count() == 7
    with pytest.raises(EvaluationError):
        replace_criteria(rubric=rubric, rows=[{"name": "a", "weight": 99}])


def test_it_locks_the_rubric_at_the_first_submitted_review(
    client, open_round, reviewer, bureau_admin
):
    _initiative, (assignment,) = in_review_initiative(open_round, [reviewer], bureau_admin)
    submit_review(assignment)
    rubric = rubric_for_round(open_round)
    rubric.refresh_from_db()
    assert rubric.is_locked
    with pytest.raises(EvaluationError):
        replace_criteria(rubric=rubric, rows=[{"name": "a", "weight": 100}])
    client.login(username=bureau_admin.username, password=PASSWORD)
    response = client.post(
        reverse("evaluations:rubric", args=[open_round.pk]),
        _post_rows([(None, "Satu-satunya", "100")]),
        follow=True,
    )
    assert "Rubrik ini terkunci" in response.content.decode()
    assert Criterion.objects.filter(rubric=rubric).count() == 7


def test_it_lets_only_bureau_admins_edit_the_rubric(client, open_round, reviewer):
    client.login(username=reviewer.username, password=PASSWORD)
    assert client.get(reverse("evaluations:rubric", args=[open_round.pk])).status_code == 403
