"""Capture each role's main page from the demo data into docs/screenshots/ (make screenshots).

Starts the app on a throw-away SQLite database seeded with the demo data, logs in through
the login form as each demo user in Debian's Chromium, and saves one PNG per page.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PORT = int(os.environ.get("SCREENSHOT_PORT", "8799"))
BASE = f"http://127.0.0.1:{PORT}"
PASSWORD = "demo-quickwin-2027"
MAX_HEIGHT = 2400
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# (file name, demo user, link names to click after login, in order; none = the landing page).
# Pages are reached as a person would: from the role's landing page through links.
SHOTS = [
    ("agency-todo", "operator.diskominfo", []),
    ("quick-win-detail", "operator.diskominfo", ["Jaringan internet desa terpencil"]),
    ("reviewer-my-reviews", "reviewer.satu", []),
    ("bureau-control-room", "admin.biro", []),
    ("review-board", "admin.biro", ["Papan Reviu"]),
    ("monitoring-board", "admin.biro", ["Monitoring"]),
    ("sekda-dashboard", "sekda", []),
]


def _serve(env):
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    subprocess.run(
        [python, "manage.py", "seed_demo"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    sys.exit("The app did not start.")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tmp = tempfile.mkdtemp()
    env = dict(
        os.environ,
        DEBUG="on",
        DATABASE_URL=f"sqlite:///{tmp}/shots.sqlite3",
        MEDIA_ROOT=f"{tmp}/media",
    )
    env.pop("REDIS_URL", None)
    server = _serve(env)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for name, username, links in SHOTS:
                context = browser.new_context(
                    base_url=BASE,
                    locale="id-ID",
                    timezone_id="Asia/Makassar",
                    viewport={"width": 1440, "height": 900},
                )
                page = context.new_page()
                page.goto("/masuk/")
                page.get_by_label("Nama pengguna").fill(username)
                page.get_by_label("Kata sandi").fill(PASSWORD)
                page.get_by_role("button", name="Masuk").click()
                page.wait_for_load_state("networkidle")
                for link in links:
                    page.get_by_role("link", name=link, exact=True).first.click()
                    page.wait_for_load_state("networkidle")
                # The whole page, cut at MAX_HEIGHT: long lists only need their first screens.
                height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT)
                page.screenshot(
                    path=str(OUT / f"{name}.png"),
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": 1440, "height": height},
                )
                print(f"saved docs/screenshots/{name}.png ({page.url})")
                context.close()
            browser.close()
    finally:
        server.terminate()


if __name__ == "__main__":
    main()
