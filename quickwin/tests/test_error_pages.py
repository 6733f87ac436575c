def test_unknown_page_answers_an_indonesian_404(client, operator):
    client.force_login(operator)
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert "Halaman tidak ada" in response.text


def test_an_expired_form_explains_itself(db, operator):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/masuk/", {"username": operator.username, "password": "x"})
    assert response.status_code == 403
    assert "Formulir kedaluwarsa" in response.text
