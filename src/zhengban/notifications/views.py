"""The notifications page and the bell. Marking read works as a plain form post and, with htmx,
swaps only the changed part and tells the bell to refresh itself (the notifications-changed event)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from zhengban.core.errors import ActionError

from .actions import do_mark_all_notifications_read, do_mark_notifications_read
from .models import Notification

PAGE_SIZE = 25


def _changed(response):
    response["HX-Trigger"] = "notifications-changed"
    return response


def _listing(request):
    unread_only = request.GET.get("unread") == "1"
    notifications = Notification.objects.filter(recipient=request.user).select_related("on_behalf_of")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return {"page": page, "unread_only": unread_only}


@login_required
@require_GET
def notification_list(request):
    return render(request, "notifications/list.html", _listing(request))


@login_required
@require_GET
def bell(request):
    return render(request, "notifications/_bell.html")


def _back_to_list(request):
    query = request.POST.get("query", "")
    return redirect(reverse("notifications:list") + (f"?{query}" if query else ""))


@login_required
@require_POST
def mark_read(request, pk):
    try:
        do_mark_notifications_read(request.user, [pk])
    except ActionError:
        raise Http404 from None
    if request.headers.get("HX-Request"):
        notification = Notification.objects.select_related("on_behalf_of").get(pk=pk)
        return _changed(render(request, "notifications/_item.html", {"notification": notification}))
    return _back_to_list(request)


@login_required
@require_POST
def mark_all_read(request):
    do_mark_all_notifications_read(request.user)
    if request.headers.get("HX-Request"):
        return _changed(render(request, "notifications/_list.html", _listing(request)))
    return _back_to_list(request)
