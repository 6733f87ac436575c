"""Extension points that higher apps plug into, so imports keep pointing downwards.

A quick win's detail page shows sections owned by other apps (reviews from `evaluations`,
milestones and reports from `monitoring`, …) and its timeline merges events from them; the
agency's to-do page ("Tugas Saya") shows what other apps ask of the agency. Those apps
register a panel, a timeline provider, a detail prefetch or a to-do section in their
`AppConfig.ready()`; `initiatives` never imports them. The registries hold code, not data:
nothing here is per-request state.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.template.loader import render_to_string


@dataclass(frozen=True)
class DetailPanel:
    """A section of the quick win's detail page.

    `context(request, initiative)` returns the template context, or None to hide the panel
    (for example when the viewer may not see it). It must run a fixed number of queries.
    """

    key: str
    template: str
    order: int
    context: object


@dataclass(frozen=True)
class TodoSection:
    """A section of the agency's to-do page, after the revision requests.

    `context(request)` returns the template context, or None to hide the section. It must
    run a fixed number of queries.
    """

    key: str
    template: str
    order: int
    context: object


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime
    kind: str  # "status", "comment", "review", "decision", "report", …
    title: str
    actor: str = ""  # display name; empty when the viewer may not know who (blind review)
    body: str = ""
    extra: dict = field(default_factory=dict)


_detail_panels: list[DetailPanel] = []
_timeline_providers: list = []
_detail_prefetches: list = []
_todo_sections: list[TodoSection] = []


def register_detail_panel(panel):
    if all(p.key != panel.key for p in _detail_panels):
        _detail_panels.append(panel)
        _detail_panels.sort(key=lambda p: p.order)


def register_timeline_provider(provider):
    """`provider(initiative, user)` returns an iterable of TimelineEvent the user may see."""
    if provider not in _timeline_providers:
        _timeline_providers.append(provider)


def register_detail_prefetch(make_prefetch):
    """`make_prefetch()` returns a lookup or `Prefetch` that `for_detail()` adds, so a higher
    app's panel reads its rows of the quick win from the prefetch cache (one query)."""
    if make_prefetch not in _detail_prefetches:
        _detail_prefetches.append(make_prefetch)


def detail_prefetches():
    return [make_prefetch() for make_prefetch in _detail_prefetches]


def detail_panels(request, initiative):
    """[(panel, context)] for the panels this viewer may see, in order."""
    shown = []
    for panel in _detail_panels:
        context = panel.context(request, initiative)
        if context is not None:
            shown.append((panel, context))
    return shown


def rendered_detail_panels(request, initiative):
    """[(panel, html)] for the detail page.

    Each panel's template gets its context both as top-level variables (how the review and
    monitoring panels are written) and as `ctx`, plus the quick win as `initiative`.
    """
    return [
        (
            panel,
            render_to_string(
                panel.template,
                {**context, "ctx": context, "initiative": initiative},
                request=request,
            ),
        )
        for panel, context in detail_panels(request, initiative)
    ]


def timeline_events_from_other_apps(initiative, user):
    events = []
    for provider in _timeline_providers:
        events.extend(provider(initiative, user))
    return events


def register_todo_section(section):
    if all(s.key != section.key for s in _todo_sections):
        _todo_sections.append(section)
        _todo_sections.sort(key=lambda s: s.order)


def rendered_todo_sections(request):
    """[{"key", "html"}] of the to-do sections this user sees, in order."""
    shown = []
    for section in _todo_sections:
        context = section.context(request)
        if context is not None:
            html = render_to_string(section.template, context, request=request)
            shown.append({"key": section.key, "html": html})
    return shown
