from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from reisgids.caching import csrf_context
from reisgids.notifications import selectors, services


def _back(request):
    """Back to where the form was (e.g. page 2 of the list), or the list."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)  # an address, never looked up as a view name
    return redirect("notification_list")


@login_required
def notification_list(request):
    number = selectors.page_number(request.GET.get("pagina"))

    def render_list():
        page, unread = selectors.notification_page_for_user(user=request.user, page=number)
        list_url = f"{reverse('notification_list')}?pagina={page.number}"
        context = {
            "page_obj": page,
            "notifications": page.object_list,
            "unread_count": unread,
            "list_url": list_url,
            **csrf_context(),
        }
        return render_to_string("notifications/_notification_list.html", context, request)

    # The rendered list is kept per page until the user's notifications change: a warm request renders
    # only the frame around it, and each form gets this visitor's CSRF token on the way out.
    html = selectors.kept_for_user(user=request.user, name=f"list-page-{number}", load=render_list)
    return render(request, "notifications/notification_list.html", {"notification_list": mark_safe(html)})  # noqa: S308 - our own rendered template


@require_POST
@login_required
def notification_read(request, notification_id):
    notification = services.notification_mark_read(user=request.user, notification_id=notification_id)
    if request.POST.get("open") and notification.url:
        return redirect(notification.url)
    messages.success(request, _("Notification marked as read."))
    return _back(request)


@require_POST
@login_required
def notification_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return _back(request)
