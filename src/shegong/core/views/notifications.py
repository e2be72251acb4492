"""The user's notifications (issue 12): newest first; opening one marks it read and follows
its link; "mark all as read" clears the bell. Only the owner's own rows, through ``restrict``."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Notification
from .generic import get_restricted_or_404


@login_required
def notification_list(request):
    rows = Notification.objects.restrict(request.user).filter(user=request.user)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"title": _("Notifications"), "page": page})


@login_required
@require_POST
def notification_open(request, pk):
    notification = get_restricted_or_404(Notification, request.user, "change", pk)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    url = notification.url
    safe = url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure())
    return redirect(url if safe else "core:notification_list")


@login_required
@require_POST
def notification_read_all(request):
    Notification.objects.restrict(request.user, "change").filter(
        user=request.user, read_at__isnull=True
    ).update(read_at=timezone.now())
    return redirect("core:notification_list")


urlpatterns = [
    path("notifications/", notification_list, name="notification_list"),
    path("notifications/read/", notification_read_all, name="notification_read_all"),
    path("notifications/<int:pk>/open/", notification_open, name="notification_open"),
]
