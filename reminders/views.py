"""Notification list, read marks, email preferences and the bureau's delivery log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.permissions import require

from . import selectors, services
from .forms import EmailPreferencesForm
from .kinds import Kind
from .models import DeliveryStatus

PAGE_SIZE = 25


@login_required
def notification_list(request):
    notifications = selectors.notifications_for(request.user)
    only_unread = request.GET.get("unread") == "1"
    if only_unread:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reminders/notification_list.html",
        {"page": page, "only_unread": only_unread},
    )


@login_required
@require_POST
def mark_read(request, pk):
    notification = get_object_or_404(selectors.notifications_for(request.user), pk=pk)
    services.mark_read(user=request.user, notification_id=notification.pk)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.link or "reminders:list")
    return redirect("reminders:list")


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    messages.success(request, _("%(count)s notifications marked as read.") % {"count": count})
    return redirect("reminders:list")


@login_required
def preferences(request):
    muted = selectors.muted_kinds(request.user)
    if request.method == "POST":
        form = EmailPreferencesForm(request.POST)
        if form.is_valid():
            services.set_email_mutes(user=request.user, muted_kinds=form.muted_kinds())
            messages.success(request, _("Your notification settings are saved."))
            return redirect("reminders:settings")
    else:
        form = EmailPreferencesForm(
            initial={"email_kinds": [k for k in Kind.values if k not in muted]}
        )
    return render(
        request,
        "reminders/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


@login_required
def delivery_log(request):
    require(request.user, "reminders.view_delivery_log")
    kind_labels = dict(Kind.choices)
    status_labels = dict(DeliveryStatus.choices)
    rows = [
        {
            **row,
            "kind_label": kind_labels.get(row["notification__kind"], row["notification__kind"]),
            "status_label": status_labels.get(row["status"], row["status"]),
        }
        for row in selectors.delivery_summary()
    ]
    totals = [
        (status, status_labels[status], count)
        for status, count in selectors.delivery_totals().items()
    ]
    return render(
        request,
        "reminders/delivery_log.html",
        {"rows": rows, "totals": totals, "failed": selectors.failed_deliveries()},
    )
