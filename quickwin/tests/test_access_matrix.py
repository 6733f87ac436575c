"""The access matrix: every named URL of the project × every role × GET and POST.

The URL list is generated from the URL configuration, so a new URL fails this test until
someone classifies it in EXPECTED below. Each request runs inside a rolled-back savepoint,
so an empty POST that changes something (mark read, log out…) cannot affect the next row.

Codes in EXPECTED: a number is the HTTP status; "L" is a 302 to the login page; "R" is a
302 anywhere else. The columns are ROLES, in order.

Run with QW_MATRIX_DUMP=1 to print the observed table (for classifying new URLs).
"""

import os
from http.cookies import SimpleCookie

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ("anonymous", "operator", "head", "outsider", "reviewer", "admin", "leader")

# Namespaces and names that are not ours to classify: Django's own admin and i18n views.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language"}  # django.conf.urls.i18n: POST-only language switch

# URLs anyone may see without logging in (they show no data).
PUBLIC = {"login", "healthz"}

#                         anonymous operator head outsider reviewer admin leader
EXPECTED = {
    "monitoring:achievement_evaluate": ("L 403 403 404 403 200 403", "L 403 403 404 403 200 403"),
    "monitoring:completion_send_back": ("L 403 403 404 403 200 403", "L 403 403 404 403 200 403"),
    "dashboard:agency": ("L 404 200 404 404 200 200", "L 405 405 405 405 405 405"),
    "dashboard:audit": ("L 403 403 403 403 200 403", "L 405 405 405 405 405 405"),
    "dashboard:briefing": ("L 403 403 403 403 200 200", "L 405 405 405 405 405 405"),
    "dashboard:briefing_pdf": ("L 403 403 403 403 200 200", "L 405 405 405 405 405 405"),
    "dashboard:control_room": ("L 403 403 403 403 200 403", "L 405 405 405 405 405 405"),
    "dashboard:export_xlsx": ("L 403 403 403 403 200 200", "L 405 405 405 405 405 405"),
    "dashboard:index": ("L 403 403 403 403 200 200", "L 405 405 405 405 405 405"),
    "evaluations:assign": ("L 403 403 404 403 403 403", "L 403 403 404 403 403 403"),
    "evaluations:board[0]": ("L 403 403 403 403 200 200", "L 403 403 403 403 200 200"),
    "evaluations:board[1]": ("L 403 403 403 403 200 200", "L 403 403 403 403 200 200"),
    "evaluations:decide": ("L 403 403 404 403 403 403", "L 403 403 404 403 403 403"),
    "evaluations:distribute": ("L 405 405 405 405 405 405", "L 403 403 403 403 R 403"),
    "evaluations:export_csv": ("L 403 403 403 403 200 200", "L 403 403 403 403 200 200"),
    "evaluations:export_xlsx": ("L 403 403 403 403 200 200", "L 403 403 403 403 200 200"),
    "evaluations:my_reviews": ("L 403 403 403 200 403 403", "L 403 403 403 200 403 403"),
    "evaluations:review": ("L 404 404 404 200 404 404", "L 404 404 404 R 404 404"),
    "evaluations:rubric": ("L 403 403 403 403 200 403", "L 403 403 403 403 R 403"),
    "healthz": ("200 200 200 200 200 200 200", "405 405 405 405 405 405 405"),
    "home": ("L R R R R R R", "L R R R R R R"),
    "initiatives:agency_search": ("L 403 403 403 200 200 200", "L 405 405 405 405 405 405"),
    "initiatives:action": ("L 405 405 405 405 405 405", "L R R 404 403 403 403"),
    "initiatives:comment": ("L 405 405 405 405 405 405", "L R R 404 R R 403"),
    "initiatives:create": ("L 200 200 200 403 403 403", "L 200 200 200 403 403 403"),
    "initiatives:detail": ("L 200 200 404 200 200 200", "L 200 200 404 200 200 200"),
    "initiatives:edit": ("L R R 404 403 403 403", "L R R 404 403 403 403"),
    "initiatives:evidence_delete": ("L 405 405 405 405 405 405", "L R R 404 403 403 403"),
    "initiatives:evidence_download": ("L 200 200 404 200 200 200", "L 200 200 404 200 200 200"),
    "initiatives:evidence_upload": ("L 405 405 405 405 405 405", "L 403 403 404 403 403 403"),
    "initiatives:list": ("L 403 403 403 200 200 200", "L 403 403 403 200 200 200"),
    "initiatives:mine": ("L 200 200 200 403 403 403", "L 200 200 200 403 403 403"),
    "initiatives:round_create": ("L 403 403 403 403 200 403", "L 403 403 403 403 200 403"),
    "initiatives:round_edit": ("L 403 403 403 403 200 403", "L 403 403 403 403 200 403"),
    "initiatives:round_list": ("L 403 403 403 403 200 403", "L 403 403 403 403 200 403"),
    "initiatives:todo": ("L 200 200 200 403 403 403", "L 200 200 200 403 403 403"),
    "login": ("200 R R R R R R", "200 R R R R R R"),
    "logout": ("405 405 405 405 405 405 405", "L L L L L L L"),
    "monitoring:board": ("L 404 404 404 404 200 404", "L 404 404 404 404 200 404"),
    "monitoring:board_current": ("L 404 404 404 404 R 404", "L 404 404 404 404 R 404"),
    "monitoring:cancel": ("L 403 403 404 403 200 403", "L 403 403 404 403 200 403"),
    "monitoring:completion": ("L 200 200 404 403 403 403", "L 200 200 404 403 403 403"),
    "monitoring:import": ("L 404 404 404 404 200 404", "L 404 404 404 404 200 404"),
    "monitoring:import_confirm": ("L 405 405 405 405 405 405", "L 404 404 404 404 R 404"),
    "monitoring:import_template": ("L 404 404 404 404 200 404", "L 404 404 404 404 200 404"),
    "monitoring:initiative": ("L 200 200 404 200 200 200", "L 200 200 404 200 200 200"),
    "monitoring:milestone_done": ("L 200 200 404 403 403 403", "L 200 200 404 403 403 403"),
    "monitoring:milestone_send_back": ("L 403 403 404 403 200 403", "L 403 403 404 403 200 403"),
    "monitoring:milestone_verify": ("L 405 405 405 405 405 405", "L 403 403 404 403 R 403"),
    "monitoring:report_edit": ("L R R 404 403 403 403", "L R R 404 403 403 403"),
    "monitoring:report_new": ("L 200 200 404 403 403 403", "L 200 200 404 403 403 403"),
    "monitoring:report_read": ("L 405 405 405 405 405 405", "L 403 403 404 403 R 403"),
    "profile": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    "reminders:delivery_log": ("L 403 403 403 403 200 403", "L 403 403 403 403 200 403"),
    "reminders:list": ("L 200 200 200 200 200 200", "L 200 200 200 200 200 200"),
    "reminders:read": ("L 405 405 405 405 405 405", "L R 404 404 404 404 404"),
    "reminders:read_all": ("L 405 405 405 405 405 405", "L R R R R R R"),
    "reminders:settings": ("L 200 200 200 200 200 200", "L R R R R R R"),
}


