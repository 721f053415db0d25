from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
    page, unread = selectors.notification_page_for_user(user=request.user, page=request.GET.get("pagina"))
    return render(
        request,
        "notifications/notification_list.html",
        {"page_obj": page, "notifications": page.object_list, "unread_count": unread},
    )


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
