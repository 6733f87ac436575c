"""Guard for "Indonesian first": every app's Indonesian catalogue is complete and compiled.

Each app with a `locale/id` folder keeps its own catalogue. These tests fail when a string has no
Indonesian translation, when a translation is still marked fuzzy, when the committed .mo was not
rebuilt after the .po changed, or when the source has strings that `makemessages` was not run for.
"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

REPO = Path(__file__).resolve().parents[2]
CATALOGUE = Path("locale", "id", "LC_MESSAGES", "django.po")

APPS_WITH_INDONESIAN = sorted(
    path.name
    for path in REPO.iterdir()
    if path.is_dir() and path.name != ".venv" and (path / CATALOGUE).is_file()
)


def catalogue(app):
    return REPO / app / CATALOGUE


def entry_key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


def entry_text(entry):
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
    return entry.msgstr


def describe(entries):
    return "\n".join(f"  {entry.msgid!r}" for entry in entries)


def test_it_finds_the_foundation_catalogues():
    # A broken glob would make every parametrized test below vanish silently.
    assert {"quickwin", "accounts"} <= set(APPS_WITH_INDONESIAN)


@pytest.mark.parametrize("app", APPS_WITH_INDONESIAN)
def test_it_has_an_indonesian_translation_for_every_entry(app):
    untranslated = polib.pofile(catalogue(app)).untranslated_entries()
    assert not untranslated, (
        f"{app}: {len(untranslated)} entries without an Indonesian translation:\n"
        + describe(untranslated)
    )


@pytest.mark.parametrize("app", APPS_WITH_INDONESIAN)
def test_it_has_no_fuzzy_entries(app):
    # gettext ignores fuzzy translations at runtime: the user would see the English msgid.
    fuzzy = polib.pofile(catalogue(app)).fuzzy_entries()
    assert not fuzzy, (
        f"{app}: {len(fuzzy)} fuzzy entries (check the translation, then drop the flag):\n"
        + describe(fuzzy)
    )


@pytest.mark.parametrize("app", APPS_WITH_INDONESIAN)
def test_it_declares_the_single_indonesian_plural_form(app):
    plural_forms = polib.pofile(catalogue(app)).metadata.get("Plural-Forms", "")
    assert plural_forms.replace(" ", "").rstrip(";") == "nplurals=1;plural=0"


@pytest.mark.parametrize("app", APPS_WITH_INDONESIAN)
def test_it_ships_a_compiled_catalogue_in_sync_with_the_po(app):
    po_path = catalogue(app)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), (
        f"{app}: {mo_path.relative_to(REPO)} is missing; run "
        "`DEBUG=on .venv/bin/python manage.py compilemessages --ignore=.venv` and commit it"
    )
    po = polib.pofile(po_path)
    # msgfmt leaves out untranslated, fuzzy and obsolete entries, so those are not compared.
    expected = {entry_key(e): entry_text(e) for e in po.translated_entries()}
    compiled = {entry_key(e): entry_text(e) for e in polib.mofile(mo_path) if e.msgid}
    stale = sorted(
        key[1]
        for key in expected.keys() | compiled.keys()
        if expected.get(key) != compiled.get(key)
    )
    assert not stale, (
        f"{app}: the .mo differs from the .po for {len(stale)} messages (run compilemessages):\n"
        + "\n".join(f"  {msgid!r}" for msgid in stale)
    )


def require_gettext():
    if shutil.which("xgettext"):
        return
    if os.environ.get("CI"):
        pytest.fail("GNU gettext (xgettext) must be installed in CI to check catalogues.")
    pytest.skip(
        "GNU gettext (xgettext) is not installed, so messages cannot be extracted from the "
        "source; install gettext (e.g. apt-get install gettext). Never skipped when CI is set."
    )


@pytest.mark.parametrize("app", APPS_WITH_INDONESIAN)
def test_it_translates_every_string_in_the_source(app, tmp_path, monkeypatch, settings):
    """Re-extract the app's strings into a copy, so the working tree is never modified."""
    require_gettext()
    copy = tmp_path / app
    shutil.copytree(REPO / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    # Without project-wide LOCALE_PATHS, makemessages can only write into the copy's locale/.
    settings.LOCALE_PATHS = []
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["id"], no_obsolete=True, verbosity=0)

    refreshed = polib.pofile(copy / CATALOGUE)
    # msgmerge marks a changed string as fuzzy with the old string's translation: not translated.
    missing = refreshed.untranslated_entries() + refreshed.fuzzy_entries()
    assert not missing, (
        f"{app}: {len(missing)} strings in the source lack an Indonesian translation. Run "
        f"`cd {app} && DEBUG=on ../.venv/bin/python ../manage.py makemessages -l id -l en "
        "--no-obsolete`, translate them, then compilemessages:\n" + describe(missing)
    )
