from accounts.tests.factories import PASSWORD


def test_it_logs_in_in_indonesian_and_switches_to_english(page, operator):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "id"
    page.get_by_label("Nama pengguna").fill(operator.username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("button", name="Keluar").wait_for()
    assert operator.agency.abbreviation in page.content()

    page.get_by_role("button", name="EN").click()
    page.get_by_role("button", name="Log out").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_wrong_password_keeps_the_username_and_says_why(page, operator):
    page.goto("/masuk/")
    page.get_by_label("Nama pengguna").fill(operator.username)
    page.get_by_label("Kata sandi").fill("salah-sekali")
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("alert").wait_for()
    assert "salah" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Nama pengguna").input_value() == operator.username