def _walk(resolver, namespace=None):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace
            if inner in SKIPPED_NAMESPACES:
                continue
            full = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from _walk(entry, full)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            if name not in SKIPPED_NAMES:
                yield name, entry


def project_urls():
    """(name, pattern) for every named URL of our apps, each name once."""
    seen = {}
    for name, entry in _walk(get_resolver()):
        seen.setdefault(name, []).append(entry)
    return seen


# Which object an `<int:pk>` of each URL prefix stands for.
PK_KIND = {
    "evaluations:review": "assignment",
    "reminders:read": "notification",
    "monitoring:milestone_done": "milestone",
    "monitoring:milestone_verify": "milestone",
    "monitoring:milestone_send_back": "milestone",
    "monitoring:report_edit": "report",
    "monitoring:report_read": "report",
    "initiatives:round_edit": "round",
    "dashboard:agency": "agency",
}


def url_kwargs(name, entry, objects, bogus=False):
    """Arguments for `name`: the real objects of agency A (or a pk nobody has)."""
    kwargs = {}
    for arg in entry.pattern.converters:
        if arg == "action":
            kwargs[arg] = "submit"
        elif arg == "round_pk":
            kwargs[arg] = objects["round"].pk
        elif arg == "evidence_pk":
            kwargs[arg] = 987654 if bogus else objects["evidence"].pk
        else:
            kind = PK_KIND.get(name, "initiative")
            kwargs[arg] = 987654 if bogus else objects[kind].pk
    return kwargs


