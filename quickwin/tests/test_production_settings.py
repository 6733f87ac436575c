"""Production settings: `check --deploy` clean, security headers, a strict script policy,
no inline script in any template, no server version in answers."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import reverse

BASE_DIR = Path(settings.BASE_DIR)

PRODUCTION_ENV = {
    "DEBUG": "off",
    "SECURE_COOKIES": "on",
    "SECURE_SSL_REDIRECT": "on",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "on",
    "SECURE_HSTS_PRELOAD": "on",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
    "ALLOWED_HOSTS": "quickwin.kaltimprov.go.id",
}


def test_it_passes_check_deploy_with_production_settings():
    env = {**os.environ, **PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(64)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixtures only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_sends_the_security_headers(client, operator):
    client.force_login(operator)
    response = client.get(reverse("initiatives:todo"))
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives.get("default-src", [])
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


def test_it_sends_the_policy_on_the_login_page_and_on_errors(client, db):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]
    missing = client.get("/tidak-ada/")
    assert missing.status_code == 404
    assert "Content-Security-Policy" in missing


def _templates():
    yield from (BASE_DIR / "templates").rglob("*.html")
    for folder in (
        "accounts",
        "initiatives",
        "evaluations",
        "monitoring",
        "reminders",
        "dashboard",
    ):
        yield from (BASE_DIR / folder).rglob("templates/**/*.html")


INLINE_HANDLER = re.compile(r"""<[^>]*\son[a-z]+\s*=""", re.IGNORECASE)
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def test_no_template_has_inline_script_or_event_handlers():
    checked, offenders = 0, []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        checked += 1
        for pattern in (INLINE_HANDLER, INLINE_SCRIPT, JS_URL):
            for match in pattern.finditer(text):
                offenders.append(f"{path.relative_to(BASE_DIR)}: {match.group(0)[:60]}")
    assert checked > 40
    assert not offenders, "\n".join(offenders)


def test_it_leaks_no_server_or_framework_version(client, operator):
    client.force_login(operator)
    for url in (reverse("initiatives:todo"), "/tidak-ada/", reverse("healthz")):
        response = client.get(url)
        assert "Server" not in response
        assert "X-Powered-By" not in response
        body = response.content.decode()
        assert "Django" not in body and "Python" not in body
