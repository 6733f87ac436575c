import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _start_django(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="quickwin.settings")
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_in_production_without_secret_key():
    result = _start_django(DEBUG="off")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_it_starts_in_production_with_a_secret_key():
    result = _start_django(DEBUG="off", SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_it_starts_in_development_without_secret_key():
    result = _start_django(DEBUG="on")
    assert result.returncode == 0, result.stderr


def test_it_rejects_a_bad_boolean():
    result = _start_django(DEBUG="perhaps", SECRET_KEY="x" * 50)
    assert result.returncode != 0


def test_locale_and_time_zone(settings):
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Makassar"
    assert settings.USE_TZ is True
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]


def test_manage_py_in_an_unconfigured_checkout_runs_in_development_mode():
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr


def test_manage_py_with_a_secret_key_keeps_debug_off():
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    env["SECRET_KEY"] = "x" * 50
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().endswith("False"), result.stderr