def code_of(response):
    if response.status_code == 302:
        return "L" if response["Location"].startswith(reverse("login")) else "R"
    return str(response.status_code)


def fetch(client, method, url):
    """One request in a rolled-back savepoint; the client's cookies are restored after."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            try:
                response = getattr(client, method)(url)
                return code_of(response)
            except Exception as error:  # a crash is a 500 row, reported with the rest
                return f"500({type(error).__name__}: {error})"[:120]
            finally:
                transaction.set_rollback(True)
    finally:
        client.cookies = cookies


def clients_for(users):
    clients = {}
    for role, user in users.items():
        client = Client(raise_request_exception=True)
        if user is not None:
            client.force_login(user)
        clients[role] = client
    return clients


def test_it_covers_every_url_with_the_expected_answer_for_every_role(world):
    users, objects = world
    clients = clients_for(users)
    observed, problems = {}, []
    for name, entries in sorted(project_urls().items()):
        for entry in entries:
            url = reverse(name, kwargs=url_kwargs(name, entry, objects))
            row = tuple(
                " ".join(fetch(clients[role], method, url) for role in ROLES)
                for method in ("get", "post")
            )
            key = name if len(entries) == 1 else f"{name}[{len(entry.pattern.converters)}]"
            observed[key] = row
    if os.environ.get("QW_MATRIX_DUMP"):
        for key, (get_row, post_row) in observed.items():
            print(f'    "{key}": ("{get_row}", "{post_row}"),')
    for key, row in observed.items():
        if key not in EXPECTED:
            problems.append(f"{key}: classify this new URL in EXPECTED (observed {row})")
        elif EXPECTED[key] != row:
            problems.append(f"{key}: expected {EXPECTED[key]}, got {row}")
    for key in EXPECTED.keys() - observed.keys():
        problems.append(f"{key}: listed in EXPECTED but no longer a URL; remove it")
    assert not problems, "\n".join(problems)
    assert len(observed) >= 56  # docs/security.md: 56 URLs x 7 roles x GET/POST


def test_it_keeps_the_table_itself_safe():
    """The rules the table must obey, whoever edits it next."""
    for key, rows in EXPECTED.items():
        name = key.split("[")[0]
        for row in rows:
            codes = dict(zip(ROLES, row.split(), strict=True))
            assert "500" not in codes.values(), key
            if name not in PUBLIC:
                assert codes["anonymous"] in {"L", "405"}, f"anonymous reaches {key}"


def test_it_gives_an_outsider_the_same_answer_for_a_real_and_a_missing_object(world):
    """Another agency's operator cannot learn that agency A's objects exist."""
    users, objects = world
    client = clients_for({"outsider": users["outsider"]})["outsider"]
    checked = 0
    for name, entries in sorted(project_urls().items()):
        for entry in entries:
            if not (set(entry.pattern.converters) & {"pk", "evidence_pk"}):
                continue
            if PK_KIND.get(name) == "round":
                continue  # rounds are shared by every agency, not owned by one
            real = reverse(name, kwargs=url_kwargs(name, entry, objects))
            missing = reverse(name, kwargs=url_kwargs(name, entry, objects, bogus=True))
            for method in ("get", "post"):
                answer = fetch(client, method, real)
                assert answer == fetch(client, method, missing), (name, method)
                assert answer in {"404", "405"}, (name, method, answer)
                checked += 1
    assert checked > 40
