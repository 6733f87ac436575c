"""Dashboard pages: read-only (GET only), each one permission check and one page builder; and
the landing page of every role behind "/" (each role's home belongs to a different app, and
this app sits above them all)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.permissions import require
from initiatives.models import Round

from . import audit, exports, pages, selectors
from .briefing_pdf import briefing_pdf as build_briefing_pdf
from .briefing_pdf import briefing_pdf_filename

# Most senior role first: (who, the URL name of their home page).
ROLE_HOMES = [
    (lambda u: u.is_leadership, "dashboard:index"),
    (lambda u: u.is_bureau_admin, "dashboard:control_room"),
    (lambda u: u.is_reviewer, "evaluations:my_reviews"),
    (lambda u: u.is_agency_user, "initiatives:todo"),
]


@login_required
def home(request):
    """Each role lands on its own page; a user with several roles gets the most senior one."""
    user = request.user
    for has_role, url_name in ROLE_HOMES:
        if has_role(user):
            return redirect(url_name)
    return render(request, "home.html", {})


def _chosen_round(request):
    """The round named by GET `round`; a bad value falls back to the current one, with a message."""
    round_, ok = selectors.round_from_param(request.GET.get("round"))
    if not ok:
        messages.warning(request, _("That round does not exist; showing the current round."))
    return round_


def _positive_int(value, default=1):
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return default


def _rounds():
    return Round.objects.order_by("-submission_opens", "-id").only("pk", "name")


@login_required
@require_GET
def index(request):
    require(request.user, "dashboard.view_dashboard")
    round_ = _chosen_round(request)
    context = {"rounds": _rounds()}
    if round_ is not None:
        context.update(
            pages.leadership_dashboard(
                round_,
                timezone.localdate(),
                sort=request.GET.get("sort", "name"),
                page=_positive_int(request.GET.get("page")),
            )
        )
    return render(request, "dashboard/index.html", context)


@login_required
@require_GET
def briefing(request):
    """The printable briefing (print to PDF from the browser): same figures, print layout."""
    require(request.user, "dashboard.export_dashboard")
    round_ = _chosen_round(request)
    context = {"rounds": _rounds(), "now": timezone.localtime()}
    if round_ is not None:
        context.update(pages.briefing(round_, timezone.localdate()))
    return render(request, "dashboard/briefing.html", context)


@login_required
@require_GET
def agency(request, pk):
    agency_obj = selectors.scorecard_agency_or_404(request.user, pk)
    card = pages.scorecard(agency_obj, timezone.localdate())
    return render(request, "dashboard/agency.html", {"card": card})


@login_required
@require_GET
def control_room(request):
    require(request.user, "dashboard.view_control_room")
    round_ = _chosen_round(request)
    context = {"rounds": _rounds(), "round": round_, "links": {}}
    if round_ is not None:
        context.update(pages.control_room(round_, timezone.localdate()))
    return render(request, "dashboard/control_room.html", context)


@login_required
@require_GET
def export_xlsx(request):
    require(request.user, "dashboard.export_dashboard")
    round_ = _chosen_round(request)
    if round_ is None:  # nothing to export yet: the dashboard says what to do
        return redirect("dashboard:index")
    return exports.xlsx_response(round_, timezone.localdate())


@login_required
@require_GET
def briefing_pdf(request):
    """The briefing as a PDF file, generated on request (same figures as the briefing page)."""
    require(request.user, "dashboard.export_dashboard")
    round_ = _chosen_round(request)
    if round_ is None:  # nothing to print yet: the dashboard says what to do
        return redirect("dashboard:index")
    today = timezone.localdate()
    response = HttpResponse(build_briefing_pdf(round_, today), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{briefing_pdf_filename(round_, today)}"'
    )
    return response


@login_required
@require_GET
def audit_trail(request):
    """Bureau admins read who changed what and when (nothing here can be edited)."""
    require(request.user, "dashboard.view_audit")
    return render(request, "dashboard/audit.html", {"events": audit.audit_events()})
